/**
 * Which portraits may become reference descriptors. Pure: it judges engine results, it never sees pixels.
 * A reference that is wrong (a second person, a cut-off or tiny face) makes every later match of that pupil less
 * certain, so the rules are strict and each rejection says what to change.
 */
import { descriptorDistance } from '../policy/match';

export interface PortraitRules {
  /** Shorter side of the face box, in photo pixels. */
  minFacePx: number;
  /** Free space between the face box and every edge of the photo, as a share of the face's size. */
  edgeMargin: number;
  /** Two portraits of one pupil further apart than this probably do not show the same child. */
  maxSpread: number;
  /** References kept per pupil. */
  maxReferences: number;
}

export const DEFAULT_PORTRAIT_RULES: PortraitRules = { minFacePx: 64, edgeMargin: 0.05, maxSpread: 0.6, maxReferences: 3 };

export type Box = [number, number, number, number];

export type PortraitProblem = 'no_face' | 'several_faces' | 'too_small' | 'at_border';

export type PortraitCheck = { ok: true; faceIndex: number } | { ok: false; problem: PortraitProblem; message: string };

export function checkPortrait(photo: { width: number; height: number; faces: { box: Box }[] }, rules: PortraitRules = DEFAULT_PORTRAIT_RULES): PortraitCheck {
  const { faces, width, height } = photo;
  if (faces.length === 0) return { ok: false, problem: 'no_face', message: 'no face found' };
  if (faces.length > 1) return { ok: false, problem: 'several_faces', message: `${faces.length} faces found; a portrait must show only the pupil` };
  const [x, y, w, h] = faces[0]!.box;
  const side = Math.min(w, h);
  if (side < rules.minFacePx) {
    return { ok: false, problem: 'too_small', message: `the face is ${Math.round(side)} px; at least ${rules.minFacePx} px is needed` };
  }
  const margin = rules.edgeMargin * Math.max(w, h);
  if (x < margin || y < margin || x + w > width - margin || y + h > height - margin) {
    return { ok: false, problem: 'at_border', message: 'the face touches the edge of the photo; use a portrait with space around the face' };
  }
  return { ok: true, faceIndex: 0 };
}

export interface Candidate {
  name: string;
  descriptor: ArrayLike<number>;
}

/**
 * Keeps up to `maxReferences` mutually consistent references. A portrait far from all the others is dropped as an
 * outlier; when only two remain and they disagree, neither can be trusted.
 */
export function selectReferences(candidates: Candidate[], rules: PortraitRules = DEFAULT_PORTRAIT_RULES): { kept: Candidate[]; rejected: { name: string; message: string }[] } {
  const rejected: { name: string; message: string }[] = [];
  let pool = candidates;
  // Outliers first, so a consistent extra portrait can take an outlier's place.
  if (pool.length >= 3) {
    const outliers = pool.filter((c) => pool.every((o) => o === c || descriptorDistance(c.descriptor, o.descriptor) > rules.maxSpread));
    for (const o of outliers) rejected.push({ name: o.name, message: "does not look like the pupil's other portraits; check it shows the same child" });
    pool = pool.filter((c) => !outliers.includes(c));
  }
  for (const extra of pool.slice(rules.maxReferences)) rejected.push({ name: extra.name, message: `not needed: ${rules.maxReferences} portraits are enough` });
  pool = pool.slice(0, rules.maxReferences);
  if (pool.length === 2) {
    const d = descriptorDistance(pool[0]!.descriptor, pool[1]!.descriptor);
    if (d > rules.maxSpread) {
      for (const c of pool) rejected.push({ name: c.name, message: `the two portraits disagree (distance ${d.toFixed(2)}); check they show the same child` });
      pool = [];
    }
  }
  return { kept: pool, rejected };
}

/**
 * Pairs of enrolled pupils whose references lie closer than `limit` (twins, siblings): recognition will call their
 * faces uncertain and leave them to the uploader.
 */
export function lookAlikes(pupils: { id: string; descriptors: number[][] }[], limit: number): { a: string; b: string; distance: number }[] {
  const enrolled = pupils.filter((p) => p.descriptors.length > 0);
  const out: { a: string; b: string; distance: number }[] = [];
  for (let i = 0; i < enrolled.length; i++) {
    for (let j = i + 1; j < enrolled.length; j++) {
      const a = enrolled[i]!, b = enrolled[j]!;
      const distance = Math.min(...a.descriptors.flatMap((x) => b.descriptors.map((y) => descriptorDistance(x, y))));
      if (distance < limit) out.push({ a: a.id, b: b.id, distance });
    }
  }
  return out;
}
