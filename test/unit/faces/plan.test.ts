import { describe, expect, it } from 'vitest';
import type { ScoredRect } from '../../../src/faces/boxes';
import {
  DEFAULT_DETECTION,
  dropCutAtRegionEdge,
  mergeFaces,
  passScale,
  planFirstPass,
  planSecondPass,
  secondLookRegions,
  type DetectionSettings,
  type PassPlan,
} from '../../../src/faces/plan';
import type { Rect } from '../../../src/faces/types';

const D = DEFAULT_DETECTION;
const face = (x: number, y: number, w: number, h: number, score: number): ScoredRect => ({ x, y, w, h, score });
const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

// The settings these tests rely on; if the defaults change, the expected numbers below must be re-derived.
it('default detection settings are the ones the tests below assume', () => {
  expect(D).toEqual({
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
  });
});

describe('planFirstPass', () => {
  const photos: { name: string; w: number; h: number; input: [number, number] }[] = [
    { name: 'square 512 stays 512', w: 512, h: 512, input: [512, 512] },
    { name: 'square 2048 is shrunk to 512', w: 2048, h: 2048, input: [512, 512] },
    // scale √(512²/12e6) = 0.1478: 591.2 → 576, 443.4 → 448
    { name: '4:3 camera photo', w: 4000, h: 3000, input: [576, 448] },
    { name: '3:4 portrait photo', w: 3000, h: 4000, input: [448, 576] },
    // scale 0.2667 · 1920 = 512 → 512; 1080 · 0.2667 = 288
    { name: '16:9 HD frame', w: 1920, h: 1080, input: [672, 384] },
    // small photo: capped at 2×: 400 → 416 (round 12.5 up), 200 → 192
    { name: 'small photo, upscaled at most 2×', w: 200, h: 100, input: [416, 192] },
    { name: 'panorama', w: 10000, h: 500, input: [2304, 128] },
  ];

  it.each(photos)('$name ($w×$h) → $input', ({ w, h, input }) => {
    const plan = planFirstPass(w, h);
    expect(plan.region).toEqual({ x: 0, y: 0, w, h });
    expect([plan.inputW, plan.inputH]).toEqual(input);
  });

  const properties = [...photos, { name: 'odd size', w: 1237, h: 911 }, { name: 'tall strip', w: 300, h: 2400 }, { name: 'phone', w: 3024, h: 4032 }];
  it.each(properties)('$name: dimensions are multiples of 32', ({ w, h }) => {
    const { inputW, inputH } = planFirstPass(w, h);
    expect(inputW % 32).toBe(0);
    expect(inputH % 32).toBe(0);
    expect(inputW).toBeGreaterThanOrEqual(64);
    expect(inputH).toBeGreaterThanOrEqual(64);
  });

  it.each(properties)('$name: aspect ratio kept up to rounding to 32 px', ({ w, h }) => {
    const { inputW, inputH } = planFirstPass(w, h);
    const ideal = Math.min(D.maxUpscale, Math.sqrt(D.firstPassArea / (w * h)));
    expect(Math.abs(inputW - w * ideal)).toBeLessThanOrEqual(16);
    expect(Math.abs(inputH - h * ideal)).toBeLessThanOrEqual(16);
  });

  it.each(properties.filter(({ w, h }) => w * h >= 512 * 512 / 4))('$name: input area ≈ 512² when the photo is large enough', ({ w, h }) => {
    const { inputW, inputH } = planFirstPass(w, h);
    expect(inputW * inputH / (512 * 512)).toBeGreaterThan(0.85);
    expect(inputW * inputH / (512 * 512)).toBeLessThan(1.15);
  });

  it.each([
    { w: 200, h: 100 },
    { w: 100, h: 100 },
    { w: 256, h: 192 },
  ])('$w×$h: upscaled by at most maxUpscale (up to rounding to 32 px)', ({ w, h }) => {
    const { inputW, inputH } = planFirstPass(w, h);
    expect(inputW).toBeLessThanOrEqual(w * D.maxUpscale + 16);
    expect(inputH).toBeLessThanOrEqual(h * D.maxUpscale + 16);
    // and it does upscale: a small photo is worth seeing larger
    expect(inputW).toBeGreaterThan(w);
  });

  it('honours a different maxUpscale', () => {
    const plan = planFirstPass(128, 128, { ...D, maxUpscale: 1 });
    expect([plan.inputW, plan.inputH]).toEqual([128, 128]);
  });

  // By design the network's 64 px minimum input wins over maxUpscale for tiny photos.
  it('a tiny photo gets the minimum 64 px input even if that upscales it past maxUpscale (20×20 → 64×64)', () => {
    expect(planFirstPass(20, 20)).toMatchObject({ inputW: 64, inputH: 64 });
  });
});

