import { useEffect, useRef } from 'preact/hooks';
import { ConsentBadge } from './consent-badge';
import { FaceChoices, type FaceChoicesProps } from './face-choices';
import type { Strings } from './i18n';
import { faceSubline, faceTitle, pupilName, type PupilLookup } from './labels';
import { formatTime, type Lang, type ReviewFrame } from './model';
import type { FaceKey, ReviewFace } from './state';

export interface FaceListProps extends Omit<FaceChoicesProps, 'face'> {
  lang: Lang;
  faces: readonly ReviewFace[];
  frames: readonly ReviewFrame[];
  video: boolean;
  selected: FaceKey | null;
  onSelect(key: FaceKey): void;
}

/** Every face, numbered as on the photo; the selected one opens its choices. */
export function FaceList(props: FaceListProps) {
  const { faces, video, frames, t } = props;
  return (
    <ul class="faces">
      {faces.map((face, i) => {
        const newFrame = video && (i === 0 || faces[i - 1]!.frame !== face.frame);
        const time = frames[face.frame]?.time;
        return [
          newFrame ? (
            <li key={`frame-${face.frame}`} class="muted">
              {t.frameAt(formatTime(time ?? 0))}
            </li>
          ) : null,
          <FaceRow key={face.key} {...props} face={face} />,
        ];
      })}
    </ul>
  );
}

function FaceRow(props: FaceListProps & { face: ReviewFace }) {
  const { t, lang, face, lookup, selected } = props;
  const isSelected = face.key === selected;
  const row = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (isSelected) row.current?.scrollIntoView({ block: 'nearest' });
  }, [isSelected]);
  return (
    <li class={isSelected ? 'face-row sel' : 'face-row'} ref={row} data-row={face.index}>
      <button type="button" class="face-head" aria-expanded={isSelected} onClick={() => props.onSelect(face.key)}>
        <span class={`badge t-${face.tone}`}>{face.index + 1}</span>
        <span class="face-text">
          <span class="face-title">
            <span class={`dot t-${face.tone}`} aria-hidden="true" />
            <span class="name">{faceTitle(face, t, lookup)}</span>
            {face.manual !== null ? <span class="tag">{t.manualTag}</span> : null}
          </span>
          <span class={`face-sub t-${face.tone}`}>{faceSubline(face, t, lang)}</span>
          <Recognition t={t} face={face} lookup={lookup} />
        </span>
      </button>
      {isSelected ? <FaceChoices {...props} face={face} /> : null}
    </li>
  );
}

/** Recognize mode: what the engine thought, with that pupil's consent for this channel. */
function Recognition({ t, face, lookup }: { t: Strings; face: ReviewFace; lookup: PupilLookup }) {
  const m = face.match;
  if (m === undefined) return null;
  if (m.status === 'unknown') return <span class="rec">{t.notRecognised}</span>;
  const pupil = lookup.get(m.pupilId);
  const name = pupilName(lookup, m.pupilId);
  return (
    <span class="rec">
      <span>{m.status === 'match' ? t.recognised(name) : t.maybe(name)}</span>
      {pupil ? <ConsentBadge t={t} consent={pupil.consent} /> : null}
    </span>
  );
}
