/**
 * Quality loss of the released file: ConsentGate re-encodes every photo (that is what removes EXIF, IPTC and XMP),
 * so the loss is measured on the same 12 MP phone photos as the latency figures, in Chromium, with the extension's
 * own release code (src/redact/release.ts, bundled): PSNR of the released pixels against the original's, size and time.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import sharp from 'sharp';
import { psnr } from '../../../src/redact/index';
import { launchChromium } from '../../browser/chromium';
import { ROOT } from '../../browser/extension';
import { median } from '../stats';
import { phoneJpeg } from './photos';

export interface QualityResult {
  photos: { name: string; inBytes: number; outBytes: number; psnrDb: number; releaseMs: number }[];
}

async function rgb(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).rotate().removeAlpha().raw().toBuffer();
}

export async function qualityBench(log: (s: string) => void): Promise<QualityResult> {
  const bundle = await build({
    entryPoints: [join(ROOT, 'src/redact/release.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'ConsentGateRedact',
    write: false,
    target: 'chrome120',
  });
  const browser = await launchChromium();
  const photos: QualityResult['photos'] = [];
  try {
    const page = await browser.context.newPage();
    await page.setContent('<title>quality</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    for (const n of [1, 2]) {
      const input = await phoneJpeg(n);
      const out = await page.evaluate(async (b64) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const w = window as unknown as { ConsentGateRedact: { releaseImage(r: unknown): Promise<{ blob: Blob }> } };
        const t0 = performance.now();
        const r = await w.ConsentGateRedact.releaseImage({ blob: new Blob([bytes], { type: 'image/jpeg' }), covers: [], style: 'solid', date: new Date(), sequence: 1 });
        const ms = performance.now() - t0;
        const data = new Uint8Array(await r.blob.arrayBuffer());
        let s = '';
        for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
        return { b64: btoa(s), ms };
      }, input.toString('base64'));
      const released = Buffer.from(out.b64, 'base64');
      const db = psnr(await rgb(input), await rgb(released), 3);
      photos.push({ name: `sample${n} 4000×3000`, inBytes: input.length, outBytes: released.length, psnrDb: db, releaseMs: out.ms });
      log(`  quality: sample${n}: ${db.toFixed(2)} dB, ${(released.length / 1e6).toFixed(2)} MB from ${(input.length / 1e6).toFixed(2)} MB, ${Math.round(out.ms)} ms`);
    }
  } finally {
    await browser.close();
  }
  return { photos };
}

export function qualityRow(q: QualityResult): (string | number)[] {
  const worst = Math.min(...q.photos.map((p) => p.psnrDb));
  return [
    'quality loss of the released file (re-encoded JPEG q 0.92, no covers), 12 MP phone photos, PSNR against the original',
    `${q.photos.map((p) => `${p.psnrDb.toFixed(1)} dB (${(p.outBytes / 1e6).toFixed(2)} MB from ${(p.inBytes / 1e6).toFixed(2)} MB)`).join('; ')}; release ${Math.round(median(q.photos.map((p) => p.releaseMs)))} ms`,
    '≥ 40 dB (visually lossless)',
    `×${(worst / 40).toFixed(2)}`,
    worst >= 40 ? 'pass' : 'FAIL',
  ];
}
