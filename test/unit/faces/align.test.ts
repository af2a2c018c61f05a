import { describe, expect, it } from 'vitest';
import {
  CHIP_PADDING,
  CHIP_SIZE,
  applySimilarity,
  chipFootprint,
  chipTransform,
  fitSimilarity,
  landmarkSquare,
  similarityScale,
  warpChip,
  type Patch,
  type Point,
  type Similarity,
} from '../../../src/faces/align';

/** Rotation by `deg` degrees, scale `s`, then translation. */
const sim = (deg: number, s: number, tx: number, ty: number): Similarity => {
  const th = (deg * Math.PI) / 180;
  return { a: s * Math.cos(th), b: s * Math.sin(th), tx, ty };
};
const expectSimilarity = (got: Similarity, want: Similarity, digits = 9) => {
  expect(got.a).toBeCloseTo(want.a, digits);
  expect(got.b).toBeCloseTo(want.b, digits);
  expect(got.tx).toBeCloseTo(want.tx, digits);
  expect(got.ty).toBeCloseTo(want.ty, digits);
};

const transforms: { name: string; t: Similarity }[] = [
  { name: 'identity', t: sim(0, 1, 0, 0) },
  { name: 'pure translation', t: sim(0, 1, 120.5, -33) },
  { name: 'scale 2.5', t: sim(0, 2.5, 0, 0) },
  { name: 'rotate 30°, scale 0.8, shift', t: sim(30, 0.8, 400, 250) },
  { name: 'rotate -75°, scale 3.2, shift', t: sim(-75, 3.2, 1800, 960) },
  { name: 'upside down (180°)', t: sim(180, 1.7, 900, 700) },
];

describe('fitSimilarity', () => {
  const from: Point[] = [
    [0, 0],
    [10, 0],
    [3, 7],
    [-4, 12],
    [25, -6],
  ];
  it.each(transforms)('recovers $name exactly', ({ t }) => {
    const to = from.map((p) => applySimilarity(t, p));
    expectSimilarity(fitSimilarity(from, to), t);
  });

  it('recovers a transform from just two points', () => {
    const t = sim(47, 1.3, -5, 8);
    const pts: Point[] = [
      [1, 2],
      [9, -3],
    ];
    expectSimilarity(fitSimilarity(pts, pts.map((p) => applySimilarity(t, p))), t);
  });

  it('least squares: symmetric noise around a known transform averages out', () => {
    // A square and its image under t, with each target nudged outward/inward alternately by the same amount.
    const t = sim(20, 2, 50, 60);
    const square: Point[] = [
      [-1, -1],
      [1, -1],
      [1, 1],
      [-1, 1],
    ];
    const to = square.map((p, i) => {
      const [x, y] = applySimilarity(t, p);
      const k = i % 2 === 0 ? 0.01 : -0.01;
      return [x + k, y + k] as Point;
    });
    const got = fitSimilarity(square, to);
    expect(similarityScale(got)).toBeCloseTo(2, 2);
    expect(Math.atan2(got.b, got.a)).toBeCloseTo((20 * Math.PI) / 180, 2);
  });

  it.each([
    { name: 'one point', from: [[0, 0]] as Point[], to: [[1, 1]] as Point[] },
    { name: 'different lengths', from: [[0, 0], [1, 1]] as Point[], to: [[1, 1]] as Point[] },
    { name: 'coinciding source points', from: [[2, 2], [2, 2], [2, 2]] as Point[], to: [[0, 0], [1, 0], [0, 1]] as Point[] },
  ])('throws for $name', ({ from: f, to }) => {
    expect(() => fitSimilarity(f, to)).toThrow();
  });
});

// dlib's mean face (landmarks 17–67 in [0, 1]) from dlib/image_transforms/interpolation.h (get_face_chip_details).
const DLIB_MEAN_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127,
  0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132,
  0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532,
  0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const DLIB_MEAN_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805,
  0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852,
  0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281,
  0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
];

/** Where landmark i (17–67) sits in a dlib face chip of `size` px with `padding`. */
const chipPoint = (i: number, size = CHIP_SIZE, padding = CHIP_PADDING): Point => [
  ((padding + DLIB_MEAN_X[i - 17]!) / (1 + 2 * padding)) * size,
  ((padding + DLIB_MEAN_Y[i - 17]!) / (1 + 2 * padding)) * size,
];

/** 68 landmarks: the mean face mapped through t; landmarks 0–16 (jaw) get arbitrary positions. */
const landmarksFor = (t: Similarity, size = CHIP_SIZE, padding = CHIP_PADDING): Point[] =>
  Array.from({ length: 68 }, (_, i) => (i < 17 ? ([i * 13.7, 999 - i * 5] as Point) : applySimilarity(t, chipPoint(i, size, padding))));

// dlib uses landmarks 27–54 and 60–64: nose, eyes, outer and inner upper lip; not the eyebrows nor the lower lip.
const USED = new Set([...Array.from({ length: 28 }, (_, k) => 27 + k), 60, 61, 62, 63, 64]);

