import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANCHORS_PER_CELL, SSD_BASE_INPUT, featureSizesFor, generateAnchors } from '../../../src/faces/anchors';

const require = createRequire(import.meta.url);
const MODELS = fileURLToPath(new URL('../../../models/', import.meta.url));

/** The anchor constant face-api ships inside its SSD weights: [1, 5118, 4] as [ymin, xmin, ymax, xmax] in 0..1. */
async function shippedAnchors(): Promise<{ shape: number[]; data: Float32Array }> {
  const tf = require('@tensorflow/tfjs') as {
    setBackend(name: string): Promise<boolean>;
    io: { decodeWeights(buffer: ArrayBuffer, specs: unknown[]): Record<string, { shape: number[]; dataSync(): Float32Array; dispose(): void }> };
  };
  await tf.setBackend('cpu');
  const manifest = JSON.parse(readFileSync(MODELS + 'ssd_mobilenetv1_model-weights_manifest.json', 'utf8')) as { paths: string[]; weights: unknown[] }[];
  const group = manifest[0]!;
  expect(group.paths).toEqual(['ssd_mobilenetv1_model.bin']);
  const bin = readFileSync(MODELS + group.paths[0]!);
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  const weights = tf.io.decodeWeights(buffer, group.weights);
  const tensor = weights['Output/extra_dim'];
  if (!tensor) throw new Error('Output/extra_dim is not in the SSD weights');
  const result = { shape: [...tensor.shape], data: Float32Array.from(tensor.dataSync()) };
  for (const t of Object.values(weights)) t.dispose();
  return result;
}

/** Anchor i as [cy, cx, h, w]. */
const anchorAt = (a: Float32Array, i: number) => [a[4 * i]!, a[4 * i + 1]!, a[4 * i + 2]!, a[4 * i + 3]!] as const;

const expectedCount = (sizes: { rows: number; cols: number }[]) =>
  sizes.reduce((n, s, layer) => n + s.rows * s.cols * ANCHORS_PER_CELL[layer]!, 0);

describe('generateAnchors at 512×512 against the shipped constant', () => {
  let shipped: { shape: number[]; data: Float32Array };
  beforeAll(async () => {
    shipped = await shippedAnchors();
  });

  it('has the shipped shape [1, 5118, 4]', () => {
    expect(shipped.shape).toEqual([1, 5118, 4]);
    const ours = generateAnchors(featureSizesFor(512, 512), 512, 512);
    expect(ours.length).toBe(5118 * 4);
  });

  it('matches every coordinate of every anchor to within 1e-4', () => {
    const ours = generateAnchors(featureSizesFor(512, 512), 512, 512);
    let worst = 0;
    let worstAt = -1;
    for (let i = 0; i < 5118; i++) {
      const [cy, cx, h, w] = anchorAt(ours, i);
      const mine = [(cy - h / 2) / 512, (cx - w / 2) / 512, (cy + h / 2) / 512, (cx + w / 2) / 512];
      for (let k = 0; k < 4; k++) {
        const err = Math.abs(mine[k]! - shipped.data[4 * i + k]!);
        if (err > worst) {
          worst = err;
          worstAt = i;
        }
      }
    }
    expect(worst, `worst anchor ${worstAt}`).toBeLessThan(1e-4);
  });

  // Spot checks that do not depend on the loop above: layer boundaries in the flat array.
  const layerStarts = (() => {
    const sizes = featureSizesFor(512, 512);
    const starts: number[] = [];
    let n = 0;
    sizes.forEach((s, layer) => {
      starts.push(n);
      n += s.rows * s.cols * ANCHORS_PER_CELL[layer]!;
    });
    return starts;
  })();
  it.each(layerStarts.map((start, layer) => ({ layer, start })))('first anchor of layer $layer (index $start) matches', ({ start }) => {
    const ours = generateAnchors(featureSizesFor(512, 512), 512, 512);
    const [cy, cx, h, w] = anchorAt(ours, start);
    const s = shipped.data;
    expect((cy - h / 2) / 512).toBeCloseTo(s[4 * start]!, 4);
    expect((cx - w / 2) / 512).toBeCloseTo(s[4 * start + 1]!, 4);
    expect((cy + h / 2) / 512).toBeCloseTo(s[4 * start + 2]!, 4);
    expect((cx + w / 2) / 512).toBeCloseTo(s[4 * start + 3]!, 4);
  });
});

