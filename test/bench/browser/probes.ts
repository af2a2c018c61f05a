/**
 * What the benchmark puts into the page, as source text evaluated there:
 *
 * - GATE_PROBE, in ConsentGate's content-script world: wraps chrome.runtime.sendMessage (to time the hello and the
 *   check and keep the worker's `timings` from the check's reply) and createImageBitmap (the review's preview), notes
 *   the first read of an input's `files` (the gate's input handler starting), and watches the review host
 *   `<consent-gate-review>` appear; chrome.dom.openOrClosedShadowRoot, which content scripts have, opens its closed
 *   shadow root to a MutationObserver that stamps the moment the finished review (release button or problems box) is
 *   in the DOM, then the next animation frame and the task after it (that frame rendered).
 *   Every stamp is wall-clock ms (performance.timeOrigin + now()), comparable with the benchmark's own clock; two
 *   performance marks per pick (cg-bench:arm:<id>, cg-bench:rendered:<id>) place the pick in a trace.
 * - LONG_TASKS, in the page's main world before any script: buffered PerformanceObservers for 'longtask' and
 *   'long-animation-frame' (with script attribution where Chromium gives it).
 */

export interface GateRun {
  id: number;
  label: string;
  armedAt: number;
  /** First read of HTMLInputElement.files by the content script after arming: its input handler running. */
  handlerAt?: number;
  helloSentAt?: number;
  helloReplyAt?: number;
  hostAt?: number;
  progressAt?: number;
  checkSentAt?: number;
  /** Time spent inside the sendMessage call itself (serialising the request), synchronous. */
  checkSyncMs?: number;
  checkReplyAt?: number;
  checkError?: string;
  timings?: Record<string, number> | null;
  faces?: number;
  problems?: string[];
  frame?: [number, number] | null;
  previewStart?: number;
  previewSyncMs?: number;
  previewEnd?: number;
  previewSize?: [number, number];
  previewError?: boolean;
  /** The release button (or the problems box) is in the DOM; the photo and boxes may come one render later. */
  controlsAt?: number;
  /** The review is complete in the DOM: controls, and the face boxes when the check found faces. */
  shownAt?: number;
  boxes?: number;
  view?: 'review' | 'problems';
  rafAt?: number;
  renderedAt?: number;
  goneAt?: number;
}

