import { describe, expect, it } from 'vitest';
import type { Box } from '../../../src/enrol/portrait';
import { DEFAULT_BLUR_THRESHOLD } from '../../../src/options/blur';
import { uniqueNames } from '../../../src/options/portrait-file';
import { MIN_PORTRAITS, assessPortrait, planEnrolment, type PortraitResult } from '../../../src/options/portraits';
import { axis } from './helpers';

const SHARP = () => 100;
const face = (box: Box, descriptor?: number[]) => ({ box, ...(descriptor ? { descriptor } : {}) });
const photo = (...faces: ReturnType<typeof face>[]) => ({ width: 1000, height: 800, faces });

describe('assessPortrait', () => {
  it('accepts one large, sharp face away from the border, keeping only its descriptor', () => {
    const measured: Box[] = [];
    const result = assessPortrait('a.jpg', photo(face([400, 300, 200, 250], axis(3, 0.5))), (box) => {
      measured.push(box);
      return 42;
    });
    expect(result).toEqual({ name: 'a.jpg', ok: true, descriptor: axis(3, 0.5), sharpness: 42 });
    expect(measured).toEqual([[400, 300, 200, 250]]);
  });

  it('rejects with the engine rules first (no face, several, small, border), before measuring blur', () => {
    const never = () => {
      throw new Error('not measured');
    };
    expect(assessPortrait('x', photo(), never)).toMatchObject({ ok: false, problem: 'no_face' });
    expect(assessPortrait('x', photo(face([100, 100, 200, 250]), face([600, 300, 200, 250])), never)).toMatchObject({ ok: false, problem: 'several_faces' });
    expect(assessPortrait('x', photo(face([400, 300, 40, 40])), never)).toMatchObject({ ok: false, problem: 'too_small' });
    expect(assessPortrait('x', photo(face([0, 300, 200, 250])), never)).toMatchObject({ ok: false, problem: 'at_border' });
  });

  it('rejects a blurred face, and a face without descriptor', () => {
    expect(assessPortrait('x', photo(face([400, 300, 200, 250], axis(0))), () => DEFAULT_BLUR_THRESHOLD - 1)).toMatchObject({ ok: false, problem: 'blurred' });
    expect(assessPortrait('x', photo(face([400, 300, 200, 250], axis(0))), () => 8, { blurThreshold: 5 })).toMatchObject({ ok: true });
    expect(assessPortrait('x', photo(face([400, 300, 200, 250])), SHARP)).toMatchObject({ ok: false, problem: 'no_descriptor' });
  });
});

const ok = (name: string, descriptor: number[]): PortraitResult => ({ name, ok: true, descriptor, sharpness: 50 });
const bad = (name: string): PortraitResult => ({ name, ok: false, problem: 'blurred', detail: '' });

describe('planEnrolment', () => {
  it('stores two or three portraits that agree', () => {
    const plan = planEnrolment([ok('a', axis(0, 0.1)), ok('b', axis(1, 0.1)), ok('c', axis(2, 0.1))]);
    expect(plan.enough).toBe(true);
    expect(plan.descriptors).toEqual([axis(0, 0.1), axis(1, 0.1), axis(2, 0.1)]);
    expect(plan.results.every((r) => r.ok)).toBe(true);
  });

  it(`stores nothing with fewer than ${MIN_PORTRAITS} usable portraits`, () => {
    const plan = planEnrolment([ok('a', axis(0, 0.1)), bad('b')]);
    expect(plan).toEqual({ enough: false, descriptors: [], results: [ok('a', axis(0, 0.1)), bad('b')] });
  });

  it('drops an outlier and explains it, and refuses two portraits that disagree', () => {
    const outlier = planEnrolment([ok('a', axis(0, 0.1)), ok('b', axis(1, 0.1)), ok('far', axis(2, 5))]);
    expect(outlier.enough).toBe(true);
    expect(outlier.descriptors).toHaveLength(2);
    expect(outlier.results[2]).toMatchObject({ name: 'far', ok: false, problem: 'outlier' });
    const two = planEnrolment([ok('a', axis(0, 0.1)), ok('b', axis(1, 5))]);
    expect(two.enough).toBe(false);
    expect(two.results.map((r) => (r.ok ? 'ok' : r.problem))).toEqual(['disagree', 'disagree']);
  });

  it('keeps three and marks the rest as not needed', () => {
    const plan = planEnrolment(['a', 'b', 'c', 'd'].map((n, i) => ok(n, axis(i, 0.1))));
    expect(plan.descriptors).toHaveLength(3);
    expect(plan.results[3]).toMatchObject({ name: 'd', ok: false, problem: 'extra' });
  });
});

describe('uniqueNames', () => {
  it('numbers repeated file names', () => {
    expect(uniqueNames(['a.jpg', 'b.jpg', 'a.jpg', 'a.jpg'])).toEqual(['a.jpg', 'b.jpg', 'a.jpg (2)', 'a.jpg (3)']);
  });
});
