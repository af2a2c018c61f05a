import type { Rect } from './types';

/**
 * Face chips for the recognition model, aligned the way it was trained.
 *
 * face-api's recognition net is a port of dlib's ResNet face model, which expects dlib "face chips": the face rotated
 * upright and scaled so that its landmarks land on a mean face, 150×150 with 25% padding. face-api itself only crops
 * the landmarks' bounding box; measured on ../shared/faces this doubles false rejects at the same threshold
 * (14% vs 6% at 0.45). The mean face below is dlib's (landmarks 17–67, in [0, 1]); dlib fits the transform on the
 * eyes, nose and upper lip only (not eyebrows, lower lip), as we do.
 */
const MEAN_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127,
  0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132,
  0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532,
  0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const MEAN_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805,
  0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852,
  0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281,
  0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
];

export const CHIP_SIZE = 150;
export const CHIP_PADDING = 0.25;
/** Landmarks are found on a square crop of the detection box, this many pixels wide. */
export const LANDMARK_INPUT = 112;

export type Point = [number, number];

/** chip (u, v) → image (x, y): x = a·u − b·v + tx, y = b·u + a·v + ty. */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

const usedLandmark = (i: number) => i >= 27 && !(i >= 55 && i <= 59) && i < 65;

/** Least-squares similarity transform taking `from` points onto `to` points. */
export function fitSimilarity(from: Point[], to: Point[]): Similarity {
  const n = from.length;
  if (n < 2 || n !== to.length) throw new Error('fitSimilarity needs two equally long lists of at least 2 points');
  let fx = 0, fy = 0, tx = 0, ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]![0]; fy += from[i]![1]; tx += to[i]![0]; ty += to[i]![1];
  }
  fx /= n; fy /= n; tx /= n; ty /= n;
  let dot = 0, cross = 0, norm = 0;
  for (let i = 0; i < n; i++) {
    const ux = from[i]![0] - fx, uy = from[i]![1] - fy, vx = to[i]![0] - tx, vy = to[i]![1] - ty;
    dot += ux * vx + uy * vy;
    cross += ux * vy - uy * vx;
    norm += ux * ux + uy * uy;
  }
  if (norm === 0) throw new Error('fitSimilarity: source points coincide');
  const a = dot / norm, b = cross / norm;
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

/** The transform from chip pixels to photo pixels for a face's 68 landmarks (photo pixels). */
export function chipTransform(landmarks: Point[], size = CHIP_SIZE, padding = CHIP_PADDING): Similarity {
  if (landmarks.length !== 68) throw new Error(`expected 68 landmarks, got ${landmarks.length}`);
  const from: Point[] = [];
  const to: Point[] = [];
  for (let i = 17; i < 68; i++) {
    if (!usedLandmark(i)) continue;
    from.push([((padding + MEAN_X[i - 17]!) / (2 * padding + 1)) * size, ((padding + MEAN_Y[i - 17]!) / (2 * padding + 1)) * size]);
    to.push(landmarks[i]!);
  }
  return fitSimilarity(from, to);
}

export const applySimilarity = (t: Similarity, [u, v]: Point): Point => [t.a * u - t.b * v + t.tx, t.b * u + t.a * v + t.ty];

/** Photo pixels per chip pixel. */
export const similarityScale = (t: Similarity) => Math.hypot(t.a, t.b);

/** Bounding rectangle, in photo pixels, of the chip's square. */
export function chipFootprint(t: Similarity, size = CHIP_SIZE): Rect {
  const corners = ([[0, 0], [size, 0], [0, size], [size, size]] as Point[]).map((p) => applySimilarity(t, p));
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const x = Math.min(...xs), y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

/** An RGB patch of the photo: `region` (photo pixels) sampled into width × height pixels. */
export interface Patch {
  data: Uint8Array;
  width: number;
  height: number;
  region: Rect;
}

/**
 * Samples the chip from a patch with bilinear interpolation; pixels outside the patch are black, the same padding
 * for a face at the border as for one in the middle. Returns float RGB in 0–255, size × size × 3.
 */
export function warpChip(patch: Patch, t: Similarity, size = CHIP_SIZE): Float32Array {
  const out = new Float32Array(size * size * 3);
  const { data, width, height, region } = patch;
  const kx = width / region.w, ky = height / region.h;
  const px = (x: number, y: number, c: number) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : data[(y * width + x) * 3 + c]!);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const [ix, iy] = applySimilarity(t, [u + 0.5, v + 0.5]);
      const sx = (ix - region.x) * kx - 0.5;
      const sy = (iy - region.y) * ky - 0.5;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      const fx = sx - x0, fy = sy - y0;
      const o = (v * size + u) * 3;
      for (let c = 0; c < 3; c++) {
        const top = px(x0, y0, c) * (1 - fx) + px(x0 + 1, y0, c) * fx;
        const bottom = px(x0, y0 + 1, c) * (1 - fx) + px(x0 + 1, y0 + 1, c) * fx;
        out[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}

/** The square the landmark model looks at: the detection box's centre, side = its longer edge. */
export function landmarkSquare(box: Rect): Rect {
  const side = Math.max(box.w, box.h);
  return { x: box.x + box.w / 2 - side / 2, y: box.y + box.h / 2 - side / 2, w: side, h: side };
}
