import { describe, expect, it } from 'vitest';
import { area, clampRect, containment, decodeBoxes, intersection, iou, nonMaxSuppression, union, type ScoredRect } from '../../../src/faces/boxes';
import type { Rect } from '../../../src/faces/types';

const r = (x: number, y: number, w: number, h: number): Rect => ({ x, y, w, h });
const s = (x: number, y: number, w: number, h: number, score: number, id = ''): ScoredRect & { id: string } => ({ x, y, w, h, score, id });

describe('area / intersection', () => {
  it.each([
    { name: 'plain', a: r(0, 0, 10, 4), area: 40 },
    { name: 'negative width counts as empty', a: r(0, 0, -3, 4), area: 0 },
    { name: 'zero height', a: r(5, 5, 10, 0), area: 0 },
  ])('area: $name', ({ a, area: expected }) => {
    expect(area(a)).toBe(expected);
  });

  it.each([
    { name: 'overlapping corner', a: r(0, 0, 10, 10), b: r(5, 5, 10, 10), i: 25 },
    { name: 'touching edges', a: r(0, 0, 10, 10), b: r(10, 0, 10, 10), i: 0 },
    { name: 'disjoint', a: r(0, 0, 10, 10), b: r(50, 50, 10, 10), i: 0 },
    { name: 'nested', a: r(0, 0, 10, 10), b: r(2, 3, 4, 5), i: 20 },
    { name: 'cross shape', a: r(0, 4, 20, 2), b: r(9, 0, 2, 20), i: 4 },
  ])('intersection: $name', ({ a, b, i }) => {
    expect(intersection(a, b)).toBe(i);
    expect(intersection(b, a)).toBe(i);
  });
});

describe('iou', () => {
  it.each([
    { name: 'identical', a: r(3, 4, 10, 20), b: r(3, 4, 10, 20), iou: 1 },
    { name: 'disjoint', a: r(0, 0, 10, 10), b: r(20, 20, 10, 10), iou: 0 },
    { name: 'touching', a: r(0, 0, 10, 10), b: r(10, 0, 10, 10), iou: 0 },
    // 25 / (100 + 100 - 25)
    { name: 'quarter overlap', a: r(0, 0, 10, 10), b: r(5, 5, 10, 10), iou: 25 / 175 },
    // half shifted: 50 / 150
    { name: 'half shifted', a: r(0, 0, 10, 10), b: r(5, 0, 10, 10), iou: 1 / 3 },
    // small inside big: 4 / 100
    { name: 'nested', a: r(0, 0, 10, 10), b: r(1, 1, 2, 2), iou: 0.04 },
  ])('$name', ({ a, b, iou: expected }) => {
    expect(iou(a, b)).toBeCloseTo(expected, 12);
    expect(iou(b, a)).toBeCloseTo(expected, 12);
  });
});

describe('containment', () => {
  it.each([
    { name: 'small fully inside big', a: r(0, 0, 100, 100), b: r(10, 10, 20, 20), c: 1 },
    { name: 'identical', a: r(0, 0, 10, 10), b: r(0, 0, 10, 10), c: 1 },
    { name: 'disjoint', a: r(0, 0, 10, 10), b: r(30, 0, 10, 10), c: 0 },
    // overlap 5×10 = 50 of the smaller box's 100
    { name: 'half of the smaller box', a: r(0, 0, 40, 40), b: r(35, 0, 10, 10), c: 0.5 },
    // equal boxes overlapping by 25: 25 / 100
    { name: 'quarter of equal boxes', a: r(0, 0, 10, 10), b: r(5, 5, 10, 10), c: 0.25 },
  ])('$name', ({ a, b, c }) => {
    expect(containment(a, b)).toBeCloseTo(c, 12);
    expect(containment(b, a)).toBeCloseTo(c, 12);
  });
});

