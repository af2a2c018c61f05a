import { describe, expect, it } from 'vitest';
import { psnr } from '../../../src/redact/quality';

describe('psnr', () => {
  it('is Infinity for equal images and 10·log10(255²/MSE) otherwise', () => {
    const a = new Uint8Array([10, 20, 30, 40, 50, 60]);
    expect(psnr(a, a.slice(), 3)).toBe(Infinity);
    // One sample off by 10 of six: MSE = 100 / 6.
    const b = new Uint8Array([10, 20, 30, 40, 50, 70]);
    expect(psnr(a, b, 3)).toBeCloseTo(10 * Math.log10((255 * 255 * 6) / 100), 10);
    // Every sample off by 1 is ≈ 48.13 dB; by 255, 0 dB.
    expect(psnr(new Uint8Array(12).fill(1), new Uint8Array(12), 4)).toBeCloseTo(48.13, 2);
    expect(psnr(new Uint8ClampedArray(3).fill(255), new Uint8ClampedArray(3), 3)).toBe(0);
  });

  it('leaves excluded regions out', () => {
    // 4×1 RGB: pixel 1 differs wildly, but it is excluded.
    const a = new Uint8Array(12), b = new Uint8Array(12);
    b.set([255, 255, 255], 3);
    expect(psnr(a, b, 3, { width: 4, exclude: [{ x: 1, y: 0, w: 1, h: 1 }] })).toBe(Infinity);
    expect(psnr(a, b, 3, { width: 4, exclude: [{ x: 2, y: 0, w: 2, h: 1 }] })).toBeLessThan(5);
    expect(() => psnr(a, b, 3, { width: 4, exclude: [{ x: 0, y: 0, w: 4, h: 1 }] })).toThrow(RangeError);
    expect(() => psnr(a, b, 3, { exclude: [{ x: 0, y: 0, w: 1, h: 1 }] })).toThrow(RangeError);
  });

  it('rejects mismatched sizes', () => {
    expect(() => psnr(new Uint8Array(6), new Uint8Array(3), 3)).toThrow(RangeError);
    expect(() => psnr(new Uint8Array(5), new Uint8Array(5), 3)).toThrow(RangeError);
    expect(() => psnr(new Uint8Array(3), new Uint8Array(3), 0)).toThrow(RangeError);
  });
});