describe('featureSizesFor', () => {
  const cases: { w: number; h: number; sizes: [number, number][] }[] = [
    // [rows, cols] per stride 16, 32, 64, 128, 256, 512
    { w: 512, h: 512, sizes: [[32, 32], [16, 16], [8, 8], [4, 4], [2, 2], [1, 1]] },
    { w: 576, h: 448, sizes: [[28, 36], [14, 18], [7, 9], [4, 5], [2, 3], [1, 2]] },
    { w: 448, h: 576, sizes: [[36, 28], [18, 14], [9, 7], [5, 4], [3, 2], [2, 1]] },
    { w: 64, h: 64, sizes: [[4, 4], [2, 2], [1, 1], [1, 1], [1, 1], [1, 1]] },
    { w: 640, h: 384, sizes: [[24, 40], [12, 20], [6, 10], [3, 5], [2, 3], [1, 2]] },
  ];
  it.each(cases)('$w×$h', ({ w, h, sizes }) => {
    expect(featureSizesFor(w, h)).toEqual(sizes.map(([rows, cols]) => ({ rows, cols })));
  });

  it.each([
    { w: 512, h: 512, count: 5118 },
    // 28·36·3 + 6·(14·18 + 7·9 + 4·5 + 2·3 + 1·2) = 3024 + 6·343
    { w: 576, h: 448, count: 3024 + 6 * 343 },
    { w: 640, h: 384, count: 24 * 40 * 3 + 6 * (12 * 20 + 6 * 10 + 3 * 5 + 2 * 3 + 1 * 2) },
  ])('$w×$h gives $count anchors', ({ w, h, count }) => {
    const sizes = featureSizesFor(w, h);
    expect(expectedCount(sizes)).toBe(count);
    expect(generateAnchors(sizes, w, h).length).toBe(count * 4);
  });
});

describe('generateAnchors for a non-square input', () => {
  const W = 576;
  const H = 448;
  const square = generateAnchors(featureSizesFor(512, 512), 512, 512);
  const sizes = featureSizesFor(W, H);
  const anchors = generateAnchors(sizes, W, H);
  const squareSizes = featureSizesFor(512, 512);

  const starts = (s: { rows: number; cols: number }[]) => {
    const out: number[] = [];
    let n = 0;
    s.forEach((f, layer) => {
      out.push(n);
      n += f.rows * f.cols * ANCHORS_PER_CELL[layer]!;
    });
    return out;
  };
  const ours = starts(sizes);
  const base = starts(squareSizes);

  it.each([0, 1, 2, 3, 4, 5])('layer %i keeps the 512 anchor shapes (in pixels)', (layer) => {
    for (let k = 0; k < ANCHORS_PER_CELL[layer]!; k++) {
      const [, , h, w] = anchorAt(anchors, ours[layer]! + k);
      const [, , h512, w512] = anchorAt(square, base[layer]! + k);
      expect(h).toBeCloseTo(h512, 3);
      expect(w).toBeCloseTo(w512, 3);
    }
  });

  it('first anchor of layer 0 is a 0.1·512 square, then 2:1 and 1:2 at 0.2·512', () => {
    const s = 0.1 * SSD_BASE_INPUT;
    const s2 = 0.2 * SSD_BASE_INPUT;
    expect(anchorAt(anchors, 0)[2]).toBeCloseTo(s, 3);
    expect(anchorAt(anchors, 0)[3]).toBeCloseTo(s, 3);
    expect(anchorAt(anchors, 1)[2]).toBeCloseTo(s2 / Math.SQRT2, 3);
    expect(anchorAt(anchors, 1)[3]).toBeCloseTo(s2 * Math.SQRT2, 3);
    expect(anchorAt(anchors, 2)[2]).toBeCloseTo(s2 * Math.SQRT2, 3);
    expect(anchorAt(anchors, 2)[3]).toBeCloseTo(s2 / Math.SQRT2, 3);
  });

  // Grid centres at ((i + .5) / rows) · H and ((j + .5) / cols) · W.
  const cells: { layer: number; i: number; j: number }[] = [
    { layer: 0, i: 0, j: 0 },
    { layer: 0, i: 5, j: 17 },
    { layer: 0, i: 27, j: 35 },
    { layer: 1, i: 13, j: 0 },
    { layer: 3, i: 3, j: 4 },
    { layer: 5, i: 0, j: 1 },
  ];
  it.each(cells)('layer $layer cell ($i, $j) is centred on the grid', ({ layer, i, j }) => {
    const { rows, cols } = sizes[layer]!;
    const per = ANCHORS_PER_CELL[layer]!;
    const first = ours[layer]! + (i * cols + j) * per;
    for (let k = 0; k < per; k++) {
      const [cy, cx] = anchorAt(anchors, first + k);
      expect(cy).toBeCloseTo(((i + 0.5) / rows) * H, 3);
      expect(cx).toBeCloseTo(((j + 0.5) / cols) * W, 3);
    }
  });
});
