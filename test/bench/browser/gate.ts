/**
 * The gate in Chromium with the built extension, on the demo site's CMS page (a plupload-like uploader): a 12 MP
 * photo is picked with page.setInputFiles (a disk-backed File, as from the file chooser) and timed until the review
 * is complete, then cancelled. Stamps come from GATE_PROBE inside the content script's world and from the page's
 * long-task observers (see probes.ts); the benchmark's clock and the page's are both wall-clock ms.
 *
 * - warm: one browser; one untimed pick first (creates the offscreen worker, loads the models), then `runs` timed
 *   picks alternating two photos, each made unique (a COM segment) so the worker's SHA-256 cache cannot answer.
 * - cold: `coldBrowsers` fresh browsers (new profile each): launch, configure, open the page, then time the first
 *   pick, which creates the offscreen document and loads the models (the worker is created lazily on the first check).
 * - long tasks: the page's PerformanceObserver during the warm picks, and `tracedRuns` more picks under a Chromium
 *   trace (trace.ts), which also sees main-thread tasks that ran no script.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSite, type DemoSite } from '../../../src/demo-site/server';
import { demoRoster, launchWithExtension, settingsFor, type WithExtension } from '../../browser/extension';
import { PHONE, phoneJpeg, variant, writePhoto } from './photos';
import { GATE_PROBE, LONG_TASKS, type GateRun, type LongEntry } from './probes';
import { mainThreadTasks, traced, type MainTask } from './trace';
import { ContentWorld, epochNow } from './world';

/** After the review is rendered, the page is watched this much longer for long tasks before the pick is cancelled. */
export const SETTLE_MS = 300;

export interface Pick extends GateRun {
  photo: string;
  bytes: number;
  /** The benchmark's clock just before page.setInputFiles. */
  t0: number;
  /** page.setInputFiles returned. */
  setAt: number;
  /** The benchmark learnt that the review was rendered (CDP round trip included). */
  seenAt: number;
  /** Long tasks and long animation frames overlapping [t0, renderedAt + SETTLE_MS]. */
  long: LongEntry[];
}

export interface ColdPick extends Pick {
  launchMs: number;
  /** The offscreen worker's status after the pick (bg:os-status, asked from the service worker). */
  worker: { ready: boolean; backend?: string; loadMs?: number; selfTestMs?: number } | null;
}

export interface GateResult {
  photos: { name: string; bytes: number; width: number; height: number }[];
  warmup: Pick;
  warm: Pick[];
  cold: ColdPick[];
  /** A 150 ms busy loop run in the content script's world: the page's observer must see it (method check). */
  calibration: { busyMs: number; longestSeen: number; seen: boolean; types: string[] };
  /** Every long entry of the warm page, over the whole session (page load, picks, cancels). */
  sessionLong: LongEntry[];
  /** Picks made under a trace, and the page's main-thread tasks ≥ 30 ms in their windows. */
  trace: { picks: Pick[]; tasks: MainTask[] };
  chromium: string;
}

interface Photo {
  name: string;
  jpeg: Buffer;
}

async function openCms(ext: WithExtension, site: DemoSite): Promise<{ world: ContentWorld; page: import('playwright-core').Page }> {
  const page = await ext.context.newPage();
  await page.addInitScript(LONG_TASKS);
  const world = await ContentWorld.attach(page, 'ConsentGate');
  await page.goto(site.urls.cms);
  await world.evaluate(GATE_PROBE);
  return { page, world };
}

async function pick(page: import('playwright-core').Page, world: ContentWorld, path: string, label: string, bytes: number): Promise<Pick> {
  const id = await world.evaluate<number>(`__cgBench.arm(${JSON.stringify(label)})`);
  const t0 = epochNow();
  await page.setInputFiles('#file', path);
  const setAt = epochNow();
  const run = await world.evaluate<GateRun>(`__cgBench.shown(${id}, 60000)`);
  const seenAt = epochNow();
  await page.waitForTimeout(SETTLE_MS);
  const end = (run.renderedAt ?? seenAt) + SETTLE_MS;
  const all = await page.evaluate<LongEntry[]>('window.__cgLongTasks');
  const long = all.filter((e) => e.start < end && e.start + e.duration > t0);
  await world.evaluate(`__cgBench.cancel(${id}, 10000)`);
  await page.waitForTimeout(100);
  return { ...run, photo: label, bytes, t0, setAt, seenAt, long };
}

