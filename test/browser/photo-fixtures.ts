/** Photos for the end-to-end tests: face-api's samples, one with names in its EXIF, IPTC and XMP, one without people. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { insertAfterSoi, iptcSegment } from '../unit/redact/fixtures';

export const SAMPLES = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
export const sample = (n: number): string => join(SAMPLES, `sample${n}.jpg`);

/** sample1.jpg (three faces) carrying two pupils' names in EXIF, XMP and IPTC, as a phone or Lightroom leaves them. */
export async function namedPhoto(): Promise<Buffer> {
  const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Noor Jansen en Lotte de Vries</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>`;
  const jpeg = await sharp(readFileSync(sample(1)))
    .withExif({ IFD0: { ImageDescription: 'Noor Jansen en Lotte de Vries, groep 8B', Artist: 'Juf Anja' } })
    .withXmp(xmp)
    .jpeg({ quality: 92 })
    .toBuffer();
  return insertAfterSoi(jpeg, iptcSegment('Noor Jansen en Lotte de Vries op schoolreis'));
}

/** A photo without people: a smooth gradient. */
export async function landscape(): Promise<Buffer> {
  const w = 640;
  const h = 400;
  const rgb = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgb.set([60 + (x % 120), 120 + (y % 100), 200], (y * w + x) * 3);
  return sharp(rgb, { raw: { width: w, height: h, channels: 3 } }).jpeg().toBuffer();
}

/** Mean absolute difference and standard deviation of a region, to tell a covered face from a visible one. */
export async function regionStats(image: Buffer | string, rect: { x: number; y: number; w: number; h: number }): Promise<{ std: number }> {
  const { data, info } = await sharp(image).rotate().extract({ left: rect.x, top: rect.y, width: rect.w, height: rect.h }).raw().toBuffer({ resolveWithObject: true });
  const n = info.width * info.height * info.channels;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    sum += data[i]!;
    sq += data[i]! * data[i]!;
  }
  const mean = sum / n;
  return { std: Math.sqrt(Math.max(0, sq / n - mean * mean)) };
}
