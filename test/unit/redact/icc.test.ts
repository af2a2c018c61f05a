import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyableIcc, embedIcc, readJpegIcc, readPngIcc, writeJpegIcc, writePngIcc } from '../../../src/redact/icc';
import { insertAfterIhdr, insertAfterSoi, jpegSegment, photo, pngChunk } from './fixtures';

const latin1 = (b: Uint8Array, start: number, end: number) => Buffer.from(b.subarray(start, end)).toString('latin1');
const stored = async (img: Uint8Array) => sharp(img, { ignoreIcc: true }).raw().toBuffer();

/** APP2 segments carrying `profile` split into `parts` chunks, as a camera writes a profile above 64 KB. */
function iccSegments(profile: Uint8Array, parts: number): Buffer[] {
  const size = Math.ceil(profile.length / parts);
  return Array.from({ length: parts }, (_, i) => {
    const chunk = profile.subarray(i * size, (i + 1) * size);
    const head = Buffer.from([0xff, 0xe2, 0, 0, ...Buffer.from('ICC_PROFILE\0', 'latin1'), i + 1, parts]);
    head.writeUInt16BE(chunk.length + 16, 2);
    return Buffer.concat([head, chunk]);
  });
}

describe('JPEG ICC profiles', () => {
  let plain: Buffer, p3: Buffer, profile: Buffer;
  beforeAll(async () => {
    plain = await photo().jpeg().toBuffer();
    p3 = await photo().withIccProfile('p3').jpeg().toBuffer();
    profile = (await sharp(p3).metadata()).icc!;
  });

  it('reads the APP2 ICC_PROFILE segments whole', () => {
    const segments = readJpegIcc(p3)!;
    expect(segments).toHaveLength(1);
    const s = segments[0]!;
    expect([s[0], s[1]]).toEqual([0xff, 0xe2]);
    expect((s[2]! << 8) | s[3]!).toBe(s.length - 2);
    expect(latin1(s, 4, 16)).toBe('ICC_PROFILE\0');
    expect(Buffer.from(s.subarray(18)).equals(profile)).toBe(true);
    expect(readJpegIcc(plain)).toBeNull();
  });

  it('writes a profile into a sharp JPEG that had none, without touching the pixels', async () => {
    expect((await sharp(plain).metadata()).icc).toBeUndefined();
    const out = writeJpegIcc(plain, readJpegIcc(p3)!);
    const meta = await sharp(out).metadata();
    expect(meta.icc && Buffer.from(meta.icc).equals(profile)).toBe(true);
    expect((await stored(out)).equals(await stored(plain))).toBe(true);
    expect(latin1(out, 6, 18)).toBe('ICC_PROFILE\0'); // sharp writes no JFIF: the profile follows SOI directly
  });

  it('keeps a leading APP0 JFIF first, as the JFIF spec requires', async () => {
    const jfif = jpegSegment(0xe0, Buffer.from([...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0]));
    const out = writeJpegIcc(insertAfterSoi(plain, jfif), readJpegIcc(p3)!);
    expect(latin1(out, 6, 11)).toBe('JFIF\0');
    const jfifEnd = 4 + ((out[4]! << 8) | out[5]!);
    expect([out[jfifEnd], out[jfifEnd + 1]]).toEqual([0xff, 0xe2]);
  });

  it('round-trips a profile split over several segments, in sequence order, replacing the old one', async () => {
    const parts = iccSegments(profile, 3);
    const out = writeJpegIcc(p3, [parts[0]!, parts[1]!, parts[2]!]);
    expect(readJpegIcc(out)!.map((s) => Buffer.from(s))).toEqual(parts);
    expect(Buffer.from((await sharp(out).metadata()).icc!).equals(profile)).toBe(true);
    // Out-of-order segments in the file are returned in sequence order.
    const shuffled = writeJpegIcc(plain, [parts[2]!, parts[0]!, parts[1]!]);
    expect(readJpegIcc(shuffled)!.map((s) => Buffer.from(s))).toEqual(parts);
  });

  it('rejects an incomplete or inconsistent set of segments', () => {
    const parts = iccSegments(profile, 3);
    expect(readJpegIcc(writeJpegIcc(plain, [parts[0]!, parts[2]!]))).toBeNull();
    expect(readJpegIcc(writeJpegIcc(plain, [parts[0]!, parts[0]!, parts[2]!]))).toBeNull();
    expect(() => writeJpegIcc(plain, [Buffer.from([0xff, 0xe2, 0, 4, 1, 2])])).toThrow(RangeError);
    expect(() => writeJpegIcc(Buffer.from('not a jpeg'), readJpegIcc(p3)!)).toThrow(/JPEG/);
  });

  it('copies only RGB profiles: a CMYK JPEG keeps its profile to itself', async () => {
    expect(copyableIcc(p3)?.format).toBe('jpeg');
    const cmyk = await photo().withIccProfile('cmyk').jpeg().toBuffer();
    expect(readJpegIcc(cmyk)).not.toBeNull();
    expect(copyableIcc(cmyk)).toBeNull();
  });
});

describe('PNG ICC profiles', () => {
  let plain: Buffer, p3: Buffer, profile: Buffer;
  beforeAll(async () => {
    plain = await photo().png().toBuffer();
    p3 = await photo().withIccProfile('p3').png().toBuffer();
    profile = (await sharp(p3).metadata()).icc!;
  });

  it('reads the whole iCCP chunk', () => {
    const chunk = readPngIcc(p3)!;
    expect(latin1(chunk, 4, 8)).toBe('iCCP');
    expect(chunk.length).toBe(Buffer.from(chunk).readUInt32BE(0) + 12);
    expect(readPngIcc(plain)).toBeNull();
  });

  it('writes it right after IHDR into a PNG that had none, dropping sRGB and gAMA', async () => {
    const tagged = insertAfterIhdr(plain, pngChunk('sRGB', Buffer.from([0])), pngChunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])));
    const out = writePngIcc(tagged, readPngIcc(p3)!);
    expect(latin1(out, 33 + 4, 33 + 8)).toBe('iCCP');
    expect(Buffer.from(out).includes('sRGB')).toBe(false);
    expect(Buffer.from(out).includes('gAMA')).toBe(false);
    expect(Buffer.from((await sharp(out).metadata()).icc!).equals(profile)).toBe(true);
    expect((await stored(out)).equals(await stored(plain))).toBe(true);
    // Writing again replaces rather than duplicates.
    expect(Buffer.from(writePngIcc(out, readPngIcc(p3)!)).equals(Buffer.from(out))).toBe(true);
  });

  it('ignores a damaged iCCP chunk and refuses to write one', () => {
    const chunk = Buffer.from(readPngIcc(p3)!);
    const damaged = Buffer.from(p3);
    damaged[33 + 20]! ^= 0xff; // a byte of the profile data: the CRC no longer matches
    expect(readPngIcc(damaged)).toBeNull();
    chunk[20]! ^= 0xff;
    expect(() => writePngIcc(plain, chunk)).toThrow(RangeError);
    expect(() => writePngIcc(Buffer.from('nope'), readPngIcc(p3)!)).toThrow(/PNG/);
  });

  it('copies a profile only for colour PNGs and embeds it in the matching format', () => {
    const icc = copyableIcc(p3)!;
    expect(icc.format).toBe('png');
    expect(readPngIcc(embedIcc(plain, icc))).not.toBeNull();
    const grey = Buffer.from(p3);
    grey[25] = 0; // IHDR colour type 0: a grey PNG's profile would not fit an RGBA canvas
    expect(copyableIcc(grey)).toBeNull();
  });
});
