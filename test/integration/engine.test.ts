import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaceEngine } from '../../src/faces/engine';
import { createNodePlatform, loadNodeBackend, startNodeEngine } from '../../src/faces/node';
import type { Raster } from '../../src/faces/raster';
import { buildConsentIndex, DEFAULT_MATCH_SETTINGS, evaluatePhoto } from '../../src/policy';
import { importRoster } from '../../src/consent';
import { FACES, HAS_FACES, iou, ROOT, sample } from './helpers';

let engine: FaceEngine;
beforeAll(async () => {
  engine = await startNodeEngine({ selfTest: 'full' });
});

const analyse = async (bytes: Uint8Array, describe = false) => {
  const r = await engine.analyseBytes(bytes, { describe });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('face engine on Node (wasm)', () => {
  it('starts, passes its self-test and runs on the wasm backend', () => {
    expect(engine.status).toMatchObject({ ready: true, backend: 'wasm', selfTest: 'full' });
  });

  it('finds the three faces of sample1.jpg with boxes inside the photo', async () => {
    const a = await analyse(readFileSync(sample(1)));
    expect([a.width, a.height]).toEqual([1920, 1280]);
    expect(a.faces).toHaveLength(3);
    for (const f of a.faces) {
      const [x, y, w, h] = f.box;
      expect(f.score).toBeGreaterThanOrEqual(0.5);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(1920);
      expect(y + h).toBeLessThanOrEqual(1280);
      expect(w).toBeGreaterThan(100);
    }
    expect(a.faces.every((f) => f.descriptor === undefined)).toBe(true);
  });

  it('reports boxes in pixels of the EXIF-rotated original', async () => {
    const upright = await analyse(readFileSync(sample(1)));
    // Pixels stored turned a quarter to the left, with EXIF orientation 6 telling viewers to turn them back.
    const stored = await sharp(readFileSync(sample(1))).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
    expect((await sharp(stored).metadata()).width).toBe(1280);
    const turned = await analyse(stored);
    expect([turned.width, turned.height]).toEqual([1920, 1280]);
    expect(turned.faces).toHaveLength(upright.faces.length);
    for (const f of upright.faces) expect(Math.max(...turned.faces.map((g) => iou(f.box, g.box)))).toBeGreaterThan(0.7);
  });

  it('describes faces with 128-d descriptors that tell people apart and recognise a re-framed face', async () => {
    const whole = await analyse(readFileSync(sample(1)), true);
    const [x, y, w, h] = whole.faces[0]!.box;
    const crop = await sharp(readFileSync(sample(1)))
      .extract({ left: Math.round(x - w), top: Math.round(y - h / 2), width: Math.round(3 * w), height: Math.round(2.2 * h) })
      .resize({ width: Math.round(2.2 * w) })
      .jpeg({ quality: 85 })
      .toBuffer();
    const single = await analyse(crop, true);
    expect(single.faces).toHaveLength(1);
    const d = (a: Float32Array, b: Float32Array) => Math.hypot(...Array.from(a, (v, i) => v - b[i]!));
    const descriptors = whole.faces.map((f) => f.descriptor!);
    for (const desc of descriptors) expect(desc).toHaveLength(128);
    expect(d(single.faces[0]!.descriptor!, descriptors[0]!)).toBeLessThan(0.3);
    expect(d(descriptors[0]!, descriptors[1]!)).toBeGreaterThan(DEFAULT_MATCH_SETTINGS.threshold);
    expect(d(descriptors[1]!, descriptors[2]!)).toBeGreaterThan(DEFAULT_MATCH_SETTINGS.threshold);
  });

  it('frees its tensors: the tensor count is the same after 3 analyses', async () => {
    const { tf } = await loadNodeBackend();
    await analyse(readFileSync(sample(2)), true);
    const before = tf.memory().numTensors;
    for (const n of [3, 4, 5]) await analyse(readFileSync(sample(n)), true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs one job at a time: concurrent calls give the same answers as sequential ones', async () => {
    const bytes = [2, 3, 4].map((n) => readFileSync(sample(n)));
    const sequential = [];
    for (const b of bytes) sequential.push((await analyse(b)).faces.map((f) => f.box));
    const parallel = await Promise.all(bytes.map(async (b) => (await analyse(b)).faces.map((f) => f.box)));
    expect(parallel).toEqual(sequential);
  });

  it('finds no face in a photo without people', async () => {
    const grey = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#8a8f96' } }).jpeg().toBuffer();
    expect((await analyse(grey)).faces).toEqual([]);
  });

  it.each([
    ['random bytes', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])],
    ['an empty file', new Uint8Array()],
    ['a truncated JPEG', new Uint8Array(readFileSync(sample(1)).subarray(0, 20_000))],
  ])('returns decode_failed for %s, never throws', async (_, bytes) => {
    const r = await engine.analyseBytes(bytes, { describe: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('decode_failed');
  });
});

describe('face engine start-up failures are results, and every verdict becomes a hold', () => {
  const roster = (() => {
    const r = importRoster(readFileSync(join(ROOT, 'demo/roster.csv'), 'utf8'), 'roster.csv');
    if (!r.ok) throw new Error('demo roster invalid');
    return r.roster;
  })();
  const verdictWith = async (broken: FaceEngine) => {
    const outcome = await broken.analyseBytes(readFileSync(sample(1)), { describe: false });
    return evaluatePhoto({ outcome, channel: 'website', mode: 'detect', index: buildConsentIndex(roster), match: DEFAULT_MATCH_SETTINGS, noFacesConfirmed: true }).verdict;
  };

  function modelsCopy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'cg-models-'));
    for (const f of readdirSync(join(ROOT, 'models'))) copyFileSync(join(ROOT, 'models', f), join(dir, f));
    return dir;
  }

  it('a missing model file: model_missing', async () => {
    const dir = modelsCopy();
    writeFileSync(join(dir, 'face_recognition_model.bin'), '');
    const platform = await createNodePlatform(dir);
    const broken = await FaceEngine.start({ ...platform, readModelFile: async (name) => (name === 'face_landmark_68_model.bin' ? Promise.reject(new Error('ENOENT')) : platform.readModelFile(name)) });
    expect(broken.status).toMatchObject({ ready: false, error: { code: 'model_missing' } });
    const verdict = await verdictWith(broken);
    expect(verdict.verdict).toBe('hold');
    expect(verdict.photoReasons.map((p) => p.reason)).toEqual(['engine_unavailable']);
  });

  it('a model file altered by one byte: model_checksum, and it is never loaded', async () => {
    const dir = modelsCopy();
    const bin = readFileSync(join(dir, 'ssd_mobilenetv1_model.bin'));
    bin[1000] = bin[1000]! ^ 0xff;
    writeFileSync(join(dir, 'ssd_mobilenetv1_model.bin'), bin);
    const broken = await FaceEngine.start(await createNodePlatform(dir));
    expect(broken.status).toMatchObject({ ready: false, error: { code: 'model_checksum' } });
    expect((await verdictWith(broken)).verdict).toBe('hold');
  });

  it('an engine started for detection checks its descriptors before the first recognition job', async () => {
    const platform = await createNodePlatform();
    const fine = await FaceEngine.start(platform, { selfTest: 'detect' });
    expect(fine.status).toMatchObject({ ready: true, selfTest: 'detect' });
    expect((await fine.analyseBytes(readFileSync(sample(1)), { describe: true })).ok).toBe(true);
    expect(fine.status).toMatchObject({ ready: true, selfTest: 'full' });

    // A recognition network that answers the same vector for every face fails the descriptor self-test.
    const net = platform.faceapi.nets.faceRecognitionNet;
    const constant = { ...platform.faceapi, nets: { ...platform.faceapi.nets, faceRecognitionNet: Object.assign(Object.create(net), { computeFaceDescriptor: async (input: unknown[]) => input.map(() => new Float32Array(128).fill(0.1)) }) } };
    const broken = await FaceEngine.start({ ...platform, faceapi: constant }, { selfTest: 'detect' });
    expect(broken.status.ready).toBe(true);
    const r = await broken.analyseBytes(readFileSync(sample(1)), { describe: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'self_test_failed', message: expect.stringMatching(/descriptors are not consistent/) });
    expect(broken.status.ready).toBe(false);
  });

  it('a self-test photo that does not yield its faces: self_test_failed', async () => {
    const platform = await createNodePlatform();
    const blank = (raster: Raster): Raster => ({ ...raster, width: raster.width, height: raster.height, decodeMs: 0, read: async (_r, w, h) => new Uint8Array(w * h * 3).fill(128), dispose: () => raster.dispose() });
    const broken = await FaceEngine.start({ ...platform, openImage: async (bytes) => blank(await platform.openImage(bytes)) }, { selfTest: 'detect' });
    expect(broken.status).toMatchObject({ ready: false, error: { code: 'self_test_failed' } });
    const r = await broken.analyseBytes(readFileSync(sample(1)), { describe: false });
    expect(r.ok).toBe(false);
    expect((await verdictWith(broken)).photoReasons[0]?.message).toMatch(/self-test/);
  });
});

