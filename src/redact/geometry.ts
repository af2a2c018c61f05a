/**
 * Where a face cover goes and how it is painted. Pure: works on RGBA bytes (ImageData.data in the browser, raw
 * buffers in Node tests), never on DOM objects.
 */
import type { Box, Rect } from '../faces/types';

/** Default growth of the detector's box in each dimension. */
export const COVER_FACTOR = 1.3;
/**
 * Extra growth upward, as a share of the face box's height. The detector's box runs from the eyebrows to the chin,
 * so hair and forehead (a hairline or fringe recognises a child as well as a face does) lie above it.
 */
export const COVER_HEADROOM = 0.1;

/** Dark neutral grey, opaque: looks deliberate, not like a broken image, and reveals nothing. RGBA. */
export const solidFill: readonly [number, number, number, number] = [48, 48, 48, 255];

const finite = (...values: number[]) => values.every((v) => Number.isFinite(v));

/**
 * The rectangle to cover for a face box: grown about its centre by `factor` in each dimension plus COVER_HEADROOM
 * upward, rounded outward to whole pixels (a half-covered pixel row would still show), clamped to the image.
 */
export function coverRect(box: Box, width: number, height: number, factor = COVER_FACTOR): Rect {
  const [x, y, w, h] = box;
  if (!finite(x, y, w, h, width, height, factor)) throw new RangeError('coverRect: box, image size and factor must be finite');
  if (w <= 0 || h <= 0 || width <= 0 || height <= 0 || factor <= 0) {
    throw new RangeError('coverRect: box, image size and factor must be positive');
  }
  const cx = x + w / 2, cy = y + h / 2;
  const x0 = Math.max(0, Math.floor(cx - (w * factor) / 2));
  const y0 = Math.max(0, Math.floor(cy - (h * factor) / 2 - h * COVER_HEADROOM));
  const x1 = Math.min(Math.floor(width), Math.ceil(cx + (w * factor) / 2));
  const y1 = Math.min(Math.floor(height), Math.ceil(cy + (h * factor) / 2));
  // A box wholly outside the photo would cover nothing; that is a caller's bug, not something to release quietly.
  if (x1 <= x0 || y1 <= y0) throw new RangeError('coverRect: the box lies outside the image');
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Block size for the pixelate fill: the whole padded rect is at most `maxBlocksAcross` blocks across its longer side
 * (so the face itself spans fewer), and never finer than `minBlock` pixels.
 */
export function pixelBlocks(rect: Rect, minBlock = 8, maxBlocksAcross = 6): number {
  if (!finite(rect.w, rect.h, minBlock, maxBlocksAcross) || rect.w <= 0 || rect.h <= 0 || minBlock < 1 || maxBlocksAcross < 1) {
    throw new RangeError('pixelBlocks: rect size, minBlock and maxBlocksAcross must be positive');
  }
  return Math.max(Math.ceil(minBlock), Math.ceil(Math.max(rect.w, rect.h) / Math.floor(maxBlocksAcross)));
}

/**
 * Block boundaries along one axis: ceil(length / block) blocks of near-equal size (they differ by at most one
 * pixel), so no sliver of a block at the far edge keeps almost the original pixels. Returns n + 1 offsets.
 */
export function blockEdges(start: number, length: number, block: number): number[] {
  const n = Math.max(1, Math.ceil(length / block));
  return Array.from({ length: n + 1 }, (_, i) => start + Math.floor((i * length) / n));
}

function checkRect(rgba: Uint8ClampedArray | Uint8Array, width: number, rect: Rect): void {
  const height = width > 0 ? rgba.length / (4 * width) : 0;
  const whole = [width, rect.x, rect.y, rect.w, rect.h].every(Number.isInteger);
  if (!whole || !Number.isInteger(height) || width <= 0 || rect.x < 0 || rect.y < 0 || rect.w <= 0 || rect.h <= 0) {
    throw new RangeError('the rect and image width must be whole, positive pixels of an RGBA buffer');
  }
  if (rect.x + rect.w > width || rect.y + rect.h > height) throw new RangeError('the rect reaches past the image');
}

/**
 * Replaces every block inside `rect` by its mean colour, in place. Colour is averaged weighted by alpha (so invisible
 * pixels of a transparent PNG do not darken the block), alpha by plain mean. Many different blocks give the same mean,
 * so the original cannot be recovered.
 */
export function pixelate(rgba: Uint8ClampedArray | Uint8Array, width: number, rect: Rect, block: number): void {
  checkRect(rgba, width, rect);
  if (!Number.isFinite(block) || block < 1) throw new RangeError('pixelate: block must be at least 1 pixel');
  const xs = blockEdges(rect.x, rect.w, block), ys = blockEdges(rect.y, rect.h, block);
  for (let by = 0; by + 1 < ys.length; by++) {
    for (let bx = 0; bx + 1 < xs.length; bx++) {
      const x0 = xs[bx]!, x1 = xs[bx + 1]!, y0 = ys[by]!, y1 = ys[by + 1]!;
      let r = 0, g = 0, b = 0, a = 0, n = 0;
      for (let y = y0; y < y1; y++) {
        for (let i = (y * width + x0) * 4, end = (y * width + x1) * 4; i < end; i += 4) {
          const alpha = rgba[i + 3]!;
          r += rgba[i]! * alpha;
          g += rgba[i + 1]! * alpha;
          b += rgba[i + 2]! * alpha;
          a += alpha;
          n++;
        }
      }
      const colour = a > 0 ? [r / a, g / a, b / a].map(Math.round) : [0, 0, 0];
      const mean = [colour[0]!, colour[1]!, colour[2]!, Math.round(a / n)];
      fill(rgba, width, { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, mean);
    }
  }
}

/** Paints `rect` with `solidFill`, in place. Opaque even on a transparent PNG: the face must not show through. */
export function fillSolid(rgba: Uint8ClampedArray | Uint8Array, width: number, rect: Rect): void {
  checkRect(rgba, width, rect);
  fill(rgba, width, rect, solidFill);
}

function fill(rgba: Uint8ClampedArray | Uint8Array, width: number, rect: Rect, colour: readonly number[]): void {
  for (let y = rect.y; y < rect.y + rect.h; y++) {
    for (let i = (y * width + rect.x) * 4, end = (y * width + rect.x + rect.w) * 4; i < end; i += 4) {
      rgba[i] = colour[0]!;
      rgba[i + 1] = colour[1]!;
      rgba[i + 2] = colour[2]!;
      rgba[i + 3] = colour[3]!;
    }
  }
}
