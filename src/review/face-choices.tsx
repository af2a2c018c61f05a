import { useEffect, useRef } from 'preact/hooks';
import { ConsentBadge } from './consent-badge';
import type { Strings } from './i18n';
import { pupilName, type PupilLookup } from './labels';
import type { ReviewPupil } from './model';
import { filterPupils } from './search';
import type { Choice, FaceKey, ReviewFace } from './state';

/** At most this many pupils are listed; the rest are found by typing or picking a group. */
export const PUPIL_LIST_LIMIT = 50;

export interface FaceChoicesProps {
  t: Strings;
  face: ReviewFace;
  pupils: readonly ReviewPupil[];
  lookup: PupilLookup;
  groups: readonly string[];
  search: string;
  group: string;
  allowCover: boolean;
  /** Per pupil id: the (1-based) numbers of the faces that pupil is already on. */
  usedBy: ReadonlyMap<string, number[]>;
  onChoose(face: FaceKey, choice: Choice): void;
  onSearch(text: string): void;
  onGroup(group: string): void;
  onRemove(face: FaceKey): void;
}

/** Who is this face? A pupil (by group and name), an adult, or cover it. */
export function FaceChoices(props: FaceChoicesProps) {
  const { t, face, lookup, allowCover, onChoose } = props;
  const c = face.confirmation;
  const searchInput = useRef<HTMLInputElement>(null);
  useEffect(() => searchInput.current?.focus({ preventScroll: true }), [face.key]);
  const matches = filterPupils(props.pupils, props.search, props.group);
  const shown = matches.slice(0, PUPIL_LIST_LIMIT);
  const guess = face.match?.status === 'uncertain' && c === null ? face.match.pupilId : null;
  const guessPupil = guess !== null ? lookup.get(guess) : undefined;
  return (
    <div class="choices">
      {guess !== null ? (
        <button type="button" class="btn wide suggest" data-choice="confirm-guess" onClick={() => onChoose(face.key, { kind: 'pupil', pupilId: guess })}>
          <span class="pname">{t.confirmMaybe(pupilName(lookup, guess))}</span>
          {guessPupil ? <ConsentBadge t={t} consent={guessPupil.consent} /> : null}
        </button>
      ) : null}
      <span class="choices-title">{t.whoIsThis}</span>
      <div class="filters">
        {props.groups.length > 1 ? (
          <label class="field">
            {t.group}
            <select value={props.group} onChange={(e) => props.onGroup((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t.allGroups}</option>
              {props.groups.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label class="field grow">
          {t.search}
          <input
            ref={searchInput}
            type="search"
            value={props.search}
            placeholder={t.searchPlaceholder}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => props.onSearch((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
      </div>
      <ul class="pupils" aria-label={t.search}>
        {shown.length === 0 ? <li class="muted">{t.noMatches}</li> : null}
        {shown.map((p) => {
          const chosen = c?.kind === 'pupil' && c.pupilId === p.id;
          const elsewhere = (props.usedBy.get(p.id) ?? []).filter((n) => n !== face.index + 1);
          return (
            <li key={p.id}>
              <button
                type="button"
                class="pupil"
                aria-pressed={chosen}
                data-pupil={p.id}
                onClick={() => onChoose(face.key, chosen ? { kind: 'clear' } : { kind: 'pupil', pupilId: p.id })}
              >
                <span class="pwho">
                  <span class="pname">{p.name}</span>
                  {p.group || elsewhere.length > 0 ? (
                    <span class="pgroup">
                      {[p.group, elsewhere.length > 0 ? t.alsoFace(elsewhere.join(', ')) : ''].filter((x) => x).join(' · ')}
                    </span>
                  ) : null}
                </span>
                <ConsentBadge t={t} consent={p.consent} />
              </button>
            </li>
          );
        })}
        {matches.length > shown.length ? <li class="muted">{t.moreMatches(matches.length - shown.length)}</li> : null}
      </ul>
      <button
        type="button"
        class="btn wide"
        aria-pressed={c?.kind === 'adult'}
        data-choice="adult"
        onClick={() => onChoose(face.key, c?.kind === 'adult' ? { kind: 'clear' } : { kind: 'adult' })}
      >
        {t.chooseAdult}
      </button>
      <div class="choice-row">
        <button
          type="button"
          class="btn"
          aria-pressed={c?.kind === 'cover'}
          data-choice="cover"
          disabled={!allowCover}
          title={allowCover ? undefined : t.coverNotForVideo}
          onClick={() => onChoose(face.key, c?.kind === 'cover' ? { kind: 'clear' } : { kind: 'cover' })}
        >
          {t.chooseCover}
        </button>
        <button type="button" class="btn" data-choice="clear" disabled={c === null} onClick={() => onChoose(face.key, { kind: 'clear' })}>
          {t.chooseClear}
        </button>
        {face.manual !== null ? (
          <button type="button" class="btn" data-choice="remove" onClick={() => props.onRemove(face.key)}>
            {t.removeFace}
          </button>
        ) : null}
      </div>
      {!allowCover ? <p class="muted">{t.coverNotForVideo}</p> : null}
    </div>
  );
}
