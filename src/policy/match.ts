/**
 * Descriptor matching: which enrolled pupil (if any) does a face descriptor belong to?
 *
 * Pure: plain data in, plain data out. A `Gallery` holds only typed arrays and strings, so it can be built once per
 * roster and passed to a worker with structured clone.
 *
 * Fail closed: only a clear, unambiguous match is reported as `match`. Everything else is `uncertain` (the review may
 * show "maybe X?", but it is never accepted as an identification) or `unknown`.
 */
import { DESCRIPTOR_LENGTH, type Pupil } from '../consent/schema';

export interface MatchSettings {
  /** A pupil matches only when their distance is strictly below this. */
  threshold: number;
  /** The best pupil must be at least this much closer than the second-best pupil. */
  margin: number;
  /** Allow a threshold above SAFE_MAX_THRESHOLD (up to LOOSE_MAX_THRESHOLD). Only for explicit, informed opt-in. */
  allowLooseThreshold?: boolean;
}

export const DEFAULT_MATCH_SETTINGS = { threshold: 0.45, margin: 0.08 } as const satisfies MatchSettings;
/** Largest threshold accepted without `allowLooseThreshold`. */
export const SAFE_MAX_THRESHOLD = 0.5;
/** Largest threshold accepted at all, even with `allowLooseThreshold`. */
export const LOOSE_MAX_THRESHOLD = 0.7;
/** Largest margin accepted. */
export const MAX_MARGIN = 0.5;
/** Distances in [threshold, threshold + NEAR_MISS_BAND) are reported as `uncertain`, not `unknown`. */
export const NEAR_MISS_BAND = 0.05;

export type MatchSettingsCheck = { ok: true } | { ok: false; message: string };

/** Validate matching settings. `matchDescriptor` refuses settings that fail this check. */
/** Euclidean distance between two descriptors: what every threshold in this product is measured in. */
export function descriptorDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}

export function checkMatchSettings(s: MatchSettings): MatchSettingsCheck {
  if (typeof s !== 'object' || s === null) {
    return { ok: false, message: 'match settings must be an object with threshold and margin' };
  }
  const { threshold, margin } = s;
  const loose = s.allowLooseThreshold === true;
  const max = loose ? LOOSE_MAX_THRESHOLD : SAFE_MAX_THRESHOLD;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    return { ok: false, message: `match threshold must be a finite number, got ${String(threshold)}` };
  }
  if (threshold <= 0 || threshold > max) {
    const hint = loose
      ? `it may never exceed ${LOOSE_MAX_THRESHOLD}`
      : `a threshold above ${SAFE_MAX_THRESHOLD} needs allowLooseThreshold (and may never exceed ${LOOSE_MAX_THRESHOLD})`;
    return { ok: false, message: `match threshold must be greater than 0 and at most ${max}, got ${threshold}; ${hint}` };
  }
  if (typeof margin !== 'number' || !Number.isFinite(margin)) {
    return { ok: false, message: `match margin must be a finite number, got ${String(margin)}` };
  }
  if (margin < 0 || margin > MAX_MARGIN) {
    return { ok: false, message: `match margin must be between 0 and ${MAX_MARGIN}, got ${margin}` };
  }
  return { ok: true };
}

/**
 * All reference descriptors of the enrolled pupils, in one contiguous Float32Array.
 * Reference r occupies `references[r * DESCRIPTOR_LENGTH .. (r + 1) * DESCRIPTOR_LENGTH)` and belongs to pupil
 * `pupilIds[owner[r]]`. Plain data: safe to structured-clone.
 */
export interface Gallery {
  readonly pupilIds: readonly string[];
  readonly references: Float32Array;
  readonly owner: Uint32Array;
  readonly referenceCount: number;
}

/**
 * Build the matching gallery from the roster's pupils. Only pupils with biometric consent and at least one reference
 * descriptor are included; descriptors of a pupil without biometric consent are ignored, whatever the input says.
 * Throws when a reference descriptor is not 128 finite numbers (a corrupt consent list must not be half-used).
 * Entries that share a pupil id are merged into one pupil (defensive; a validated roster has unique ids).
 */
export function buildGallery(pupils: readonly Pupil[]): Gallery {
  const order: string[] = [];
  const refsById = new Map<string, ArrayLike<number>[]>();
  for (const pupil of pupils) {
    if (pupil.biometricConsent !== true || !Array.isArray(pupil.descriptors) || pupil.descriptors.length === 0) {
      continue;
    }
    if (typeof pupil.id !== 'string' || pupil.id.length === 0) {
      throw new Error('cannot build the face gallery: a pupil with reference descriptors has no id');
    }
    pupil.descriptors.forEach((descriptor, i) => {
      assertDescriptor(descriptor, `reference descriptor ${i} of pupil "${pupil.id}"`);
    });
    let refs = refsById.get(pupil.id);
    if (refs === undefined) {
      refs = [];
      refsById.set(pupil.id, refs);
      order.push(pupil.id);
    }
    refs.push(...pupil.descriptors);
  }

  let referenceCount = 0;
  for (const refs of refsById.values()) referenceCount += refs.length;
  const references = new Float32Array(referenceCount * DESCRIPTOR_LENGTH);
  const owner = new Uint32Array(referenceCount);
  let r = 0;
  order.forEach((id, pupilIndex) => {
    for (const descriptor of refsById.get(id)!) {
      const base = r * DESCRIPTOR_LENGTH;
      for (let k = 0; k < DESCRIPTOR_LENGTH; k++) references[base + k] = descriptor[k]!;
      owner[r] = pupilIndex;
      r++;
    }
  });
  return Object.freeze({ pupilIds: Object.freeze(order), references, owner, referenceCount });
}

