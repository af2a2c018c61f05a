/**
 * Bounds-checked walkers over the container structure of JPEG, PNG and WebP files. They never read past the end:
 * a corrupt or truncated file ends the walk early with `complete: false` and whatever was read intact before it.
 */

export const u16be = (b: Uint8Array, i: number): number => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
export const u32be = (b: Uint8Array, i: number): number => u16be(b, i) * 0x10000 + u16be(b, i + 2);
export const u32le = (b: Uint8Array, i: number): number =>
  (b[i] ?? 0) + (b[i + 1] ?? 0) * 0x100 + (b[i + 2] ?? 0) * 0x10000 + (b[i + 3] ?? 0) * 0x1000000;

/** True when the bytes at `at` spell `text` (Latin-1); false, not an error, when the file ends first. */
export function hasAscii(b: Uint8Array, at: number, text: string): boolean {
  if (at < 0 || at + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

export function ascii(b: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...b.subarray(Math.max(0, at), Math.max(0, at + length)));
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A JPEG marker segment: bytes [start, end) are FF, marker, and for non-standalone markers length and payload. */
export interface JpegSegment {
  marker: number;
  start: number;
  end: number;
}

export interface Walk<T> {
  parts: T[];
  /** The walk reached the end marker (JPEG EOI, PNG IEND, the RIFF size) without finding damage. */
  complete: boolean;
}

const standalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd9);
/** Inside entropy-coded data FF is followed by 00 (a stuffed byte), RSTn or more FF fill; any other marker ends it. */
const endsScan = (a: number, m: number) => a === 0xff && m !== 0 && m !== 0xff && !(m >= 0xd0 && m <= 0xd7);

/** Null when the bytes do not start like a JPEG. Scans past entropy-coded data so segments between scans are seen. */
export function jpegSegments(b: Uint8Array): Walk<JpegSegment> | null {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  const parts: JpegSegment[] = [{ marker: 0xd8, start: 0, end: 2 }];
  let pos = 2;
  while (pos < b.length) {
    if (b[pos] !== 0xff) return { parts, complete: false };
    let m = pos + 1;
    while (m < b.length && b[m] === 0xff) m++; // fill bytes before a marker
    if (m >= b.length) break;
    const marker = b[m]!;
    if (standalone(marker)) {
      parts.push({ marker, start: m - 1, end: m + 1 });
      if (marker === 0xd9) return { parts, complete: true };
      pos = m + 1;
      continue;
    }
    const length = u16be(b, m + 1);
    if (m + 3 > b.length || length < 2 || m + 1 + length > b.length) break;
    parts.push({ marker, start: m - 1, end: m + 1 + length });
    pos = m + 1 + length;
    if (marker === 0xda) {
      while (pos + 1 < b.length && !endsScan(b[pos]!, b[pos + 1]!)) pos++;
      if (pos + 1 >= b.length) break;
    }
  }
  return { parts, complete: false };
}

/** A PNG chunk: bytes [start, end) are length, type, data and CRC; data is [start + 8, end - 4). */
export interface PngChunk {
  type: string;
  start: number;
  end: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const isPng = (b: Uint8Array): boolean => PNG_SIGNATURE.every((v, i) => b[i] === v);

export function pngChunks(b: Uint8Array): Walk<PngChunk> | null {
  if (!isPng(b)) return null;
  const parts: PngChunk[] = [];
  let pos = 8;
  while (pos + 12 <= b.length) {
    const length = u32be(b, pos);
    const type = ascii(b, pos + 4, 4);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type) || pos + 12 + length > b.length) break;
    parts.push({ type, start: pos, end: pos + 12 + length });
    pos += 12 + length;
    if (type === 'IEND') return { parts, complete: true };
  }
  return { parts, complete: false };
}

/** A RIFF chunk of a WebP file: bytes [start, end) are FourCC, size and data (without the pad byte). */
export interface RiffChunk {
  fourcc: string;
  start: number;
  end: number;
}

export const isWebp = (b: Uint8Array): boolean => hasAscii(b, 0, 'RIFF') && hasAscii(b, 8, 'WEBP');

export function webpChunks(b: Uint8Array): Walk<RiffChunk> | null {
  if (!isWebp(b)) return null;
  const parts: RiffChunk[] = [];
  const riffEnd = 8 + u32le(b, 4);
  const limit = Math.min(b.length, riffEnd);
  let pos = 12;
  while (pos + 8 <= limit) {
    const size = u32le(b, pos + 4);
    if (pos + 8 + size > limit) break;
    parts.push({ fourcc: ascii(b, pos, 4), start: pos, end: pos + 8 + size });
    pos += 8 + size + (size & 1);
  }
  return { parts, complete: pos >= riffEnd && riffEnd <= b.length };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG uses it (ISO 3309), over [start, end). */
export function crc32(b: Uint8Array, start = 0, end = b.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG chunk whose stored CRC matches its type and data. */
export const pngChunkIntact = (b: Uint8Array, c: PngChunk): boolean => crc32(b, c.start + 4, c.end - 4) === u32be(b, c.end - 4);
