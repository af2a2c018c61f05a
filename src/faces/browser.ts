/**
 * The face engine's browser platform, for the extension's offscreen document: photos arrive as ImageBitmaps (EXIF
 * orientation applied by the browser), models are the extension's own packaged files, WebGL runs only on a real GPU
 * and wasm (single-threaded: MV3 cannot start wasm workers) otherwise. Exercised by the extension's browser tests.
 */
import type { EngineOptions, EnginePlatform } from './engine';
import { FaceEngine } from './engine';
import { sha256Hex } from '../platform/hash';
import { DecodeError, type Raster } from './raster';
import type { FaceApi, Tf } from './tf';
import type { Rect } from './types';

/** Software renderers make WebGL 10–40× slower than wasm (measured: SwiftShader 5–20 s per photo). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|software|basic render/i;

export function hasRealGpu(): boolean {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return !SOFTWARE_RENDERER.test(renderer);
  } catch {
    return false;
  }
}

/** WebGL on a real GPU, wasm otherwise or when WebGL fails; returns the backend in use. */
export async function selectBackend(tf: Tf, wasmDir: string, setWasmPaths: (dir: string) => void): Promise<string> {
  if (hasRealGpu()) {
    try {
      if (await tf.setBackend('webgl')) {
        await tf.ready();
        return 'webgl';
      }
    } catch {
      // fall through to wasm
    }
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(wasmDir);
  if (!(await tf.setBackend('wasm'))) throw new Error('neither WebGL nor wasm could start');
  await tf.ready();
  return 'wasm';
}

/** A photo decoded by the browser. Regions are drawn through an OffscreenCanvas with high-quality smoothing. */
export class BitmapRaster implements Raster {
  decodeMs = 0;
  readonly width: number;
  readonly height: number;

  constructor(private readonly bitmap: ImageBitmap) {
    this.width = bitmap.width;
    this.height = bitmap.height;
  }

  static async open(bytes: Uint8Array): Promise<BitmapRaster> {
    const t0 = performance.now();
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), { imageOrientation: 'from-image' });
    } catch (err) {
      throw new DecodeError(err instanceof Error ? err.message : String(err));
    }
    const raster = new BitmapRaster(bitmap);
    raster.decodeMs = performance.now() - t0;
    return raster;
  }

  async read(region: Rect, outW: number, outH: number): Promise<Uint8Array> {
    const canvas = new OffscreenCanvas(outW, outH);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas');
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(this.bitmap, region.x, region.y, region.w, region.h, 0, 0, outW, outH);
    const rgba = ctx.getImageData(0, 0, outW, outH).data;
    const rgb = new Uint8Array(outW * outH * 3);
    for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
      rgb[j] = rgba[i]!;
      rgb[j + 1] = rgba[i + 1]!;
      rgb[j + 2] = rgba[i + 2]!;
    }
    return rgb;
  }

  dispose(): void {
    this.bitmap.close();
  }
}

export interface BrowserEngineDeps {
  tf: Tf;
  faceapi: FaceApi;
  setWasmPaths: (dir: string) => void;
  /** URL of the folder holding the extension's verified model files (e.g. runtime.getURL('/models/')). */
  modelBaseUrl: string;
  /** URL of the folder holding tfjs-backend-wasm's .wasm files inside the extension. */
  wasmBaseUrl: string;
}

export async function startBrowserEngine(deps: BrowserEngineDeps, options: EngineOptions = {}): Promise<FaceEngine> {
  await selectBackend(deps.tf, deps.wasmBaseUrl, deps.setWasmPaths);
  const platform: EnginePlatform = {
    tf: deps.tf,
    faceapi: deps.faceapi,
    // face-api's loadFromUri mangles chrome-extension:// URLs; the engine reads the bytes itself and checks them.
    readModelFile: async (name) => {
      const response = await fetch(new URL(name, deps.modelBaseUrl));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    sha256: sha256Hex,
    openImage: (bytes) => BitmapRaster.open(bytes),
    now: () => performance.now(),
  };
  return FaceEngine.start(platform, options);
}
