/**
 * Is a portrait sharp enough to be a reference? The variance of the Laplacian of the grey face crop: edges (eyes,
 * mouth, hair) give large second derivatives, and blur flattens them. Pure: plain pixel arrays in, a number out.
 *
 * The face is measured at one fixed size (BLUR_CROP_SIZE² pixels, close to the 150 px chip the recognition network
 * sees), so the threshold does not depend on the photo's resolution, and blur too small to matter at that size is not
 * held against a portrait. Calibrated on face-api's sample photos (22 faces of 130–230 px): sharp faces measure
 * 29–555; blurred at full resolution with a Gaussian of σ = 2 px 9–71, σ = 3 px 5–26. The face detector itself
 * stops finding a face at about σ = 2, so the check matters most for motion blur that the detector still accepts: a
 * horizontal smear of 21 px measures 15–17 on two of sample1's faces; the third, with strong horizontal edges, still
 * measures 32 (a smear only flattens the edges across it), and is caught at 31 px (23).
 */

/** Side of the square the face box is resized to before measuring. */
export const BLUR_CROP_SIZE = 128;
/** Below this variance a face counts as blurred. */
export const DEFAULT_BLUR_THRESHOLD = 25;

/** Luma (ITU-R BT.601) of RGBA (canvas ImageData) or RGB pixels, one value 0–255 per pixel. */
export function toGrey(pixels: ArrayLike<number>, width: number, height: number, channels: 3 | 4 = 4): Float32Array {
  const n = width * height;
  if (pixels.length < n * channels) throw new RangeError(`expected ${n * channels} values for ${width}×${height}×${channels}, got ${pixels.length}`);
  const grey = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    grey[i] = 0.299 * pixels[j]! + 0.587 * pixels[j + 1]! + 0.114 * pixels[j + 2]!;
  }
  return grey;
}

/**
 * Variance of the 4-neighbour Laplacian (0 1 0 / 1 −4 1 / 0 1 0) over the interior pixels. 0 for a flat image and
 * for an image too small to have an interior (< 3 × 3).
 */
export function laplacianVariance(grey: ArrayLike<number>, width: number, height: number): number {
  if (grey.length < width * height) throw new RangeError(`expected ${width * height} grey values, got ${grey.length}`);
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!;
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}

export type SharpnessCheck = { ok: true; variance: number } | { ok: false; problem: 'blurred'; variance: number };

export function checkSharpness(variance: number, threshold: number = DEFAULT_BLUR_THRESHOLD): SharpnessCheck {
  return variance < threshold ? { ok: false, problem: 'blurred', variance } : { ok: true, variance };
}

/** The face box clipped to the photo, in whole pixels (at least 1 × 1): the region whose sharpness is measured. */
export function faceCrop(box: readonly [number, number, number, number], width: number, height: number): { x: number; y: number; w: number; h: number } {
  const [bx, by, bw, bh] = box;
  const x0 = Math.min(Math.max(0, Math.floor(bx)), Math.max(0, width - 1));
  const y0 = Math.min(Math.max(0, Math.floor(by)), Math.max(0, height - 1));
  const x1 = Math.max(x0 + 1, Math.min(width, Math.ceil(bx + bw)));
  const y1 = Math.max(y0 + 1, Math.min(height, Math.ceil(by + bh)));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
