/**
 * One file through the gate: hand it to the worker, show the review, and give back the released file or nothing.
 * The original never reaches the page; whatever goes wrong ends with the file held and the reason on screen.
 */
import type { HelloReply } from '../messages/background-to-content';
import { mountReview } from '../review/mount';
import type { ReviewDecision, ReviewFrame, ReviewInput } from '../review/model';
import type { PhotoProblem } from '../policy/verdict';
import { check, GateUnavailable, release, tell } from './client';
import { RELEASED_EVENT } from './events';
import { mediaKind } from './media';
import { TEXT, type Lang } from './text';

export type Via = 'input' | 'drop' | 'paste' | 'inline';
type Active = Extract<HelloReply, { active: true }>;

/** The review shows over the top document, also when the file was picked inside an editor's iframe. */
function overlayDocument(): Document {
  try {
    if (window.top && window.top !== window && window.top.document) return window.top.document;
  } catch {
    // a cross-origin parent: show the review in this frame
  }
  return document;
}

/** Hashes of the files this frame released (the inline-image watcher must not check them again). */
export const releasedHashes = new Set<string>();

/** Tells the backstop in this frame and the top frame that a file with this hash passed the gate. */
export function announceReleased(sha256: string): void {
  releasedHashes.add(sha256);
  const targets = new Set<Document>([document, overlayDocument()]);
  for (const doc of targets) doc.dispatchEvent(new CustomEvent(RELEASED_EVENT, { detail: sha256 }));
}

const PREVIEW_WIDTH = 1600;

async function imagePreview(file: Blob): Promise<ImageBitmap | null> {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image', resizeWidth: PREVIEW_WIDTH, resizeQuality: 'medium' });
  } catch {
    return null;
  }
}

/** Files in, files out: non-media files pass untouched, media files come back released or not at all. */
export async function gateFiles(files: readonly File[], via: Via, config: Active): Promise<File[]> {
  const out: File[] = [];
  for (const file of files) {
    const kind = mediaKind(file);
    if (!kind || file.type === 'image/svg+xml') out.push(file);
    else {
      const released = await gateOne(file, kind, via, config);
      if (released) out.push(released);
    }
  }
  return out;
}

async function gateOne(file: File, kind: 'image' | 'video', via: Via, config: Active): Promise<File | null> {
  const text = TEXT[config.lang as Lang];
  const jobId = crypto.randomUUID();
  const blobUrl = URL.createObjectURL(file);
  const host = overlayDocument().createElement('consent-gate-review');
  overlayDocument().documentElement.append(host);
  let decide: (d: ReviewDecision) => void = () => undefined;
  const bitmaps: ImageBitmap[] = [];
  const panel = mountReview(host, null, { onDecision: (d: ReviewDecision) => decide(d) });
  const nextDecision = (): Promise<ReviewDecision> => new Promise((resolve) => (decide = resolve));
  const stage = kind === 'video' ? text.checkingVideo : text.checking;
  panel.update(null, { stage, fraction: null });
  const onProgress = (event: Event): void => {
    const detail = (event as CustomEvent<{ jobId: string; fraction: number | null }>).detail;
    if (detail?.jobId === jobId) panel.update(null, { stage, fraction: detail.fraction });
  };
  progressBus.addEventListener('progress', onProgress);
  try {
    const cancelled = nextDecision();
    const checked = Promise.all([
      check({ type: 'cs:check', jobId, kind, blobUrl, name: file.name.slice(0, 1024), mimeType: file.type.slice(0, 200), size: file.size, via }),
      kind === 'image' ? imagePreview(file) : Promise.resolve(null),
    ]);
    const first = await Promise.race([checked, cancelled]);
    if (!Array.isArray(first)) {
      tell({ type: 'cs:cancel', jobId });
      return null;
    }
    const [reply, preview] = first;
    if (preview) bitmaps.push(preview);
    const frames: ReviewFrame[] = await Promise.all(
      reply.frames.map(async (frame) => ({
        time: frame.time,
        width: frame.width,
        height: frame.height,
        faces: frame.faces,
        preview: kind === 'image' ? preview : frame.previewUrl ? keep(await imagePreview(await (await fetch(frame.previewUrl)).blob())) : null,
      })),
    );
    let input: ReviewInput = {
      lang: reply.lang,
      fileName: file.name,
      kind,
      channel: reply.channel,
      mode: reply.mode,
      // A photo that could not be analysed is still shown, without faces, next to the reason it is held.
      frames: frames.length > 0 || kind === 'video' ? frames : [{ time: null, width: preview?.width ?? 1, height: preview?.height ?? 1, preview, faces: [] }],
      ...(reply.video ? { video: reply.video } : {}),
      pupils: reply.pupils,
      problems: reply.problems as PhotoProblem[],
      allowCover: kind === 'image',
      ...(reply.removed ? { removed: reply.removed } : {}),
      override: reply.override,
    };
    for (;;) {
      panel.update(input);
      const decision = await nextDecision();
      if (decision.action === 'cancel') {
        tell({ type: 'cs:cancel', jobId });
        return null;
      }
      panel.update(null, { stage: text.preparing, fraction: null });
      const released = await release({
        type: 'cs:release',
        jobId,
        confirmations: Object.fromEntries(Object.entries(decision.confirmations).map(([k, v]) => [String(k), v])),
        manualFaces: decision.manualFaces,
        noFacesConfirmed: decision.noFacesConfirmed,
        noHarmConfirmed: decision.noHarmConfirmed,
        ...(decision.override ? { override: { reason: decision.override.reason } } : {}),
      });
      if (!released.ok) {
        input = { ...input, problems: [...input.problems, ...released.reasons.map((reason) => ({ reason, message: text.refused + reason }) as PhotoProblem)] };
        continue;
      }
      const blob = await (await fetch(released.blobUrl)).blob();
      tell({ type: 'cs:fetched', jobId });
      announceReleased(released.sha256);
      return new File([blob], released.name, { type: released.mimeType, lastModified: Date.now() });
    }
  } catch (err) {
    // Fail closed, visibly: the panel shows why and only lets the uploader cancel.
    const message = err instanceof GateUnavailable ? err.message : `${text.unavailable} (${err instanceof Error ? err.message : String(err)})`;
    panel.update({
      lang: config.lang,
      fileName: file.name,
      kind,
      channel: config.channel,
      mode: config.mode,
      frames: [],
      pupils: [],
      problems: [{ reason: 'engine_unavailable', message }],
      allowCover: false,
    });
    await nextDecision();
    tell({ type: 'cs:cancel', jobId });
    return null;
  } finally {
    progressBus.removeEventListener('progress', onProgress);
    URL.revokeObjectURL(blobUrl);
    panel.close();
    host.remove();
    // A 1600 px preview is ~8 MB: free it now rather than at the next garbage collection.
    for (const bitmap of bitmaps) bitmap.close();
  }

  function keep(bitmap: ImageBitmap | null): ImageBitmap | null {
    if (bitmap) bitmaps.push(bitmap);
    return bitmap;
  }
}

/** Progress from the background arrives as runtime messages; this private bus hands it to the open review. */
export const progressBus = new EventTarget();