export const GATE_PROBE = String.raw`(() => {
  if (globalThis.__cgBench) return true;
  const now = () => performance.timeOrigin + performance.now();
  const runs = [];
  const roots = new Map();
  const waiters = new Map();
  const gone = new Map();
  const hosts = new WeakMap();
  let current = null;
  let seq = 0;

  const runtime = chrome.runtime;
  const send = runtime.sendMessage;
  runtime.sendMessage = function (...args) {
    const message = args[0];
    const run = current;
    const before = now();
    const reply = send.apply(this, args);
    const after = now();
    if (run && message && typeof message === 'object') {
      if (message.type === 'cs:hello' && run.helloSentAt === undefined) {
        run.helloSentAt = before;
        reply.then(() => { run.helloReplyAt = now(); }, () => {});
      }
      if (message.type === 'cs:check' && run.checkSentAt === undefined) {
        run.checkSentAt = before;
        run.checkSyncMs = after - before;
        reply.then((r) => {
          run.checkReplyAt = now();
          run.timings = (r && r.timings) || null;
          run.faces = ((r && r.frames) || []).reduce((n, f) => n + f.faces.length, 0);
          run.problems = ((r && r.problems) || []).map((p) => p.reason);
          run.frame = r && r.frames && r.frames[0] ? [r.frames[0].width, r.frames[0].height] : null;
        }, (e) => { run.checkError = String(e); });
      }
    }
    return reply;
  };

  const bitmap = globalThis.createImageBitmap;
  globalThis.createImageBitmap = function (...args) {
    const run = current;
    const before = now();
    const result = bitmap.apply(this, args);
    if (run && run.previewStart === undefined) {
      run.previewStart = before;
      run.previewSyncMs = now() - before;
      result.then((b) => { run.previewEnd = now(); run.previewSize = [b.width, b.height]; }, () => { run.previewEnd = now(); run.previewError = true; });
    }
    return result;
  };

  const files = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'files');
  Object.defineProperty(HTMLInputElement.prototype, 'files', {
    configurable: true,
    enumerable: files.enumerable,
    get() {
      if (current && current.handlerAt === undefined && this.type === 'file') current.handlerAt = now();
      return files.get.call(this);
    },
    set(v) { files.set.call(this, v); },
  });

  const SHOWN = '[data-action="release"], .problems';
  function onHost(host) {
    const run = current;
    if (!run || run.hostAt !== undefined) return;
    run.hostAt = now();
    hosts.set(host, run);
    const root = chrome.dom.openOrClosedShadowRoot(host);
    roots.set(run.id, root);
    const look = () => {
      if (run.shownAt !== undefined || !root) return;
      if (!root.querySelector(SHOWN)) {
        if (run.progressAt === undefined && root.firstElementChild) run.progressAt = now();
        return;
      }
      if (run.controlsAt === undefined) run.controlsAt = now();
      // The buttons come one render before the photo: its size is measured first (ResizeObserver), then the
      // preview is drawn and the boxes placed. Shown = the boxes of the faces the check found are there.
      const problems = !!root.querySelector('.problems');
      if (!problems && (run.faces || 0) > 0 && root.querySelectorAll('[data-face]').length === 0) return;
      run.shownAt = now();
      run.boxes = root.querySelectorAll('[data-face]').length;
      run.view = root.querySelector('.problems') ? 'problems' : 'review';
      observer.disconnect();
      requestAnimationFrame(() => {
        run.rafAt = now();
        setTimeout(() => {
          run.renderedAt = now();
          performance.mark('cg-bench:rendered:' + run.id);
          const w = waiters.get(run.id);
          if (w) w();
        }, 0);
      });
    };
    const observer = new MutationObserver(look);
    if (root) observer.observe(root, { childList: true, subtree: true });
    look();
  }
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node.localName === 'consent-gate-review') onHost(node);
      for (const node of record.removedNodes) {
        const run = node.localName === 'consent-gate-review' ? hosts.get(node) : undefined;
        if (run) {
          run.goneAt = now();
          const g = gone.get(run.id);
          if (g) g();
        }
      }
    }
  }).observe(document.documentElement, { childList: true });

  globalThis.__cgBench = {
    arm(label) {
      const run = { id: ++seq, label, armedAt: now() };
      // For a trace of the page (trace.ts): its clock is not the wall clock, these marks tie the two.
      performance.mark('cg-bench:arm:' + run.id);
      runs.push(run);
      current = run;
      return run.id;
    },
    shown(id, timeoutMs) {
      const run = runs.find((r) => r.id === id);
      return new Promise((resolve, reject) => {
        if (run.renderedAt !== undefined) return resolve(run);
        const timer = setTimeout(() => reject(new Error('no review after ' + timeoutMs + ' ms: ' + JSON.stringify(run))), timeoutMs);
        waiters.set(id, () => { clearTimeout(timer); resolve(run); });
      });
    },
    cancel(id, timeoutMs) {
      const run = runs.find((r) => r.id === id);
      const root = roots.get(id);
      return new Promise((resolve, reject) => {
        if (run.goneAt !== undefined) return resolve(run);
        const timer = setTimeout(() => reject(new Error('the review did not close')), timeoutMs);
        gone.set(id, () => { clearTimeout(timer); resolve(run); });
        const button = root && root.querySelector('[data-action="cancel"]');
        if (!button) return reject(new Error('no cancel button'));
        button.click();
      });
    },
    run(id) { return runs.find((r) => r.id === id); },
  };
  return true;
})()`;

export interface LongEntry {
  type: 'longtask' | 'long-animation-frame';
  /** Wall-clock ms. */
  start: number;
  duration: number;
  blocking: number | null;
  scripts: { src: string; fn: string; invoker: string; type: string; duration: number }[];
}

export const LONG_TASKS = String.raw`(() => {
  const origin = performance.timeOrigin;
  const entries = (window.__cgLongTasks = []);
  const keep = (list) => {
    for (const e of list.getEntries()) {
      entries.push({
        type: e.entryType,
        start: origin + e.startTime,
        duration: e.duration,
        blocking: typeof e.blockingDuration === 'number' ? e.blockingDuration : null,
        scripts: (e.scripts || []).map((s) => ({ src: s.sourceURL, fn: s.sourceFunctionName, invoker: s.invoker, type: s.invokerType, duration: s.duration })),
      });
    }
  };
  for (const type of ['longtask', 'long-animation-frame']) {
    try { new PerformanceObserver(keep).observe({ type, buffered: true }); } catch (e) {}
  }
})()`;
