import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BLUR_CROP_SIZE, DEFAULT_BLUR_THRESHOLD, checkSharpness, faceCrop, laplacianVariance, toGrey } from '../../../src/options/blur';

const image = (w: number, h: number, f: (x: number, y: number) => number): Float32Array => {
  const g = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) g[y * w + x] = f(x, y);
  return g;
};

describe('toGrey', () => {
  it('weighs RGBA and RGB pixels as BT.601 luma', () => {
    const rgba = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 0, 255, 255, 255, 255];
    const grey = toGrey(rgba, 2, 2, 4);
    expect(Array.from(grey).map((v) => Math.round(v * 1000) / 1000)).toEqual([76.245, 149.685, 29.07, 255]);
    expect(Array.from(toGrey([10, 10, 10, 200, 200, 200], 2, 1, 3))).toEqual([10, 200].map((v) => expect.closeTo(v, 4)));
  });

  it('refuses too few values', () => {
    expect(() => toGrey([1, 2, 3], 2, 2, 4)).toThrow(RangeError);
  });
});

describe('laplacianVariance', () => {
  it('is 0 for a flat image and for a linear ramp (no second derivative)', () => {
    expect(laplacianVariance(image(16, 16, () => 128), 16, 16)).toBe(0);
    expect(laplacianVariance(image(16, 16, (x, y) => 3 * x + 2 * y), 16, 16)).toBeCloseTo(0, 9);
  });

  it('is large for a checkerboard: every interior Laplacian is ±4·255', () => {
    const board = image(10, 10, (x, y) => ((x + y) % 2 === 0 ? 255 : 0));
    expect(laplacianVariance(board, 10, 10)).toBeCloseTo((4 * 255) ** 2, 6);
  });

  it('drops when the same edges are blurred', () => {
    const edge = (soft: number) => image(64, 64, (x) => 255 / (1 + Math.exp(-(x - 32) / soft)));
    const sharpEdge = laplacianVariance(edge(0.3), 64, 64);
    const soft = laplacianVariance(edge(3), 64, 64);
    expect(sharpEdge).toBeGreaterThan(20 * soft);
  });

  it('is 0 below 3 × 3 and refuses too few values', () => {
    expect(laplacianVariance([0, 255, 0, 255], 2, 2)).toBe(0);
    expect(() => laplacianVariance([1, 2], 3, 3)).toThrow(RangeError);
  });
});

describe('checkSharpness', () => {
  it('rejects a variance below the threshold as blurred', () => {
    expect(checkSharpness(DEFAULT_BLUR_THRESHOLD - 0.1)).toEqual({ ok: false, problem: 'blurred', variance: DEFAULT_BLUR_THRESHOLD - 0.1 });
    expect(checkSharpness(DEFAULT_BLUR_THRESHOLD)).toEqual({ ok: true, variance: DEFAULT_BLUR_THRESHOLD });
    expect(checkSharpness(5, 4)).toEqual({ ok: true, variance: 5 });
  });
});

describe('faceCrop', () => {
  it('keeps a box inside the photo in whole pixels', () => {
    expect(faceCrop([10.4, 20.6, 100.2, 50], 640, 480)).toEqual({ x: 10, y: 20, w: 101, h: 51 });
  });
  it('clips a box that reaches past the edges, and never returns an empty region', () => {
    expect(faceCrop([-20, -10, 100, 100], 640, 480)).toEqual({ x: 0, y: 0, w: 80, h: 90 });
    expect(faceCrop([600, 450, 100, 100], 640, 480)).toEqual({ x: 600, y: 450, w: 40, h: 30 });
    expect(faceCrop([700, 500, 10, 10], 640, 480)).toEqual({ x: 639, y: 479, w: 1, h: 1 });
  });
});

describe('the threshold on real faces (face-api sample1.jpg)', () => {
  const sample = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo', 'sample1.jpg');
  // Face boxes the engine finds in sample1.jpg (1920 × 1280).
  const faces: [number, number, number, number][] = [
    [1461, 221, 229, 213],
    [420, 367, 174, 218],
    [840, 428, 186, 215],
  ];
  /** A horizontal smear of `n` pixels, as a moving camera leaves. */
  const motion = (n: number) => ({ width: n, height: 3, kernel: [...new Array<number>(n).fill(0), ...new Array<number>(n).fill(1), ...new Array<number>(n).fill(0)] });
  const measure = async (blur: number | { motion: number }, [x, y, w, h]: [number, number, number, number]) => {
    let pipeline = sharp(readFileSync(sample));
    // Blurred at full resolution (as a shaky or out-of-focus photo is), losslessly, before the face is cut out.
    if (typeof blur === 'object') pipeline = sharp(await pipeline.convolve(motion(blur.motion)).png().toBuffer());
    else if (blur > 0) pipeline = sharp(await pipeline.blur(blur).png().toBuffer());
    const { data } = await pipeline
      .extract({ left: x, top: y, width: w, height: h })
      .resize(BLUR_CROP_SIZE, BLUR_CROP_SIZE, { fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return laplacianVariance(toGrey(data, BLUR_CROP_SIZE, BLUR_CROP_SIZE, 3), BLUR_CROP_SIZE, BLUR_CROP_SIZE);
  };

  it('accepts the sharp faces and rejects the same faces blurred (σ = 3 px)', async () => {
    for (const face of faces) {
      expect(checkSharpness(await measure(0, face)).ok, `sharp ${face.join(',')}`).toBe(true);
      expect(checkSharpness(await measure(3, face)).ok, `blurred ${face.join(',')}`).toBe(false);
    }
  });

  it('rejects a horizontal smear of 21 px (a moving camera); a face with strong horizontal edges can still pass', async () => {
    // The Laplacian sees blur in every direction; a smear only removes vertical edges, so it is caught less surely.
    expect(checkSharpness(await measure({ motion: 21 }, faces[0]!)).ok).toBe(false);
    expect(checkSharpness(await measure({ motion: 21 }, faces[2]!)).ok).toBe(false);
    expect(checkSharpness(await measure({ motion: 31 }, faces[1]!)).ok).toBe(false);
  });
});
