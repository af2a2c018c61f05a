import type { Rect } from './types';

export interface ScoredRect extends Rect {
  score: number;
}

export function area(r: Rect): number {
  return Math.max(0, r.w) * Math.max(0, r.h);
}

export function intersection(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export function iou(a: Rect, b: Rect): number {
  const i = intersection(a, b);
  return i === 0 ? 0 : i / (area(a) + area(b) - i);
}

/** Share of the smaller box covered by the other: catches one face boxed tightly by one pass and loosely by another. */
export function containment(a: Rect, b: Rect): number {
  const i = intersection(a, b);
  return i === 0 ? 0 : i / Math.min(area(a), area(b));
}

/**
 * Greedy non-maximum suppression. A box is dropped when it overlaps a kept, higher-scoring box by IoU above
 * `iouThreshold` or lies mostly inside it (`containThreshold`).
 */
export function nonMaxSuppression<T extends ScoredRect>(boxes: T[], iouThreshold: number, containThreshold = 1.01): T[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const box of sorted) {
    if (kept.every((k) => iou(k, box) <= iouThreshold && containment(k, box) <= containThreshold)) kept.push(box);
  }
  return kept;
}

/**
 * Decodes SSD box encodings against anchors (TF box coder with scale factors 10, 10, 5, 5) for every anchor whose
 * score reaches `minScore`. Encodings are [ty, tx, th, tw]; anchors [cy, cx, h, w] in input pixels.
 */
export function decodeBoxes(encodings: ArrayLike<number>, scores: ArrayLike<number>, anchors: Float32Array, minScore: number): ScoredRect[] {
  const out: ScoredRect[] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (!(score >= minScore)) continue;
    const k = i * 4;
    const ah = anchors[k + 2]!;
    const aw = anchors[k + 3]!;
    const cy = (encodings[k]! / 10) * ah + anchors[k]!;
    const cx = (encodings[k + 1]! / 10) * aw + anchors[k + 1]!;
    const h = Math.exp(encodings[k + 2]! / 5) * ah;
    const w = Math.exp(encodings[k + 3]! / 5) * aw;
    out.push({ x: cx - w / 2, y: cy - h / 2, w, h, score });
  }
  return out;
}

export function clampRect(r: Rect, width: number, height: number): Rect {
  const x = Math.max(0, r.x);
  const y = Math.max(0, r.y);
  return { x, y, w: Math.max(0, Math.min(width, r.x + r.w) - x), h: Math.max(0, Math.min(height, r.y + r.h) - y) };
}

export function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
