import { CHIP_SIZE, LANDMARK_INPUT, chipFootprint, chipTransform, landmarkSquare, similarityScale, warpChip, type Point } from './align';
import { descriptorDistance } from '../policy/match';
import { iou } from './boxes';
import { detectFaces } from './detect';
import { SELF_TEST, loadModels, readVerified, type ModelSource } from './models';
import { DEFAULT_DETECTION, type DetectionSettings, type PassPlan } from './plan';
import { DecodeError, readPadded, type Raster } from './raster';
import { SsdNetwork, isSsdParams } from './ssd';
import type { FaceApi, Tensor3D, Tf } from './tf';
import { boxToRect, errorMessage, fail, ok, type Box, type EngineError, type Result } from './types';

export interface EnginePlatform extends ModelSource {
  tf: Tf;
  faceapi: FaceApi;
  /** Decodes a photo (EXIF orientation applied); throws when the bytes are not an image it can read. */
  openImage(bytes: Uint8Array): Promise<Raster>;
  now(): number;
}

export interface EngineOptions {
  detection?: Partial<DetectionSettings>;
  /** 'full' also checks landmarks and descriptors at start; recognition mode needs it. */
  selfTest?: 'detect' | 'full';
}

export interface AnalysedFace {
  box: Box;
  score: number;
  /** 128-d descriptor, only when recognition was asked for. Never stored by the engine. */
  descriptor?: Float32Array;
}

export interface Analysis {
  width: number;
  height: number;
  faces: AnalysedFace[];
  passes: PassPlan[];
  timings: { decodeMs: number; detectMs: number; describeMs: number };
}

export type EngineStatus =
  | { ready: true; backend: string; loadMs: number; selfTestMs: number; selfTest: 'detect' | 'full'; modelsLoadedAt: number; readyAt: number }
  | { ready: false; backend: string; error: EngineError };

/**
 * The face engine: one instance per process (Node) or per offscreen document (browser). Loads the three models
 * once, proves itself on a known photo, then runs one job at a time. Every failure comes back as a Result, and an
 * engine that failed to start answers every job with that failure, so callers can only hold.
 */
export class FaceEngine {
  private queue: Promise<unknown> = Promise.resolve();
  private ssd: SsdNetwork | null = null;
  private statusValue: EngineStatus;
  private readonly detection: DetectionSettings;

  private constructor(
    private readonly platform: EnginePlatform,
    options: EngineOptions,
  ) {
    this.detection = { ...DEFAULT_DETECTION, ...options.detection };
    this.statusValue = { ready: false, backend: platform.tf.getBackend(), error: { code: 'engine_not_ready', message: 'the face engine is starting' } };
  }

  static async start(platform: EnginePlatform, options: EngineOptions = {}): Promise<FaceEngine> {
    const engine = new FaceEngine(platform, options);
    try {
      await engine.boot(options.selfTest ?? 'full');
    } catch (err) {
      engine.statusValue = { ready: false, backend: platform.tf.getBackend(), error: { code: 'backend_failed', message: `the face engine could not start: ${errorMessage(err)}` } };
    }
    return engine;
  }

  get status(): EngineStatus {
    return this.statusValue;
  }

  /** Decodes and analyses one photo. */
  analyseBytes(bytes: Uint8Array, options: { describe: boolean }): Promise<Result<Analysis>> {
    return this.exclusive(async () => {
      let raster: Raster;
      try {
        raster = await this.platform.openImage(bytes);
      } catch (err) {
        return fail('decode_failed', `the photo could not be decoded: ${errorMessage(err)}`);
      }
      try {
        return await this.analyseNow(raster, options);
      } finally {
        raster.dispose();
      }
    });
  }

  /** Analyses an already decoded photo (the browser hands over an ImageBitmap raster). */
  analyse(raster: Raster, options: { describe: boolean }): Promise<Result<Analysis>> {
    return this.exclusive(() => this.analyseNow(raster, options));
  }

