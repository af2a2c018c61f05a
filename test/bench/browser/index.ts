/**
 * The browser benchmark: the built extension in Debian's Chromium (headless, no GPU: tfjs wasm), against the issue's
 * targets, plus the transport measurement that chose how photos travel between page and worker. Called by
 * test/bench/run.ts after the engine benchmark; `npx tsx test/bench/browser/run.ts` runs it alone.
 *
 * Returns report lines: `summary` (targets, stages, transport; goes into bench/latest.md and the README block) and
 * `details` (every run; bench/latest.md only), and `json` for bench/latest.json. Skips, with the reason as its
 * report, when Chromium is missing or the extension does not build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../../browser/chromium';
import { BUILT_EXTENSION, ROOT } from '../../browser/extension';
import { median, table } from '../stats';
import { gateBench, SETTLE_MS, type GateResult, type Pick } from './gate';
import type { MainTask } from './trace';
import { transportBench, type TransportResult } from './transport';
import { qualityBench, qualityRow } from './quality';

export const TARGETS = {
  warmMedianMs: 1500,
  coldMs: 3000,
  longTaskMs: 100,
};

export interface BrowserBench {
  skipped: string | null;
  summary: string[];
  details: string[];
  json: unknown;
}

const r0 = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '–' : `${Math.round(v)}`);
const msf = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '–' : `${Math.round(v)} ms`);
const ms1 = (v: number): string => `${v.toFixed(1)} ms`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
/** Nearest-rank percentile. */
export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
};
const verdict = (value: number, target: number): string => (value <= target ? 'pass' : '**FAIL**');
const ratio = (value: number, target: number): string => `×${(value / target).toFixed(2)}`;

/** Stage durations of one pick, in ms (see the stage table for what each one is). */
export function stages(p: Pick) {
  const t = p.timings ?? {};
  const check = p.checkReplyAt! - p.checkSentAt!;
  return {
    total: p.shownAt! - p.t0,
    fromEvent: p.shownAt! - p.handlerAt!,
    rendered: p.renderedAt! - p.t0,
    toHandler: p.handlerAt! - p.t0,
    hello: p.helloReplyAt !== undefined ? p.helloReplyAt - p.helloSentAt! : 0,
    toCheck: p.checkSentAt! - p.handlerAt!,
    check,
    workerTotal: t.totalMs ?? NaN,
    transfer: t.transferMs ?? NaN,
    decode: t.decodeMs ?? NaN,
    detect: t.detectMs ?? NaN,
    engineWait: (t.totalMs ?? NaN) - (t.transferMs ?? NaN) - (t.decodeMs ?? NaN) - (t.detectMs ?? NaN),
    messaging: check - (t.totalMs ?? NaN),
    preview: p.previewEnd! - p.previewStart!,
    previewAfterReply: Math.max(0, p.previewEnd! - p.checkReplyAt!),
    toControls: p.controlsAt! - Math.max(p.checkReplyAt!, p.previewEnd!),
    toBoxes: p.shownAt! - p.controlsAt!,
    toFrame: p.renderedAt! - p.shownAt!,
  };
}

const longTasks = (picks: Pick[]) => picks.flatMap((p) => p.long.filter((e) => e.type === 'longtask'));
const longFrames = (picks: Pick[]) => picks.flatMap((p) => p.long.filter((e) => e.type === 'long-animation-frame'));

