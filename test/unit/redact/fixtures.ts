/** Test images written with sharp, and byte-level splicing for metadata sharp cannot write (IPTC, comments). */
import { crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

/** A W×H RGB photo stand-in with detail everywhere (a flat image would hide re-encoding and covering mistakes). */
export function photo(width = 96, height = 64): Sharp {
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgb.set([(x * 5 + y * 3) % 256, (x * 2 + y * 7) % 256, 128 + ((x * y) % 100)], (y * width + x) * 3);
  }
  return sharp(rgb, { raw: { width, height, channels: 3 } });
}

const bytes = (data: Uint8Array | string) => (typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data));

export function jpegSegment(marker: number, payload: Uint8Array | string): Buffer {
  const p = bytes(payload);
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(p.length + 2, 2);
  return Buffer.concat([head, p]);
}

export const insertAfterSoi = (jpeg: Uint8Array, ...segments: Uint8Array[]) => Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
export const insertBeforeEoi = (jpeg: Uint8Array, ...segments: Uint8Array[]) =>
  Buffer.concat([jpeg.subarray(0, jpeg.length - 2), ...segments, jpeg.subarray(jpeg.length - 2)]);

/** An APP13 Photoshop block holding IPTC record 2:120 (caption). */
export function iptcSegment(caption: string): Buffer {
  const text = Buffer.from(caption, 'latin1');
  const iptc = Buffer.concat([Buffer.from([0x1c, 0x02, 0x78, text.length >> 8, text.length & 255]), text]);
  const padded = iptc.length % 2 ? Buffer.concat([iptc, Buffer.from([0])]) : iptc;
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iptc.length);
  return jpegSegment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0' + '8BIM', 'latin1'), Buffer.from([0x04, 0x04, 0, 0]), size, padded]));
}

export function pngChunk(type: string, data: Uint8Array | string): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), bytes(data)]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(body.length - 4, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** IHDR is always 13 bytes of data, so it ends at byte 8 + 25. */
export const insertAfterIhdr = (png: Uint8Array, ...chunks: Uint8Array[]) => Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);

/** A GIF comment extension, placed after the header and global colour table. */
export function withGifComment(gif: Uint8Array, comment: string): Buffer {
  const flags = gif[10]!;
  const at = 13 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  const text = Buffer.from(comment, 'latin1');
  return Buffer.concat([gif.subarray(0, at), Buffer.from([0x21, 0xfe, text.length]), text, Buffer.from([0]), gif.subarray(at)]);
}

export const XMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Daan Jansen, groep 5</dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

export const EXIF = { IFD0: { ImageDescription: 'Daan Jansen', Artist: 'Juf Marieke' } };