describe.skipIf(!HAS_FACES)('face engine on the shared labelled photos', () => {
  it('finds at least 98% of the boxed faces in the group photos, with at most 1 false box per 10 photos', async () => {
    const groups = JSON.parse(readFileSync(join(FACES, 'groups.json'), 'utf8')).groups as Record<string, { faces: { box: number[] }[] }>;
    let boxed = 0, found = 0, falseBoxes = 0, photos = 0;
    for (const [file, g] of Object.entries(groups)) {
      const faces = (await analyse(readFileSync(join(FACES, 'groups', file)))).faces.map((f) => f.box);
      const used = new Set<number>();
      for (const t of g.faces) {
        const j = faces.findIndex((f, k) => !used.has(k) && iou(f, t.box) >= 0.3);
        if (j >= 0) used.add(j);
      }
      boxed += g.faces.length;
      found += used.size;
      falseBoxes += faces.length - used.size;
      photos++;
    }
    for (const file of readdirSync(join(FACES, 'negatives'))) {
      falseBoxes += (await analyse(readFileSync(join(FACES, 'negatives', file)))).faces.length;
      photos++;
    }
    expect(found / boxed).toBeGreaterThanOrEqual(0.98);
    expect(falseBoxes / photos).toBeLessThanOrEqual(0.1);
  }, 120_000);
});
