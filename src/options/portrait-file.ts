/**
 * Checks one portrait file in the options page: the engine finds the face and computes its descriptor, the browser
 * decodes the photo once more to measure how sharp that face is. The photo's pixels never leave this function.
 */
import type { Box } from '../enrol/portrait';
import type { FaceEngine } from '../faces/engine';
import { BLUR_CROP_SIZE, faceCrop, laplacianVariance, toGrey } from './blur';
import { assessPortrait, type PortraitResult } from './portraits';

function sharpnessOf(bitmap: ImageBitmap, box: Box): number {
  const r = faceCrop(box, bitmap.width, bitmap.height);
  const canvas = new OffscreenCanvas(BLUR_CROP_SIZE, BLUR_CROP_SIZE);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, r.x, r.y, r.w, r.h, 0, 0, BLUR_CROP_SIZE, BLUR_CROP_SIZE);
  const { data } = ctx.getImageData(0, 0, BLUR_CROP_SIZE, BLUR_CROP_SIZE);
  return laplacianVariance(toGrey(data, BLUR_CROP_SIZE, BLUR_CROP_SIZE, 4), BLUR_CROP_SIZE, BLUR_CROP_SIZE);
}

export async function checkPortraitFile(engine: FaceEngine, file: Blob, name: string): Promise<PortraitResult> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (err) {
    return { name, ok: false, problem: 'unreadable', detail: err instanceof Error ? err.message : String(err) };
  }
  const analysis = await engine.analyseBytes(bytes, { describe: true });
  if (!analysis.ok) {
    return { name, ok: false, problem: analysis.error.code === 'decode_failed' ? 'unreadable' : 'engine', detail: analysis.error.message };
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), { imageOrientation: 'from-image' });
  } catch (err) {
    return { name, ok: false, problem: 'unreadable', detail: err instanceof Error ? err.message : String(err) };
  }
  try {
    return assessPortrait(name, analysis.value, (box) => sharpnessOf(bitmap, box));
  } finally {
    bitmap.close();
  }
}

/** File names made unique ("portret.jpg", "portret.jpg (2)"), so each result can be told apart. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    return count === 1 ? n : `${n} (${count})`;
  });
}
