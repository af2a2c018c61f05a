/**
 * The review panel's data: what the content script hands in (`ReviewInput`) and what the panel hands back when the
 * member of staff presses a button (`ReviewDecision`). Plain data only, so both can cross a message boundary.
 */
import type { Box, Confirmation, Mode, PhotoProblem } from '../policy/verdict';
import type { Match } from '../policy/match';

export type Lang = 'nl' | 'en';

/** A pupil of the consent list with their consent for THIS channel ('unknown': nothing recorded, counts as no). */
export interface ReviewPupil {
  id: string;
  name: string;
  group: string;
  consent: 'yes' | 'no' | 'withdrawn' | 'unknown';
}

/** A face the engine found. `match` is present only in recognize mode. */
export interface DetectedFace {
  box: Box;
  score: number;
  match?: Match;
}

/** One photo, or one sampled video frame. Boxes are in `width` × `height` pixels; `preview` may be smaller. */
export interface ReviewFrame {
  /** Seconds into the video; null for a photo. */
  time: number | null;
  width: number;
  height: number;
  preview: ImageBitmap | HTMLCanvasElement | null;
  faces: DetectedFace[];
}

export interface ReviewInput {
  lang: Lang;
  fileName: string;
  kind: 'image' | 'video';
  channel: { id: string; label: string };
  mode: Mode;
  /** One frame for a photo; the frames WITH faces for a video (`video.sampled` says how many were looked at). */
  frames: ReviewFrame[];
  video?: { durationS: number; sampled: number };
  /** All pupils of the consent list, with their consent for this channel. */
  pupils: ReviewPupil[];
  /** Engine/decoding/stale-list problems: these force a hold; the panel then only offers Cancel. */
  problems: PhotoProblem[];
  /** False for videos: there is no video redaction yet, so no face may be left to cover. */
  allowCover: boolean;
  /** What the released file will not carry, in the uploader's language ("This photo's IPTC caption named …; removed"). */
  removed?: string[];
  /**
   * May a hold be overridden with a written reason (the school's policy), and how many characters the reason needs.
   * Absent: not allowed. The panel offers an override only where the policy allows it and `overridable()` says yes.
   */
  override?: { allowed: boolean; minReason: number };
}

/** A face the uploader drew by hand on frame `frame` (index into `ReviewInput.frames`). */
export interface ManualFace {
  frame: number;
  box: Box;
}

/** What the panel hands back when the user presses a button. */
export interface ReviewDecision {
  action: 'release' | 'cancel';
  /** By FLAT face index: see `flattenFaces`. */
  confirmations: Record<number, Confirmation>;
  /** In the order `flattenFaces` expects them. */
  manualFaces: ManualFace[];
  noFacesConfirmed: boolean;
  noHarmConfirmed: boolean;
  /**
   * Only with action 'release': publish anyway with this written reason (trimmed). The faces held for an overridable
   * reason are then NOT covered; the background decides again and logs the override with the reason.
   */
  override?: { reason: string };
}

/** Score given to a face drawn by hand: the uploader is sure there is a face there. */
export const MANUAL_FACE_SCORE = 1;
/** A face drawn by hand must be at least this many image pixels wide and high. */
export const MIN_MANUAL_FACE = 8;

/** One face in the flat order the decision and the policy use. */
export interface FlatFace {
  /** Position in the flat order (0-based); the panel shows `index + 1`. */
  index: number;
  /** Index into `ReviewInput.frames`. */
  frame: number;
  box: Box;
  score: number;
  match?: Match;
  /** Index into `frames[frame].faces` for a detected face; null for a manual one. */
  detected: number | null;
  /** Index into the `manual` list for a face drawn by hand; null for a detected one. */
  manual: number | null;
}

/**
 * The flat face order. Frame by frame (frame 0 first): first that frame's detected faces in the engine's order, then
 * the faces drawn by hand on that frame in the order they appear in `manual`. `ReviewDecision.confirmations` is keyed
 * by this order, so a consumer rebuilds it with `flattenFaces(input.frames, decision.manualFaces)` and can pass the
 * result straight to `decide()`.
 *
 * Throws a RangeError when a manual face names a frame that does not exist: dropping it would silently leave a face
 * unaccounted for.
 */
export function flattenFaces(
  frames: readonly Pick<ReviewFrame, 'faces'>[],
  manual: readonly ManualFace[],
): FlatFace[] {
  manual.forEach((m, i) => {
    if (!Number.isInteger(m.frame) || m.frame < 0 || m.frame >= frames.length) {
      throw new RangeError(`manual face ${i} is on frame ${String(m.frame)}, but there are ${frames.length} frames`);
    }
  });
  const flat: FlatFace[] = [];
  frames.forEach((frame, f) => {
    frame.faces.forEach((face, d) => {
      const entry: FlatFace = { index: flat.length, frame: f, box: face.box, score: face.score, detected: d, manual: null };
      if (face.match !== undefined) entry.match = face.match;
      flat.push(entry);
    });
    manual.forEach((m, k) => {
      if (m.frame !== f) return;
      flat.push({ index: flat.length, frame: f, box: m.box, score: MANUAL_FACE_SCORE, detected: null, manual: k });
    });
  });
  return flat;
}

/** "0:07", "12:34", "1:02:03": a video time for people, not machines. */
export function formatTime(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
