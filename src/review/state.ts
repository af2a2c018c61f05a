/**
 * The review's state and everything derived from it. Pure: no DOM, no Preact; the verdict comes from the real
 * `decide()` so the panel can never disagree with the policy that the background applies after release.
 *
 * Faces are addressed by a stable key (`d:<frame>:<i>` for a detected face, `m:<id>` for one drawn by hand) so that
 * adding or removing a manual face never moves a confirmation to another face. Flat indices (see `flattenFaces`) are
 * only produced when a decision is handed out.
 */
import { decide, type Box, type Confirmation, type ConsentIndex, type FaceVerdict, type Verdict } from '../policy/verdict';
import type { ConsentState } from '../consent/schema';
import { OVERRIDE_MAX_REASON, OVERRIDE_MIN_REASON, overridable, overrideReasonText } from '../policy/override';
import { MIN_MANUAL_FACE, flattenFaces, type FlatFace, type ReviewDecision, type ReviewInput, type ReviewPupil } from './model';

export type FaceKey = string;

/** What the uploader can say about a face in the panel; `clear` takes back an earlier choice. */
export type Choice = Confirmation | { kind: 'clear' };

export interface ManualFaceState {
  /** Stable id, never reused within one review. */
  id: number;
  frame: number;
  box: Box;
}

export interface ReviewState {
  /** Per frame: its size and number of detected faces (to validate actions without the input). */
  frames: readonly { width: number; height: number; faces: number }[];
  allowCover: boolean;
  assignments: Readonly<Record<FaceKey, Confirmation>>;
  manual: readonly ManualFaceState[];
  nextManualId: number;
  selected: FaceKey | null;
  /** The frame shown (videos); always 0 for a photo. */
  frame: number;
  search: string;
  /** '' = all groups. */
  group: string;
  noHarmConfirmed: boolean;
  noFacesConfirmed: boolean;
  /** The override form is open (only ever true where an override is offered). */
  overrideOpen: boolean;
  /** The written reason for an override, as typed. */
  overrideReason: string;
}

export type ReviewAction =
  | { type: 'assign'; face: FaceKey; choice: Choice }
  | { type: 'addManualFace'; frame: number; box: Box }
  | { type: 'removeManualFace'; face: FaceKey }
  | { type: 'search'; text: string }
  | { type: 'group'; group: string }
  | { type: 'select'; face: FaceKey | null }
  | { type: 'showFrame'; frame: number }
  | { type: 'toggleNoHarm' }
  | { type: 'toggleNoFaces' }
  | { type: 'openOverride' }
  | { type: 'closeOverride' }
  | { type: 'overrideReason'; text: string };

export function detectedKey(frame: number, i: number): FaceKey {
  return `d:${frame}:${i}`;
}

export function manualKey(id: number): FaceKey {
  return `m:${id}`;
}

/** The stable key of a flat face, given the state whose manual list it was flattened from. */
export function faceKey(face: FlatFace, state: Pick<ReviewState, 'manual'>): FaceKey {
  if (face.manual !== null) {
    const m = state.manual[face.manual];
    if (m === undefined) throw new RangeError(`manual face ${face.manual} does not exist`);
    return manualKey(m.id);
  }
  return detectedKey(face.frame, face.detected ?? -1);
}

export function initialReviewState(input: ReviewInput): ReviewState {
  const base: ReviewState = {
    frames: input.frames.map((f) => ({ width: f.width, height: f.height, faces: f.faces.length })),
    allowCover: input.allowCover,
    assignments: {},
    manual: [],
    nextManualId: 1,
    selected: null,
    frame: 0,
    search: '',
    group: '',
    noHarmConfirmed: false,
    noFacesConfirmed: false,
    overrideOpen: false,
    overrideReason: '',
  };
  // Start on the first face that needs attention (else the first face), on its frame.
  const { faces } = summarize(input, base);
  const first = faces.find((f) => f.verdict.status === 'hold') ?? faces[0];
  return first === undefined ? base : { ...base, selected: first.key, frame: first.frame };
}

function frameOfKey(state: ReviewState, key: FaceKey): number | null {
  const detected = /^d:(\d+):(\d+)$/.exec(key);
  if (detected) {
    const frame = Number(detected[1]);
    const i = Number(detected[2]);
    const f = state.frames[frame];
    return f !== undefined && i < f.faces ? frame : null;
  }
  const manual = /^m:(\d+)$/.exec(key);
  if (manual) {
    const id = Number(manual[1]);
    return state.manual.find((m) => m.id === id)?.frame ?? null;
  }
  return null;
}

/** All face keys of one frame, in flat order. */
function keysOfFrame(state: ReviewState, frame: number): FaceKey[] {
  const f = state.frames[frame];
  if (f === undefined) return [];
  const keys: FaceKey[] = [];
  for (let i = 0; i < f.faces; i++) keys.push(detectedKey(frame, i));
  for (const m of state.manual) if (m.frame === frame) keys.push(manualKey(m.id));
  return keys;
}

