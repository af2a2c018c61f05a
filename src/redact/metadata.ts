/**
 * What metadata a file carries, read from its container structure (no decoding): used to check that a released file
 * carries none and to tell the reviewer what was removed. Never throws; a damaged file reports what was readable.
 */
import { ascii, hasAscii, isPng, isWebp, jpegSegments, pngChunks, webpChunks } from './containers';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'unknown';

export interface MetadataReport {
  format: ImageFormat;
  /** EXIF: camera, time, GPS position, owner, description. */
  exif: boolean;
  /** XMP: often names, captions, keywords, the editing history. */
  xmp: boolean;
  /** IPTC (JPEG: any Photoshop APP13 block, which is where IPTC lives; PNG: ImageMagick's raw iptc/8bim profile). */
  iptc: boolean;
  /** An ICC colour profile. */
  icc: boolean;
  /** Free text: JPEG COM, PNG text chunks other than XMP/raw profiles, GIF comments. */
  comments: boolean;
}

/** The container format, from the file's first bytes (a file's name or MIME type can lie). */
export function imageFormat(b: Uint8Array): ImageFormat {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (isPng(b)) return 'png';
  if (isWebp(b)) return 'webp';
  if (hasAscii(b, 0, 'GIF87a') || hasAscii(b, 0, 'GIF89a')) return 'gif';
  return 'unknown';
}

export function metadataReport(bytes: Uint8Array): MetadataReport {
  const r: MetadataReport = { format: imageFormat(bytes), exif: false, xmp: false, iptc: false, icc: false, comments: false };
  if (r.format === 'jpeg') jpegReport(bytes, r);
  else if (r.format === 'png') pngReport(bytes, r);
  else if (r.format === 'webp') webpReport(bytes, r);
  else if (r.format === 'gif') gifReport(bytes, r);
  return r;
}

function jpegReport(b: Uint8Array, r: MetadataReport): void {
  for (const { marker, start } of jpegSegments(b)?.parts ?? []) {
    const at = start + 4;
    if (marker === 0xe1 && hasAscii(b, at, 'Exif\0')) r.exif = true;
    if (marker === 0xe1 && (hasAscii(b, at, 'http://ns.adobe.com/xap/1.0/\0') || hasAscii(b, at, 'http://ns.adobe.com/xmp/extension/\0'))) r.xmp = true;
    if (marker === 0xed && hasAscii(b, at, 'Photoshop 3.0\0')) r.iptc = true;
    if (marker === 0xe2 && hasAscii(b, at, 'ICC_PROFILE\0')) r.icc = true;
    if (marker === 0xfe) r.comments = true;
  }
}

/** ImageMagick and exiftool store profiles in PNG text chunks under these keywords. */
const RAW_PROFILES: Record<string, Exclude<keyof MetadataReport, 'format'>> = {
  'XML:com.adobe.xmp': 'xmp',
  'Raw profile type exif': 'exif',
  'Raw profile type APP1': 'exif',
  'Raw profile type xmp': 'xmp',
  'Raw profile type iptc': 'iptc',
  'Raw profile type 8bim': 'iptc',
  'Raw profile type icc': 'icc',
  'Raw profile type icm': 'icc',
};

function pngReport(b: Uint8Array, r: MetadataReport): void {
  for (const c of pngChunks(b)?.parts ?? []) {
    if (c.type === 'eXIf') r.exif = true;
    else if (c.type === 'iCCP') r.icc = true;
    else if (c.type === 'tEXt' || c.type === 'zTXt' || c.type === 'iTXt') {
      const data = b.subarray(c.start + 8, c.end - 4);
      const nul = data.subarray(0, 80).indexOf(0);
      const key = RAW_PROFILES[ascii(data, 0, nul < 0 ? Math.min(80, data.length) : nul)] ?? 'comments';
      r[key] = true;
    }
  }
}

function webpReport(b: Uint8Array, r: MetadataReport): void {
  for (const c of webpChunks(b)?.parts ?? []) {
    if (c.fourcc === 'EXIF') r.exif = true;
    if (c.fourcc === 'XMP ') r.xmp = true;
    if (c.fourcc === 'ICCP') r.icc = true;
  }
}

/** Skips a run of GIF data sub-blocks (size byte, data) up to and including the zero-size terminator. */
function skipSubBlocks(b: Uint8Array, pos: number): number {
  while (pos < b.length) {
    const size = b[pos]!;
    pos += 1 + size;
    if (size === 0) return pos;
  }
  return b.length;
}

const colourTableSize = (flags: number) => (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);

function gifReport(b: Uint8Array, r: MetadataReport): void {
  let pos = 13 + colourTableSize(b[10] ?? 0);
  while (pos < b.length) {
    const block = b[pos];
    if (block === 0x21) {
      const label = b[pos + 1];
      pos += 2;
      if (label === 0xfe) r.comments = true;
      if (label === 0xff && b[pos] === 11) {
        if (hasAscii(b, pos + 1, 'XMP DataXMP')) r.xmp = true;
        if (hasAscii(b, pos + 1, 'ICCRGBG1012')) r.icc = true;
      }
      pos = skipSubBlocks(b, pos);
    } else if (block === 0x2c) {
      pos += 10 + colourTableSize(b[pos + 9] ?? 0) + 1; // descriptor, local colour table, LZW minimum code size
      pos = skipSubBlocks(b, pos);
    } else {
      return; // 0x3B trailer, or damage
    }
  }
}
