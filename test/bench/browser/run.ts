// npx tsx test/bench/browser/run.ts: only the browser benchmark (the gate in Chromium, transport), printed; writes
// nothing. `npm run bench` runs it after the engine benchmark and puts it into bench/latest.* and the README.
// Options by environment: BENCH_BROWSER_RUNS (warm picks, default 12), BENCH_COLD_BROWSERS (default 3),
// BENCH_TRANSPORT_RUNS (default 5), CONSENT_GATE_SKIP_BUILD=1 (reuse .output/chrome-mv3).
import { browserBench } from './index';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const result = await browserBench({ runs: num('BENCH_BROWSER_RUNS', 12), coldBrowsers: num('BENCH_COLD_BROWSERS', 3), transportRuns: num('BENCH_TRANSPORT_RUNS', 5) });
console.log([...result.summary, ...result.details].join('\n'));
process.exit(0);
