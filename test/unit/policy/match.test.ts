import { describe, expect, it } from 'vitest';
import type { Pupil } from '../../../src/consent/schema';
import {
  DEFAULT_MATCH_SETTINGS,
  SAFE_MAX_THRESHOLD,
  buildGallery,
  checkMatchSettings,
  matchDescriptor,
  type Match,
  type MatchSettings,
} from '../../../src/policy';
import { ZERO, basis, pupil } from './helpers';

// With the zero vector as query, a reference `basis(i, d)` is at distance exactly d (all values below are dyadic,
// so Float32 storage is exact).
const enrolled = (id: string, ...descriptors: number[][]): Pupil => pupil(id, { descriptors });

describe('checkMatchSettings', () => {
  const cases: { name: string; settings: MatchSettings; ok: boolean }[] = [
    { name: 'defaults', settings: { ...DEFAULT_MATCH_SETTINGS }, ok: true },
    { name: 'threshold at the safe maximum', settings: { threshold: SAFE_MAX_THRESHOLD, margin: 0.08 }, ok: true },
    { name: 'threshold 0.55 without opt-in', settings: { threshold: 0.55, margin: 0.08 }, ok: false },
    { name: 'threshold 0.55 with opt-in', settings: { threshold: 0.55, margin: 0.08, allowLooseThreshold: true }, ok: true },
    { name: 'threshold 0.7 with opt-in', settings: { threshold: 0.7, margin: 0.08, allowLooseThreshold: true }, ok: true },
    { name: 'threshold 0.71 even with opt-in', settings: { threshold: 0.71, margin: 0.08, allowLooseThreshold: true }, ok: false },
    { name: 'threshold 0', settings: { threshold: 0, margin: 0.08 }, ok: false },
    { name: 'negative threshold', settings: { threshold: -0.1, margin: 0.08 }, ok: false },
    { name: 'NaN threshold', settings: { threshold: NaN, margin: 0.08 }, ok: false },
    { name: 'Infinity threshold with opt-in', settings: { threshold: Infinity, margin: 0.08, allowLooseThreshold: true }, ok: false },
    { name: 'margin 0', settings: { threshold: 0.45, margin: 0 }, ok: true },
    { name: 'margin 0.5', settings: { threshold: 0.45, margin: 0.5 }, ok: true },
    { name: 'negative margin', settings: { threshold: 0.45, margin: -0.01 }, ok: false },
    { name: 'margin above 0.5', settings: { threshold: 0.45, margin: 0.51 }, ok: false },
    { name: 'NaN margin', settings: { threshold: 0.45, margin: NaN }, ok: false },
    {
      name: 'opt-in that is not literally true',
      settings: { threshold: 0.55, margin: 0.08, allowLooseThreshold: 'yes' as unknown as boolean },
      ok: false,
    },
    { name: 'string threshold', settings: { threshold: '0.4' as unknown as number, margin: 0.08 }, ok: false },
  ];
  it.each(cases)('$name → ok=$ok', ({ settings, ok }) => {
    const result = checkMatchSettings(settings);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
  });

  it('matchDescriptor refuses invalid settings', () => {
    const gallery = buildGallery([enrolled('a', basis(0, 0.25))]);
    expect(() => matchDescriptor(ZERO, gallery, { threshold: 0.55, margin: 0.08 })).toThrow(/threshold/);
    expect(() => matchDescriptor(ZERO, gallery, { threshold: 0.45, margin: NaN })).toThrow(/margin/);
  });
});

