import { beforeAll, describe, expect, it } from 'vitest';
import { copyableIcc, readJpegIcc, readPngIcc, writeJpegIcc, writePngIcc } from '../../../src/redact/icc';
import { metadataReport, type MetadataReport } from '../../../src/redact/metadata';
import { EXIF, XMP, insertAfterIhdr, insertAfterSoi, insertBeforeEoi, iptcSegment, jpegSegment, photo, pngChunk, withGifComment } from './fixtures';

const none = { exif: false, xmp: false, iptc: false, icc: false, comments: false };
const report = (format: MetadataReport['format'], found: Partial<MetadataReport>): MetadataReport => ({ format, ...none, ...found });

describe('metadataReport', () => {
  it('finds EXIF, XMP, IPTC, ICC and comments in JPEG', async () => {
    const plain = await photo().jpeg().toBuffer();
    expect(metadataReport(plain)).toEqual(report('jpeg', {}));
    expect(metadataReport(await photo().withExif(EXIF).jpeg().toBuffer())).toEqual(report('jpeg', { exif: true }));
    expect(metadataReport(await photo().withXmp(XMP).jpeg().toBuffer())).toEqual(report('jpeg', { xmp: true }));
    expect(metadataReport(await photo().withIccProfile('p3').jpeg().toBuffer())).toEqual(report('jpeg', { icc: true }));
    expect(metadataReport(insertAfterSoi(plain, iptcSegment('Daan Jansen op schoolreis')))).toEqual(report('jpeg', { iptc: true }));
    expect(metadataReport(insertAfterSoi(plain, jpegSegment(0xfe, 'groep 5')))).toEqual(report('jpeg', { comments: true }));
    // A segment after the image data is found too: the walk steps over entropy-coded bytes.
    expect(metadataReport(insertBeforeEoi(plain, jpegSegment(0xfe, 'after the scan')))).toEqual(report('jpeg', { comments: true }));
    const all = await photo().withExif(EXIF).withXmp(XMP).withIccProfile('p3').jpeg().toBuffer();
    expect(metadataReport(all)).toEqual(report('jpeg', { exif: true, xmp: true, icc: true }));
  });

  it('finds eXIf, XMP, text and iCCP chunks in PNG', async () => {
    const plain = await photo().png().toBuffer();
    expect(metadataReport(plain)).toEqual(report('png', {}));
    expect(metadataReport(await photo().withExif(EXIF).png().toBuffer())).toEqual(report('png', { exif: true }));
    expect(metadataReport(await photo().withXmp(XMP).png().toBuffer())).toEqual(report('png', { xmp: true }));
    expect(metadataReport(await photo().withIccProfile('p3').png().toBuffer())).toEqual(report('png', { icc: true }));
    expect(metadataReport(insertAfterIhdr(plain, pngChunk('tEXt', 'Comment\0Daan')))).toEqual(report('png', { comments: true }));
    expect(metadataReport(insertAfterIhdr(plain, pngChunk('zTXt', 'Raw profile type iptc\0\0x')))).toEqual(report('png', { iptc: true }));
    expect(metadataReport(insertAfterIhdr(plain, pngChunk('tEXt', 'Raw profile type exif\0x')))).toEqual(report('png', { exif: true }));
  });

  it('finds EXIF, XMP and ICCP chunks in WebP', async () => {
    expect(metadataReport(await photo().webp().toBuffer())).toEqual(report('webp', {}));
    expect(metadataReport(await photo().withExif(EXIF).webp().toBuffer())).toEqual(report('webp', { exif: true }));
    expect(metadataReport(await photo().withXmp(XMP).webp().toBuffer())).toEqual(report('webp', { xmp: true }));
    const all = await photo().withExif(EXIF).withXmp(XMP).withIccProfile('p3').webp().toBuffer();
    expect(metadataReport(all)).toEqual(report('webp', { exif: true, xmp: true, icc: true }));
  });

  it('recognises GIF and its comments', async () => {
    const gif = await photo().gif().toBuffer();
    expect(metadataReport(gif)).toEqual(report('gif', {}));
    expect(metadataReport(withGifComment(gif, 'Daan'))).toEqual(report('gif', { comments: true }));
  });

  it('says unknown for anything else', () => {
    expect(metadataReport(new Uint8Array())).toEqual(report('unknown', {}));
    expect(metadataReport(new TextEncoder().encode('%PDF-1.7'))).toEqual(report('unknown', {}));
  });
});

describe('damaged files', () => {
  const samples: Record<string, Buffer> = {};
  beforeAll(async () => {
    const all = photo().withExif(EXIF).withXmp(XMP).withIccProfile('p3');
    samples.jpeg = insertAfterSoi(await all.clone().jpeg().toBuffer(), iptcSegment('x'), jpegSegment(0xfe, 'c'));
    samples.png = insertAfterIhdr(await all.clone().png().toBuffer(), pngChunk('tEXt', 'Comment\0c'));
    samples.webp = await all.clone().webp().toBuffer();
    samples.gif = withGifComment(await photo().gif().toBuffer(), 'c');
  });

  /** Every reader on `bytes`: none may throw, and writers may only throw their own clear errors. */
  function readAll(bytes: Uint8Array): void {
    metadataReport(bytes);
    readJpegIcc(bytes);
    readPngIcc(bytes);
    copyableIcc(bytes);
  }

  it('never throws on truncated files, and still reports what came before the cut', () => {
    for (const [format, bytes] of Object.entries(samples)) {
      for (let n = 0; n <= bytes.length; n += n < 200 ? 1 : 37) expect(() => readAll(bytes.subarray(0, n)), `${format} cut at ${n}`).not.toThrow();
    }
    // The JPEG's header (with all its metadata) survives a cut in the image data.
    expect(metadataReport(samples.jpeg!.subarray(0, samples.jpeg!.length - 100))).toMatchObject({ exif: true, xmp: true, iptc: true, icc: true, comments: true });
  });

  it('never throws on flipped bytes or absurd lengths', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const [format, bytes] of Object.entries(samples)) {
      for (let trial = 0; trial < 300; trial++) {
        const broken = Buffer.from(bytes);
        for (let k = 0; k < 4; k++) broken[Math.floor(random() * Math.min(broken.length, 400))] = Math.floor(random() * 256);
        expect(() => readAll(broken), `${format} trial ${trial}`).not.toThrow();
      }
    }
    const huge = Buffer.from([0xff, 0xd8, 0xff, 0xe2, 0xff, 0xff, ...Buffer.from('ICC_PROFILE\0'), 1, 1]);
    expect(readJpegIcc(huge)).toBeNull();
    expect(metadataReport(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x69, 0x43, 0x43, 0x50]))).toEqual(report('png', {}));
    expect(metadataReport(Buffer.from('RIFF\xff\xff\xff\xffWEBPEXIF\xff\xff\xff\x7f', 'latin1'))).toEqual(report('webp', {}));
  });

  it('writers refuse truncated targets with a clear error', () => {
    const icc = readJpegIcc(samples.jpeg!)!;
    expect(() => writeJpegIcc(samples.jpeg!.subarray(0, 300), icc)).toThrow(/complete header/);
    expect(() => writePngIcc(samples.png!.subarray(0, samples.png!.length - 1), readPngIcc(samples.png!)!)).toThrow(/complete PNG/);
  });
});
