import { describe, expect, it } from 'vitest';
import { readPadded, type Raster } from '../../../src/faces/raster';
import type { Rect } from '../../../src/faces/types';

/**
 * An in-memory W×H RGB image: pixel (x, y) = (x + 1, y + 1, 7), never black. `read` samples nearest-neighbour and
 * records every region it is asked for, and refuses regions outside the photo (the interface's contract).
 */
function fakeRaster(width: number, height: number) {
  const calls: { region: Rect; outW: number; outH: number }[] = [];
  const raster: Raster = {
    width,
    height,
    decodeMs: 0,
    dispose() {},
    async read(region, outW, outH) {
      calls.push({ region: { ...region }, outW, outH });
      if (region.x < 0 || region.y < 0 || region.x + region.w > width + 1e-9 || region.y + region.h > height + 1e-9) {
        throw new Error(`region outside the photo: ${JSON.stringify(region)}`);
      }
      const out = new Uint8Array(outW * outH * 3);
      for (let j = 0; j < outH; j++) {
        for (let i = 0; i < outW; i++) {
          const x = Math.min(width - 1, Math.floor(region.x + ((i + 0.5) * region.w) / outW));
          const y = Math.min(height - 1, Math.floor(region.y + ((j + 0.5) * region.h) / outH));
          out.set([x + 1, y + 1, 7], (j * outW + i) * 3);
        }
      }
      return out;
    },
  };
  return { raster, calls };
}

const BLACK = [0, 0, 0];
const at = (data: Uint8Array, outW: number, px: number, py: number) => Array.from(data.subarray((py * outW + px) * 3, (py * outW + px) * 3 + 3));
/** The image pixel expected at (x, y), or black outside a W×H image. */
const imagePixel = (W: number, H: number, x: number, y: number) => (x >= 0 && y >= 0 && x < W && y < H ? [x + 1, y + 1, 7] : BLACK);

describe('readPadded', () => {
  const W = 20;
  const H = 10;

  const cases: { name: string; square: Rect; out: number }[] = [
    { name: 'past the top-left corner, 1:1', square: { x: -4, y: -6, w: 16, h: 16 }, out: 16 },
    { name: 'past the top-left corner, enlarged 2×', square: { x: -4, y: -6, w: 16, h: 16 }, out: 32 },
    { name: 'past the bottom-right corner, 1:1', square: { x: 10, y: 2, w: 16, h: 16 }, out: 16 },
    { name: 'past the left edge only', square: { x: -3, y: 1, w: 8, h: 8 }, out: 8 },
    { name: 'larger than the photo on every side', square: { x: -5, y: -5, w: 30, h: 30 }, out: 30 },
    { name: 'inside the photo', square: { x: 2, y: 1, w: 8, h: 8 }, out: 8 },
    { name: 'inside the photo, enlarged 4×', square: { x: 2, y: 1, w: 8, h: 8 }, out: 32 },
  ];

  it.each(cases)('$name: image pixels where they belong, black padding elsewhere', async ({ square, out }) => {
    const { raster } = fakeRaster(W, H);
    const patch = await readPadded(raster, square, out, out);
    expect(patch.width).toBe(out);
    expect(patch.height).toBe(out);
    expect(patch.region).toEqual(square);
    expect(patch.data).toHaveLength(out * out * 3);
    const k = square.w / out; // photo px per output px
    for (let py = 0; py < out; py++) {
      for (let px = 0; px < out; px++) {
        const x = Math.floor(square.x + (px + 0.5) * k);
        const y = Math.floor(square.y + (py + 0.5) * k);
        expect(at(patch.data, out, px, py), `output (${px}, ${py}) ↔ photo (${x}, ${y})`).toEqual(imagePixel(W, H, x, y));
      }
    }
  });

  it('top-left case in detail: 4 black columns on the left, 6 black rows on top, the photo corner at (4, 6)', async () => {
    const { raster, calls } = fakeRaster(W, H);
    const patch = await readPadded(raster, { x: -4, y: -6, w: 16, h: 16 }, 16, 16);
    expect(at(patch.data, 16, 3, 6)).toEqual(BLACK);
    expect(at(patch.data, 16, 4, 5)).toEqual(BLACK);
    expect(at(patch.data, 16, 4, 6)).toEqual([1, 1, 7]); // photo (0, 0)
    expect(at(patch.data, 16, 15, 15)).toEqual([12, 10, 7]); // photo (11, 9)
    // only the part inside the photo was read, at the output's scale
    expect(calls).toEqual([{ region: { x: 0, y: 0, w: 12, h: 10 }, outW: 12, outH: 10 }]);
  });

  it('a square entirely outside the photo is all black and reads nothing', async () => {
    const { raster, calls } = fakeRaster(W, H);
    const patch = await readPadded(raster, { x: 50, y: 50, w: 10, h: 10 }, 10, 10);
    expect(patch.data.every((v) => v === 0)).toBe(true);
    expect(calls).toHaveLength(0);
  });

  it('a non-square output keeps each axis at its own scale', async () => {
    const { raster } = fakeRaster(W, H);
    // 16×16 photo px into 32×16: 2 output px per photo px horizontally, 1 vertically
    const square = { x: -4, y: -6, w: 16, h: 16 };
    const patch = await readPadded(raster, square, 32, 16);
    for (let py = 0; py < 16; py++) {
      for (let px = 0; px < 32; px++) {
        const x = Math.floor(square.x + (px + 0.5) / 2);
        const y = Math.floor(square.y + py + 0.5);
        expect(at(patch.data, 32, px, py)).toEqual(imagePixel(W, H, x, y));
      }
    }
  });

  // Landmark squares have fractional corners; the padding edge may then move by one output pixel, never more.
  it.each([
    { square: { x: -2.5, y: -1.25, w: 25, h: 25 }, out: 112 },
    { square: { x: 7.3, y: -3.9, w: 15.6, h: 15.6 }, out: 112 },
    { square: { x: -0.4, y: 4.6, w: 9.2, h: 9.2 }, out: 50 },
  ])('fractional square $square.x,$square.y (side $square.w) → $out px: within one pixel of exact', async ({ square, out }) => {
    const { raster } = fakeRaster(W, H);
    const patch = await readPadded(raster, square, out, out);
    const k = square.w / out;
    for (let py = 0; py < out; py++) {
      for (let px = 0; px < out; px++) {
        const fx = square.x + (px + 0.5) * k;
        const fy = square.y + (py + 0.5) * k;
        const got = at(patch.data, out, px, py);
        const outside = fx < -k || fy < -k || fx > W + k || fy > H + k;
        const inside = fx > k && fy > k && fx < W - k && fy < H - k;
        if (outside) expect(got, `(${px}, ${py}) should be black`).toEqual(BLACK);
        if (inside) {
          expect(got[2], `(${px}, ${py}) should show the photo`).toBe(7);
          expect(Math.abs(got[0]! - 1 - fx)).toBeLessThan(1 + 2 * k);
          expect(Math.abs(got[1]! - 1 - fy)).toBeLessThan(1 + 2 * k);
        }
      }
    }
  });
});
