import type { Patch } from './align';
import type { Rect } from './types';

/**
 * A decoded photo as the engine sees it, whatever the platform: sharp in Node, an ImageBitmap in the browser.
 * Coordinates are pixels of the EXIF-rotated original.
 */
export interface Raster {
  readonly width: number;
  readonly height: number;
  /** RGB bytes (outW × outH × 3) of `region`, which lies inside the photo, resized to outW × outH. */
  read(region: Rect, outW: number, outH: number): Promise<Uint8Array>;
  /** Milliseconds spent decoding so far (for the benchmark's per-stage times). */
  readonly decodeMs: number;
  dispose(): void;
}

/** Thrown by a raster when the photo's pixels cannot be decoded (a truncated or corrupt file). */
export class DecodeError extends Error {}

/**
 * Reads `square` (which may reach past the photo's edges) into a size × size patch; what lies outside the photo is
 * black, so a face at the border is padded exactly like one in the middle.
 */
export async function readPadded(raster: Raster, square: Rect, outW: number, outH: number): Promise<Patch> {
  const data = new Uint8Array(outW * outH * 3);
  const kx = outW / square.w, ky = outH / square.h;
  const x0 = Math.max(0, square.x), y0 = Math.max(0, square.y);
  const x1 = Math.min(raster.width, square.x + square.w), y1 = Math.min(raster.height, square.y + square.h);
  const dx = Math.round((x0 - square.x) * kx), dy = Math.round((y0 - square.y) * ky);
  const w = Math.min(outW - dx, Math.round((x1 - x0) * kx)), h = Math.min(outH - dy, Math.round((y1 - y0) * ky));
  if (w > 0 && h > 0) {
    const inner = await raster.read({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, w, h);
    for (let row = 0; row < h; row++) {
      data.set(inner.subarray(row * w * 3, (row + 1) * w * 3), ((dy + row) * outW + dx) * 3);
    }
  }
  return { data, width: outW, height: outH, region: square };
}
