import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PORTRAIT_RULES,
  checkPortrait,
  lookAlikes,
  selectReferences,
  type Box,
  type Candidate,
  type PortraitProblem,
} from '../../../src/enrol/portrait';
import { descriptorDistance } from '../../../src/policy/match';

it('default portrait rules are the ones the tests below assume', () => {
  expect(DEFAULT_PORTRAIT_RULES).toEqual({ minFacePx: 64, edgeMargin: 0.05, maxSpread: 0.6, maxReferences: 3 });
});

describe('checkPortrait', () => {
  // Photo 1000×800. A 200×250 face needs 0.05 · 250 = 12.5 px free on every side.
  const photo = (...boxes: Box[]) => ({ width: 1000, height: 800, faces: boxes.map((box) => ({ box })) });
  const cases: { name: string; faces: Box[]; problem: PortraitProblem | null; message?: RegExp }[] = [
    { name: 'one well-placed face', faces: [[400, 300, 200, 250]], problem: null },
    { name: 'no face', faces: [], problem: 'no_face', message: /no face/ },
    { name: 'two faces', faces: [[100, 100, 200, 250], [600, 300, 200, 250]], problem: 'several_faces', message: /^2 faces/ },
    { name: 'three faces', faces: [[10, 10, 80, 80], [300, 300, 80, 80], [600, 300, 80, 80]], problem: 'several_faces', message: /^3 faces/ },
    { name: 'face 60 px wide', faces: [[400, 300, 60, 100]], problem: 'too_small', message: /60 px.*64 px/ },
    { name: 'face 63.6 px high (rounds to 64 in the message, still too small)', faces: [[400, 300, 100, 63.6]], problem: 'too_small', message: /64 px/ },
    { name: 'face exactly 64 px', faces: [[400, 300, 64, 64]], problem: null },
    { name: 'at the left border', faces: [[10, 300, 200, 250]], problem: 'at_border', message: /edge/ },
    { name: 'at the top border', faces: [[400, 0, 200, 250]], problem: 'at_border', message: /edge/ },
    { name: 'at the right border', faces: [[790, 300, 200, 250]], problem: 'at_border', message: /edge/ },
    { name: 'at the bottom border', faces: [[400, 540, 200, 250]], problem: 'at_border', message: /edge/ },
    { name: 'past the right border', faces: [[900, 300, 200, 250]], problem: 'at_border' },
    { name: 'exactly the margin from the left and top', faces: [[12.5, 12.5, 200, 250]], problem: null },
    { name: 'exactly the margin from the right and bottom', faces: [[787.5, 537.5, 200, 250]], problem: null },
    { name: 'small and at the border: size is reported first', faces: [[0, 0, 40, 40]], problem: 'too_small' },
  ];
  it.each(cases)('$name', ({ faces, problem, message }) => {
    const result = checkPortrait(photo(...faces));
    if (problem === null) {
      expect(result).toEqual({ ok: true, faceIndex: 0 });
    } else {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problem).toBe(problem);
      expect(result.message.length).toBeGreaterThan(0);
      if (message) expect(result.message).toMatch(message);
    }
  });

  it('follows custom rules', () => {
    const rules = { ...DEFAULT_PORTRAIT_RULES, minFacePx: 100, edgeMargin: 0.5 };
    expect(checkPortrait(photo([400, 300, 90, 90]), rules)).toMatchObject({ ok: false, problem: 'too_small' });
    // needs 100 px free: 90 px on the left is not enough
    expect(checkPortrait(photo([90, 300, 200, 200]), rules)).toMatchObject({ ok: false, problem: 'at_border' });
    expect(checkPortrait(photo([100, 300, 200, 200]), rules)).toEqual({ ok: true, faceIndex: 0 });
  });
});

