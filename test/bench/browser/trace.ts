/**
 * Main-thread tasks of the page from a Chromium trace (CDP Tracing on the page's session), for what the Long Tasks
 * API does not report: Chromium's 'longtask' entries cover tasks that ran script, so a task that only resolves an
 * ImageBitmap (scaling a 12 MP photo) or commits a frame blocks the page without any entry. The trace has every
 * task of the renderer's main thread ("RunTask", wall and CPU time) and what ran inside it.
 *
 * Picks are found in the trace by the probe's performance marks (cg-bench:arm:<id>, cg-bench:rendered:<id>), which
 * also name the thread: the page's main thread is the one that recorded them.
 */
import type { CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { src_func?: string; data?: { url?: string; functionName?: string }; [k: string]: unknown };
}

export interface MainTask {
  /** Pick id whose window the task overlaps. */
  pick: number;
  /** ms from the pick's arm mark (≈ the pick) to the task's start. */
  offsetMs: number;
  wallMs: number;
  /** Thread (CPU) time: less than wall time when the 2 cores were busy elsewhere (the worker, image decoding). */
  cpuMs: number | null;
  /** Where the task was posted from, and the largest work inside it. */
  what: string;
}

const CATEGORIES = ['toplevel', 'blink.user_timing', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'];

/** Records a trace of `run()` on the page's CDP session and returns its events. */
export async function traced<T>(cdp: CDPSession, run: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: object[] }): void => void events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  let result: T;
  try {
    result = await run();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
  }
  return { result, events };
}

const INTERESTING = /^(FunctionCall|EvaluateScript|Commit|Paint|Layout|UpdateLayoutTree|MajorGC|MinorGC|V8\.GC.*|Decode Image|ImageDecodeTask|Canvas2DResourceProviderSharedImage::ProduceCanvasResource|ParseHTML|HitTest|FireAnimationFrame|TimerFire)$/;

function describe(task: TraceEvent, inside: TraceEvent[]): string {
  const posted = inside.find((e) => e.name === 'ThreadControllerImpl::RunTask' && e.args?.src_func)?.args?.src_func ?? '?';
  const work = inside
    .filter((e) => INTERESTING.test(e.name) && (e.dur ?? 0) >= 2000)
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, 3)
    .map((e) => {
      const url = e.args?.data?.url;
      const where = url ? ` ${url.replace(/^chrome-extension:\/\/[a-p]{32}/, 'ext:')}` : '';
      return `${e.name}${where} ${Math.round((e.dur ?? 0) / 1000)} ms`;
    });
  return `${posted}${work.length ? ` (${work.join(', ')})` : ' (no traced work inside: native)'}`;
}

/** Tasks of the page's main thread of at least `minMs` wall time overlapping [arm, rendered + settleMs] of any pick. */
export function mainThreadTasks(events: TraceEvent[], settleMs: number, minMs = 50): MainTask[] {
  const marks = events.filter((e) => e.name.startsWith('cg-bench:'));
  const first = marks[0];
  if (!first) throw new Error('no cg-bench marks in the trace (blink.user_timing)');
  const onThread = (e: TraceEvent): boolean => e.pid === first.pid && e.tid === first.tid;
  const at = (kind: string, id: string): number | undefined => marks.find((m) => m.name === `cg-bench:${kind}:${id}`)?.ts;
  const windows = [...new Set(marks.map((m) => m.name.split(':')[2]!))].flatMap((id) => {
    const start = at('arm', id);
    const end = at('rendered', id);
    return start !== undefined && end !== undefined ? [{ pick: Number(id), start, end: end + settleMs * 1000 }] : [];
  });
  const thread = events.filter((e) => onThread(e) && e.ph === 'X');
  const tasks = thread.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= minMs * 1000);
  const out: MainTask[] = [];
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    const w = windows.find((x) => task.ts < x.end && end > x.start);
    if (!w) continue;
    const inside = thread.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
    out.push({
      pick: w.pick,
      offsetMs: (task.ts - w.start) / 1000,
      wallMs: (task.dur ?? 0) / 1000,
      cpuMs: task.tdur !== undefined ? task.tdur / 1000 : null,
      what: describe(task, inside),
    });
  }
  return out;
}