export async function gateBench(options: { runs?: number; coldBrowsers?: number; tracedRuns?: number; log?: (s: string) => void } = {}): Promise<GateResult> {
  const runs = options.runs ?? 12;
  const tracedRuns = options.tracedRuns ?? 12;
  const coldBrowsers = options.coldBrowsers ?? 3;
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'consent-gate-bench-photos-'));
  const photos: Photo[] = [
    { name: 'sample1-12mp', jpeg: await phoneJpeg(1) },
    { name: 'sample2-12mp', jpeg: await phoneJpeg(2) },
  ];
  let serial = 0;
  const next = (photo: Photo): { path: string; bytes: number } => {
    const bytes = variant(photo.jpeg, `${process.pid}-${++serial}`);
    return { path: writePhoto(dir, `IMG_${String(serial).padStart(4, '0')}.jpg`, bytes), bytes: bytes.length };
  };
  const site = await startDemoSite();
  const settings = settingsFor({ [site.origins.cms]: 'website' });
  const roster = demoRoster();
  try {
    // Cold: a fresh browser per run.
    const cold: ColdPick[] = [];
    for (let i = 0; i < coldBrowsers; i++) {
      const l0 = epochNow();
      const ext = await launchWithExtension();
      const launchMs = epochNow() - l0;
      try {
        await ext.configure(settings, roster);
        const { page, world } = await openCms(ext, site);
        const photo = photos[0]!;
        const file = next(photo);
        const p = await pick(page, world, file.path, photo.name, file.bytes);
        const worker = await ext.worker
          .evaluate(async () => {
            const c = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome;
            return c.runtime.sendMessage({ type: 'bg:os-status', target: 'offscreen' });
          })
          .catch(() => null);
        cold.push({ ...p, launchMs, worker: worker as ColdPick['worker'] });
        log(`  cold ${i + 1}/${coldBrowsers}: pick → review ${Math.round(p.shownAt! - p.t0)} ms`);
        await world.detach();
      } finally {
        await ext.close();
      }
    }

    // Warm: one browser, one untimed pick, then the timed picks.
    const ext = await launchWithExtension();
    try {
      await ext.configure(settings, roster);
      const { page, world } = await openCms(ext, site);
      const chromium = await world.cdp
        .send('Browser.getVersion')
        .then((v) => v.product.replace(/^\D*\//, ''))
        .catch(() => '?');
      const first = next(photos[0]!);
      const warmup = await pick(page, world, first.path, photos[0]!.name, first.bytes);
      log(`  warm-up pick: ${Math.round(warmup.shownAt! - warmup.t0)} ms`);
      const warm: Pick[] = [];
      for (let i = 0; i < runs; i++) {
        const photo = photos[i % photos.length]!;
        const file = next(photo);
        const p = await pick(page, world, file.path, photo.name, file.bytes);
        warm.push(p);
        log(`  warm ${i + 1}/${runs} (${photo.name}): pick → review ${Math.round(p.shownAt! - p.t0)} ms, worker decode ${Math.round(p.timings?.decodeMs ?? NaN)} ms, detect ${Math.round(p.timings?.detectMs ?? NaN)} ms`);
      }
      // Long tasks, second way: the same picks under a Chromium trace of the page (kept apart from the timed picks:
      // tracing costs time).
      const { result: tracedPicks, events } = await traced(world.cdp, async () => {
        const out: Pick[] = [];
        for (let i = 0; i < tracedRuns; i++) {
          const photo = photos[i % photos.length]!;
          const file = next(photo);
          out.push(await pick(page, world, file.path, photo.name, file.bytes));
        }
        return out;
      });
      const tasks = mainThreadTasks(events, SETTLE_MS, 30);
      log(`  traced ${tracedRuns} picks: ${tasks.length} main-thread tasks ≥ 30 ms, longest ${Math.round(Math.max(0, ...tasks.map((t) => t.wallMs)))} ms`);
      // Method check: is work in the content script's world visible to the page's long-task observer? The loop runs
      // in an ordinary task (setTimeout) of the content script: code run directly by a CDP evaluate is not a task the
      // page's long-task observer sees.
      const busyStart = epochNow();
      await world.evaluate('new Promise((done) => setTimeout(() => { const t = performance.now(); while (performance.now() - t < 150) {} done(true); }, 0))');
      await page.waitForTimeout(200);
      const after = await page.evaluate<LongEntry[]>('window.__cgLongTasks');
      const busy = after.filter((e) => e.start >= busyStart - 5);
      const calibration = {
        busyMs: 150,
        longestSeen: Math.max(0, ...busy.filter((e) => e.type === 'longtask').map((e) => e.duration)),
        seen: busy.some((e) => e.type === 'longtask' && e.duration >= 150),
        types: [...new Set(busy.map((e) => e.type))],
      };
      const sessionLong = after.filter((e) => e.start < busyStart - 5);
      await world.detach();
      return {
        photos: photos.map((p) => ({ name: p.name, bytes: p.jpeg.length, ...PHONE })),
        warmup,
        warm,
        cold,
        calibration,
        sessionLong,
        trace: { picks: tracedPicks, tasks },
        chromium,
      };
    } finally {
      await ext.close();
    }
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