function gateSummary(g: GateResult): { rows: (string | number)[][]; stageTable: string; json: unknown } {
  const warm = g.warm.map(stages);
  const warmTotals = warm.map((s) => s.total);
  const warmMedian = median(warmTotals);
  const warmP90 = percentile(warmTotals, 90);
  const cold = g.cold.map(stages);
  const coldTotals = cold.map((s) => s.total);
  const coldMedian = median(coldTotals);
  const coldOver = coldTotals.filter((v) => v > TARGETS.coldMs).length;
  const tasks = longTasks(g.warm);
  const frames = longFrames(g.warm);
  const observed = Math.max(0, ...tasks.map((e) => e.duration));
  const traced = g.trace.tasks;
  const tracedLongest = traced.reduce<MainTask | null>((a, t) => (!a || t.wallMs > a.wallMs ? t : a), null);
  const longest = Math.max(observed, tracedLongest?.wallMs ?? 0);
  const over = tasks.filter((e) => e.duration > TARGETS.longTaskMs).length + traced.filter((t) => t.wallMs > TARGETS.longTaskMs).length;
  const longestFrame = frames.reduce<(typeof frames)[number] | null>((a, e) => (!a || e.duration > a.duration ? e : a), null);
  const coldTasks = longTasks(g.cold);
  const faces = [...new Set(g.warm.map((p) => `${p.photo}: ${p.faces} faces, ${p.boxes} boxes`))].join('; ');
  const rows: (string | number)[][] = [
    [
      `pick → review shown, 12 MP JPEG (4000×3000, ${g.photos.map((p) => mb(p.bytes)).join(' / ')}), detection only, warm worker, ${g.warm.length} runs`,
      `median ${msf(warmMedian)}, p90 ${msf(warmP90)} (input event → review: median ${msf(median(warm.map((s) => s.fromEvent)))})`,
      `median ≤ ${TARGETS.warmMedianMs / 1000} s`,
      ratio(warmMedian, TARGETS.warmMedianMs),
      verdict(warmMedian, TARGETS.warmMedianMs),
    ],
    [
      `first verdict after browser start (cold worker: offscreen document created, models loaded, self-test), ${g.cold.length} fresh browsers`,
      `median ${msf(coldMedian)} (${coldTotals.map(r0).join(', ')} ms)`,
      `≤ ${TARGETS.coldMs / 1000} s`,
      ratio(coldMedian, TARGETS.coldMs),
      verdict(coldMedian, TARGETS.coldMs) + (coldOver > 0 && coldMedian <= TARGETS.coldMs ? ` (${coldOver} of ${g.cold.length} over)` : ''),
    ],
    [
      `longest main-thread task on the page, pick → review rendered + ${SETTLE_MS} ms: Long Tasks API over ${g.warm.length} warm picks; trace over ${g.trace.picks.length} more`,
      `${msf(longest)}; ${over} over ${TARGETS.longTaskMs} ms. API: ${tasks.length ? `longest ${msf(observed)}, ${tasks.length} ≥ 50 ms` : 'none ≥ 50 ms'} (cold picks: ${coldTasks.length ? `longest ${msf(Math.max(...coldTasks.map((e) => e.duration)))}` : 'none'}). ` +
        `Trace: longest ${tracedLongest ? `${msf(tracedLongest.wallMs)} wall / ${msf(tracedLongest.cpuMs ?? NaN)} CPU, ${tracedLongest.what}` : 'none ≥ 30 ms'}; ${traced.filter((t) => t.wallMs >= 50).length} ≥ 50 ms`,
      `none over ${TARGETS.longTaskMs} ms`,
      ratio(longest, TARGETS.longTaskMs),
      verdict(longest, TARGETS.longTaskMs) + (g.calibration.seen ? '' : ' (method check FAILED)'),
    ],
    [
      'longest animation frame meanwhile (LoAF: its script and render work, incl. blocking)',
      longestFrame ? `${msf(longestFrame.duration)} (blocking ${msf(longestFrame.blocking ?? NaN)}); ${frames.length} frames ≥ 50 ms` : 'none ≥ 50 ms',
      '',
      '',
      '',
    ],
    ['faces found (worker) and boxes shown', faces, '', '', ''],
  ];
  const med = (f: (s: ReturnType<typeof stages>) => number, xs = warm) => msf(median(xs.map(f)));
  const stageRows: string[][] = [
    ['pick → input handler (page.setInputFiles until the content script reads the input; harness + event)', med((s) => s.toHandler), med((s) => s.toHandler, cold)],
    ['hello round trip (first pick on a page only; inside the next row)', '–', med((s) => s.hello, cold)],
    ['input handler → check sent (config, blob: URL, review host + progress view)', med((s) => s.toCheck), med((s) => s.toCheck, cold)],
    ['check round trip, content script → background → worker → back', med((s) => s.check), med((s) => s.check, cold)],
    ['· worker transfer (fetch blob: URL + ArrayBuffer + SHA-256)', med((s) => s.transfer), med((s) => s.transfer, cold)],
    ['· rest of the worker\'s total (cold: waiting for models + self-test; warm: bookkeeping)', med((s) => s.engineWait), med((s) => s.engineWait, cold)],
    ['· worker decode (createImageBitmap, full 12 MP)', med((s) => s.decode), med((s) => s.decode, cold)],
    ['· worker detect (SSD passes incl. drawing regions from the bitmap)', med((s) => s.detect), med((s) => s.detect, cold)],
    ['· background + messaging (round trip − worker total; cold: incl. creating the offscreen document)', med((s) => s.messaging), med((s) => s.messaging, cold)],
    ['preview bitmap in the content script (1600 px, parallel to the check)', med((s) => s.preview), med((s) => s.preview, cold)],
    ['reply (and preview) → review controls in the DOM', med((s) => s.toControls), med((s) => s.toControls, cold)],
    ['controls → photo and face boxes in the DOM (second render, after measuring)', med((s) => s.toBoxes), med((s) => s.toBoxes, cold)],
    ['**pick → review shown** (boxes in the DOM)', med((s) => s.total), med((s) => s.total, cold)],
    ['review shown → next frame rendered', med((s) => s.toFrame), med((s) => s.toFrame, cold)],
  ];
  return {
    rows,
    stageTable: table(['stage (median)', `warm (${g.warm.length})`, `cold (${g.cold.length})`], stageRows),
    json: {
      warm: { medianMs: warmMedian, p90Ms: warmP90, runs: warm },
      cold: { medianMs: coldMedian, runs: cold, worker: g.cold.map((c) => c.worker), launchMs: g.cold.map((c) => c.launchMs) },
      longTasks: { longestMs: longest, over100: over, observer: { longestMs: observed, count: tasks.length, entries: tasks, frames, calibration: g.calibration }, trace: { picks: g.trace.picks.length, tasks: traced } },
    },
  };
}