/** Clip a drawn box to the frame and round it to whole pixels; null when what is left is too small to be a face. */
export function normaliseManualBox(box: Box, width: number, height: number): Box | null {
  if (!box.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  let [x, y, w, h] = box;
  if (w < 0) [x, w] = [x + w, -w];
  if (h < 0) [y, h] = [y + h, -h];
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(width, Math.round(x + w));
  const y1 = Math.min(height, Math.round(y + h));
  if (x1 - x0 < MIN_MANUAL_FACE || y1 - y0 < MIN_MANUAL_FACE) return null;
  return [x0, y0, x1 - x0, y1 - y0];
}

export function reviewReducer(state: ReviewState, action: ReviewAction): ReviewState {
  switch (action.type) {
    case 'assign': {
      if (frameOfKey(state, action.face) === null) return state;
      const { choice } = action;
      const assignments = { ...state.assignments };
      switch (choice.kind) {
        case 'clear':
          delete assignments[action.face];
          break;
        case 'cover':
          if (!state.allowCover) return state;
          assignments[action.face] = { kind: 'cover' };
          break;
        case 'adult':
          assignments[action.face] = { kind: 'adult' };
          break;
        case 'pupil':
          if (typeof choice.pupilId !== 'string' || choice.pupilId.length === 0) return state;
          assignments[action.face] = { kind: 'pupil', pupilId: choice.pupilId };
          break;
        default:
          return state;
      }
      return { ...state, assignments };
    }
    case 'addManualFace': {
      const frame = state.frames[action.frame];
      if (frame === undefined) return state;
      const box = normaliseManualBox(action.box, frame.width, frame.height);
      if (box === null) return state;
      const id = state.nextManualId;
      return {
        ...state,
        manual: [...state.manual, { id, frame: action.frame, box }],
        nextManualId: id + 1,
        selected: manualKey(id),
        frame: action.frame,
        search: '',
        // Someone is in the photo after all.
        noFacesConfirmed: false,
      };
    }
    case 'removeManualFace': {
      const m = /^m:(\d+)$/.exec(action.face);
      const id = m ? Number(m[1]) : NaN;
      if (!state.manual.some((f) => f.id === id)) return state;
      const assignments = { ...state.assignments };
      delete assignments[action.face];
      return {
        ...state,
        manual: state.manual.filter((f) => f.id !== id),
        assignments,
        selected: state.selected === action.face ? null : state.selected,
      };
    }
    case 'search':
      return state.search === action.text ? state : { ...state, search: action.text };
    case 'group':
      return state.group === action.group ? state : { ...state, group: action.group };
    case 'select': {
      if (action.face === null) return { ...state, selected: null };
      const frame = frameOfKey(state, action.face);
      if (frame === null) return state;
      if (state.selected === action.face) return state.frame === frame ? state : { ...state, frame };
      return { ...state, selected: action.face, frame, search: '' };
    }
    case 'showFrame': {
      if (state.frames[action.frame] === undefined || state.frame === action.frame) return state;
      const keys = keysOfFrame(state, action.frame);
      const keep = state.selected !== null && keys.includes(state.selected);
      return { ...state, frame: action.frame, selected: keep ? state.selected : (keys[0] ?? null), search: keep ? state.search : '' };
    }
    case 'toggleNoHarm':
      return { ...state, noHarmConfirmed: !state.noHarmConfirmed };
    case 'toggleNoFaces':
      return { ...state, noFacesConfirmed: !state.noFacesConfirmed };
    case 'openOverride':
      return state.overrideOpen ? state : { ...state, overrideOpen: true };
    case 'closeOverride':
      // The text stays: going back to look at a face must not throw away what was written.
      return state.overrideOpen ? { ...state, overrideOpen: false } : state;
    case 'overrideReason': {
      const text = typeof action.text === 'string' ? action.text.slice(0, OVERRIDE_MAX_REASON) : '';
      return state.overrideReason === text ? state : { ...state, overrideReason: text };
    }
    default:
      return state;
  }
}

/**
 * The consent index for this review: one channel, and per pupil only a 'yes' | 'no' | 'withdrawn' state. A pupil
 * whose consent is 'unknown' is on the list but has no state for the channel, so the policy holds them (no consent).
 * A pupil listed twice keeps the most restrictive state, as in `buildConsentIndex`.
 */
export function reviewConsentIndex(input: Pick<ReviewInput, 'channel' | 'pupils'>): ConsentIndex {
  const channel = input.channel.id;
  type State = ReviewPupil['consent'];
  // 'unknown' ranks with 'no': neither may ever let a duplicate 'yes' through.
  const rank: Record<State, number> = { yes: 0, unknown: 1, no: 1, withdrawn: 2 };
  const strictest = new Map<string, State>();
  for (const p of input.pupils) {
    if (typeof p.id !== 'string' || p.id.length === 0) continue;
    const state: State = p.consent === 'yes' || p.consent === 'no' || p.consent === 'withdrawn' ? p.consent : 'unknown';
    const previous = strictest.get(p.id);
    if (previous === undefined || rank[state] > rank[previous]) strictest.set(p.id, state);
  }
  const pupils = new Map<string, Map<string, ConsentState>>();
  for (const [id, state] of strictest) pupils.set(id, state === 'unknown' ? new Map() : new Map([[channel, state]]));
  return { channels: new Set([channel]), pupils };
}

/** The confirmations by flat index, for the faces as flattened from `state.manual`. */
function confirmationsByIndex(flat: readonly FlatFace[], state: ReviewState): Record<number, Confirmation> {
  const out: Record<number, Confirmation> = {};
  for (const face of flat) {
    const c = state.assignments[faceKey(face, state)];
    if (c !== undefined) out[face.index] = { ...c };
  }
  return out;
}

function hasFaces(input: ReviewInput, state: ReviewState): boolean {
  return state.manual.length > 0 || input.frames.some((f) => f.faces.length > 0);
}

function verdictFor(input: ReviewInput, state: ReviewState, flat: readonly FlatFace[]): Verdict {
  return decide({
    channel: input.channel.id,
    mode: input.mode,
    faces: flat.map((f) => (f.match !== undefined ? { box: f.box, score: f.score, match: f.match } : { box: f.box, score: f.score })),
    index: reviewConsentIndex(input),
    confirmations: confirmationsByIndex(flat, state),
    noFacesConfirmed: state.noFacesConfirmed && flat.length === 0,
    problems: input.problems,
  });
}

/** The policy's verdict for the review as it stands (before "cover the rest"). */
export function currentVerdict(input: ReviewInput, state: ReviewState): Verdict {
  return verdictFor(input, state, flattenFaces(input.frames, state.manual));
}

/** Why the primary button is disabled; null when it may be pressed. In the order the panel explains them. */
export type ReleaseBlocker = 'problems' | 'noFaces' | 'videoCover' | 'unresolved' | 'noHarm';

export function releaseBlocker(input: ReviewInput, state: ReviewState, verdict = currentVerdict(input, state)): ReleaseBlocker | null {
  if (input.problems.length > 0) return 'problems';
  if (!hasFaces(input, state) && !state.noFacesConfirmed) return 'noFaces';
  if (!input.allowCover && verdict.cover.length > 0) return 'videoCover';
  if (!(verdict.verdict === 'allow' || verdict.coverFixesAll)) return 'unresolved';
  if (!state.noHarmConfirmed) return 'noHarm';
  return null;
}

/**
 * True only when: no problems, the harm check is ticked, the verdict allows once the faces in `cover` are covered
 * (or allows outright), and nothing needs covering where covering is impossible (videos). A photo without faces
 * needs `noFacesConfirmed` (the policy's `no_faces_unconfirmed`).
 */
export function canRelease(input: ReviewInput, state: ReviewState): boolean {
  const verdict = currentVerdict(input, state);
  return (
    input.problems.length === 0 &&
    state.noHarmConfirmed &&
    (verdict.verdict === 'allow' || verdict.coverFixesAll) &&
    (input.allowCover || verdict.cover.length === 0) &&
    releaseBlocker(input, state, verdict) === null
  );
}

/** What the primary button does: cover `count` faces and continue, or just continue. */
export type PrimaryAction = { kind: 'cover'; count: number } | { kind: 'continue' };

export function primaryAction(input: ReviewInput, verdict: Verdict): PrimaryAction {
  return input.allowCover && verdict.cover.length > 0 ? { kind: 'cover', count: verdict.cover.length } : { kind: 'continue' };
}

function manualForDecision(state: ReviewState): ReviewDecision['manualFaces'] {
  return state.manual.map((m) => ({ frame: m.frame, box: [m.box[0], m.box[1], m.box[2], m.box[3]] }));
}

/**
 * The decision for the primary button: the uploader's own answers, as given. Every face still on hold is covered by
 * the background ("cover the faces without consent": `decide()` over this decision holds only faces that covering
 * fixes), so the log keeps whose face was covered and why. Null when the review may not be released (`canRelease`).
 */
export function releaseDecision(input: ReviewInput, state: ReviewState): ReviewDecision | null {
  if (!canRelease(input, state)) return null;
  return answersDecision(state, flattenFaces(input.frames, state.manual));
}

/** A release decision carrying the uploader's answers as given (the harm check is ticked wherever one is made). */
function answersDecision(state: ReviewState, flat: readonly FlatFace[]): ReviewDecision {
  return {
    action: 'release',
    confirmations: confirmationsByIndex(flat, state),
    manualFaces: manualForDecision(state),
    noFacesConfirmed: state.noFacesConfirmed && flat.length === 0,
    noHarmConfirmed: true,
  };
}

/** What the panel may offer as an override right now: null when there is no override button at all. */
export interface OverrideOffer {
  /** Characters the trimmed reason needs. */
  minReason: number;
  /** Faces (flat indices) the override would publish uncovered / cover anyway. */
  release: number[];
  cover: number[];
}

/**
 * An override is offered only where the policy allows it (`input.override.allowed`), the review has no problems, and
 * `overridable()` says the current holds may be set aside (at least one face held for a reason other than a
 * withdrawal; on a video, no face that would have to be covered).
 */
export function overrideOffer(input: ReviewInput, state: ReviewState, verdict = currentVerdict(input, state)): OverrideOffer | null {
  if (input.override?.allowed !== true || input.problems.length > 0) return null;
  const scope = overridable(verdict, { canCover: input.allowCover });
  if (!scope.ok) return null;
  return { minReason: Math.max(OVERRIDE_MIN_REASON, input.override.minReason), release: scope.release, cover: scope.cover };
}

/** Why the override's confirm button is not available yet; null when it may be pressed. */
export type OverrideBlocker = 'reason' | 'noHarm';

export function overrideBlocker(offer: OverrideOffer, state: ReviewState): OverrideBlocker | null {
  if (overrideReasonText(state.overrideReason).length < offer.minReason) return 'reason';
  if (!state.noHarmConfirmed) return 'noHarm';
  return null;
}

/**
 * The decision for "publish without covering": the uploader's own confirmations as they are (faces still on hold
 * stay on hold, so the background sees what is being overridden), the trimmed reason, and the harm check. Null when no
 * override is offered or the confirm button may not be pressed.
 */
export function overrideDecision(input: ReviewInput, state: ReviewState): ReviewDecision | null {
  const flat = flattenFaces(input.frames, state.manual);
  const offer = overrideOffer(input, state, verdictFor(input, state, flat));
  if (offer === null || overrideBlocker(offer, state) !== null) return null;
  return { ...answersDecision(state, flat), override: { reason: overrideReasonText(state.overrideReason) } };
}

/** The decision for Cancel (also Esc): what the uploader had said so far, for the record; nothing is released. */
export function cancelDecision(input: ReviewInput | null, state: ReviewState | null): ReviewDecision {
  if (input === null || state === null) {
    return { action: 'cancel', confirmations: {}, manualFaces: [], noFacesConfirmed: false, noHarmConfirmed: false };
  }
  const flat = flattenFaces(input.frames, state.manual);
  return {
    action: 'cancel',
    confirmations: confirmationsByIndex(flat, state),
    manualFaces: manualForDecision(state),
    noFacesConfirmed: state.noFacesConfirmed && flat.length === 0,
    noHarmConfirmed: state.noHarmConfirmed,
  };
}

/** How a face is drawn: green (ok), grey (covered by choice), red (no consent), amber (not accounted for yet). */
export type FaceTone = 'ok' | 'cover' | 'red' | 'amber';

export function faceTone(face: Pick<FaceVerdict, 'status' | 'reason'>): FaceTone {
  if (face.status === 'ok') return 'ok';
  if (face.status === 'cover') return 'cover';
  return face.reason === 'no_consent' || face.reason === 'withdrawn' || face.reason === 'not_enrolled' ? 'red' : 'amber';
}

export interface ReviewFace extends FlatFace {
  key: FaceKey;
  verdict: FaceVerdict;
  /** What the uploader chose for this face, if anything. */
  confirmation: Confirmation | null;
  tone: FaceTone;
}

export interface ReviewSummary {
  faces: ReviewFace[];
  verdict: Verdict;
  blocker: ReleaseBlocker | null;
  primary: PrimaryAction;
  /** The override the panel may offer; null: no override button. */
  override: OverrideOffer | null;
}

/** Everything the panel renders from, computed once per state. */
export function summarize(input: ReviewInput, state: ReviewState): ReviewSummary {
  const flat = flattenFaces(input.frames, state.manual);
  const verdict = verdictFor(input, state, flat);
  const faces = flat.map((f): ReviewFace => {
    const v = verdict.faces[f.index]!;
    return { ...f, key: faceKey(f, state), verdict: v, confirmation: state.assignments[faceKey(f, state)] ?? null, tone: faceTone(v) };
  });
  return { faces, verdict, blocker: releaseBlocker(input, state, verdict), primary: primaryAction(input, verdict), override: overrideOffer(input, state, verdict) };
}
