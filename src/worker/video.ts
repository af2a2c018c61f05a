/**
 * Frames of a video, about one per second (at most MAX_FRAMES, spread evenly over longer videos), decoded by a
 * <video> element in the offscreen document. Each frame comes back as an ImageBitmap for the face engine.
 */
export const MAX_FRAMES = 180;

export interface VideoFrame {
  time: number;
  bitmap: ImageBitmap;
}

export function sampleTimes(durationS: number, maxFrames = MAX_FRAMES): number[] {
  if (!Number.isFinite(durationS) || durationS <= 0) return [0];
  const step = Math.max(1, durationS / maxFrames);
  const times: number[] = [];
  // Start a little in: the very first frame of a recording is often black.
  for (let t = Math.min(0.1, durationS / 2); t < durationS && times.length < maxFrames; t += step) times.push(Math.round(t * 1000) / 1000);
  return times;
}

function once(target: EventTarget, ok: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${ok}`)), timeoutMs);
    const onOk = (): void => done(null);
    const onError = (): void => done(new Error('the video could not be decoded by this browser'));
    function done(err: Error | null): void {
      clearTimeout(timer);
      target.removeEventListener(ok, onOk);
      target.removeEventListener('error', onError);
      if (err) reject(err);
      else resolve();
    }
    target.addEventListener(ok, onOk);
    target.addEventListener('error', onError);
  });
}

/** Opens the video and yields sampled frames; the caller closes each bitmap. */
export async function* videoFrames(blob: Blob, onDuration: (durationS: number, frames: number) => void): AsyncGenerator<VideoFrame> {
  const url = URL.createObjectURL(blob);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.playsInline = true;
  try {
    video.src = url;
    await once(video, 'loadeddata', 20_000);
    let duration = video.duration;
    if (!Number.isFinite(duration)) {
      // MediaRecorder's WebM files carry no duration: seeking far past the end makes the browser find it.
      video.currentTime = 1e7;
      await once(video, 'seeked', 20_000);
      duration = video.duration;
    }
    const times = sampleTimes(duration);
    onDuration(duration, times.length);
    for (const time of times) {
      video.currentTime = time;
      await once(video, 'seeked', 20_000);
      yield { time, bitmap: await createImageBitmap(video) };
    }
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

/** A small JPEG of a frame for the review (the content script fetches it once; it never leaves the browser). */
export async function framePreview(bitmap: ImageBitmap, maxSide = 640): Promise<Blob> {
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}
