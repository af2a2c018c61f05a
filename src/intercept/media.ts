/** Which files the gate checks: every image or video a browser can hand over, by type or, when empty, by name. */
const IMAGE_EXT = /\.(jpe?g|jfif|png|gif|webp|avif|bmp|tiff?|heic|heif)$/i;
const VIDEO_EXT = /\.(mp4|m4v|webm|mov|qt|mkv|avi|3gp)$/i;

export type MediaKind = 'image' | 'video';

export function mediaKind(file: { type: string; name: string }): MediaKind | null {
  const type = file.type.toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type === '' || type === 'application/octet-stream') {
    if (IMAGE_EXT.test(file.name)) return 'image';
    if (VIDEO_EXT.test(file.name)) return 'video';
  }
  return null;
}

/** Magic bytes of image and video containers, for bodies that carry no type (ArrayBuffer uploads). */
export function sniffMedia(head: Uint8Array): MediaKind | null {
  const b = (i: number): number => head[i] ?? -1;
  const ascii = (from: number, to: number): string => String.fromCharCode(...head.subarray(from, to));
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image'; // JPEG
  if (b(0) === 0x89 && ascii(1, 4) === 'PNG') return 'image';
  if (ascii(0, 4) === 'GIF8') return 'image';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image';
  // BMP: "BM", then a DIB header whose size is one of the known ones (text starting "BM…" is not an image).
  if (ascii(0, 2) === 'BM' && [12, 40, 52, 56, 64, 108, 124].includes((b(14) | (b(15) << 8)) >>> 0) && b(16) === 0 && b(17) === 0) return 'image';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'image'; // TIFF
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'AVI ') return 'video';
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    return /^(heic|heix|heim|heis|hevc|hevx|mif1|msf1|avif|avis)$/.test(brand) ? 'image' : 'video';
  }
  if (b(0) === 0x1a && b(1) === 0x45 && b(2) === 0xdf && b(3) === 0xa3) return 'video'; // WebM / Matroska
  return null;
}
