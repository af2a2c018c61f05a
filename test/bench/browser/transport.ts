/**
 * Transport: how a photo gets from the content script to the offscreen document and a released file back, measured
 * with a tiny separate extension (./transport-extension, plain JS, copied with the photo into a temp folder) on a
 * blank local page whose <input type=file> holds a disk-backed File, as after a real pick.
 *
 * Per method: 1 untimed run, then `runs` timed runs; the median is reported. To the offscreen document, the figure
 * is content script start → the offscreen document holds the bytes as an ArrayBuffer (its own clock stamp); back,
 * it is the content script's request → it holds the released file as a Blob (and → read into an ArrayBuffer).
 * Routes: "relay" goes content script → service worker → offscreen document and back, as ConsentGate must (its
 * worker answers only the background); "direct" is content script → offscreen document, a lower bound.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../browser/chromium';
import { median } from '../stats';
import { phoneJpeg } from './photos';
import { ContentWorld } from './world';

export type TransportMethod = 'array' | 'dataurl' | 'downscaled' | 'blob-url' | 'back-blob-url' | 'back-data-url';
export type Route = 'relay' | 'direct';

interface Measurement {
  method: TransportMethod;
  route: Route;
  startAt: number;
  endAt: number;
  receivedAt?: number;
  holdsAt: number;
  readAt?: number;
  bytes: number;
  sentBytes?: number;
  syncMs: number;
  maxGapMs: number;
  longTasks: number[];
}

export interface TransportRow {
  key: string;
  label: string;
  method: TransportMethod;
  route: Route;
  bytes: number;
  /** Median ms: start → the receiving side holds the bytes. */
  holdsMs: number;
  /** Median ms: start → the content script's await returned (the whole exchange). */
  roundTripMs: number;
  /** Way back only: → the Blob read into an ArrayBuffer. */
  readMs: number | null;
  /** Median of the content script's own synchronous code. */
  syncMs: number;
  /** Median of the longest main-thread gap seen by a setTimeout(0) ticker. */
  maxGapMs: number;
  /** Largest 'longtask' on the page over all timed runs (0 when none ≥ 50 ms). */
  longestTaskMs: number;
  runs: { holdsMs: number; roundTripMs: number; syncMs: number; maxGapMs: number }[];
}

export interface TransportResult {
  photoBytes: number;
  runs: number;
  rows: TransportRow[];
}

export const TRANSPORT_CASES: { key: string; method: TransportMethod; route: Route; label: string }[] = [
  { key: 'a', method: 'array', route: 'relay', label: '(a) bytes as a number array (JSON) → offscreen' },
  { key: 'b', method: 'dataurl', route: 'relay', label: '(b) base64 data URL string → offscreen' },
  { key: 'c', method: 'downscaled', route: 'relay', label: '(c) downscaled 1280 px JPEG as data URL → offscreen' },
  { key: 'd', method: 'blob-url', route: 'relay', label: '(d) blob: URL from the content script, fetched by offscreen (ConsentGate)' },
  { key: 'e', method: 'back-blob-url', route: 'relay', label: '(e) back: blob:chrome-extension:// URL fetched by the content script (ConsentGate)' },
  { key: 'f', method: 'back-data-url', route: 'relay', label: '(f) back: data URL in the reply message' },
  { key: 'a*', method: 'array', route: 'direct', label: '(a) direct to offscreen, no service worker hop' },
  { key: 'b*', method: 'dataurl', route: 'direct', label: '(b) direct to offscreen, no service worker hop' },
  { key: 'd*', method: 'blob-url', route: 'direct', label: '(d) direct to offscreen, no service worker hop' },
];

const BLANK = '<!doctype html><meta charset="utf-8"><title>transport bench</title><input type="file" id="file" accept="image/*">';

export async function transportBench(options: { runs?: number; log?: (s: string) => void } = {}): Promise<TransportResult> {
  const runs = options.runs ?? 5;
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'consent-gate-transport-'));
  // ~5 MB: a grainier, higher-quality phone JPEG than the 12 MP gate photos.
  const photo = await phoneJpeg(2, { sigma: 14, quality: 92 });
  cpSync(join(import.meta.dirname, 'transport-extension'), dir, { recursive: true });
  writeFileSync(join(dir, 'photo.jpg'), photo);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(BLANK);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await launchChromium({ extensionDir: dir });
  try {
    const page = await browser.context.newPage();
    const world = await ContentWorld.attach(page, 'ConsentGate transport bench');
    await page.goto(url);
    await page.setInputFiles('#file', join(dir, 'photo.jpg'));
    const ready = await world.evaluate<{ ok?: boolean; error?: string }>('__transport.ready()');
    if (!ready.ok) throw new Error(`transport extension not ready: ${JSON.stringify(ready)}`);
    const photoBytes = await world.evaluate<number>('__transport.fileSize()');
    const rows: TransportRow[] = [];
    for (const c of TRANSPORT_CASES) {
      const call = `__transport.measure(${JSON.stringify(c.method)}, ${JSON.stringify(c.route)})`;
      await world.evaluate(call); // untimed
      const ms: Measurement[] = [];
      for (let i = 0; i < runs; i++) {
        ms.push(await world.evaluate<Measurement>(call));
        await page.waitForTimeout(50);
      }
      const per = ms.map((m) => ({ holdsMs: m.holdsAt - m.startAt, roundTripMs: m.endAt - m.startAt, syncMs: m.syncMs, maxGapMs: m.maxGapMs }));
      const row: TransportRow = {
        ...c,
        bytes: ms[0]!.sentBytes ?? ms[0]!.bytes,
        holdsMs: median(per.map((p) => p.holdsMs)),
        roundTripMs: median(per.map((p) => p.roundTripMs)),
        readMs: ms[0]!.readAt !== undefined ? median(ms.map((m) => m.readAt! - m.startAt)) : null,
        syncMs: median(per.map((p) => p.syncMs)),
        maxGapMs: median(per.map((p) => p.maxGapMs)),
        longestTaskMs: Math.max(0, ...ms.flatMap((m) => m.longTasks)),
        runs: per,
      };
      rows.push(row);
      log(`  ${c.key.padEnd(3)} ${c.label}: holds ${row.holdsMs.toFixed(1)} ms, round trip ${row.roundTripMs.toFixed(1)} ms, sync ${row.syncMs.toFixed(1)} ms, max gap ${row.maxGapMs.toFixed(1)} ms`);
    }
    await world.detach();
    return { photoBytes, runs, rows };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}
