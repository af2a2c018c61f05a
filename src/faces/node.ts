/**
 * The face engine's Node platform: tfjs with the wasm backend through face-api's node-wasm build, photos decoded by
 * sharp (EXIF orientation applied), models read from the verified copies in models/.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { FaceEngine, type EngineOptions, type EnginePlatform } from './engine';
import { DecodeError, type Raster } from './raster';
import type { FaceApi, Tf } from './tf';
import type { Rect } from './types';

const require = createRequire(import.meta.url);

/** The project's models/ folder, found from wherever this module runs (src/ under vitest, dist/ when bundled). */
export function findModelsDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'models', 'manifest.json'))) return join(dir, 'models');
    if (dirname(dir) === dir) throw new Error('models/manifest.json not found above ' + start);
  }
}

let backendReady: Promise<{ tf: Tf; faceapi: FaceApi }> | null = null;

/** tfjs + wasm backend, once per process. Both come from `require` so face-api shares the same tfjs instance. */
export function loadNodeBackend(): Promise<{ tf: Tf; faceapi: FaceApi }> {
  backendReady ??= (async () => {
    const tf = require('@tensorflow/tfjs') as Tf;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(path: string): void };
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend could not start');
    await tf.ready();
    return { tf, faceapi };
  })();
  return backendReady;
}

interface Level {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * A photo decoded by sharp. Decoding is lazy and by powers of two: detection reads small inputs, so a 12-megapixel
 * JPEG is decoded at 1/4 or 1/8 (libjpeg shrink-on-load) unless a face crop needs the full resolution.
 */
export class SharpRaster implements Raster {
  decodeMs = 0;
  private readonly levels = new Map<number, Promise<Level>>();

  private constructor(
    private readonly bytes: Uint8Array,
    readonly width: number,
    readonly height: number,
  ) {}

  static async open(bytes: Uint8Array): Promise<SharpRaster> {
    const t0 = performance.now();
    const meta = await sharp(bytes, { failOn: 'error' }).metadata();
    const size = meta.autoOrient ?? { width: meta.width, height: meta.height };
    if (!size.width || !size.height) throw new Error(`no image dimensions in a ${meta.format ?? 'unknown'} file`);
    const raster = new SharpRaster(bytes, size.width, size.height);
    raster.decodeMs += performance.now() - t0;
    return raster;
  }

  private level(factor: number): Promise<Level> {
    let level = this.levels.get(factor);
    if (!level) {
      // The promise is cached, so concurrent reads of one level decode it once.
      level = this.decode(factor);
      this.levels.set(factor, level);
    }
    return level;
  }

  private async decode(factor: number): Promise<Level> {
    const t0 = performance.now();
    const { data, info } = await sharp(this.bytes, { failOn: 'error' })
      .rotate()
      .resize(Math.ceil(this.width / factor), Math.ceil(this.height / factor), { fit: 'fill' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true })
      .catch((err: unknown) => {
        throw new DecodeError(err instanceof Error ? err.message : String(err));
      });
    this.decodeMs += performance.now() - t0;
    if (info.channels !== 3) throw new DecodeError(`decoded ${info.channels} channels, expected RGB`);
    return { data, width: info.width, height: info.height };
  }

  async read(region: Rect, outW: number, outH: number): Promise<Uint8Array> {
    const needed = Math.max(outW / region.w, outH / region.h);
    let factor = 1;
    while (factor < 8 && 1 / (factor * 2) >= needed) factor *= 2;
    const level = await this.level(factor);
    const kx = level.width / this.width, ky = level.height / this.height;
    const left = Math.min(level.width - 1, Math.max(0, Math.floor(region.x * kx)));
    const top = Math.min(level.height - 1, Math.max(0, Math.floor(region.y * ky)));
    const width = Math.max(1, Math.min(level.width - left, Math.round(region.w * kx)));
    const height = Math.max(1, Math.min(level.height - top, Math.round(region.h * ky)));
    const out = await sharp(level.data, { raw: { width: level.width, height: level.height, channels: 3 } })
      .extract({ left, top, width, height })
      .resize(outW, outH, { fit: 'fill' })
      .raw()
      .toBuffer();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }

  dispose(): void {
    this.levels.clear();
  }
}

export async function createNodePlatform(modelsDir = findModelsDir()): Promise<EnginePlatform> {
  const { tf, faceapi } = await loadNodeBackend();
  return {
    tf,
    faceapi,
    readModelFile: async (name) => new Uint8Array(await readFile(join(modelsDir, name))),
    sha256: async (bytes) => createHash('sha256').update(bytes).digest('hex'),
    openImage: (bytes) => SharpRaster.open(bytes),
    now: () => performance.now(),
  };
}

/** Starts the engine in Node. Never throws for model or self-test problems: check `engine.status`. */
export async function startNodeEngine(options: EngineOptions & { modelsDir?: string } = {}): Promise<FaceEngine> {
  return FaceEngine.start(await createNodePlatform(options.modelsDir), options);
}
