import { describe, expect, it } from 'vitest';
import type { Box, Rect } from '../../../src/faces/types';
import { COVER_HEADROOM, blockEdges, coverRect, fillSolid, pixelBlocks, pixelate, solidFill } from '../../../src/redact/geometry';

/** A W×H RGBA image where every pixel differs from its neighbours: (x·7 + y·13) mod 256 in each channel, opaque. */
function noisy(width: number, height: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgba.set([(x * 7 + y * 13) & 255, (x * 31 + y * 5) & 255, (x * 3 + y * 17) & 255, 255], (y * width + x) * 4);
  }
  return rgba;
}

const pixel = (rgba: Uint8ClampedArray, width: number, x: number, y: number) => [...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];

describe('coverRect', () => {
  it('grows the face box about its centre by ~1.3× and extends it upward for hair and forehead', () => {
    const r = coverRect([400, 300, 100, 120], 2000, 1500);
    expect(r).toEqual({ x: 385, y: 270, w: 130, h: 168 });
    expect(r.w / 100).toBeCloseTo(1.3, 5);
    // 1.3 × 120 = 156 plus 10 % of 120 upward; the bottom edge moves down by only 0.15 × h (the chin).
    expect(r.h).toBe(Math.round(120 * (1.3 + COVER_HEADROOM)));
    expect(r.y + r.h).toBe(300 + 120 + 18);
    expect(coverRect([400, 300, 100, 120], 2000, 1500, 2).w).toBe(200);
  });

  it('rounds outward to whole pixels, so the rect always contains the exact padded box', () => {
    const box: Box = [10.4, 20.6, 33.3, 41.7];
    const r = coverRect(box, 500, 500);
    for (const v of Object.values(r)) expect(Number.isInteger(v)).toBe(true);
    const exact = { x0: 10.4 + 33.3 / 2 - (33.3 * 1.3) / 2, x1: 10.4 + 33.3 / 2 + (33.3 * 1.3) / 2 };
    const top = 20.6 + 41.7 / 2 - (41.7 * 1.3) / 2 - 41.7 * COVER_HEADROOM;
    const bottom = 20.6 + 41.7 / 2 + (41.7 * 1.3) / 2;
    expect(r.x).toBe(Math.floor(exact.x0));
    expect(r.x + r.w).toBe(Math.ceil(exact.x1));
    expect(r.y).toBe(Math.floor(top));
    expect(r.y + r.h).toBe(Math.ceil(bottom));
  });

  it('clamps to the image at every edge and corner', () => {
    expect(coverRect([0, 0, 50, 50], 200, 100)).toEqual({ x: 0, y: 0, w: 58, h: 58 });
    expect(coverRect([170, 70, 30, 30], 200, 100)).toEqual({ x: 165, y: 62, w: 35, h: 38 });
    expect(coverRect([-20, 40, 60, 30], 200, 100)).toEqual({ x: 0, y: 32, w: 49, h: 43 });
    // A face larger than the photo covers all of it.
    expect(coverRect([-10, -10, 500, 500], 200, 100)).toEqual({ x: 0, y: 0, w: 200, h: 100 });
  });

  it('rejects non-finite, non-positive and off-image input', () => {
    const bad: [Box, number, number, number?][] = [
      [[NaN, 0, 10, 10], 100, 100],
      [[0, Infinity, 10, 10], 100, 100],
      [[0, 0, 0, 10], 100, 100],
      [[0, 0, 10, -5], 100, 100],
      [[0, 0, 10, 10], 0, 100],
      [[0, 0, 10, 10], 100, NaN],
      [[0, 0, 10, 10], 100, 100, 0],
      [[500, 500, 10, 10], 100, 100],
    ];
    for (const [box, w, h, f] of bad) expect(() => coverRect(box, w, h, f), JSON.stringify([box, w, h, f])).toThrow(RangeError);
  });
});

