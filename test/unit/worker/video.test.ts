import { describe, expect, it } from 'vitest';
import { MAX_FRAMES, sampleTimes } from '../../../src/worker/video';

describe('sampleTimes', () => {
  it('samples about once a second, starting just after the first frame', () => {
    expect(sampleTimes(2.6)).toEqual([0.1, 1.1, 2.1]);
    expect(sampleTimes(10)).toHaveLength(10);
  });

  it('spreads at most MAX_FRAMES samples evenly over a long video', () => {
    const times = sampleTimes(3600);
    expect(times).toHaveLength(MAX_FRAMES);
    expect(times.at(-1)!).toBeGreaterThan(3500);
    expect(times[1]! - times[0]!).toBeCloseTo(3600 / MAX_FRAMES, 5);
  });

  it('looks at least once at a very short or unknown-length video', () => {
    expect(sampleTimes(0.05)).toEqual([0.025]);
    expect(sampleTimes(Number.POSITIVE_INFINITY)).toEqual([0]);
    expect(sampleTimes(Number.NaN)).toEqual([0]);
  });
});