  private exclusive<T>(job: () => Promise<Result<T>>): Promise<Result<T>> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run.catch((err: unknown) => fail<T>('inference_failed', errorMessage(err)));
  }

  /** Descriptors are only trusted after the full self-test: an engine started for detection runs it once, now. */
  private async ensureFullSelfTest(): Promise<void> {
    const status = this.statusValue;
    if (!status.ready || status.selfTest === 'full') return;
    const problem = await this.selfTest('full').catch((err: unknown) => errorMessage(err));
    this.statusValue = problem ? { ready: false, backend: status.backend, error: { code: 'self_test_failed', message: problem } } : { ...status, selfTest: 'full' };
  }

  private async analyseNow(raster: Raster, { describe }: { describe: boolean }): Promise<Result<Analysis>> {
    if (describe) await this.ensureFullSelfTest();
    if (!this.statusValue.ready) return { ok: false, error: this.statusValue.error };
    const { now } = this.platform;
    try {
      const t0 = now();
      const decodeBefore = raster.decodeMs;
      const { faces, passes } = await detectFaces(this.ssd!, raster, this.detection);
      const t1 = now();
      const descriptors = describe && faces.length > 0 ? await this.describe(raster, faces.map((f) => [f.x, f.y, f.w, f.h] as Box)) : [];
      const t2 = now();
      const decodeMs = raster.decodeMs - decodeBefore;
      return ok({
        width: raster.width,
        height: raster.height,
        passes,
        faces: faces.map((f, i) => ({ box: [f.x, f.y, f.w, f.h] as Box, score: f.score, ...(describe ? { descriptor: descriptors[i]! } : {}) })),
        timings: { decodeMs, detectMs: t1 - t0 - decodeMs, describeMs: t2 - t1 },
      });
    } catch (err) {
      return failure(err, 'face analysis');
    }
  }

  private async describe(raster: Raster, boxes: Box[]): Promise<Float32Array[]> {
    const { tf, faceapi } = this.platform;
    const squares = boxes.map((b) => landmarkSquare(boxToRect(b)));
    const crops = await Promise.all(squares.map((sq) => readPadded(raster, sq, LANDMARK_INPUT, LANDMARK_INPUT)));
    const cropTensors = crops.map((c) => tf.tensor3d(Float32Array.from(c.data), [LANDMARK_INPUT, LANDMARK_INPUT, 3]));
    let landmarks: { positions: { x: number; y: number }[] }[];
    try {
      const result = await faceapi.nets.faceLandmark68Net.detectLandmarks(cropTensors);
      landmarks = Array.isArray(result) ? result : [result];
    } finally {
      tf.dispose(cropTensors);
    }
    const chips = await Promise.all(
      landmarks.map(async (lm, i) => {
        const sq = squares[i]!;
        const k = sq.w / LANDMARK_INPUT;
        const points: Point[] = lm.positions.map((p) => [sq.x + p.x * k, sq.y + p.y * k]);
        const transform = chipTransform(points);
        const footprint = chipFootprint(transform);
        // Read at chip resolution (or native when the face is smaller than the chip), so warping never aliases.
        const scale = Math.min(1, 1 / similarityScale(transform));
        const patch = await readPadded(raster, footprint, Math.max(1, Math.round(footprint.w * scale)), Math.max(1, Math.round(footprint.h * scale)));
        return warpChip(patch, transform);
      }),
    );
    const chipTensors = chips.map((c) => tf.tensor3d(c, [CHIP_SIZE, CHIP_SIZE, 3]) as Tensor3D);
    try {
      const result = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chipTensors);
      return Array.isArray(result) ? result : [result];
    } finally {
      tf.dispose(chipTensors);
    }
  }

  private async boot(level: 'detect' | 'full'): Promise<void> {
    const { platform } = this;
    const backend = platform.tf.getBackend();
    const t0 = platform.now();
    const loaded = await loadModels(platform.tf, platform.faceapi, platform);
    if (!loaded.ok) {
      this.statusValue = { ready: false, backend, error: loaded.error };
      return;
    }
    const params = platform.faceapi.nets.ssdMobilenetv1.params;
    if (!isSsdParams(params)) {
      this.statusValue = { ready: false, backend, error: { code: 'model_missing', message: 'the face detector did not load its parameters' } };
      return;
    }
    this.ssd = new SsdNetwork(platform.tf, params);
    const t1 = platform.now();
    const problem = await this.selfTest(level);
    const t2 = platform.now();
    this.statusValue = problem
      ? { ready: false, backend, error: { code: 'self_test_failed', message: problem } }
      : { ready: true, backend, loadMs: t1 - t0, selfTestMs: t2 - t1, selfTest: level, modelsLoadedAt: t1, readyAt: t2 };
  }

  /** A known photo must yield its known faces (and, for recognition, sane descriptors); returns what went wrong. */
  private async selfTest(level: 'detect' | 'full'): Promise<string | null> {
    const bytes = await readVerified(this.platform, SELF_TEST.file);
    if (!bytes.ok) return bytes.error.message;
    if (SELF_TEST.faces.length === 0) return 'the self-test photo has no recorded faces in models/manifest.json';
    let raster: Raster;
    try {
      raster = await this.platform.openImage(bytes.value);
    } catch (err) {
      return `the self-test photo could not be decoded: ${errorMessage(err)}`;
    }
    try {
      const { faces } = await detectFaces(this.ssd!, raster, this.detection);
      const expected = SELF_TEST.faces.map(boxToRect);
      const missing = expected.filter((e) => !faces.some((f) => iou(f, e) >= 0.6));
      if (missing.length > 0 || faces.length !== expected.length) {
        return `the self-test photo should show ${expected.length} faces; the detector found ${faces.length}, missing ${missing.length}`;
      }
      if (level === 'full') {
        const boxes = SELF_TEST.faces;
        const [a, b] = boxes;
        // The first face again, shifted by 4% of its size: must describe as the same person.
        const shifted: Box = [a![0] + a![2] * 0.04, a![1] + a![3] * 0.04, a![2], a![3]];
        const descriptors = await this.describe(raster, [...boxes, shifted]);
        if (descriptors.some((d) => d.length !== 128 || d.some((v) => !Number.isFinite(v)))) return 'face descriptors are not finite 128-d vectors';
        const same = descriptorDistance(descriptors[0]!, descriptors[boxes.length]!);
        const different = descriptorDistance(descriptors[0]!, descriptors[1]!);
        if (!(same < 0.25) || !(different > 0.5) || !b) {
          return `face descriptors are not consistent (same face ${same.toFixed(3)}, different faces ${different.toFixed(3)})`;
        }
      }
      return null;
    } catch (err) {
      return `the self-test failed: ${errorMessage(err)}`;
    } finally {
      raster.dispose();
    }
  }
}

function failure<T>(err: unknown, what: string): Result<T> {
  if (err instanceof DecodeError) return fail('decode_failed', `the photo could not be decoded: ${err.message}`);
  return fail('inference_failed', `${what} failed: ${errorMessage(err)}`);
}