describe('chipTransform', () => {
  it('dlib uses 33 landmarks', () => {
    expect(USED.size).toBe(33);
  });

  it.each(transforms)('recovers $name from landmarks that are the mean face mapped through it', ({ t }) => {
    expectSimilarity(chipTransform(landmarksFor(t)), t, 6);
  });

  it.each([
    { size: 112, padding: 0.25 },
    { size: 150, padding: 0 },
    { size: 200, padding: 0.2 },
  ])('honours size $size and padding $padding', ({ size, padding }) => {
    const t = sim(12, 1.4, 320, 410);
    expectSimilarity(chipTransform(landmarksFor(t, size, padding), size, padding), t, 6);
  });

  it('maps chip points back onto the landmarks it was fitted on', () => {
    const t = sim(-18, 2.2, 700, 300);
    const lms = landmarksFor(t);
    const fitted = chipTransform(lms);
    for (const i of USED) {
      const [x, y] = applySimilarity(fitted, chipPoint(i));
      expect(x).toBeCloseTo(lms[i]![0], 6);
      expect(y).toBeCloseTo(lms[i]![1], 6);
    }
  });

  it.each([
    { name: 'jaw (0–16)', indices: [0, 4, 8, 12, 16] },
    { name: 'eyebrows (17–26)', indices: [17, 19, 21, 22, 24, 26] },
    { name: 'lower lip (55–59, 65–67)', indices: [55, 56, 57, 58, 59, 65, 66, 67] },
  ])('ignores the $name', ({ indices }) => {
    const t = sim(25, 1.9, 500, 500);
    const lms = landmarksFor(t);
    for (const i of indices) lms[i] = [lms[i]![0] + 80, lms[i]![1] - 55];
    expectSimilarity(chipTransform(lms), t, 6);
  });

  it.each([27, 30, 36, 45, 48, 54, 60, 64])('uses landmark %i', (i) => {
    const t = sim(25, 1.9, 500, 500);
    const lms = landmarksFor(t);
    lms[i] = [lms[i]![0] + 80, lms[i]![1] - 55];
    const got = chipTransform(lms);
    expect(Math.abs(got.tx - t.tx) + Math.abs(got.ty - t.ty) + Math.abs(got.a - t.a) + Math.abs(got.b - t.b)).toBeGreaterThan(0.01);
  });

  it.each([0, 5, 67, 69])('refuses %i landmarks', (n) => {
    expect(() => chipTransform(Array.from({ length: n }, (_, i) => [i, i * 2] as Point))).toThrow(/68 landmarks/);
  });

  it('an upright face: the eyes land on the same chip row and the nose below them', () => {
    const t = chipTransform(landmarksFor(sim(0, 2, 100, 100)));
    // inverse of a pure scale+shift
    const toChip = ([x, y]: Point): Point => [(x - t.tx) / t.a, (y - t.ty) / t.a];
    const lms = landmarksFor(sim(0, 2, 100, 100));
    const eyeL = toChip(lms[36]!);
    const eyeR = toChip(lms[45]!);
    const nose = toChip(lms[30]!);
    expect(eyeL[1]).toBeCloseTo(eyeR[1], 6);
    expect(nose[1]).toBeGreaterThan(eyeL[1]);
    expect(eyeL[0]).toBeLessThan(eyeR[0]);
  });
});

describe('chipFootprint', () => {
  it.each([
    { deg: 0, s: 1 },
    { deg: 30, s: 2 },
    { deg: 45, s: 1 },
    { deg: -60, s: 0.5 },
    { deg: 90, s: 3 },
    { deg: 135, s: 1.2 },
  ])('rotation $deg°, scale $s: a square of side s·150·(|cos|+|sin|) around the chip centre', ({ deg, s }) => {
    const t = sim(deg, s, 1000, 800);
    const fp = chipFootprint(t);
    const th = (deg * Math.PI) / 180;
    const side = s * CHIP_SIZE * (Math.abs(Math.cos(th)) + Math.abs(Math.sin(th)));
    expect(fp.w).toBeCloseTo(side, 6);
    expect(fp.h).toBeCloseTo(side, 6);
    const [cx, cy] = applySimilarity(t, [CHIP_SIZE / 2, CHIP_SIZE / 2]);
    expect(fp.x + fp.w / 2).toBeCloseTo(cx, 6);
    expect(fp.y + fp.h / 2).toBeCloseTo(cy, 6);
  });

  it('45° without translation: known corners', () => {
    const fp = chipFootprint(sim(45, 1, 0, 0), 100);
    const d = 100 * Math.SQRT1_2;
    expect(fp.x).toBeCloseTo(-d, 9);
    expect(fp.y).toBeCloseTo(0, 9);
    expect(fp.w).toBeCloseTo(2 * d, 9);
    expect(fp.h).toBeCloseTo(2 * d, 9);
  });
});

