import { clampRect, nonMaxSuppression, union, type ScoredRect } from './boxes';
import type { Rect } from './types';

/**
 * How ConsentGate finds small faces without paying for naive tiling.
 *
 * One plain SSD pass squeezes the whole photo, padded to a square, into 512×512: faces under ~40 px in that input
 * are missed (group photos lose ~7–12% of their faces). Naive 960 px tiling finds them but costs ~4×.
 *
 * 1. First pass: the whole photo without padding, at the same input area as a plain pass (512² pixels), so a 4:3
 *    photo is already seen ~15% larger than by the plain pass at the same cost; small photos are upscaled (≤2×).
 * 2. Second look only where it can matter: around faces found close to the detector's size limit (neighbours may be
 *    smaller still) and around low-score candidates. Those seeds, each grown by a face size, are merged into a few
 *    regions that are examined at twice the first pass's scale, within a fixed pixel budget.
 * So a close-up costs one pass, a class photo about two, and no photo more than 1 + `secondPassBudget` passes.
 */
export interface DetectionSettings {
  /** Final score a box needs to count as a face. */
  minScore: number;
  /** Boxes from this score up to `sureScore` earn a second, closer look (faces near the threshold included). */
  candidateScore: number;
  /** A face scoring at least this needs no second opinion. */
  sureScore: number;
  /** A face whose shorter side is under this many first-pass input pixels is near the detector's limit. */
  smallFacePx: number;
  /** Scale of the second look relative to the first pass. */
  zoom: number;
  /** Never upscale a photo more than this. */
  maxUpscale: number;
  /** Input pixels of the first pass (the plain SSD pass uses 512×512). */
  firstPassArea: number;
  /** Input pixels of all second looks together, as a multiple of firstPassArea. */
  secondPassBudget: number;
  /** A small face's region grows by this many of its sizes on every side: its neighbours may be smaller still. */
  seedMargin: number;
  /** A candidate's region grows less: the second look is at the candidate itself. */
  candidateMargin: number;
}

export const DEFAULT_DETECTION: DetectionSettings = {
  minScore: 0.5,
  candidateScore: 0.3,
  sureScore: 0.7,
  smallFacePx: 40,
  zoom: 2,
  maxUpscale: 2,
  firstPassArea: 512 * 512,
  secondPassBudget: 1,
  seedMargin: 1,
  candidateMargin: 0.5,
};

/** One network pass: `region` of the photo (integer pixels) resized to inputW × inputH. */
export interface PassPlan {
  region: Rect;
  inputW: number;
  inputH: number;
}

const STEP = 32;
/** The network needs at least 64 input pixels per side; tiny photos are therefore upscaled past maxUpscale. */
const roundInput = (v: number) => Math.max(2 * STEP, Math.round(v / STEP) * STEP);
const roundInputDown = (v: number) => Math.max(2 * STEP, Math.floor(v / STEP) * STEP);

function snap(r: Rect, width: number, height: number): Rect {
  const x = Math.max(0, Math.floor(r.x));
  const y = Math.max(0, Math.floor(r.y));
  const x2 = Math.min(width, Math.ceil(r.x + r.w));
  const y2 = Math.min(height, Math.ceil(r.y + r.h));
  return { x, y, w: x2 - x, h: y2 - y };
}

export function passScale(plan: PassPlan): { sx: number; sy: number } {
  return { sx: plan.inputW / plan.region.w, sy: plan.inputH / plan.region.h };
}

export function planFirstPass(width: number, height: number, s: DetectionSettings = DEFAULT_DETECTION): PassPlan {
  const scale = Math.min(s.maxUpscale, Math.sqrt(s.firstPassArea / (width * height)));
  return { region: { x: 0, y: 0, w: width, h: height }, inputW: roundInput(width * scale), inputH: roundInput(height * scale) };
}