// A 4000×3000 photo: first pass 576×448, sx = 0.144, sy ≈ 0.1493. A face is "small" under 40 input px, i.e.
// under ~268 photo pixels wide.
const W = 4000;
const H = 3000;
const first = planFirstPass(W, H);

describe('secondLookRegions', () => {
  it('uses the expected first pass', () => {
    expect([first.inputW, first.inputH]).toEqual([576, 448]);
  });

  const cases: { name: string; found: ScoredRect[]; regions: Rect[] }[] = [
    { name: 'nothing found', found: [], regions: [] },
    { name: 'a large sure face needs no second look', found: [face(1000, 1000, 600, 600, 0.95)], regions: [] },
    { name: 'a large face between minScore and sureScore is a candidate', found: [face(1000, 1000, 400, 400, 0.6)], regions: [{ x: 800, y: 800, w: 800, h: 800 }] },
    { name: 'a large face below candidateScore is ignored', found: [face(1000, 1000, 400, 400, 0.29)], regions: [] },
    { name: 'a large face exactly at sureScore is sure', found: [face(1000, 1000, 400, 400, 0.7)], regions: [] },
    {
      name: 'a small confident face grows by one face size (seedMargin) on every side',
      found: [face(1000, 1000, 200, 200, 0.9)],
      regions: [{ x: 800, y: 800, w: 600, h: 600 }],
    },
    {
      name: 'a small face below minScore is a candidate: grows by half a face size',
      found: [face(1000, 1000, 200, 200, 0.4)],
      regions: [{ x: 900, y: 900, w: 400, h: 400 }],
    },
    {
      name: 'the margin follows the longer side of the face',
      found: [face(1000, 1000, 100, 200, 0.9)],
      regions: [{ x: 800, y: 800, w: 500, h: 600 }],
    },
    {
      name: 'a small face in the corner is clamped to the photo',
      found: [face(50, 100, 200, 200, 0.9)],
      regions: [{ x: 0, y: 0, w: 450, h: 500 }],
    },
    {
      name: 'a small face at the bottom-right is clamped to the photo',
      found: [face(3850, 2900, 150, 100, 0.9)],
      regions: [{ x: 3700, y: 2750, w: 300, h: 250 }],
    },
  ];
  it.each(cases)('$name', ({ found, regions }) => {
    const out = secondLookRegions(first, found, W, H);
    expect(out).toHaveLength(regions.length);
    out.forEach((r, i) => {
      expect(r.x).toBeCloseTo(regions[i]!.x, 6);
      expect(r.y).toBeCloseTo(regions[i]!.y, 6);
      expect(r.w).toBeCloseTo(regions[i]!.w, 6);
      expect(r.h).toBeCloseTo(regions[i]!.h, 6);
    });
  });

  it('a candidate region is smaller than a small confident face region of the same box', () => {
    const [sure] = secondLookRegions(first, [face(1000, 1000, 200, 200, 0.9)], W, H);
    const [candidate] = secondLookRegions(first, [face(1000, 1000, 200, 200, 0.35)], W, H);
    expect(candidate!.w * candidate!.h).toBeLessThan(sure!.w * sure!.h);
  });

  it('two small faces side by side merge into one region covering both', () => {
    const a = face(1000, 1000, 200, 200, 0.9);
    const b = face(1300, 1000, 200, 200, 0.9);
    const out = secondLookRegions(first, [a, b], W, H);
    expect(out).toHaveLength(1);
    expect(out[0]).toEqual({ x: 800, y: 800, w: 900, h: 600 });
    expect(inside(a, out[0]!) && inside(b, out[0]!)).toBe(true);
  });

  it('two small faces far apart keep their own regions', () => {
    const a = face(200, 200, 200, 200, 0.9);
    const b = face(3500, 2500, 200, 200, 0.9);
    const out = secondLookRegions(first, [a, b], W, H);
    expect(out).toHaveLength(2);
    expect(out.some((r) => inside(a, r))).toBe(true);
    expect(out.some((r) => inside(b, r))).toBe(true);
    expect(overlaps(out[0]!, out[1]!)).toBe(false);
  });

  it('a row of small faces merges step by step into one region, while a distant face stays apart', () => {
    const row = [0, 1, 2, 3, 4].map((k) => face(1000 + k * 260, 1200, 200, 200, 0.8));
    const far = face(3600, 200, 150, 150, 0.9);
    const out = secondLookRegions(first, [...row, far], W, H);
    expect(out).toHaveLength(2);
    const rowRegion = out.find((r) => inside(row[0]!, r))!;
    for (const f of row) expect(inside(f, rowRegion)).toBe(true);
    expect(inside(far, rowRegion)).toBe(false);
  });

  it('every seed stays inside some region', () => {
    const found = [face(120, 90, 80, 80, 0.9), face(700, 300, 120, 140, 0.45), face(2400, 1900, 100, 90, 0.55), face(3000, 500, 400, 400, 0.65)];
    const out = secondLookRegions(first, found, W, H);
    for (const f of found) expect(out.some((r) => inside(f, r))).toBe(true);
    for (const r of out) expect(inside(r, { x: 0, y: 0, w: W, h: H })).toBe(true);
  });
});

