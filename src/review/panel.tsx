import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { Box } from '../policy/verdict';
import { FaceList } from './face-list';
import { Footer } from './footer';
import { FrameStrip } from './frame-strip';
import { Header } from './header';
import { useEscape } from './hooks';
import { strings } from './i18n';
import { NoFaces } from './no-faces';
import { PhotoStage } from './photo';
import { ProblemsBox } from './problems';
import type { ReviewDecision, ReviewInput } from './model';
import { pupilGroups } from './search';
import {
  cancelDecision,
  initialReviewState,
  normaliseManualBox,
  overrideBlocker,
  overrideDecision,
  releaseDecision,
  reviewReducer,
  summarize,
  type Choice,
  type FaceKey,
  type ReviewFace,
} from './state';

export interface ReviewPanelProps {
  input: ReviewInput;
  onDecision(decision: ReviewDecision): void;
}

/** The review: photo with numbered faces, a choice per face, the last check, and release or cancel. */
export function ReviewPanel({ input, onDecision }: ReviewPanelProps) {
  if (input.problems.length > 0) return <ProblemsPanel input={input} onDecision={onDecision} />;
  return <FacesPanel input={input} onDecision={onDecision} />;
}

function useDialogFocus() {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Only when nothing inside has taken focus already (the face choices focus their search box).
    const el = dialog.current;
    const root = el?.getRootNode() as ShadowRoot | Document | undefined;
    if (el && !(root?.activeElement && el.contains(root.activeElement))) el.focus({ preventScroll: true });
  }, []);
  return dialog;
}

function FacesPanel({ input, onDecision }: ReviewPanelProps) {
  const t = strings(input.lang);
  const [state, dispatch] = useReducer(reviewReducer, input, initialReviewState);
  const [drawing, setDrawing] = useState(false);
  const dialog = useDialogFocus();
  const summary = useMemo(() => summarize(input, state), [input, state]);
  const lookup = useMemo(() => new Map(input.pupils.map((p) => [p.id, p])), [input.pupils]);
  const groups = useMemo(() => pupilGroups(input.pupils), [input.pupils]);
  const usedBy = useMemo(() => pupilUse(summary.faces), [summary.faces]);
  const video = input.kind === 'video';
  const frame = input.frames[state.frame];
  const frameFaces = summary.faces.filter((f) => f.frame === state.frame);

  const cancel = (): void => onDecision(cancelDecision(input, state));
  const release = (): void => {
    const decision = releaseDecision(input, state);
    if (decision !== null) onDecision(decision);
  };
  const confirmOverride = (): void => {
    const decision = overrideDecision(input, state);
    if (decision !== null) onDecision(decision);
  };
  // The override form only shows while an override is still on offer (a later choice may make it pointless).
  const overrideOpen = state.overrideOpen && summary.override !== null;
  useEscape(() => (drawing ? setDrawing(false) : overrideOpen ? dispatch({ type: 'closeOverride' }) : cancel()));

  const onDrawn = useCallback(
    (box: Box) => {
      const f = input.frames[state.frame];
      if (f === undefined || normaliseManualBox(box, f.width, f.height) === null) return;
      dispatch({ type: 'addManualFace', frame: state.frame, box });
      setDrawing(false);
    },
    [input.frames, state.frame],
  );
  const onSelect = useCallback((face: FaceKey) => dispatch({ type: 'select', face }), []);
  const onChoose = (face: FaceKey, choice: Choice): void => {
    const action = { type: 'assign', face, choice } as const;
    dispatch(action);
    // A choice made: move on to the next face nobody has said anything about yet.
    if (choice.kind !== 'clear') {
      const next = nextOpenFace(summarize(input, reviewReducer(state, action)).faces, face);
      if (next !== null) dispatch({ type: 'select', face: next });
    }
  };

  const counts = { ok: 0, hold: 0, cover: 0 };
  for (const f of summary.faces) counts[f.verdict.status]++;

  return (
    <div class="cg-root">
      <div class="dialog" role="dialog" aria-modal="true" aria-label={t.dialogLabel} tabIndex={-1} ref={dialog}>
        <Header t={t} fileName={input.fileName} channelLabel={input.channel.label} video={video} />
        <div class="body">
          <section class="stage-col">
            <div class="toolbar">
              <button type="button" class="btn toggle" aria-pressed={drawing} data-action="add-face" onClick={() => setDrawing(!drawing)}>
                {drawing ? t.addFaceStop : `+ ${t.addFace}`}
              </button>
              {drawing ? <span class="draw-hint">{t.drawHint}</span> : null}
              {video && input.video ? (
                <span class="strip-meta">{t.videoFrames(input.frames.length, input.video.sampled)}</span>
              ) : null}
            </div>
            {video || !input.allowCover ? <p class="note">{t.videoNote}</p> : null}
            {input.removed?.map((line) => (
              <p class="removed" data-removed="metadata" key={line}>
                {line}
              </p>
            ))}
            {frame ? (
              <PhotoStage
                t={t}
                lang={input.lang}
                frame={frame}
                faces={frameFaces}
                pupils={lookup}
                selected={state.selected}
                onSelect={onSelect}
                drawing={drawing}
                onDrawn={onDrawn}
              />
            ) : (
              <div class="stage" />
            )}
            {video && input.frames.length > 1 ? (
              <FrameStrip
                t={t}
                frames={input.frames}
                faces={summary.faces}
                current={state.frame}
                onShow={(f) => dispatch({ type: 'showFrame', frame: f })}
              />
            ) : null}
          </section>
          <aside class="side">
            <div class="side-head">
              <h2 class="side-title">{t.facesTitle(summary.faces.length)}</h2>
              {summary.faces.length > 0 ? (
                <span class="tally">
                  {counts.ok > 0 ? <span><span class="dot t-ok" aria-hidden="true" />{t.summaryOk(counts.ok)}</span> : null}
                  {counts.hold > 0 ? <span><span class="dot t-amber" aria-hidden="true" />{t.summaryHold(counts.hold)}</span> : null}
                  {counts.cover > 0 ? <span><span class="dot t-cover" aria-hidden="true" />{t.summaryCover(counts.cover)}</span> : null}
                </span>
              ) : null}
            </div>
            {summary.faces.length === 0 ? (
              <NoFaces t={t} checked={state.noFacesConfirmed} onToggle={() => dispatch({ type: 'toggleNoFaces' })} />
            ) : (
              <FaceList
                t={t}
                lang={input.lang}
                faces={summary.faces}
                frames={input.frames}
                video={video}
                selected={state.selected}
                onSelect={onSelect}
                pupils={input.pupils}
                lookup={lookup}
                groups={groups}
                search={state.search}
                group={state.group}
                allowCover={input.allowCover}
                usedBy={usedBy}
                onChoose={onChoose}
                onSearch={(text) => dispatch({ type: 'search', text })}
                onGroup={(group) => dispatch({ type: 'group', group })}
                onRemove={(face) => dispatch({ type: 'removeManualFace', face })}
              />
            )}
          </aside>
        </div>
        <Footer
          t={t}
          video={video}
          noHarmConfirmed={state.noHarmConfirmed}
          onToggleNoHarm={() => dispatch({ type: 'toggleNoHarm' })}
          blocker={summary.blocker}
          uncovered={summary.verdict.cover.length}
          primary={summary.primary}
          onRelease={release}
          onCancel={cancel}
          override={
            summary.override === null
              ? null
              : {
                  offer: summary.override,
                  open: overrideOpen,
                  reason: state.overrideReason,
                  blocker: overrideBlocker(summary.override, state),
                  onOpen: () => dispatch({ type: 'openOverride' }),
                  onBack: () => dispatch({ type: 'closeOverride' }),
                  onReason: (text) => dispatch({ type: 'overrideReason', text }),
                  onConfirm: confirmOverride,
                }
          }
        />
      </div>
    </div>
  );
}

