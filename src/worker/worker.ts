/**
 * The offscreen inference worker: one per browser, created lazily by the background, kept warm. It loads the
 * models once from the extension's own files, proves itself on the self-test photo, then runs one job at a time.
 * It answers only the background, returns plain JSON, and reports every failure as a result.
 */
import type { FaceEngine } from '../faces/engine';
import { BitmapRaster } from '../faces/browser';
import type { Result } from '../faces/types';
import type { BgToOs, OsAnalyseReply, OsReleaseReply, OsStatusReply } from '../messages/background-to-offscreen';
import { readMetadataText } from '../metadata';
import { neutralName } from '../redact';
import { releaseImage } from '../redact/release';
import { sha256Hex } from '../platform/hash';
import { framePreview, videoFrames } from './video';

type Frame = Extract<OsAnalyseReply, { ok: true }>['frames'][number];
type Progress = (jobId: string, stage: string, fraction: number | null) => void;

/** Analyses of files already seen, by SHA-256: the same file is not analysed twice. */
const CACHE_LIMIT = 32;

export class InferenceWorker {
  private readonly cache = new Map<string, Extract<OsAnalyseReply, { ok: true }>>();
  /** Blob URLs this worker created (released files, video previews), so they can be revoked. */
  private readonly urls = new Set<string>();

  constructor(
    private readonly engine: Promise<FaceEngine>,
    private readonly progress: Progress,
  ) {}

  async handle(message: BgToOs): Promise<OsStatusReply | OsAnalyseReply | OsReleaseReply | { revoked: number }> {
    switch (message.type) {
      case 'bg:os-status':
        return this.status();
      case 'bg:os-analyse':
        return this.analyse(message);
      case 'bg:os-release':
        return this.release(message);
      case 'bg:os-revoke': {
        let revoked = 0;
        for (const url of message.urls) {
          if (this.urls.delete(url)) {
            URL.revokeObjectURL(url);
            revoked++;
          }
        }
        return { revoked };
      }
    }
  }

  private async status(): Promise<OsStatusReply> {
    const status = (await this.engine).status;
    return status.ready
      ? { ready: true, backend: status.backend, loadMs: status.loadMs, selfTestMs: status.selfTestMs }
      : { ready: false, backend: status.backend, error: status.error };
  }

  private async analyse(message: Extract<BgToOs, { type: 'bg:os-analyse' }>): Promise<OsAnalyseReply> {
    const t0 = performance.now();
    const blob = await fetchBlob(message.blobUrl);
    if (!blob.ok) return blob;
    const bytes = await blob.value.arrayBuffer();
    const sha256 = await sha256Hex(bytes);
    const key = `${sha256}:${message.describe ? 'd' : 'n'}`;
    const cached = this.cache.get(key);
    if (cached) return { ...cached, timings: { ...cached.timings, cached: 1 } };
    const transferMs = performance.now() - t0;
    const engine = await this.engine;
    if (!engine.status.ready) return { ok: false, error: engine.status.error };
    this.progress(message.jobId, 'detect', null);
    const reply =
      message.kind === 'image'
        ? await this.analyseImage(engine, new Blob([bytes]), message.describe)
        : await this.analyseVideo(engine, new Blob([bytes], { type: blob.value.type }), message);
    if (!reply.ok) return reply;
    // Text in the photo's metadata goes to the background, which knows the pupils' names; the released file drops it.
    const metadata = message.kind === 'image' ? await readMetadataText(new Uint8Array(bytes)).catch(() => null) : null;
    const result: Extract<OsAnalyseReply, { ok: true }> = {
      ok: true,
      ...reply.value,
      sha256,
      timings: { ...reply.value.timings, transferMs, totalMs: performance.now() - t0 },
      ...(metadata ? { metadata: { fields: metadata.fields.slice(0, 500), gps: metadata.gps } } : {}),
    };
    this.remember(key, result);
    return result;
  }

