/**
 * Carrying the original colour profile into the released file. A canvas encoder tags its output as sRGB (Chrome) or
 * not at all, so a Display-P3 or Adobe RGB photo would look washed out after release unless its own profile goes back in.
 * Readers return null, never throw, on malformed input; writers throw on input they cannot splice safely.
 */
import { concat, crc32, hasAscii, jpegSegments, pngChunkIntact, pngChunks, u16be, u32be } from './containers';

const ICC_ID = 'ICC_PROFILE\0';
/** A copy, not a view: Node's Buffer.slice shares memory, and callers keep these after the input is gone. */
const copy = (b: Uint8Array, start: number, end: number) => new Uint8Array(b.subarray(start, end));
/** Marker (2) + length (2) + ICC_PROFILE\0 (12) + sequence number (1) + count (1). */
const ICC_HEADER = 18;

const isIccSegment = (b: Uint8Array, start: number, end: number): boolean =>
  end - start > ICC_HEADER && b[start] === 0xff && b[start + 1] === 0xe2 && hasAscii(b, start + 4, ICC_ID);

/**
 * The APP2 ICC_PROFILE segments of a JPEG (marker and length included), ordered by their sequence numbers; null when
 * there are none or the set is inconsistent (a missing or repeated chunk would make a broken profile).
 */
export function readJpegIcc(bytes: Uint8Array): Uint8Array[] | null {
  const walk = jpegSegments(bytes);
  if (!walk) return null;
  const found: { seq: number; count: number; bytes: Uint8Array }[] = [];
  for (const s of walk.parts) {
    if (s.marker === 0xda) break; // the profile belongs to the frame header; anything later is not a profile for it
    if (s.marker === 0xe2 && isIccSegment(bytes, s.start, s.end)) {
      found.push({ seq: bytes[s.start + 16]!, count: bytes[s.start + 17]!, bytes: copy(bytes, s.start, s.end) });
    }
  }
  const count = found[0]?.count ?? 0;
  if (count === 0 || found.length !== count || found.some((f) => f.count !== count)) return null;
  found.sort((a, b) => a.seq - b.seq);
  return found.every((f, i) => f.seq === i + 1) ? found.map((f) => f.bytes) : null;
}

/**
 * `jpeg` with the given ICC segments inserted right after SOI (or after a leading APP0 JFIF, which must stay first);
 * any ICC segments `jpeg` already had are dropped so the result has exactly one profile.
 */
export function writeJpegIcc(jpeg: Uint8Array, segments: Uint8Array[]): Uint8Array {
  for (const s of segments) {
    if (!isIccSegment(s, 0, s.length) || u16be(s, 2) !== s.length - 2) throw new RangeError('writeJpegIcc: not an APP2 ICC_PROFILE segment');
  }
  const walk = jpegSegments(jpeg);
  const sos = walk?.parts.findIndex((p) => p.marker === 0xda) ?? -1;
  if (!walk || sos < 0) throw new Error('writeJpegIcc: not a JPEG with a complete header');
  const header = walk.parts.slice(1, sos);
  const first = header[0];
  const jfif = first && first.marker === 0xe0 && hasAscii(jpeg, first.start + 4, 'JFIF\0') ? [first] : [];
  const rest = header.filter((p) => !jfif.includes(p) && !(p.marker === 0xe2 && isIccSegment(jpeg, p.start, p.end)));
  return concat([
    jpeg.subarray(0, 2),
    ...jfif.map((p) => jpeg.subarray(p.start, p.end)),
    ...segments,
    ...rest.map((p) => jpeg.subarray(p.start, p.end)),
    jpeg.subarray(walk.parts[sos]!.start),
  ]);
}

/** Keyword (1–79 bytes), NUL, compression method 0, then at least one byte of zlib data. */
function iccpWellFormed(b: Uint8Array, start: number, end: number): boolean {
  const data = start + 8, dataEnd = end - 4;
  const nul = b.subarray(data, Math.min(dataEnd, data + 80)).indexOf(0);
  return nul >= 1 && data + nul + 2 < dataEnd && b[data + nul + 1] === 0;
}

/** The whole iCCP chunk (length, type, data, CRC) of a PNG; null when absent, damaged or malformed. */
export function readPngIcc(bytes: Uint8Array): Uint8Array | null {
  const walk = pngChunks(bytes);
  for (const c of walk?.parts ?? []) {
    if (c.type === 'IDAT') break; // iCCP must come before the image data
    if (c.type === 'iCCP') return pngChunkIntact(bytes, c) && iccpWellFormed(bytes, c.start, c.end) ? copy(bytes, c.start, c.end) : null;
  }
  return null;
}

/**
 * Colour-space chunks a canvas encoder may write. They describe the canvas's sRGB, which is wrong once the pixels are
 * in the copied profile's space, and sRGB/cICP would even override iCCP in a decoder, so all of them go.
 */
const REPLACED = new Set(['iCCP', 'sRGB', 'cICP', 'gAMA', 'cHRM']);

/** `png` with `chunk` (a whole iCCP chunk) right after IHDR and any colour-space chunks it had removed. */
export function writePngIcc(png: Uint8Array, chunk: Uint8Array): Uint8Array {
  const n = chunk.length;
  const whole = n > 12 && u32be(chunk, 0) === n - 12 && hasAscii(chunk, 4, 'iCCP') && crc32(chunk, 4, n - 4) === u32be(chunk, n - 4);
  if (!whole || !iccpWellFormed(chunk, 0, n)) throw new RangeError('writePngIcc: not a whole, intact iCCP chunk');
  const walk = pngChunks(png);
  if (!walk?.complete || walk.parts[0]?.type !== 'IHDR') throw new Error('writePngIcc: not a complete PNG');
  const [ihdr, ...rest] = walk.parts;
  return concat([
    png.subarray(0, 8),
    png.subarray(ihdr!.start, ihdr!.end),
    chunk,
    ...rest.filter((p) => !REPLACED.has(p.type)).map((p) => png.subarray(p.start, p.end)),
  ]);
}

/** The colour space an ICC profile is for ('RGB ', 'GRAY', 'CMYK'…), from the header at `profile` in `b`. */
const profileSpace = (b: Uint8Array, profile: number): string => String.fromCharCode(...b.subarray(profile + 16, profile + 20));

export type CopyableIcc = { format: 'jpeg'; segments: Uint8Array[] } | { format: 'png'; chunk: Uint8Array };

/**
 * The profile to carry over, if the input has one that fits the output. The canvas encoders write RGB(A), so only an
 * RGB profile can describe their pixels: a CMYK JPEG's or grey PNG's profile is left behind (those photos are decoded
 * to sRGB instead).
 */
export function copyableIcc(bytes: Uint8Array): CopyableIcc | null {
  const segments = readJpegIcc(bytes);
  if (segments) return profileSpace(segments[0]!, ICC_HEADER) === 'RGB ' ? { format: 'jpeg', segments } : null;
  const chunk = readPngIcc(bytes);
  if (!chunk) return null;
  // IHDR's colour type: 2 RGB, 3 palette, 6 RGBA. The PNG spec ties an iCCP profile's space to it.
  const colourType = bytes[8 + 8 + 9];
  return u32be(bytes, 12) === 0x49484452 && (colourType === 2 || colourType === 3 || colourType === 6) ? { format: 'png', chunk } : null;
}

/** `output` (a JPEG or PNG of the same format) with the profile written in. */
export function embedIcc(output: Uint8Array, icc: CopyableIcc): Uint8Array {
  return icc.format === 'jpeg' ? writeJpegIcc(output, icc.segments) : writePngIcc(output, icc.chunk);
}
