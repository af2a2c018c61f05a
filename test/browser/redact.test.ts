/**
 * The released-file pipeline (src/redact/release.ts) in Debian's Chromium: the module is bundled with esbuild and run
 * in a blank page, which has the same createImageBitmap/OffscreenCanvas as the extension's offscreen document.
 * Everything is checked in Node with sharp and the module's own metadata reader.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box, Rect } from '../../src/faces/types';
import { blockEdges, coverRect, metadataReport, neutralName, pixelBlocks, psnr, solidFill, type MetadataReport } from '../../src/redact/index';
import type { ReleaseRequest } from '../../src/redact/release';
import { EXIF, XMP, insertAfterSoi, iptcSegment } from '../unit/redact/fixtures';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, launchChromium, type Launched } from './chromium';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

declare global {
  interface Window {
    ConsentGateRedact?: typeof import('../../src/redact/release');
  }
}

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');
/** The three faces in sample1.jpg (1920×1280), boxed by hand as tightly as the detector boxes them. */
const FACES: Box[] = [
  [425, 380, 170, 185],
  [835, 450, 165, 190],
  [1475, 235, 185, 195],
];
const DAY = new Date(2026, 10, 23, 12).getTime();

interface Result {
  bytes: Buffer;
  name: string;
  type: string;
  width: number;
  height: number;
  covered: Rect[];
  removed: MetadataReport;
  iccKept: boolean;
}

