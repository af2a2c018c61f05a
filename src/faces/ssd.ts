import { featureSizesFor, generateAnchors } from './anchors';
import { decodeBoxes, type ScoredRect } from './boxes';
import type { Tensor1D, Tensor4D, Tf } from './tf';

interface Pointwise { filters: Tensor4D; batch_norm_offset: Tensor1D }
interface Depthwise { filters: Tensor4D; batch_norm_scale: Tensor1D; batch_norm_offset: Tensor1D; batch_norm_mean: Tensor1D; batch_norm_variance: Tensor1D }
interface Conv { filters: Tensor4D; bias: Tensor1D }
interface BoxPredictor { box_encoding_predictor: Conv; class_predictor: Conv }

/** face-api's SSD MobileNet v1 parameters, as its loader leaves them in `nets.ssdMobilenetv1.params`. */
export interface SsdParams {
  mobilenetv1: Record<string, unknown> & { conv_0: Pointwise };
  prediction_layer: Record<string, unknown>;
}

const EPSILON = 0.0010000000474974513;
const STRIDE_2_LAYERS = new Set([2, 4, 6, 12]);

export function isSsdParams(p: unknown): p is SsdParams {
  return typeof p === 'object' && p !== null && 'mobilenetv1' in p && 'prediction_layer' in p;
}

/**
 * face-api's SSD MobileNet v1 graph, written out so it runs on an input of any size (face-api's own forward pass
 * always pads to a square and resizes to 512×512, and its NMS reads the whole box tensor back once per comparison).
 * Same weights, same layers; anchors are generated for the input size (see anchors.ts).
 */
export class SsdNetwork {
  private readonly anchorCache = new Map<string, Float32Array>();

  constructor(
    private readonly tf: Tf,
    private readonly params: SsdParams,
  ) {}

  /** Scores and boxes (input pixels) of every anchor scoring at least `minScore`, for an RGB input. */
  async detect(rgb: Uint8Array, width: number, height: number, minScore: number): Promise<ScoredRect[]> {
    const { tf } = this;
    const { boxes, scores, featureSizes } = tf.tidy(() => {
      const pixels = new Float32Array(rgb.length);
      for (let i = 0; i < rgb.length; i++) pixels[i] = rgb[i]! / 127.5 - 1;
      const x = tf.tensor4d(pixels, [1, height, width, 3]);
      const { out, conv11 } = this.backbone(x);
      const features = this.extraLayers(out, conv11);
      const predictors = features.map((f, i) => this.boxPredictor(f, this.layer(`box_predictor_${i}`) as BoxPredictor));
      const boxes = tf.concat(predictors.map((p) => p.boxes), 1);
      const classes = tf.concat(predictors.map((p) => p.classes), 1);
      const scores = tf.sigmoid(tf.slice(classes, [0, 0, 1], [-1, -1, 1]));
      return { boxes, scores, featureSizes: features.map((f) => ({ rows: f.shape[1], cols: f.shape[2] })) };
    });
    try {
      const [encodings, scoreData] = await Promise.all([boxes.data(), scores.data()]);
      return decodeBoxes(encodings, scoreData, this.anchors(width, height, featureSizes), minScore);
    } finally {
      boxes.dispose();
      scores.dispose();
    }
  }

  private anchors(width: number, height: number, featureSizes: { rows: number; cols: number }[]): Float32Array {
    const key = `${width}x${height}`;
    let anchors = this.anchorCache.get(key);
    if (!anchors) {
      const expected = featureSizesFor(width, height);
      if (expected.some((f, i) => f.rows !== featureSizes[i]!.rows || f.cols !== featureSizes[i]!.cols)) {
        throw new Error(`SSD feature maps for ${key} are not the expected sizes`);
      }
      anchors = generateAnchors(featureSizes, width, height);
      if (this.anchorCache.size > 32) this.anchorCache.clear();
      this.anchorCache.set(key, anchors);
    }
    return anchors;
  }

  private layer(name: string): unknown {
    return this.params.prediction_layer[name];
  }

  private pointwise(x: Tensor4D, p: Pointwise, stride: number): Tensor4D {
    const { tf } = this;
    return tf.clipByValue(tf.add(tf.conv2d(x, p.filters, stride, 'same'), p.batch_norm_offset), 0, 6) as Tensor4D;
  }

  private depthwise(x: Tensor4D, p: Depthwise, stride: number): Tensor4D {
    const { tf } = this;
    const out = tf.depthwiseConv2d(x, p.filters, stride, 'same');
    return tf.clipByValue(tf.batchNorm(out, p.batch_norm_mean, p.batch_norm_variance, p.batch_norm_offset, p.batch_norm_scale, EPSILON), 0, 6);
  }

  private backbone(x: Tensor4D): { out: Tensor4D; conv11: Tensor4D } {
    const m = this.params.mobilenetv1;
    let out = this.pointwise(x, m.conv_0, 2);
    let conv11 = out;
    for (let i = 1; i <= 13; i++) {
      const pair = m[`conv_${i}`] as { depthwise_conv: Depthwise; pointwise_conv: Pointwise };
      out = this.depthwise(out, pair.depthwise_conv, STRIDE_2_LAYERS.has(i) ? 2 : 1);
      out = this.pointwise(out, pair.pointwise_conv, 1);
      if (i === 11) conv11 = out;
    }
    return { out, conv11 };
  }

  private extraLayers(out: Tensor4D, conv11: Tensor4D): Tensor4D[] {
    const p = (i: number) => this.layer(`conv_${i}`) as Pointwise;
    const c0 = this.pointwise(out, p(0), 1);
    const c1 = this.pointwise(c0, p(1), 2);
    const c3 = this.pointwise(this.pointwise(c1, p(2), 1), p(3), 2);
    const c5 = this.pointwise(this.pointwise(c3, p(4), 1), p(5), 2);
    const c7 = this.pointwise(this.pointwise(c5, p(6), 1), p(7), 2);
    return [conv11, out, c1, c3, c5, c7];
  }

  private boxPredictor(x: Tensor4D, p: BoxPredictor) {
    const { tf } = this;
    const conv = (c: Conv) => tf.add(tf.conv2d(x, c.filters, 1, 'same'), c.bias);
    return {
      boxes: tf.reshape(conv(p.box_encoding_predictor), [1, -1, 4]),
      classes: tf.reshape(conv(p.class_predictor), [1, -1, 3]),
    };
  }
}