describe('nonMaxSuppression', () => {
  const ids = (boxes: { id: string }[]) => boxes.map((b) => b.id);
  const cases: { name: string; boxes: ReturnType<typeof s>[]; iou: number; contain?: number; kept: string[] }[] = [
    { name: 'empty input', boxes: [], iou: 0.3, kept: [] },
    { name: 'a single box survives', boxes: [s(0, 0, 10, 10, 0.4, 'a')], iou: 0.3, kept: ['a'] },
    {
      name: 'keeps the highest of two heavy overlaps, whatever the input order',
      boxes: [s(1, 0, 10, 10, 0.6, 'low'), s(0, 0, 10, 10, 0.9, 'high')],
      iou: 0.3,
      kept: ['high'],
    },
    {
      name: 'keeps disjoint boxes, sorted by score',
      boxes: [s(0, 0, 10, 10, 0.5, 'a'), s(100, 0, 10, 10, 0.8, 'b'), s(0, 100, 10, 10, 0.7, 'c')],
      iou: 0.3,
      kept: ['b', 'c', 'a'],
    },
    {
      name: 'an overlap below the IoU threshold is kept',
      // IoU 1/3 with threshold 0.5
      boxes: [s(0, 0, 10, 10, 0.9, 'a'), s(5, 0, 10, 10, 0.8, 'b')],
      iou: 0.5,
      kept: ['a', 'b'],
    },
    {
      name: 'the same overlap above a lower IoU threshold is dropped',
      boxes: [s(0, 0, 10, 10, 0.9, 'a'), s(5, 0, 10, 10, 0.8, 'b')],
      iou: 0.3,
      kept: ['a'],
    },
    {
      name: 'a box dropped by a kept box does not suppress a third one',
      // b overlaps a (dropped); c overlaps b but not a: c stays.
      boxes: [s(0, 0, 10, 10, 0.9, 'a'), s(4, 0, 10, 10, 0.8, 'b'), s(12, 0, 10, 10, 0.7, 'c')],
      iou: 0.3,
      kept: ['a', 'c'],
    },
    {
      name: 'a box inside another (low IoU) survives without a containment threshold',
      boxes: [s(0, 0, 100, 100, 0.9, 'big'), s(10, 10, 30, 30, 0.8, 'inside')],
      iou: 0.3,
      kept: ['big', 'inside'],
    },
    {
      name: 'a box mostly inside another is dropped with a containment threshold',
      boxes: [s(0, 0, 100, 100, 0.9, 'big'), s(10, 10, 30, 30, 0.8, 'inside')],
      iou: 0.3,
      contain: 0.7,
      kept: ['big'],
    },
    {
      name: 'the containment rule also drops a big box around a higher-scoring small one',
      boxes: [s(0, 0, 100, 100, 0.6, 'big'), s(10, 10, 30, 30, 0.8, 'inside')],
      iou: 0.3,
      contain: 0.7,
      kept: ['inside'],
    },
    {
      name: 'a partly contained box below the containment threshold is kept',
      // small box 20×20 with half of it inside: containment 0.5, IoU 200 / 10200
      boxes: [s(0, 0, 100, 100, 0.9, 'big'), s(90, 10, 20, 20, 0.8, 'half')],
      iou: 0.3,
      contain: 0.7,
      kept: ['big', 'half'],
    },
  ];
  it.each(cases)('$name', ({ boxes, iou: t, contain, kept }) => {
    const out = contain === undefined ? nonMaxSuppression(boxes, t) : nonMaxSuppression(boxes, t, contain);
    expect(ids(out)).toEqual(kept);
  });

  it('does not reorder or mutate its input', () => {
    const boxes = [s(0, 0, 10, 10, 0.2, 'a'), s(50, 0, 10, 10, 0.9, 'b')];
    const copy = boxes.map((b) => ({ ...b }));
    nonMaxSuppression(boxes, 0.3);
    expect(boxes).toEqual(copy);
  });
});

