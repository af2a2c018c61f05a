/**
 * Photos for the browser benchmark: face-api's samples enlarged to a phone's 12 MP (4000 × 3000) with a fixed
 * sensor-like grain, so the JPEG is as big as a phone's (q 90: ~3–4 MB; an enlarged photo without grain compresses to
 * under 1 MB and would flatter every transfer). The grain comes from a seeded generator: the same bytes every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { sample } from '../../browser/photo-fixtures';

export const PHONE = { width: 4000, height: 3000 };

/** Gaussian-ish grain (sum of four uniforms) from a xorshift generator; `sigma` in 8-bit levels. */
function addGrain(rgb: Buffer, sigma: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(rgb.length);
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  // Sum of 4 uniforms: variance 4/12; scale to sigma.
  const k = sigma / Math.sqrt(4 / 12);
  for (let i = 0; i < rgb.length; i++) {
    const v = rgb[i]! + (next() + next() + next() + next() - 2) * k;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

/** face-api sample `n` as a 4000 × 3000 phone JPEG (cropped to 4:3, enlarged, grain, quality `quality`). */
export async function phoneJpeg(n: number, options: { sigma?: number; quality?: number } = {}): Promise<Buffer> {
  const { data, info } = await sharp(sample(n)).resize(PHONE.width, PHONE.height, { fit: 'cover', kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
  const grainy = addGrain(data, options.sigma ?? 9, 0x9e3779b9 ^ n);
  return sharp(grainy, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg({ quality: options.quality ?? 90 })
    .toBuffer();
}

/**
 * The same JPEG with a COM segment after SOI naming the run: other bytes, so another SHA-256, so the worker's cache
 * of analyses (keyed by SHA-256) cannot answer and each timed run decodes and detects for real.
 */
export function variant(jpeg: Buffer, tag: string): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const text = Buffer.from(`consent-gate bench ${tag}`, 'latin1');
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  text.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/** Writes `bytes` as `name` into `dir` (Playwright then hands the browser a disk-backed File, as a real pick does). */
export function writePhoto(dir: string, name: string, bytes: Buffer): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
