/**
 * Anchor boxes of face-api's SSD MobileNet v1, generated for any input size.
 *
 * The model ships its anchors for a 512×512 input as a constant (`Output/extra_dim`, 5,118 boxes). They follow the
 * TF object-detection "multiple grid anchor generator": six feature maps (strides 16…512), scales 0.1 (first map,
 * 3 boxes: 1:1 at 0.1 and 2:1 / 1:2 at 0.2) and 0.35–0.95 (5 maps, 6 boxes: 1:1, the geometric mean with the next
 * scale, 2:1, 1:2, 3:1, 1:3). We regenerate them so the network can run on inputs of other sizes without padding
 * to a square: anchor sizes stay in input pixels (what the convolution features were trained on), grid centres
 * follow the feature map. test/unit/faces/anchors.test.ts checks the 512×512 case against the shipped constant.
 */
export const SSD_BASE_INPUT = 512;
const SCALES = [0.1, 0.35, 0.5, 0.65, 0.8, 0.95, 1.0] as const;

/** Anchor shapes per feature map as [height, width] in input pixels. */
function shapesForLayer(layer: number): [number, number][] {
  const base = SSD_BASE_INPUT;
  const r2 = Math.SQRT2;
  const r3 = Math.sqrt(3);
  if (layer === 0) {
    const s = 0.1 * base;
    const s2 = 0.2 * base;
    return [
      [s, s],
      [s2 / r2, s2 * r2],
      [s2 * r2, s2 / r2],
    ];
  }
  const s = SCALES[layer]! * base;
  const next = SCALES[layer + 1]! * base;
  const mean = Math.sqrt(s * next);
  return [
    [s, s],
    [mean, mean],
    [s / r2, s * r2],
    [s * r2, s / r2],
    [s / r3, s * r3],
    [s * r3, s / r3],
  ];
}

export const ANCHORS_PER_CELL = [3, 6, 6, 6, 6, 6] as const;

/**
 * Anchors as a flat Float32Array of [centreY, centreX, height, width] (input pixels), in the order the prediction
 * layers emit them: feature map by feature map, row-major, shapes innermost.
 */
export function generateAnchors(featureSizes: readonly { rows: number; cols: number }[], inputW: number, inputH: number): Float32Array {
  let count = 0;
  featureSizes.forEach((f, layer) => (count += f.rows * f.cols * ANCHORS_PER_CELL[layer]!));
  const out = new Float32Array(count * 4);
  let o = 0;
  featureSizes.forEach(({ rows, cols }, layer) => {
    const shapes = shapesForLayer(layer);
    for (let i = 0; i < rows; i++) {
      const cy = ((i + 0.5) / rows) * inputH;
      for (let j = 0; j < cols; j++) {
        const cx = ((j + 0.5) / cols) * inputW;
        for (const [h, w] of shapes) {
          out[o++] = cy;
          out[o++] = cx;
          out[o++] = h;
          out[o++] = w;
        }
      }
    }
  });
  return out;
}

/** Feature map sizes for an input: "same" convolutions with strides 16, 32, 64, 128, 256, 512. */
export function featureSizesFor(inputW: number, inputH: number): { rows: number; cols: number }[] {
  return [16, 32, 64, 128, 256, 512].map((stride) => ({ rows: Math.ceil(inputH / stride), cols: Math.ceil(inputW / stride) }));
}