describe('warpChip', () => {
  const N = 8;
  /** A patch whose every channel value is distinct and non-zero, so black padding is unambiguous. */
  const makePatch = (region = { x: 0, y: 0, w: N, h: N }, width = N, height = N): Patch => {
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([10 + x, 100 + y, 200 + ((x + y) % 50)], (y * width + x) * 3);
    return { data, width, height, region };
  };
  const pix = (p: Patch, x: number, y: number) => Array.from(p.data.subarray((y * p.width + x) * 3, (y * p.width + x) * 3 + 3));
  const out = (chip: Float32Array, size: number, u: number, v: number) => Array.from(chip.subarray((v * size + u) * 3, (v * size + u) * 3 + 3));

  it('the identity transform reproduces the patch', () => {
    const p = makePatch();
    const chip = warpChip(p, sim(0, 1, 0, 0), N);
    expect(chip).toHaveLength(N * N * 3);
    expect(Array.from(chip)).toEqual(Array.from(p.data));
  });

  it('a patch sampled at half resolution from an offset region: the matching transform reproduces it', () => {
    // region 16×16 photo px at (100, 50), stored as 8×8: one patch px = 2 photo px.
    const p = makePatch({ x: 100, y: 50, w: 16, h: 16 });
    const chip = warpChip(p, { a: 2, b: 0, tx: 100, ty: 50 }, N);
    expect(Array.from(chip)).toEqual(Array.from(p.data));
  });

  const shifts: { name: string; tx: number; ty: number }[] = [
    { name: 'right by 3', tx: 3, ty: 0 },
    { name: 'left by 2', tx: -2, ty: 0 },
    { name: 'down by 5', tx: 0, ty: 5 },
    { name: 'up-left by (4, 1)', tx: -4, ty: -1 },
  ];
  it.each(shifts)('an integer shift $name: patch pixels where they map, black outside the patch', ({ tx, ty }) => {
    const p = makePatch();
    const chip = warpChip(p, sim(0, 1, tx, ty), N);
    for (let v = 0; v < N; v++) {
      for (let u = 0; u < N; u++) {
        const x = u + tx;
        const y = v + ty;
        const expected = x >= 0 && y >= 0 && x < N && y < N ? pix(p, x, y) : [0, 0, 0];
        expect(out(chip, N, u, v), `chip (${u}, ${v})`).toEqual(expected);
      }
    }
  });

  it('a 90° rotation turns the patch', () => {
    // (u, v) → (N − v, u): chip pixel (u, v) shows patch pixel (N − 1 − v, u).
    const p = makePatch();
    const chip = warpChip(p, { a: 0, b: 1, tx: N, ty: 0 }, N);
    for (let v = 0; v < N; v++) for (let u = 0; u < N; u++) expect(out(chip, N, u, v)).toEqual(pix(p, N - 1 - v, u));
  });

  it('interpolates bilinearly at a half-pixel shift', () => {
    const p = makePatch();
    const chip = warpChip(p, sim(0, 1, 0.5, 0), N);
    // between columns u and u+1 of the same row
    for (let u = 0; u < N - 1; u++) {
      const a = pix(p, u, 3);
      const b = pix(p, u + 1, 3);
      out(chip, N, u, 3).forEach((c, k) => expect(c).toBeCloseTo((a[k]! + b[k]!) / 2, 4));
    }
    // the last column blends with the black beyond the patch
    out(chip, N, N - 1, 3).forEach((c, k) => expect(c).toBeCloseTo(pix(p, N - 1, 3)[k]! / 2, 4));
  });

  it('a transform entirely outside the patch gives a black chip', () => {
    const chip = warpChip(makePatch(), sim(0, 1, 500, 500), N);
    expect(chip.every((c) => c === 0)).toBe(true);
  });

  it('default size is 150×150×3', () => {
    expect(warpChip(makePatch(), sim(0, 0.05, 0, 0))).toHaveLength(CHIP_SIZE * CHIP_SIZE * 3);
  });
});

describe('landmarkSquare', () => {
  it.each([
    { name: 'tall box', box: { x: 10, y: 20, w: 40, h: 60 }, square: { x: 0, y: 20, w: 60, h: 60 } },
    { name: 'wide box', box: { x: 100, y: 100, w: 80, h: 20 }, square: { x: 100, y: 70, w: 80, h: 80 } },
    { name: 'square box is unchanged', box: { x: 5, y: 6, w: 30, h: 30 }, square: { x: 5, y: 6, w: 30, h: 30 } },
    { name: 'near the edge: may reach outside the photo', box: { x: 0, y: 0, w: 20, h: 50 }, square: { x: -15, y: 0, w: 50, h: 50 } },
  ])('$name', ({ box, square }) => {
    const s = landmarkSquare(box);
    expect(s).toEqual(square);
    expect(s.w).toBe(s.h);
    expect(s.x + s.w / 2).toBe(box.x + box.w / 2);
    expect(s.y + s.h / 2).toBe(box.y + box.h / 2);
  });
});
