/**
 * Peak signal-to-noise ratio, to measure what re-encoding a released photo costs outside the covered faces.
 * Rough guide for 8-bit photos: ≥ 40 dB is invisible, 35–40 dB visible only side by side, < 30 dB plainly worse.
 */
import type { Rect } from '../faces/types';

export interface PsnrOptions {
  /** Image width in pixels; needed with `exclude`. */
  width?: number;
  /** Regions left out of the comparison (the covered faces, which differ on purpose). */
  exclude?: Rect[];
}

/**
 * PSNR in dB of two 8-bit images of `channels` interleaved channels (all channels count); Infinity when equal.
 * Throws RangeError when the buffers do not hold the same whole number of pixels or nothing is left to compare.
 */
export function psnr(a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray, channels: number, options: PsnrOptions = {}): number {
  if (!Number.isInteger(channels) || channels < 1 || a.length !== b.length || a.length % channels !== 0) {
    throw new RangeError('psnr: the images must have the same size and a whole number of pixels');
  }
  const exclude = options.exclude ?? [];
  const width = options.width ?? 0;
  if (exclude.length > 0 && (!Number.isInteger(width) || width < 1 || (a.length / channels) % width !== 0)) {
    throw new RangeError('psnr: excluding regions needs the image width');
  }
  const inside = (x: number, y: number) => exclude.some((r) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h);
  let sum = 0, n = 0;
  for (let p = 0, i = 0; i < a.length; p++, i += channels) {
    if (exclude.length > 0 && inside(p % width, Math.floor(p / width))) continue;
    for (let c = 0; c < channels; c++) {
      const d = a[i + c]! - b[i + c]!;
      sum += d * d;
    }
    n += channels;
  }
  if (n === 0) throw new RangeError('psnr: nothing to compare');
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255) / (sum / n));
}
