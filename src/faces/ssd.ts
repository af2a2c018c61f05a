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

interface Fused {
  filter: Tensor4D;
  bias: Tensor1D;
}

/**
 * face-api's SSD MobileNet v1 graph, written out so it runs on an input of any size (face-api's own forward pass
 * always pads to a square and resizes to 512×512, and its NMS reads the whole box tensor back once per comparison).
 * Same weights, same layers; anchors are generated for the input size (see anchors.ts). Batch norms are folded into
 * the convolutions once at load, so every layer is one fused conv + bias + ReLU6 kernel instead of three or four
 * separate passes over the feature map.
 */
export class SsdNetwork {
  private readonly anchorCache = new Map<string, Float32Array>();
  private readonly backbone: { depthwise: Fused | null; pointwise: Fused; stride: number }[] = [];
  private readonly extra: Fused[] = [];
  private readonly predictors: { boxes: Fused; classes: Fused }[] = [];

  constructor(
    private readonly tf: Tf,
    params: SsdParams,
  ) {
    const m = params.mobilenetv1;
    const pw = (p: Pointwise): Fused => ({ filter: tf.clone(p.filters), bias: tf.clone(p.batch_norm_offset) });
    const conv = (c: Conv): Fused => ({ filter: tf.clone(c.filters), bias: tf.clone(c.bias) });
    const dw = (p: Depthwise): Fused =>
      tf.tidy(() => {
        // batchNorm(y) = y·k + (offset − mean·k), k = scale / √(variance + ε): fold k into the filter.
        const k = tf.div(p.batch_norm_scale, tf.sqrt(tf.add(p.batch_norm_variance, EPSILON)));
        const filter = tf.mul(p.filters, tf.reshape(k, [1, 1, -1, 1])) as Tensor4D;
        const bias = tf.sub(p.batch_norm_offset, tf.mul(p.batch_norm_mean, k)) as Tensor1D;
        return { filter, bias };
      });
    this.backbone.push({ depthwise: null, pointwise: pw(m.conv_0), stride: 2 });
    for (let i = 1; i <= 13; i++) {
      const pair = m[`conv_${i}`] as { depthwise_conv: Depthwise; pointwise_conv: Pointwise };
      this.backbone.push({ depthwise: dw(pair.depthwise_conv), pointwise: pw(pair.pointwise_conv), stride: STRIDE_2_LAYERS.has(i) ? 2 : 1 });
    }
    for (let i = 0; i <= 7; i++) this.extra.push(pw(params.prediction_layer[`conv_${i}`] as Pointwise));
    for (let i = 0; i <= 5; i++) {
      const p = params.prediction_layer[`box_predictor_${i}`] as BoxPredictor;
      this.predictors.push({ boxes: conv(p.box_encoding_predictor), classes: conv(p.class_predictor) });
    }
  }

  /** Scores and boxes (input pixels) of every anchor scoring at least `minScore`, for an RGB input. */
  async detect(rgb: Uint8Array, width: number, height: number, minScore: number): Promise<ScoredRect[]> {
    const { tf } = this;
    const { boxes, scores, featureSizes } = tf.tidy(() => {
      const pixels = new Float32Array(rgb.length);
      for (let i = 0; i < rgb.length; i++) pixels[i] = rgb[i]! / 127.5 - 1;
      let x = tf.tensor4d(pixels, [1, height, width, 3]);
      let conv11 = x;
      this.backbone.forEach((layer, i) => {
        if (layer.depthwise) x = this.fusedDepthwise(x, layer.depthwise, layer.stride);
        x = this.fusedConv(x, layer.pointwise, layer.depthwise ? 1 : layer.stride, 'relu6');
        if (i === 11) conv11 = x;
      });
      const e = this.extra;
      const c1 = this.fusedConv(this.fusedConv(x, e[0]!, 1, 'relu6'), e[1]!, 2, 'relu6');
      const c3 = this.fusedConv(this.fusedConv(c1, e[2]!, 1, 'relu6'), e[3]!, 2, 'relu6');
      const c5 = this.fusedConv(this.fusedConv(c3, e[4]!, 1, 'relu6'), e[5]!, 2, 'relu6');
      const c7 = this.fusedConv(this.fusedConv(c5, e[6]!, 1, 'relu6'), e[7]!, 2, 'relu6');
      const features = [conv11, x, c1, c3, c5, c7];
      const predictions = features.map((f, i) => ({
        boxes: tf.reshape(this.fusedConv(f, this.predictors[i]!.boxes, 1, 'linear'), [1, -1, 4]),
        classes: tf.reshape(this.fusedConv(f, this.predictors[i]!.classes, 1, 'linear'), [1, -1, 3]),
      }));
      const boxes = tf.concat(predictions.map((p) => p.boxes), 1);
      const classes = tf.concat(predictions.map((p) => p.classes), 1);
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

  private fusedConv(x: Tensor4D, f: Fused, stride: number, activation: 'relu6' | 'linear'): Tensor4D {
    return this.tf.fused.conv2d({ x, filter: f.filter, strides: stride, pad: 'same', bias: f.bias, activation });
  }

  private fusedDepthwise(x: Tensor4D, f: Fused, stride: number): Tensor4D {
    return this.tf.fused.depthwiseConv2d({ x, filter: f.filter, strides: stride, pad: 'same', bias: f.bias, activation: 'relu6' });
  }
}