/** The first face after `from` (wrapping around) that holds the photo and has no choice yet; null if none. */
export function nextOpenFace(faces: readonly ReviewFace[], from: FaceKey): FaceKey | null {
  const at = faces.findIndex((f) => f.key === from);
  for (let step = 1; step < faces.length; step++) {
    const f = faces[(at + step + faces.length) % faces.length]!;
    if (f.verdict.status === 'hold' && f.confirmation === null) return f.key;
  }
  return null;
}

/** Per pupil id, the 1-based numbers of the faces identified as that pupil (not mere guesses). */
function pupilUse(faces: readonly ReviewFace[]): Map<string, number[]> {
  const used = new Map<string, number[]>();
  for (const f of faces) {
    const id = f.verdict.pupilId;
    if (id === null || f.verdict.reason === 'uncertain') continue;
    used.set(id, [...(used.get(id) ?? []), f.index + 1]);
  }
  return used;
}

/** Something went wrong before the review could start: say what, offer a way forward, and only Cancel. */
function ProblemsPanel({ input, onDecision }: ReviewPanelProps) {
  const t = strings(input.lang);
  const dialog = useDialogFocus();
  const cancel = (): void => onDecision(cancelDecision(input, null));
  useEscape(cancel);
  const frame = input.frames[0];
  const showPhoto = frame !== undefined && frame.preview !== null;
  return (
    <div class="cg-root">
      <div class={showPhoto ? 'dialog' : 'dialog compact'} role="dialog" aria-modal="true" aria-label={t.dialogLabel} tabIndex={-1} ref={dialog}>
        <Header t={t} fileName={input.fileName} channelLabel={input.channel.label} video={input.kind === 'video'} />
        <ProblemsBox t={t} lang={input.lang} problems={input.problems} />
        {showPhoto ? (
          <div class="problem-stage">
            <PhotoStage
              t={t}
              lang={input.lang}
              frame={frame}
              faces={[]}
              pupils={new Map()}
              selected={null}
              onSelect={() => undefined}
              drawing={false}
              onDrawn={() => undefined}
              plain
            />
          </div>
        ) : null}
        <footer class="footer">
          <div class="actions">
            <button type="button" class="btn primary" data-action="cancel" onClick={cancel}>
              {t.cancelUpload}
            </button>
          </div>
        </footer>
      </div>
    </div>
  );
}