describe('decodeBoxes', () => {
  // anchors as [cy, cx, h, w]
  const anchors = new Float32Array([100, 200, 40, 20, 50, 60, 10, 30]);

  it('a zero encoding returns the anchor itself', () => {
    const out = decodeBoxes([0, 0, 0, 0, 0, 0, 0, 0], [0.9, 0.8], anchors, 0.5);
    expect(out).toHaveLength(2);
    expect(out[0]!).toEqual({ x: 190, y: 80, w: 20, h: 40, score: 0.9 });
    expect(out[1]!).toEqual({ x: 45, y: 45, w: 30, h: 10, score: expect.closeTo(0.8, 6) });
  });

  const cases: { name: string; enc: [number, number, number, number]; box: Rect }[] = [
    // ty = 10 → cy moves by one anchor height (40): cy 140
    { name: 'ty = 10 moves the centre down by one anchor height', enc: [10, 0, 0, 0], box: r(190, 120, 20, 40) },
    // tx = -10 → cx moves left by one anchor width (20): cx 180
    { name: 'tx = -10 moves the centre left by one anchor width', enc: [0, -10, 0, 0], box: r(170, 80, 20, 40) },
    // th = 5 → h = e · 40, centred on cy 100
    { name: 'th = 5 scales the height by e', enc: [0, 0, 5, 0], box: r(190, 100 - 20 * Math.E, 20, 40 * Math.E) },
    // tw = -5 ln 2 → w = 10
    { name: 'tw = -5 ln 2 halves the width', enc: [0, 0, 0, -5 * Math.LN2], box: r(195, 80, 10, 40) },
    // combined: cy = 100 + 0.5·40 = 120, cx = 200 + 1·20 = 220, h = 2·40, w = 20
    { name: 'combined shift and scale', enc: [5, 10, 5 * Math.LN2, 0], box: r(210, 80, 20, 80) },
  ];
  it.each(cases)('$name', ({ enc, box }) => {
    const out = decodeBoxes([...enc, 0, 0, 0, 0], [0.9, 0], anchors, 0.5);
    expect(out).toHaveLength(1);
    const b = out[0]!;
    expect(b.x).toBeCloseTo(box.x, 4);
    expect(b.y).toBeCloseTo(box.y, 4);
    expect(b.w).toBeCloseTo(box.w, 4);
    expect(b.h).toBeCloseTo(box.h, 4);
  });

  it.each([
    { name: 'below minScore is dropped', scores: [0.49, 0.2], kept: [] as number[] },
    { name: 'exactly minScore is kept', scores: [0.5, 0.2], kept: [0.5] },
    { name: 'only the second passes', scores: [0.1, 0.95], kept: [0.95] },
    { name: 'NaN scores are dropped', scores: [NaN, 0.6], kept: [0.6] },
  ])('score filter: $name', ({ scores, kept }) => {
    const out = decodeBoxes(new Float32Array(8), scores, anchors, 0.5);
    expect(out.map((b) => b.score)).toEqual(kept);
  });

  it('uses the anchor of the same index as the score', () => {
    const out = decodeBoxes(new Float32Array(8), [0, 0.7], anchors, 0.5);
    expect(out).toEqual([{ x: 45, y: 45, w: 30, h: 10, score: 0.7 }]);
  });
});

describe('clampRect', () => {
  it.each([
    { name: 'inside stays', in: r(10, 10, 20, 20), out: r(10, 10, 20, 20) },
    { name: 'past the top-left corner', in: r(-5, -10, 20, 30), out: r(0, 0, 15, 20) },
    { name: 'past the bottom-right corner', in: r(90, 40, 20, 30), out: r(90, 40, 10, 10) },
    { name: 'larger than the photo on every side', in: r(-10, -10, 200, 200), out: r(0, 0, 100, 50) },
    { name: 'entirely outside to the right', in: r(150, 10, 20, 20), out: r(150, 10, 0, 20) },
    { name: 'entirely above', in: r(10, -40, 20, 20), out: r(10, 0, 20, 0) },
  ])('$name (photo 100×50)', ({ in: input, out }) => {
    expect(clampRect(input, 100, 50)).toEqual(out);
  });
});

describe('union', () => {
  it.each([
    { name: 'disjoint', a: r(0, 0, 10, 10), b: r(20, 30, 5, 5), u: r(0, 0, 25, 35) },
    { name: 'nested', a: r(0, 0, 100, 100), b: r(10, 10, 5, 5), u: r(0, 0, 100, 100) },
    { name: 'overlapping', a: r(5, 5, 10, 10), b: r(0, 8, 10, 20), u: r(0, 5, 15, 23) },
    { name: 'negative coordinates', a: r(-5, -5, 10, 10), b: r(0, 0, 10, 10), u: r(-5, -5, 15, 15) },
  ])('$name', ({ a, b, u }) => {
    expect(union(a, b)).toEqual(u);
    expect(union(b, a)).toEqual(u);
  });
});