export interface RunnerUp {
  pupilId: string;
  distance: number;
}

export type Match =
  /** Best pupil is below the threshold and clearly closer than any other pupil. */
  | { status: 'match'; pupilId: string; distance: number; runnerUp: RunnerUp | null }
  /** A best guess that must never be accepted: too close to another pupil, or just above the threshold. */
  | { status: 'uncertain'; pupilId: string; distance: number; runnerUp: RunnerUp | null }
  /** Nobody close. `nearestDistance` is null when the gallery is empty. */
  | { status: 'unknown'; nearestDistance: number | null };

export type MatchStatus = Match['status'];

/**
 * Match one face descriptor against the gallery. A pupil's distance is the minimum Euclidean distance over that
 * pupil's references; best and runner-up are pupils, not references.
 *
 * - `match`: best < threshold, and (runner-up − best) ≥ margin, or there is no other pupil. An exact tie between two
 *   pupils is never a match, even with margin 0.
 * - `uncertain`: best < threshold but the margin is too small, or best in [threshold, threshold + NEAR_MISS_BAND).
 * - `unknown`: otherwise, including an empty gallery.
 *
 * Throws on invalid settings (validate with `checkMatchSettings` first), on a descriptor that is not 128 finite
 * numbers, and on a malformed gallery.
 */
export function matchDescriptor(descriptor: ArrayLike<number>, gallery: Gallery, settings: MatchSettings): Match {
  const check = checkMatchSettings(settings);
  if (!check.ok) throw new Error(`invalid match settings: ${check.message}`);
  const query = toQuery(descriptor);

  const { references, owner, pupilIds, referenceCount } = gallery;
  const pupilCount = pupilIds.length;
  if (
    !(references instanceof Float32Array) ||
    !(owner instanceof Uint32Array) ||
    owner.length !== referenceCount ||
    references.length !== referenceCount * DESCRIPTOR_LENGTH
  ) {
    throw new Error('malformed face gallery: use buildGallery to create it');
  }
  if (pupilCount === 0 || referenceCount === 0) return { status: 'unknown', nearestDistance: null };

  // Squared distance per pupil (minimum over that pupil's references).
  const pupilMin = new Float64Array(pupilCount).fill(Infinity);
  for (let r = 0; r < referenceCount; r++) {
    const base = r * DESCRIPTOR_LENGTH;
    let sum = 0;
    for (let k = 0; k < DESCRIPTOR_LENGTH; k++) {
      const d = references[base + k]! - query[k]!;
      sum += d * d;
    }
    const o = owner[r]!;
    if (o >= pupilCount) throw new Error('malformed face gallery: a reference has no owner');
    if (sum < pupilMin[o]!) pupilMin[o] = sum;
  }

  let best = -1;
  let second = -1;
  for (let p = 0; p < pupilCount; p++) {
    const v = pupilMin[p]!;
    if (v === Infinity) continue;
    if (best === -1 || v < pupilMin[best]!) {
      second = best;
      best = p;
    } else if (second === -1 || v < pupilMin[second]!) {
      second = p;
    }
  }
  if (best === -1) return { status: 'unknown', nearestDistance: null };

  const distance = Math.sqrt(pupilMin[best]!);
  const runnerUp: RunnerUp | null =
    second === -1 ? null : { pupilId: pupilIds[second]!, distance: Math.sqrt(pupilMin[second]!) };
  const pupilId = pupilIds[best]!;

  if (distance < settings.threshold) {
    const clear = runnerUp === null || (runnerUp.distance > distance && runnerUp.distance - distance >= settings.margin);
    return { status: clear ? 'match' : 'uncertain', pupilId, distance, runnerUp };
  }
  if (distance < settings.threshold + NEAR_MISS_BAND) {
    return { status: 'uncertain', pupilId, distance, runnerUp };
  }
  return { status: 'unknown', nearestDistance: distance };
}

function toQuery(descriptor: ArrayLike<number>): Float64Array {
  assertDescriptor(descriptor, 'face descriptor');
  const query = new Float64Array(DESCRIPTOR_LENGTH);
  for (let k = 0; k < DESCRIPTOR_LENGTH; k++) query[k] = descriptor[k]!;
  return query;
}

function assertDescriptor(descriptor: ArrayLike<number>, what: string): void {
  if (descriptor === null || typeof descriptor !== 'object' || typeof descriptor.length !== 'number') {
    throw new Error(`${what} must be an array of ${DESCRIPTOR_LENGTH} numbers`);
  }
  if (descriptor.length !== DESCRIPTOR_LENGTH) {
    throw new Error(`${what} must have ${DESCRIPTOR_LENGTH} values, got ${descriptor.length}`);
  }
  for (let k = 0; k < DESCRIPTOR_LENGTH; k++) {
    const v = descriptor[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`${what} has a non-finite value at position ${k}`);
    }
  }
}