function transportTable(t: TransportResult): string {
  return table(
    ['way (5 runs, median)', 'bytes sent', 'until the other side holds the bytes', 'round trip', 'content script: own sync code', 'longest main-thread gap'],
    t.rows.map((r) => [
      r.label,
      mb(r.bytes),
      r.readMs !== null ? `${ms1(r.holdsMs)} (read: ${ms1(r.readMs)})` : ms1(r.holdsMs),
      ms1(r.roundTripMs),
      ms1(r.syncMs),
      ms1(r.maxGapMs),
    ]),
  );
}

function gateDetails(g: GateResult): string {
  const row = (kind: string, p: Pick, i: number) => {
    const s = stages(p);
    return [
      `${kind} ${i + 1}`,
      p.photo,
      mb(p.bytes),
      r0(s.total),
      r0(s.fromEvent),
      r0(s.check),
      r0(s.transfer),
      r0(s.decode),
      r0(s.detect),
      r0(s.preview),
      `${p.faces}/${p.boxes}`,
      r0(Math.max(0, ...p.long.filter((e) => e.type === 'longtask').map((e) => e.duration))),
    ];
  };
  const cold = g.cold.map((c, i) => [...row('cold', c, i), `launch ${r0(c.launchMs)}, models ${r0(c.worker?.loadMs)}, self-test ${r0(c.worker?.selfTestMs)}`]);
  return table(
    ['run', 'photo', 'size', 'pick → shown', 'event → shown', 'check', 'transfer', 'decode', 'detect', 'preview', 'faces/boxes', 'longest task', 'worker (cold)'],
    [row('warm-up', g.warmup, 0).concat(''), ...g.warm.map((p, i) => row('warm', p, i).concat('')), ...cold],
  );
}