/** Regions that deserve a second look, merged while merging does not waste much area. */
export function secondLookRegions(first: PassPlan, found: ScoredRect[], width: number, height: number, s: DetectionSettings = DEFAULT_DETECTION): Rect[] {
  const { sx, sy } = passScale(first);
  const small = found.filter((b) => b.score >= s.minScore && Math.min(b.w * sx, b.h * sy) < s.smallFacePx);
  const candidates = found.filter((b) => b.score >= s.candidateScore && b.score < s.sureScore && !small.includes(b));
  let regions = [...small.map((b) => ({ b, k: s.seedMargin })), ...candidates.map((b) => ({ b, k: s.candidateMargin }))].map(({ b, k }) => {
    const m = k * Math.max(b.w, b.h);
    return clampRect({ x: b.x - m, y: b.y - m, w: b.w + 2 * m, h: b.h + 2 * m }, width, height);
  });
  // Greedy merge: two regions become one when their union is not much larger than the two apart.
  for (let merged = true; merged; ) {
    merged = false;
    outer: for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const a = regions[i]!;
        const b = regions[j]!;
        const u = union(a, b);
        if (u.w * u.h <= 1.25 * (a.w * a.h + b.w * b.h)) {
          regions = regions.filter((_, k) => k !== i && k !== j);
          regions.push(u);
          merged = true;
          break outer;
        }
      }
    }
  }
  return regions;
}

export function planSecondPass(first: PassPlan, found: ScoredRect[], width: number, height: number, s: DetectionSettings = DEFAULT_DETECTION): PassPlan[] {
  const regions = secondLookRegions(first, found, width, height, s)
    .map((r) => snap(r, width, height))
    .filter((r) => r.w >= 8 && r.h >= 8);
  if (regions.length === 0) return [];
  const firstScale = Math.sqrt((first.inputW * first.inputH) / (width * height));
  const budget = s.secondPassBudget * s.firstPassArea;
  const scaleFor = (rs: Rect[]) => Math.min(s.zoom * firstScale, s.maxUpscale, Math.sqrt(budget / rs.reduce((sum, r) => sum + r.w * r.h, 0)));
  const plansFor = (rs: Rect[], round: (v: number) => number) => {
    const scale = scaleFor(rs);
    return rs.map((region) => ({ region, inputW: round(region.w * scale), inputH: round(region.h * scale) }));
  };
  const cost = (plans: PassPlan[]) => plans.reduce((sum, p) => sum + p.inputW * p.inputH, 0);
  // Rounding to the network's 32-pixel grid must not break the budget: round down if it would, and when many
  // small regions would each pay the minimum input, look at their union once instead.
  let plans = plansFor(regions, roundInput);
  if (cost(plans) > budget) plans = plansFor(regions, roundInputDown);
  if (cost(plans) > budget) plans = plansFor([regions.reduce(union)], roundInputDown);
  return plans;
}

/** Boxes from a pass that touch a cut edge of its region (not the photo's edge) are partial faces: drop them. */
export function dropCutAtRegionEdge(plan: PassPlan, boxes: ScoredRect[], width: number, height: number): ScoredRect[] {
  const { region } = plan;
  const tol = 2 / Math.min(passScale(plan).sx, passScale(plan).sy);
  return boxes.filter(
    (b) =>
      !(
        (region.x > 0 && b.x < region.x + tol) ||
        (region.y > 0 && b.y < region.y + tol) ||
        (region.x + region.w < width && b.x + b.w > region.x + region.w - tol) ||
        (region.y + region.h < height && b.y + b.h > region.y + region.h - tol)
      ),
  );
}

/** Final faces: every pass's boxes above minScore, one box per face, clamped to the photo. */
export function mergeFaces(boxes: ScoredRect[], width: number, height: number, s: DetectionSettings = DEFAULT_DETECTION): ScoredRect[] {
  const confident = boxes.filter((b) => b.score >= s.minScore);
  return nonMaxSuppression(confident, 0.3, 0.7)
    .map((b) => ({ ...clampRect(b, width, height), score: b.score }))
    .filter((b) => b.w > 1 && b.h > 1)
    .sort((a, b) => a.y - b.y || a.x - b.x);
}
