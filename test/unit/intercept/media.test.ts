import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mediaKind, sniffMedia, type MediaKind } from '../../../src/intercept/media';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const JPEG = readFileSync(join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg'));

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const bytes = (...parts: (number[] | string)[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : p)));
/** An ISO BMFF file head: box size, 'ftyp', the major brand, a minor version. */
const ftyp = (brand: string): Uint8Array => bytes([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0]);

describe('mediaKind', () => {
  it.each<[string, string, MediaKind | null]>([
    ['image/jpeg', 'IMG_0001.JPG', 'image'],
    ['image/png', 'screenshot.png', 'image'],
    ['IMAGE/HEIC', 'x', 'image'],
    ['image/heic', 'IMG_0001.HEIC', 'image'],
    ['image/webp', '', 'image'],
    ['video/mp4', 'clip.mp4', 'video'],
    ['video/quicktime', 'IMG_0002.MOV', 'video'],
    ['video/webm', '', 'video'],
    // The type wins, whatever the name says.
    ['image/jpeg', 'notes.txt', 'image'],
    ['text/plain', 'photo.jpg', null],
    ['application/pdf', 'scan.jpg', null],
    ['application/pdf', 'brief.pdf', null],
    ['text/html', 'index.html', null],
  ])('type %j, name %j → %s', (type, name, expected) => {
    expect(mediaKind({ type, name })).toBe(expected);
  });

  it.each<[string, MediaKind | null]>([
    ['IMG_0001.HEIC', 'image'],
    ['IMG_0001.heif', 'image'],
    ['photo.jpg', 'image'],
    ['photo.JPEG', 'image'],
    ['photo.jfif', 'image'],
    ['scan.tif', 'image'],
    ['scan.tiff', 'image'],
    ['anim.gif', 'image'],
    ['x.avif', 'image'],
    ['x.bmp', 'image'],
    ['IMG_0002.MOV', 'video'],
    ['clip.mov', 'video'],
    ['clip.qt', 'video'],
    ['clip.mp4', 'video'],
    ['clip.m4v', 'video'],
    ['clip.webm', 'video'],
    ['clip.mkv', 'video'],
    ['clip.avi', 'video'],
    ['clip.3gp', 'video'],
    ['notes.txt', null],
    ['photo.jpg.txt', null],
    ['jpg', null],
    ['', null],
  ])('by extension when the type is empty: %j → %s', (name, expected) => {
    expect(mediaKind({ type: '', name })).toBe(expected);
  });

  it('reads the extension for application/octet-stream too', () => {
    expect(mediaKind({ type: 'application/octet-stream', name: 'IMG_0001.HEIC' })).toBe('image');
    expect(mediaKind({ type: 'application/octet-stream', name: 'clip.mov' })).toBe('video');
    expect(mediaKind({ type: 'application/octet-stream', name: 'data.bin' })).toBeNull();
  });
});

describe('sniffMedia', () => {
  it.each<[string, Uint8Array, MediaKind | null]>([
    ['a real JPEG', JPEG.subarray(0, 16), 'image'],
    ['JPEG (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image'],
    ['JPEG (Exif)', bytes([0xff, 0xd8, 0xff, 0xe1]), 'image'],
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]), 'image'],
    ['GIF87a', bytes('GIF87a'), 'image'],
    ['GIF89a', bytes('GIF89a'), 'image'],
    ['WebP', bytes('RIFF', [0x24, 0x10, 0, 0], 'WEBPVP8 '), 'image'],
    // "BM", file size, reserved, pixel offset, then a 40-byte BITMAPINFOHEADER
    ['BMP', bytes('BM', [0x36, 0x10, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0]), 'image'],
    ['text starting "BMW" is not a bitmap', bytes('BMW 320i te koop, 2e eigenaar'), null],
    ['TIFF (little-endian)', bytes('II*\0', [8, 0, 0, 0]), 'image'],
    ['AVI', bytes('RIFF', [0x24, 0x10, 0, 0], 'AVI LIST'), 'video'],
    ['HEIC (ftyp heic)', ftyp('heic'), 'image'],
    ['HEIC (ftyp heix)', ftyp('heix'), 'image'],
    ['HEIF (ftyp mif1)', ftyp('mif1'), 'image'],
    ['AVIF (ftyp avif)', ftyp('avif'), 'image'],
    ['MP4 (ftyp isom)', ftyp('isom'), 'video'],
    ['MP4 (ftyp mp42)', ftyp('mp42'), 'video'],
    ['QuickTime (ftyp qt)', ftyp('qt  '), 'video'],
    ['3GP (ftyp 3gp4)', ftyp('3gp4'), 'video'],
    ['WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]), 'video'],
  ])('%s', (_name, head, expected) => {
    expect(sniffMedia(head)).toBe(expected);
  });

  it.each<[string, Uint8Array]>([
    ['empty', new Uint8Array(0)],
    ['a PDF', bytes('%PDF-1.7\n%\xe2\xe3')],
    ['JSON', bytes('{"title":"Schoolreis","content":"<p>x</p>"}')],
    ['HTML', bytes('<!doctype html><html>')],
    ['plain text', bytes('Hallo ouders, morgen is de schoolreis.')],
    ['a ZIP', bytes('PK', [3, 4, 20, 0])],
    ['a WAVE file (RIFF, not WEBP)', bytes('RIFF', [0x24, 0x10, 0, 0], 'WAVEfmt ')],
    ['a truncated JPEG marker', bytes([0xff, 0xd8])],
    ['a truncated PNG signature', bytes([0x89], 'PN')],
    ['a truncated WebM signature', bytes([0x1a, 0x45, 0xdf])],
    ['zeros', new Uint8Array(16)],
  ])('non-media: %s → null', (_name, head) => {
    expect(sniffMedia(head)).toBeNull();
  });

  it('looks only at the head it is given', () => {
    expect(sniffMedia(new Uint8Array(JPEG.buffer, JPEG.byteOffset, 3))).toBe('image');
    expect(sniffMedia(JPEG.subarray(1, 17))).toBeNull();
  });
});