  private async analyseImage(engine: FaceEngine, blob: Blob, describe: boolean): Promise<Result<Omit<Extract<OsAnalyseReply, { ok: true }>, 'ok' | 'sha256'>>> {
    const t0 = performance.now();
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    } catch (err) {
      return { ok: false, error: { code: 'decode_failed', message: `the photo could not be decoded: ${describeError(err)} (HEIC and other formats this browser cannot read are held)` } };
    }
    const decodeMs = performance.now() - t0;
    const raster = new BitmapRaster(bitmap);
    try {
      const analysis = await engine.analyse(raster, { describe });
      if (!analysis.ok) return analysis;
      const { width, height, faces, timings } = analysis.value;
      return {
        ok: true,
        value: { frames: [{ time: null, width, height, faces: faces.map(wireFace) }], timings: { ...timings, decodeMs } },
      };
    } finally {
      raster.dispose();
    }
  }

  private async analyseVideo(engine: FaceEngine, blob: Blob, message: Extract<BgToOs, { type: 'bg:os-analyse' }>): Promise<Result<Omit<Extract<OsAnalyseReply, { ok: true }>, 'ok' | 'sha256'>>> {
    const frames: Frame[] = [];
    let durationS = 0;
    let total = 0;
    let done = 0;
    try {
      for await (const frame of videoFrames(blob, (d, n) => ((durationS = d), (total = n)))) {
        const raster = new BitmapRaster(frame.bitmap);
        try {
          const analysis = await engine.analyse(raster, { describe: message.describe });
          if (!analysis.ok) return analysis;
          if (analysis.value.faces.length > 0) {
            const url = URL.createObjectURL(await framePreview(frame.bitmap));
            this.urls.add(url);
            frames.push({ time: frame.time, width: raster.width, height: raster.height, faces: analysis.value.faces.map(wireFace), previewUrl: url });
          }
        } finally {
          raster.dispose();
        }
        done++;
        this.progress(message.jobId, 'video', total > 0 ? Math.min(1, done / total) : null);
      }
    } catch (err) {
      return { ok: false, error: { code: 'decode_failed', message: `the video could not be decoded: ${describeError(err)}` } };
    }
    return { ok: true, value: { frames, video: { durationS, sampled: done }, timings: {} } };
  }

  private async release(message: Extract<BgToOs, { type: 'bg:os-release' }>): Promise<OsReleaseReply> {
    const blob = await fetchBlob(message.blobUrl);
    if (!blob.ok) return blob;
    const date = new Date(message.date);
    try {
      let out: { blob: Blob; name: string; type: string; covered: number };
      if (message.kind === 'video') {
        // No video redaction yet: the background releases a video only when no face needs covering.
        if (message.covers.length > 0) return { ok: false, error: { code: 'cover_unavailable', message: 'faces in videos cannot be covered yet' } };
        const type = blob.value.type || message.mimeType;
        out = { blob: new Blob([await blob.value.arrayBuffer()], { type }), name: neutralName(date, message.sequence, videoExtension(type)), type, covered: 0 };
      } else {
        const released = await releaseImage({ blob: blob.value, covers: message.covers, style: message.style, date, sequence: message.sequence });
        out = { blob: released.blob, name: released.name, type: released.type, covered: released.covered.length };
      }
      const sha256 = await sha256Hex(await out.blob.arrayBuffer());
      const url = URL.createObjectURL(out.blob);
      this.urls.add(url);
      // A released file nobody collects is revoked after a minute.
      setTimeout(() => this.urls.delete(url) && URL.revokeObjectURL(url), 60_000);
      return { ok: true, blobUrl: url, name: out.name, mimeType: out.type, sha256, covered: out.covered };
    } catch (err) {
      return { ok: false, error: { code: 'release_failed', message: describeError(err) } };
    }
  }

  private remember(key: string, value: Extract<OsAnalyseReply, { ok: true }>): void {
    this.cache.delete(key);
    this.cache.set(key, value);
    while (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
  }
}

const VIDEO_EXTENSIONS: Record<string, string> = { 'video/webm': 'webm', 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/x-m4v': 'm4v', 'video/x-matroska': 'mkv', 'video/3gpp': '3gp' };

function videoExtension(type: string): string {
  return VIDEO_EXTENSIONS[type.split(';')[0]!.trim().toLowerCase()] ?? 'video';
}

function wireFace(face: { box: [number, number, number, number]; score: number; descriptor?: Float32Array }) {
  return { box: face.box, score: face.score, ...(face.descriptor ? { descriptor: Array.from(face.descriptor) } : {}) };
}

async function fetchBlob(url: string): Promise<Result<Blob>> {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return { ok: true, value: await response.blob() };
  } catch (err) {
    return { ok: false, error: { code: 'transfer_failed', message: `the file could not be read from the page: ${describeError(err)}` } };
  }
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