export async function browserBench(options: { log?: (s: string) => void; runs?: number; coldBrowsers?: number; transportRuns?: number } = {}): Promise<BrowserBench> {
  const log = options.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const skip = (reason: string): BrowserBench => {
    log(`browser benchmark skipped: ${reason}`);
    return { skipped: reason, summary: ['### In the browser', '', `Skipped: ${reason}.`, ''], details: [], json: { skipped: reason } };
  };
  if (!HAS_CHROMIUM) return skip(NO_CHROMIUM_MESSAGE);
  // As the browser tests do: build the extension first (CONSENT_GATE_SKIP_BUILD=1 reuses .output/chrome-mv3).
  if (!(process.env.CONSENT_GATE_SKIP_BUILD === '1' && existsSync(join(BUILT_EXTENSION, 'manifest.json')))) {
    log('browser: building the extension (wxt build)…');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) return skip(`wxt build failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' ')}`);
  }
  log('browser: the gate on the demo site (cold starts, warm picks, long tasks)…');
  const gate = await gateBench({ log, runs: options.runs ?? 12, coldBrowsers: options.coldBrowsers ?? 3 });
  log('browser: transport page ⇄ offscreen document (measurement extension)…');
  const transport = await transportBench({ log, runs: options.transportRuns ?? 5 });
  log('browser: quality of the released file…');
  const quality = await qualityBench(log);
  const g = gateSummary(gate);
  g.rows.push(qualityRow(quality));
  const attributed = [...new Set(longFrames(gate.warm).flatMap((f) => f.scripts.map((s) => s.src)).filter(Boolean))];
  const summary = [
    `### In the browser`,
    '',
    `Chromium ${gate.chromium} (${CHROMIUM}, headless, no GPU: tfjs wasm) with the built extension, on the demo site's CMS page. ` +
      `"Review shown" = the review's release button and its face boxes are in the DOM of the closed shadow root, stamped in the page by a ` +
      `MutationObserver in the content script's world; "pick" = just before \`page.setInputFiles\` (a disk-backed File). Each pick is a ` +
      `different file (the worker caches analyses by SHA-256), and is cancelled after the review. Long tasks: the page's own ` +
      `PerformanceObserver ('longtask', buffered) during the timed picks (method check: a 150 ms loop in the content script's world was ` +
      `${gate.calibration.seen ? `seen as a ${Math.round(gate.calibration.longestSeen)} ms task` : '**not** seen'}), and a Chromium trace of the page's ` +
      `main thread during ${gate.trace.picks.length} more picks, which also shows tasks that run no script (the Long Tasks API leaves those out). ` +
      `The page is idle, so its long tasks come from the extension.`,
    '',
    table(['figure', 'measured', 'target', 'ratio', 'result'], g.rows),
    '',
    g.stageTable,
    '',
    `Transport of a ${mb(transport.photoBytes)} JPEG between the content script and the offscreen document, measured with a separate minimal extension ` +
      `(\`test/bench/browser/transport-extension\`), via the service worker as ConsentGate's messages go unless marked direct:`,
    '',
    transportTable(transport),
    '',
  ];
  const details = [
    '## Browser runs',
    '',
    'Milliseconds; "check" is the content script\'s check round trip; transfer/decode/detect are the worker\'s own timings; "longest task" is the longest page long task in the pick\'s window.',
    '',
    gateDetails(gate),
    '',
    attributed.length ? `Long animation frames attributed to: ${attributed.join(', ')}.` : 'Long animation frames carried no script attribution.',
    '',
    `Page main-thread tasks ≥ 30 ms in the traced picks (ms after the pick; wall / CPU; posted from, and the largest traced work inside):`,
    '',
    gate.trace.tasks.length
      ? table(
          ['pick', 'at', 'wall', 'CPU', 'task'],
          gate.trace.tasks.map((t) => [t.pick, r0(t.offsetMs), r0(t.wallMs), r0(t.cpuMs ?? NaN), t.what]),
        )
      : 'none',
    '',
  ];
  return { skipped: null, summary, details, json: { chromium: gate.chromium, targets: TARGETS, photos: gate.photos, gate: g.json, raw: gate, transport, quality } };
}