/** Decoded pixels as sharp sees them, EXIF orientation applied; `stored` skips the colour profile. */
async function pixels(img: Uint8Array, opts: { stored?: boolean; alpha?: boolean } = {}) {
  let s = sharp(img, { ignoreIcc: opts.stored ?? false }).rotate();
  s = opts.alpha ? s.ensureAlpha() : s.removeAlpha();
  const { data, info } = await s.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Per-channel mean and the largest per-channel standard deviation over `rect`. */
function stats(img: { data: Buffer; width: number; channels: number }, rect: Rect) {
  const { data, width, channels } = img;
  const sum = new Array<number>(channels).fill(0), sq = new Array<number>(channels).fill(0);
  for (let y = rect.y; y < rect.y + rect.h; y++) {
    for (let x = rect.x; x < rect.x + rect.w; x++) {
      for (let c = 0; c < channels; c++) {
        const v = data[(y * width + x) * channels + c]!;
        sum[c]! += v;
        sq[c]! += v * v;
      }
    }
  }
  const n = rect.w * rect.h;
  const mean = sum.map((s) => s / n);
  return { mean, std: Math.max(...sq.map((s, c) => Math.sqrt(Math.max(0, s / n - mean[c]! ** 2)))) };
}

/** The profile's description (a UTF-16 'mluc' text in v4 profiles) says sRGB. */
const isSrgb = (icc: Uint8Array | undefined) => !!icc && Buffer.from(icc).includes(Buffer.from('\0s\0R\0G\0B', 'latin1'));

const inset = (r: Rect, d: number): Rect => ({ x: r.x + d, y: r.y + d, w: r.w - 2 * d, h: r.h - 2 * d });

describe.skipIf(!HAS_CHROMIUM)('releaseImage in Chromium', () => {
  let browser: Launched;
  let page: Page;
  let rotated: Buffer;
  const errors: string[] = [];

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [join(ROOT, 'src/redact/release.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'ConsentGateRedact',
      platform: 'browser',
      target: 'chrome120',
      write: false,
    });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    // Stored rotated a quarter turn with EXIF orientation 6 ("rotate 90° clockwise to view"), as phones do, with a
    // name in EXIF, XMP and IPTC, and a Display-P3 profile.
    const jpeg = await sharp(SAMPLE)
      .rotate(270)
      .withExif(EXIF)
      .withMetadata({ orientation: 6 })
      .withXmp(XMP)
      .withIccProfile('p3')
      .jpeg({ quality: 95 })
      .toBuffer();
    rotated = insertAfterSoi(jpeg, iptcSegment('Daan Jansen, groep 5'));
  });
  afterAll(async () => {
    await browser?.close();
    expect(errors).toEqual([]);
  });

  async function release(bytes: Uint8Array, mime: string, req: Partial<Omit<ReleaseRequest, 'blob' | 'date'>> = {}): Promise<Result> {
    const arg = { b64: Buffer.from(bytes).toString('base64'), mime, covers: [], style: 'solid' as const, sequence: 1, time: DAY, ...req };
    const r = await page.evaluate(async ({ b64, mime, time, ...rest }) => {
      const input = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const res = await window.ConsentGateRedact!.releaseImage({ ...rest, blob: new Blob([input], { type: mime }), date: new Date(time) });
      const out = new Uint8Array(await res.blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < out.length; i += 0x8000) s += String.fromCharCode(...out.subarray(i, i + 0x8000));
      const { blob, ...fields } = res;
      return { ...fields, blobType: blob.type, b64: btoa(s) };
    }, arg);
    expect(r.blobType).toBe(r.type);
    const { b64, blobType, ...fields } = r;
    return { ...fields, bytes: Buffer.from(b64, 'base64') };
  }

  it('fixture: the JPEG is stored rotated, with EXIF, XMP, IPTC and a P3 profile', async () => {
    const meta = await sharp(rotated).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([1280, 1920, 6]);
    expect(metadataReport(rotated)).toEqual({ format: 'jpeg', exif: true, xmp: true, iptc: true, icc: true, comments: false });
  });

  it('solid covers: metadata gone, profile kept, oriented size, uniform covers, the rest close to the original', async () => {
    const r = await release(rotated, 'image/jpeg', { covers: FACES, style: 'solid' });
    expect(r.name).toBe(neutralName(new Date(DAY), 1, 'jpg'));
    expect(r.name).toBe('foto-2026-11-23-1.jpg');
    expect(r.type).toBe('image/jpeg');
    expect([r.width, r.height]).toEqual([1920, 1280]);
    expect(r.covered).toEqual(FACES.map((b) => coverRect(b, 1920, 1280)));
    expect(r.removed).toEqual({ format: 'jpeg', exif: true, xmp: true, iptc: true, icc: false, comments: false });
    expect(r.iccKept).toBe(true);
    expect(metadataReport(r.bytes)).toEqual({ format: 'jpeg', exif: false, xmp: false, iptc: false, icc: true, comments: false });

    const meta = await sharp(r.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([1920, 1280, 1]);
    expect(Buffer.from(meta.icc!).equals(Buffer.from((await sharp(rotated).metadata()).icc!))).toBe(true);
    expect(r.bytes.includes('Daan')).toBe(false);

    const before = await pixels(rotated), after = await pixels(r.bytes);
    for (const rect of r.covered) {
      const s = stats(after, inset(rect, 4)); // JPEG blurs the cover's edge by a few pixels
      expect(s.std).toBeLessThan(2);
      for (const m of s.mean) expect(Math.abs(m - solidFill[0])).toBeLessThan(3);
    }
    const outside = psnr(before.data, after.data, 3, { width: 1920, exclude: r.covered.map((c) => inset(c, -8)) });
    // Stored values, no colour management: had the browser converted P3 to sRGB under a copied P3 tag, this would drop.
    const raw = psnr((await pixels(rotated, { stored: true })).data, (await pixels(r.bytes, { stored: true })).data, 3, {
      width: 1920,
      exclude: r.covered.map((c) => inset(c, -8)),
    });
    const misread = psnr((await pixels(rotated, { stored: true })).data, before.data, 3);
    console.log(`JPEG q0.92 solid: PSNR outside covers ${outside.toFixed(2)} dB (stored values ${raw.toFixed(2)} dB; P3 read as sRGB would be ${misread.toFixed(2)} dB)`);
    expect(outside).toBeGreaterThanOrEqual(38);
    expect(raw).toBeGreaterThanOrEqual(38);
    expect(raw).toBeGreaterThan(misread + 5);
  });

  it('pixelate covers: coarse uniform blocks that differ from each other, the rest close to the original', async () => {
    const r = await release(rotated, 'image/jpeg', { covers: FACES, style: 'pixelate', sequence: 2 });
    expect(r.name).toBe('foto-2026-11-23-2.jpg');
    const before = await pixels(rotated), after = await pixels(r.bytes);
    for (const rect of r.covered) {
      const block = pixelBlocks(rect);
      const xs = blockEdges(rect.x, rect.w, block), ys = blockEdges(rect.y, rect.h, block);
      expect(xs.length - 1).toBeLessThanOrEqual(6);
      const means: string[] = [];
      for (let j = 0; j + 1 < ys.length; j++) {
        for (let i = 0; i + 1 < xs.length; i++) {
          const cell = { x: xs[i]!, y: ys[j]!, w: xs[i + 1]! - xs[i]!, h: ys[j + 1]! - ys[j]! };
          const s = stats(after, inset(cell, 4));
          expect(s.std).toBeLessThan(3);
          expect(stats(before, cell).std).toBeGreaterThan(s.std);
          means.push(s.mean.map(Math.round).join());
        }
      }
      expect(new Set(means).size).toBeGreaterThan(means.length / 2); // blocky, not a flat fill
    }
    const outside = psnr(before.data, after.data, 3, { width: 1920, exclude: r.covered.map((c) => inset(c, -8)) });
    console.log(`JPEG q0.92 pixelate: PSNR outside covers ${outside.toFixed(2)} dB`);
    expect(outside).toBeGreaterThanOrEqual(38);
  });

  it('measures what lower JPEG qualities cost', async () => {
    const before = await pixels(rotated);
    const line: string[] = [];
    for (const q of [0.8, 0.85, 0.92, 0.95]) {
      const r = await release(rotated, 'image/jpeg', { jpegQuality: q });
      line.push(`q${q}: ${psnr(before.data, (await pixels(r.bytes)).data, 3).toFixed(2)} dB, ${Math.round(r.bytes.length / 1024)} KB`);
    }
    console.log(`JPEG re-encode, whole photo, no covers: ${line.join('; ')} (input ${Math.round(rotated.length / 1024)} KB)`);
  });

  it('a PNG stays PNG, keeps alpha and its profile, and loses its EXIF', async () => {
    const width = 240, height = 160;
    const rgba = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) rgba.set([(x * 3) & 255, (y * 5) & 255, (x * y) & 255, x < 200 ? 255 : (x - 200) * 6], (y * width + x) * 4);
    }
    const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).withExif(EXIF).withIccProfile('p3').png().toBuffer();
    expect(metadataReport(png)).toMatchObject({ exif: true, icc: true });
    const r = await release(png, 'image/png', { covers: [[60, 50, 40, 40]], style: 'pixelate' });
    expect(r.name).toBe('foto-2026-11-23-1.png');
    expect(r.type).toBe('image/png');
    expect(r.iccKept).toBe(true);
    expect(metadataReport(r.bytes)).toEqual({ format: 'png', exif: false, xmp: false, iptc: false, icc: true, comments: false });
    const meta = await sharp(r.bytes).metadata();
    expect([meta.width, meta.height, meta.hasAlpha]).toEqual([width, height, true]);

    const before = await pixels(png, { stored: true, alpha: true }), after = await pixels(r.bytes, { stored: true, alpha: true });
    const rect = r.covered[0]!;
    let opaqueDiff = 0, alphaDiff = 0, translucentDiff = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (x >= rect.x && x < rect.x + rect.w && y >= rect.y && y < rect.y + rect.h) continue;
        const i = (y * width + x) * 4;
        alphaDiff = Math.max(alphaDiff, Math.abs(before.data[i + 3]! - after.data[i + 3]!));
        for (let c = 0; c < 3; c++) {
          const d = Math.abs(before.data[i + c]! - after.data[i + c]!);
          if (before.data[i + 3] === 255) opaqueDiff = Math.max(opaqueDiff, d);
          else if (before.data[i + 3]! >= 64) translucentDiff = Math.max(translucentDiff, d);
        }
      }
    }
    console.log(`PNG: max difference outside the cover: opaque ${opaqueDiff}, alpha ${alphaDiff}, colour at alpha ≥ 64 ${translucentDiff}`);
    expect([opaqueDiff, alphaDiff]).toEqual([0, 0]); // lossless, and no colour conversion
    expect(translucentDiff).toBeLessThanOrEqual(4); // premultiplied canvas rounding
  });

  it('WebP stays WebP, converted to sRGB without a profile', async () => {
    const webp = await sharp(SAMPLE).resize(960).withExif(EXIF).withXmp(XMP).withIccProfile('p3').webp({ quality: 95 }).toBuffer();
    const r = await release(webp, 'image/webp', { covers: [[737, 117, 93, 98]] });
    expect(r.name).toBe('foto-2026-11-23-1.webp');
    expect(r.type).toBe('image/webp');
    expect(r.iccKept).toBe(false);
    expect(r.removed).toEqual({ format: 'webp', exif: true, xmp: true, iptc: false, icc: true, comments: false });
    // Chrome's encoder tags its output with its own sRGB profile; the P3 one is gone.
    expect(metadataReport(r.bytes)).toEqual({ format: 'webp', exif: false, xmp: false, iptc: false, icc: true, comments: false });
    expect(isSrgb((await sharp(r.bytes).metadata()).icc)).toBe(true);
    const before = await pixels(webp), after = await pixels(r.bytes);
    const outside = psnr(before.data, after.data, 3, { width: before.width, exclude: r.covered.map((c) => inset(c, -8)) });
    console.log(`WebP q0.92: PSNR outside covers ${outside.toFixed(2)} dB`);
    expect(outside).toBeGreaterThanOrEqual(35);
  });

  it('a JPEG without a profile is released as sRGB', async () => {
    const plain = await sharp(SAMPLE).resize(480).withExif(EXIF).jpeg().toBuffer();
    const r = await release(plain, 'image/jpeg', { covers: [[368, 58, 47, 49]] });
    expect(r.iccKept).toBe(false);
    expect(r.removed).toEqual({ format: 'jpeg', exif: true, xmp: false, iptc: false, icc: false, comments: false });
    expect(metadataReport(r.bytes)).toMatchObject({ exif: false, xmp: false, iptc: false, comments: false });
    const icc = (await sharp(r.bytes).metadata()).icc;
    expect(icc === undefined || isSrgb(icc)).toBe(true);
    const outside = psnr((await pixels(plain)).data, (await pixels(r.bytes)).data, 3, { width: 480, exclude: r.covered.map((c) => inset(c, -8)) });
    console.log(`JPEG without a profile, q0.92: PSNR outside covers ${outside.toFixed(2)} dB`);
    expect(outside).toBeGreaterThanOrEqual(38);
  });

  it('names the photo by its bytes, not its claimed type', async () => {
    const png = await sharp(SAMPLE).resize(200).png().toBuffer();
    const r = await release(png, 'image/jpeg');
    expect([r.type, r.name]).toEqual(['image/png', 'foto-2026-11-23-1.png']);
  });

  it('fails clearly on what it cannot decode', async () => {
    await expect(release(Buffer.from('not a photo at all'), 'image/jpeg')).rejects.toThrow(/the photo could not be decoded/);
    await expect(release(rotated.subarray(0, 400), 'image/jpeg')).rejects.toThrow(/the photo could not be decoded/);
    await expect(release(Buffer.from('%PDF-1.7'), 'application/pdf')).rejects.toThrow(/not an image/);
    await expect(release(rotated, 'image/jpeg', { covers: [[5000, 5000, 10, 10]] })).rejects.toThrow(/outside the image/);
  });
});