describe('pixelBlocks', () => {
  it('makes the padded face at most ~6 blocks across, never finer than 8 px', () => {
    expect(pixelBlocks({ x: 0, y: 0, w: 300, h: 360 })).toBe(60);
    expect(pixelBlocks({ x: 0, y: 0, w: 20, h: 20 })).toBe(8);
    expect(pixelBlocks({ x: 0, y: 0, w: 100, h: 100 }, 4, 10)).toBe(10);
    for (const size of [9, 50, 131, 999]) {
      const block = pixelBlocks({ x: 0, y: 0, w: size, h: size });
      expect(blockEdges(0, size, block).length - 1).toBeLessThanOrEqual(6);
    }
    expect(() => pixelBlocks({ x: 0, y: 0, w: 0, h: 10 })).toThrow(RangeError);
  });

  it('splits an axis into near-equal blocks with no sliver at the far edge', () => {
    expect(blockEdges(10, 100, 30)).toEqual([10, 35, 60, 85, 110]);
    const edges = blockEdges(0, 131, 22);
    const sizes = edges.slice(1).map((e, i) => e - edges[i]!);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});

describe('pixelate', () => {
  const width = 64, height = 48;
  const rect: Rect = { x: 5, y: 7, w: 41, h: 30 };

  it('makes every block inside the rect one colour, the block mean, and leaves the rest alone', () => {
    const before = noisy(width, height);
    const after = before.slice();
    pixelate(after, width, rect, 8);
    const xs = blockEdges(rect.x, rect.w, 8), ys = blockEdges(rect.y, rect.h, 8);
    for (let by = 0; by + 1 < ys.length; by++) {
      for (let bx = 0; bx + 1 < xs.length; bx++) {
        const sum = [0, 0, 0];
        let n = 0;
        for (let y = ys[by]!; y < ys[by + 1]!; y++) {
          for (let x = xs[bx]!; x < xs[bx + 1]!; x++) {
            const p = pixel(before, width, x, y);
            for (let c = 0; c < 3; c++) sum[c]! += p[c]!;
            n++;
          }
        }
        const mean = [...sum.map((s) => Math.round(s / n)), 255];
        for (let y = ys[by]!; y < ys[by + 1]!; y++) for (let x = xs[bx]!; x < xs[bx + 1]!; x++) expect(pixel(after, width, x, y)).toEqual(mean);
      }
    }
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inside = x >= rect.x && x < rect.x + rect.w && y >= rect.y && y < rect.y + rect.h;
        if (!inside) expect(pixel(after, width, x, y)).toEqual(pixel(before, width, x, y));
      }
    }
  });

  it('is not reversible: different inputs with the same block means give identical output', () => {
    const a = noisy(width, height);
    const b = a.slice();
    // Swap two distinct pixels inside one block: the block's mean, and so the output, cannot tell.
    const i = (rect.y * width + rect.x) * 4, j = ((rect.y + 1) * width + rect.x + 2) * 4;
    expect([...a.subarray(i, i + 4)]).not.toEqual([...a.subarray(j, j + 4)]);
    b.set(a.subarray(i, i + 4), j);
    b.set(a.subarray(j, j + 4), i);
    pixelate(a, width, rect, 8);
    pixelate(b, width, rect, 8);
    expect(b).toEqual(a);
    // Within a block, once-distinct pixels are now identical.
    expect(pixel(a, width, rect.x, rect.y)).toEqual(pixel(a, width, rect.x + 3, rect.y + 2));
  });

  it('averages colour weighted by alpha, so invisible pixels do not tint a transparent PNG', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 0]);
    pixelate(rgba, 2, { x: 0, y: 0, w: 2, h: 1 }, 8);
    expect([...rgba]).toEqual([255, 0, 0, 128, 255, 0, 0, 128]);
  });

  it('refuses a rect outside the buffer or a bad block', () => {
    expect(() => pixelate(noisy(8, 8), 8, { x: 4, y: 4, w: 5, h: 2 }, 8)).toThrow(RangeError);
    expect(() => pixelate(noisy(8, 8), 8, { x: 0, y: 0, w: 2.5, h: 2 }, 8)).toThrow(RangeError);
    expect(() => pixelate(noisy(8, 8), 8, { x: 0, y: 0, w: 2, h: 2 }, 0)).toThrow(RangeError);
  });
});

describe('fillSolid', () => {
  it('paints the rect opaque dark grey and nothing else', () => {
    expect(solidFill[0]).toBe(solidFill[1]);
    expect(solidFill[1]).toBe(solidFill[2]);
    expect(solidFill[0]).toBeLessThan(80);
    expect(solidFill[3]).toBe(255);
    const rgba = noisy(10, 10);
    rgba[(3 * 10 + 3) * 4 + 3] = 0; // a transparent pixel inside the rect must become opaque
    const before = rgba.slice();
    fillSolid(rgba, 10, { x: 2, y: 3, w: 4, h: 5 });
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 10; x++) {
        const inside = x >= 2 && x < 6 && y >= 3 && y < 8;
        expect(pixel(rgba, 10, x, y)).toEqual(inside ? [...solidFill] : pixel(before, 10, x, y));
      }
    }
  });
});