describe('selectReferences', () => {
  /** A 128-d descriptor: `base` plus `d` along axis `axis` (distances between these are exact). */
  const vec = (axis: number, d: number, base = 0): number[] => {
    const v = new Array<number>(128).fill(base);
    v[axis] = base + d;
    return v;
  };
  const c = (name: string, descriptor: number[]): Candidate => ({ name, descriptor });

  it('euclidean distance between the test vectors', () => {
    expect(descriptorDistance(vec(0, 0.3), vec(1, 0.4))).toBeCloseTo(0.5, 12);
    expect(descriptorDistance(vec(5, 1), vec(5, 1))).toBe(0);
  });

  const cases: { name: string; candidates: Candidate[]; kept: string[]; rejected: string[]; message?: RegExp }[] = [
    { name: 'no portraits', candidates: [], kept: [], rejected: [] },
    { name: 'a single portrait is kept', candidates: [c('a', vec(0, 0))], kept: ['a'], rejected: [] },
    { name: 'two consistent portraits', candidates: [c('a', vec(0, 0)), c('b', vec(0, 0.3))], kept: ['a', 'b'], rejected: [] },
    {
      name: 'three consistent portraits are all kept',
      candidates: [c('a', vec(0, 0)), c('b', vec(0, 0.3)), c('c', vec(1, 0.4))],
      kept: ['a', 'b', 'c'],
      rejected: [],
    },
    {
      name: 'one outlier among three is dropped',
      candidates: [c('a', vec(0, 0)), c('sibling', vec(2, 1.5)), c('c', vec(1, 0.3))],
      kept: ['a', 'c'],
      rejected: ['sibling'],
      message: /other portraits/,
    },
    {
      name: 'two disagreeing portraits are both dropped',
      candidates: [c('a', vec(0, 0)), c('b', vec(0, 1))],
      kept: [],
      rejected: ['a', 'b'],
      message: /disagree \(distance 1\.00\)/,
    },
    {
      name: 'three mutually far portraits are all dropped',
      candidates: [c('a', vec(0, 1)), c('b', vec(1, 1)), c('c', vec(2, 1))],
      kept: [],
      rejected: ['a', 'b', 'c'],
    },
    {
      name: 'a chain (a–b close, b–c close, a–c far) has no outlier',
      candidates: [c('a', vec(0, 0)), c('b', vec(0, 0.5)), c('c', vec(0, 1.0))],
      kept: ['a', 'b', 'c'],
      rejected: [],
    },
    {
      name: 'a distance of exactly maxSpread still agrees',
      candidates: [c('a', vec(0, 0)), c('b', vec(0, 0.6))],
      kept: ['a', 'b'],
      rejected: [],
    },
    {
      name: 'more than maxReferences: the extras are rejected as not needed',
      candidates: [c('a', vec(0, 0)), c('b', vec(0, 0.1)), c('c', vec(0, 0.2)), c('d', vec(0, 0.3)), c('e', vec(0, 0.4))],
      kept: ['a', 'b', 'c'],
      rejected: ['d', 'e'],
      message: /not needed: 3 portraits are enough/,
    },
  ];
  it.each(cases)('$name', ({ candidates, kept, rejected, message }) => {
    const result = selectReferences(candidates);
    expect(result.kept.map((k) => k.name)).toEqual(kept);
    expect(result.rejected.map((r) => r.name).sort()).toEqual([...rejected].sort());
    for (const r of result.rejected) {
      expect(r.message.length).toBeGreaterThan(0);
      if (message) expect(r.message).toMatch(message);
    }
    // every candidate is either kept or rejected, never both, never lost
    expect(result.kept.length + result.rejected.length).toBe(candidates.length);
  });

  it('maxSpread from the rules decides agreement', () => {
    const pair = [c('a', vec(0, 0)), c('b', vec(0, 0.5))];
    expect(selectReferences(pair, { ...DEFAULT_PORTRAIT_RULES, maxSpread: 0.4 }).kept).toEqual([]);
    expect(selectReferences(pair, { ...DEFAULT_PORTRAIT_RULES, maxSpread: 0.6 }).kept.map((k) => k.name)).toEqual(['a', 'b']);
  });

  it('maxReferences from the rules limits the pool', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((n, i) => c(n, vec(0, i * 0.05)));
    const result = selectReferences(five, { ...DEFAULT_PORTRAIT_RULES, maxReferences: 5 });
    expect(result.kept.map((k) => k.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(result.rejected).toEqual([]);
  });

  // Outliers are removed before the pool is cut to maxReferences.
  it('an outlier among the first maxReferences is replaced by a consistent extra portrait', () => {
    const candidates = [c('sibling', vec(2, 1.5)), c('a', vec(0, 0)), c('b', vec(0, 0.2)), c('c', vec(0, 0.4))];
    const result = selectReferences(candidates);
    expect(result.kept.map((k) => k.name)).toEqual(['a', 'b', 'c']);
    expect(result.rejected.map((r) => r.name)).toEqual(['sibling']);
  });
});

describe('lookAlikes', () => {
  const vec = (axis: number, d: number): number[] => Object.assign(new Array<number>(128).fill(0), { [axis]: d });
  const p = (id: string, ...refs: number[][]) => ({ id, descriptors: refs });
  it('reports pairs whose closest references are under the limit, with that distance', () => {
    const pupils = [p('twin-a', Array.from(vec(0, 0)), Array.from(vec(3, 2))), p('twin-b', Array.from(vec(0, 0.3))), p('other', Array.from(vec(7, 2))), p('not-enrolled')];
    const pairs = lookAlikes(pupils, 0.45);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ a: 'twin-a', b: 'twin-b' });
    expect(pairs[0]!.distance).toBeCloseTo(0.3, 6);
  });
  it('reports nothing when every pair is at least the limit apart', () => {
    expect(lookAlikes([p('a', Array.from(vec(0, 0))), p('b', Array.from(vec(0, 0.45)))], 0.45)).toEqual([]);
  });
});
