/**
 * Overrides: where the school's policy allows it (`allowOverride`), a member of staff may publish a held photo anyway,
 * with a written reason that goes into the director's log. Pure; the background decides again from its stored job.
 *
 * What an override can and cannot do:
 * - It releases faces held for a face reason (no consent, not on the list, not recognised or not confirmed) uncovered.
 * - It never releases a face whose parents WITHDREW consent: a parent's withdrawal outranks a staff member's reason.
 *   Such faces are covered anyway; where covering is impossible (videos) the override is impossible.
 * - It never touches a problem with the photo itself (engine or analysis failure, consent list missing or stale,
 *   invalid settings, the harm check not ticked, no faces unconfirmed, unknown channel): those fail closed.
 */
import type { FaceReason, Verdict } from './verdict';

/** A written reason must have at least this many characters (after trimming). */
export const OVERRIDE_MIN_REASON = 20;
/** And at most this many (the log keeps it whole). */
export const OVERRIDE_MAX_REASON = 2000;

/** Face reasons an override may set aside. Every face reason except a withdrawal. */
export const OVERRIDABLE_FACE_REASONS: readonly FaceReason[] = ['no_consent', 'not_enrolled', 'uncertain', 'unconfirmed', 'unknown_person'];

export interface OverrideScope {
  /**
   * True when an override would make the photo publishable: no photo problems, at least one face on hold for an
   * overridable reason, and every face that stays covered can be covered.
   */
  ok: boolean;
  /** Flat indices of the faces the override releases UNCOVERED (held for an overridable reason), ascending. */
  release: number[];
  /** Flat indices of the faces covered anyway: the uploader's own covers and withdrawn faces, ascending. */
  cover: number[];
  /** The hold reasons being set aside, each once, in `OVERRIDABLE_FACE_REASONS` order. */
  reasons: FaceReason[];
}

/**
 * Whether the holds of `verdict` may be overridden, and what the override would do. `canCover: false` (videos: there
 * is no video redaction) makes any face that must stay covered a blocker.
 */
export function overridable(verdict: Verdict, options: { canCover?: boolean } = {}): OverrideScope {
  const canCover = options.canCover ?? true;
  const release: number[] = [];
  const cover: number[] = [];
  let unknownHold = false;
  for (const face of verdict.faces) {
    if (face.status === 'cover') cover.push(face.index);
    else if (face.status === 'hold') {
      if (face.reason === 'withdrawn') cover.push(face.index);
      else if (face.reason !== null && OVERRIDABLE_FACE_REASONS.includes(face.reason)) release.push(face.index);
      // A hold without a reason we know: nothing may set it aside.
      else unknownHold = true;
    }
  }
  release.sort((a, b) => a - b);
  cover.sort((a, b) => a - b);
  const held = new Set(release.map((i) => verdict.faces[i]?.reason));
  const reasons = OVERRIDABLE_FACE_REASONS.filter((r) => held.has(r));
  const ok = verdict.photoReasons.length === 0 && !unknownHold && release.length > 0 && (canCover || cover.length === 0);
  return { ok, release, cover, reasons };
}

/** The reason as it is logged: trimmed. */
export function overrideReasonText(reason: string): string {
  return reason.trim();
}

/** True when the written reason is long enough (and not absurdly long). */
export function overrideReasonOk(reason: string): boolean {
  const text = overrideReasonText(reason);
  return text.length >= OVERRIDE_MIN_REASON && text.length <= OVERRIDE_MAX_REASON;
}