describe('planSecondPass', () => {
  const firstScale = Math.sqrt((first.inputW * first.inputH) / (W * H));

  it('no seeds, no pass', () => {
    expect(planSecondPass(first, [], W, H)).toEqual([]);
    expect(planSecondPass(first, [face(1000, 1000, 800, 800, 0.99)], W, H)).toEqual([]);
  });

  it('one small face: one pass on its region, at twice the first pass scale', () => {
    const passes = planSecondPass(first, [face(1000, 1000, 200, 200, 0.9)], W, H);
    expect(passes).toHaveLength(1);
    const p = passes[0]!;
    expect(p.region).toEqual({ x: 800, y: 800, w: 600, h: 600 });
    // 600 · 2 · 0.1466 = 175.9 → 160 or 192
    const { sx, sy } = passScale(p);
    expect(sx).toBeGreaterThan(2 * firstScale * 0.9);
    expect(sx).toBeLessThanOrEqual(2 * firstScale + 16 / 600);
    expect(sy).toBeLessThanOrEqual(2 * firstScale + 16 / 600);
    expect(p.inputW % 32).toBe(0);
    expect(p.inputH % 32).toBe(0);
  });

  it('regions are snapped to integer pixels inside the photo', () => {
    const passes = planSecondPass(first, [face(10.4, 20.6, 150.3, 149.9, 0.9), face(3850.5, 2890.2, 140, 100.7, 0.9)], W, H);
    expect(passes.length).toBe(2);
    for (const p of passes) {
      for (const v of [p.region.x, p.region.y, p.region.w, p.region.h]) expect(Number.isInteger(v)).toBe(true);
      expect(inside(p.region, { x: 0, y: 0, w: W, h: H })).toBe(true);
    }
    // the snapped region still contains the face
    expect(passes.some((p) => inside(face(10.4, 20.6, 150.3, 149.9, 0.9), p.region))).toBe(true);
  });

  // Many small faces spread over the photo: the zoom must give way to the budget.
  const grid = (n: number, size: number) => {
    const out: ScoredRect[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.push(face(150 + (j * (W - 300)) / n, 150 + (i * (H - 300)) / n, size, size, 0.9));
    return out;
  };
  const lattice: ScoredRect[] = [];
  for (let i = 0; i < 8; i++) for (let j = 0; j < 10; j++) lattice.push(face(150 + j * 370, 150 + i * 350, 60, 60, 0.9));
  const budgetCases: { name: string; photo: [number, number]; found: ScoredRect[]; settings?: DetectionSettings }[] = [
    { name: 'one small face', photo: [W, H], found: [face(1000, 1000, 200, 200, 0.9)] },
    { name: '3×3 grid of small faces', photo: [W, H], found: grid(3, 200) },
    { name: '5×5 grid of small faces', photo: [W, H], found: grid(5, 180) },
    { name: '8×8 grid of tiny faces', photo: [W, H], found: grid(8, 60) },
    { name: 'candidates everywhere', photo: [W, H], found: grid(6, 300).map((f) => ({ ...f, score: 0.4 })) },
    { name: 'half budget', photo: [W, H], found: grid(4, 200), settings: { ...D, secondPassBudget: 0.5 } },
    { name: 'small photo with several faces', photo: [640, 480], found: [face(50, 50, 40, 40, 0.9), face(500, 380, 50, 50, 0.9), face(300, 200, 30, 30, 0.4)] },
  ];

  it.each(budgetCases)('$name: zoom never exceeds 2× the first pass scale (up to rounding)', ({ photo: [w, h], found, settings }) => {
    const s = settings ?? D;
    const fp = planFirstPass(w, h, s);
    const fs = Math.sqrt((fp.inputW * fp.inputH) / (w * h));
    const passes = planSecondPass(fp, found, w, h, s);
    expect(passes.length).toBeGreaterThan(0);
    for (const p of passes) {
      // rounding to 32 px may add at most 16 px per side
      expect(p.inputW).toBeLessThanOrEqual(p.region.w * s.zoom * fs + 16);
      expect(p.inputH).toBeLessThanOrEqual(p.region.h * s.zoom * fs + 16);
    }
  });

  const totalInput = ({ photo: [w, h], found, settings }: (typeof budgetCases)[number]) => {
    const s = settings ?? D;
    const passes = planSecondPass(planFirstPass(w, h, s), found, w, h, s);
    return { total: passes.reduce((sum, p) => sum + p.inputW * p.inputH, 0), budget: s.secondPassBudget * s.firstPassArea, passes };
  };
  // These used to overrun after rounding to the 32 px grid (3×3 grid: 272,384 > 262,144; 4×4 grid at half budget:
  // 147,456 > 131,072; the lattice: 80 passes at the 64 px floor = 327,680 > 262,144).
  const allCases: (typeof budgetCases)[number][] = [
    ...budgetCases,
    { name: '8×10 lattice of 60 px faces (each region hits the 64 px floor)', photo: [W, H], found: lattice },
  ];
  it.each(allCases)('$name: total second-pass input area stays within secondPassBudget × firstPassArea', (c) => {
    const { total, budget } = totalInput(c);
    expect(total).toBeLessThanOrEqual(budget);
  });
  it('many small regions that would each pay the 64 px minimum are looked at once, as their union', () => {
    const { passes } = totalInput(allCases[allCases.length - 1]!);
    expect(passes).toHaveLength(1);
    expect(passes[0]!.region.w * passes[0]!.region.h).toBeGreaterThan(0.5 * W * H);
  });
});

describe('dropCutAtRegionEdge', () => {
  // An interior region of a 4000×3000 photo, examined at 0.5 input px per photo px: tolerance 4 photo px.
  const interior: PassPlan = { region: { x: 1000, y: 1000, w: 800, h: 600 }, inputW: 400, inputH: 300 };
  // A region in the photo's top-left corner: its top and left edges are the photo's.
  const corner: PassPlan = { region: { x: 0, y: 0, w: 800, h: 600 }, inputW: 400, inputH: 300 };
  // A region at the photo's bottom-right corner.
  const bottomRight: PassPlan = { region: { x: 3200, y: 2400, w: 800, h: 600 }, inputW: 400, inputH: 300 };

  const cases: { name: string; plan: PassPlan; box: ScoredRect; kept: boolean }[] = [
    { name: 'well inside an interior region', plan: interior, box: face(1300, 1200, 100, 100, 0.9), kept: true },
    { name: 'touching the left cut', plan: interior, box: face(1000, 1200, 100, 100, 0.9), kept: false },
    { name: 'within tolerance of the left cut', plan: interior, box: face(1003, 1200, 100, 100, 0.9), kept: false },
    { name: 'just beyond tolerance of the left cut', plan: interior, box: face(1005, 1200, 100, 100, 0.9), kept: true },
    { name: 'touching the top cut', plan: interior, box: face(1300, 1000, 100, 100, 0.9), kept: false },
    { name: 'touching the right cut', plan: interior, box: face(1700, 1200, 100, 100, 0.9), kept: false },
    { name: 'touching the bottom cut', plan: interior, box: face(1300, 1500, 100, 100, 0.9), kept: false },
    { name: 'at the photo\'s left edge (corner region)', plan: corner, box: face(0, 200, 100, 100, 0.9), kept: true },
    { name: 'at the photo\'s top edge (corner region)', plan: corner, box: face(200, 0, 100, 100, 0.9), kept: true },
    { name: 'at the photo\'s top-left corner', plan: corner, box: face(0, 0, 100, 100, 0.9), kept: true },
    { name: 'at the corner region\'s right cut', plan: corner, box: face(700, 200, 100, 100, 0.9), kept: false },
    { name: 'at the corner region\'s bottom cut', plan: corner, box: face(200, 500, 100, 100, 0.9), kept: false },
    { name: 'at the photo\'s right edge', plan: bottomRight, box: face(3900, 2600, 100, 100, 0.9), kept: true },
    { name: 'at the photo\'s bottom edge', plan: bottomRight, box: face(3500, 2900, 100, 100, 0.9), kept: true },
    { name: 'at the bottom-right region\'s left cut', plan: bottomRight, box: face(3200, 2600, 100, 100, 0.9), kept: false },
  ];
  it.each(cases)('$name → kept: $kept', ({ plan, box, kept }) => {
    expect(dropCutAtRegionEdge(plan, [box], W, H)).toEqual(kept ? [box] : []);
  });

  it('the whole photo as region drops nothing', () => {
    const boxes = [face(0, 0, 100, 100, 0.9), face(3900, 2900, 100, 100, 0.9)];
    expect(dropCutAtRegionEdge(first, boxes, W, H)).toEqual(boxes);
  });
});

describe('mergeFaces', () => {
  it('drops boxes under minScore', () => {
    const out = mergeFaces([face(10, 10, 50, 50, 0.49), face(200, 10, 50, 50, 0.5)], 1000, 1000);
    expect(out.map((b) => b.score)).toEqual([0.5]);
  });

  it('keeps one box per face: the same face from two passes (slightly shifted) becomes one, the higher score', () => {
    const out = mergeFaces([face(100, 100, 80, 80, 0.7), face(104, 98, 82, 80, 0.9)], 1000, 1000);
    expect(out).toEqual([face(104, 98, 82, 80, 0.9)]);
  });

  it('keeps one box per face: a tight box inside a loose box of the same face', () => {
    const out = mergeFaces([face(100, 100, 120, 120, 0.8), face(120, 120, 70, 70, 0.75)], 1000, 1000);
    expect(out).toHaveLength(1);
    expect(out[0]!.score).toBe(0.8);
  });

  it('keeps two neighbouring faces', () => {
    const out = mergeFaces([face(100, 100, 80, 80, 0.8), face(190, 100, 80, 80, 0.8)], 1000, 1000);
    expect(out).toHaveLength(2);
  });

  it('clamps to the photo', () => {
    const out = mergeFaces([face(-10, -20, 100, 100, 0.9), face(950, 960, 100, 100, 0.8)], 1000, 1000);
    expect(out).toEqual([face(0, 0, 90, 80, 0.9), face(950, 960, 50, 40, 0.8)]);
  });

  it('drops a box that lies (almost) entirely outside the photo', () => {
    expect(mergeFaces([face(1000.5, 10, 40, 40, 0.9)], 1000, 1000)).toEqual([]);
  });

  it('sorts top to bottom, then left to right', () => {
    const input = [face(500, 600, 50, 50, 0.9), face(100, 100, 50, 50, 0.6), face(700, 100, 50, 50, 0.95), face(300, 300, 50, 50, 0.8)];
    const out = mergeFaces(input, 1000, 1000);
    expect(out.map((b) => [b.x, b.y])).toEqual([
      [100, 100],
      [700, 100],
      [300, 300],
      [500, 600],
    ]);
  });

  it('respects a custom minScore', () => {
    const out = mergeFaces([face(10, 10, 50, 50, 0.55), face(200, 10, 50, 50, 0.65)], 1000, 1000, { ...D, minScore: 0.6 });
    expect(out.map((b) => b.score)).toEqual([0.65]);
  });
});
