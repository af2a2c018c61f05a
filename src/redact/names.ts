/**
 * What the released file is called and which format it is written in. A camera's name (IMG_2041.JPG) or a teacher's
 * (daan-jansen-groep5.jpg) can identify a pupil as well as a face does, so every released photo gets a neutral name.
 */

export type OutputType = 'image/jpeg' | 'image/png' | 'image/webp';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `foto-YYYY-MM-DD-N.ext`, the date in LOCAL time (the teacher's calendar day, not UTC's) and N counting from 1
 * within a day's batch.
 */
export function neutralName(date: Date, sequence: number, ext: string): string {
  if (!(date instanceof Date) || !Number.isFinite(date.getTime())) throw new RangeError('neutralName: invalid date');
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError('neutralName: sequence must be a whole number from 1');
  const e = ext.replace(/^\./, '').toLowerCase();
  if (!/^[a-z0-9]{1,5}$/.test(e)) throw new RangeError(`neutralName: not a file extension: ${JSON.stringify(ext)}`);
  return `foto-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${sequence}.${e}`;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/avif': 'avif',
  'image/heic': 'heic',
  'image/heif': 'heif',
};

const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'image/apng': 'image/png',
  'image/x-ms-bmp': 'image/bmp',
};

/** `image/jpeg; charset=…` → `image/jpeg`, plus the non-standard aliases browsers and phones still send. */
function canonical(mime: string): string {
  const m = mime.split(';')[0]!.trim().toLowerCase();
  return ALIASES[m] ?? m;
}

/** File extension (no dot) for a MIME type; null when unknown. */
export function extensionFor(mime: OutputType): string;
export function extensionFor(mime: string): string | null;
export function extensionFor(mime: string): string | null {
  return EXTENSIONS[canonical(mime)] ?? null;
}

/**
 * The format a photo is released in. PNG and GIF become PNG, which keeps transparency (a GIF's first frame only: a
 * decoded bitmap holds one frame, and an animation is no school photo); WebP stays WebP; JPEG, HEIC (when the
 * browser can decode it at all), BMP and any other image become JPEG. Null for anything that is not an image.
 */
export function outputTypeFor(inputMime: string): OutputType | null {
  const m = canonical(inputMime);
  if (!m.startsWith('image/')) return null;
  if (m === 'image/png' || m === 'image/gif') return 'image/png';
  if (m === 'image/webp') return 'image/webp';
  return 'image/jpeg';
}