describe('matchDescriptor', () => {
  const cases: { name: string; pupils: Pupil[]; query: number[]; settings?: MatchSettings; expected: Match }[] = [
    {
      name: 'exact reference → match',
      pupils: [enrolled('a', basis(0)), enrolled('b', basis(1))],
      query: basis(0),
      expected: { status: 'match', pupilId: 'a', distance: 0, runnerUp: { pupilId: 'b', distance: Math.SQRT2 } },
    },
    {
      name: "a pupil's distance is the minimum over their references",
      pupils: [enrolled('a', basis(0), basis(2)), enrolled('b', basis(1))],
      query: basis(2),
      expected: { status: 'match', pupilId: 'a', distance: 0, runnerUp: { pupilId: 'b', distance: Math.SQRT2 } },
    },
    {
      name: 'runner-up is a pupil, not a second reference of the same pupil',
      pupils: [enrolled('a', basis(0, 0.25), basis(1, 0.3125)), enrolled('b', basis(2, 0.5))],
      query: ZERO,
      expected: { status: 'match', pupilId: 'a', distance: 0.25, runnerUp: { pupilId: 'b', distance: 0.5 } },
    },
    {
      name: 'single pupil below threshold → match without runner-up',
      pupils: [enrolled('a', basis(0, 0.25), basis(1, 0.3125))],
      query: ZERO,
      expected: { status: 'match', pupilId: 'a', distance: 0.25, runnerUp: null },
    },
    {
      name: 'margin large enough → match',
      pupils: [enrolled('a', basis(0, 0.25)), enrolled('b', basis(1, 0.375))],
      query: ZERO,
      expected: { status: 'match', pupilId: 'a', distance: 0.25, runnerUp: { pupilId: 'b', distance: 0.375 } },
    },
    {
      name: 'margin too small → uncertain with best guess',
      pupils: [enrolled('a', basis(0, 0.25)), enrolled('b', basis(1, 0.3125))],
      query: ZERO,
      expected: { status: 'uncertain', pupilId: 'a', distance: 0.25, runnerUp: { pupilId: 'b', distance: 0.3125 } },
    },
    {
      name: 'best is found regardless of roster order',
      pupils: [enrolled('b', basis(1, 0.3125)), enrolled('c', basis(2, 0.5625)), enrolled('a', basis(0, 0.25))],
      query: ZERO,
      expected: { status: 'uncertain', pupilId: 'a', distance: 0.25, runnerUp: { pupilId: 'b', distance: 0.3125 } },
    },
    {
      name: 'runner-up beyond the threshold still counts for the margin',
      pupils: [enrolled('a', basis(0, 0.4375)), enrolled('b', basis(1, 0.46875))],
      query: ZERO,
      expected: { status: 'uncertain', pupilId: 'a', distance: 0.4375, runnerUp: { pupilId: 'b', distance: 0.46875 } },
    },
    {
      name: 'exact tie is never a match, even with margin 0',
      pupils: [enrolled('a', basis(0, 0.25)), enrolled('b', basis(1, 0.25))],
      query: ZERO,
      settings: { threshold: 0.45, margin: 0 },
      expected: { status: 'uncertain', pupilId: 'a', distance: 0.25, runnerUp: { pupilId: 'b', distance: 0.25 } },
    },
    {
      name: 'near-miss band [threshold, threshold + 0.05) → uncertain',
      pupils: [enrolled('a', basis(0, 0.46875))],
      query: ZERO,
      expected: { status: 'uncertain', pupilId: 'a', distance: 0.46875, runnerUp: null },
    },
    {
      name: 'distance exactly at the threshold is not a match',
      pupils: [enrolled('a', basis(0, 0.5))],
      query: ZERO,
      settings: { threshold: 0.5, margin: 0.08 },
      expected: { status: 'uncertain', pupilId: 'a', distance: 0.5, runnerUp: null },
    },
    {
      name: 'end of the near-miss band → unknown',
      pupils: [enrolled('a', basis(0, 0.5625))],
      query: ZERO,
      settings: { threshold: 0.5, margin: 0.08 },
      expected: { status: 'unknown', nearestDistance: 0.5625 },
    },
    {
      name: 'far → unknown with nearest distance',
      pupils: [enrolled('a', basis(0)), enrolled('b', basis(1))],
      query: basis(2),
      expected: { status: 'unknown', nearestDistance: Math.SQRT2 },
    },
    {
      name: 'empty gallery → unknown',
      pupils: [],
      query: basis(0),
      expected: { status: 'unknown', nearestDistance: null },
    },
    {
      name: 'loose threshold 0.55 with opt-in → match at 0.53125',
      pupils: [enrolled('a', basis(0, 0.53125))],
      query: ZERO,
      settings: { threshold: 0.55, margin: 0.08, allowLooseThreshold: true },
      expected: { status: 'match', pupilId: 'a', distance: 0.53125, runnerUp: null },
    },
    {
      name: 'pupils without biometric consent are excluded even if descriptors were passed',
      pupils: [
        pupil('nobio', { biometricConsent: false, descriptors: [basis(0)] }),
        enrolled('b', basis(1)),
      ],
      query: basis(0),
      expected: { status: 'unknown', nearestDistance: Math.SQRT2 },
    },
  ];

  it.each(cases)('$name', ({ pupils, query, settings, expected }) => {
    const gallery = buildGallery(pupils);
    const result = matchDescriptor(query, gallery, settings ?? DEFAULT_MATCH_SETTINGS);
    expect(result).toEqual(expected);
  });

  it('accepts a Float32Array descriptor', () => {
    const gallery = buildGallery([enrolled('a', basis(5)), enrolled('b', basis(6))]);
    const result = matchDescriptor(Float32Array.from(basis(5)), gallery, DEFAULT_MATCH_SETTINGS);
    expect(result).toMatchObject({ status: 'match', pupilId: 'a', distance: 0 });
  });

  const badDescriptors: { name: string; descriptor: ArrayLike<number> }[] = [
    { name: 'length 127', descriptor: basis(0).slice(0, 127) },
    { name: 'length 129', descriptor: [...basis(0), 0] },
    { name: 'empty', descriptor: [] },
    { name: 'NaN value', descriptor: basis(3, NaN) },
    { name: 'Infinity value', descriptor: basis(3, Infinity) },
  ];
  it.each(badDescriptors)('throws on a descriptor with $name', ({ descriptor }) => {
    const gallery = buildGallery([enrolled('a', basis(0))]);
    expect(() => matchDescriptor(descriptor, gallery, DEFAULT_MATCH_SETTINGS)).toThrow(/descriptor/);
  });

  it('throws on a bad descriptor even when the gallery is empty', () => {
    expect(() => matchDescriptor([1, 2, 3], buildGallery([]), DEFAULT_MATCH_SETTINGS)).toThrow(/128/);
  });
});

describe('buildGallery', () => {
  it('stores references contiguously with an owner index per reference', () => {
    const gallery = buildGallery([
      enrolled('a', basis(0), basis(1)),
      pupil('none', { descriptors: [] }),
      pupil('nobio', { biometricConsent: false, descriptors: [basis(9)] }),
      enrolled('b', basis(2)),
    ]);
    expect(gallery.pupilIds).toEqual(['a', 'b']);
    expect(gallery.referenceCount).toBe(3);
    expect(Array.from(gallery.owner)).toEqual([0, 0, 1]);
    expect(gallery.references).toBeInstanceOf(Float32Array);
    expect(gallery.references.length).toBe(3 * 128);
    expect(gallery.references[0]).toBe(1);
    expect(gallery.references[128 + 1]).toBe(1);
    expect(gallery.references[256 + 2]).toBe(1);
    expect(Array.from(gallery.references).filter((v) => v !== 0)).toHaveLength(3);
  });

  it('merges entries that share a pupil id into one pupil', () => {
    const gallery = buildGallery([enrolled('a', basis(0, 0.25)), enrolled('a', basis(1, 0.3125))]);
    expect(gallery.pupilIds).toEqual(['a']);
    expect(matchDescriptor(ZERO, gallery, DEFAULT_MATCH_SETTINGS)).toEqual({
      status: 'match',
      pupilId: 'a',
      distance: 0.25,
      runnerUp: null,
    });
  });

  it('throws on a corrupt reference descriptor instead of using it', () => {
    expect(() => buildGallery([enrolled('a', basis(0).slice(1))])).toThrow(/pupil "a"/);
    expect(() => buildGallery([enrolled('a', basis(0, NaN))])).toThrow(/non-finite/);
  });
});
