import { iou as rectIou } from '../../src/faces/boxes';
import { boxToRect, type Box } from '../../src/faces/types';

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
export const ms = (v: number) => `${Math.round(v)} ms`;

/** IoU of two [x, y, w, h] boxes, with the engine's own box maths. */
export const iou = (a: number[], b: number[]) => rectIou(boxToRect(a as Box), boxToRect(b as Box));

/** Greedy one-to-one matching of detections to ground-truth boxes at IoU ≥ threshold. */
export function matchBoxes(truth: number[][], found: number[][], threshold = 0.3): { matched: Map<number, number>; falseBoxes: number[] } {
  const pairs: [number, number, number][] = [];
  truth.forEach((t, i) => found.forEach((f, j) => {
    const v = iou(t, f);
    if (v >= threshold) pairs.push([v, i, j]);
  }));
  pairs.sort((a, b) => b[0] - a[0]);
  const matched = new Map<number, number>();
  const used = new Set<number>();
  for (const [, i, j] of pairs) {
    if (matched.has(i) || used.has(j)) continue;
    matched.set(i, j);
    used.add(j);
  }
  return { matched, falseBoxes: found.map((_, j) => j).filter((j) => !used.has(j)) };
}

export function table(head: string[], rows: (string | number)[][]): string {
  const all = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map((r) => line(r.map(String)))].join('\n');
}

/** Deterministic PRNG (mulberry32): every run measures the same generated data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A benchmark row against a time target: figure, measured, target, ratio, pass | fail (or report without a target). */
export type TargetRow = [figure: string, measured: string, target: string, ratio: string, result: 'pass' | 'fail' | 'report'];

const duration = (v: number): string => (v >= 1 ? `${v.toFixed(1)} ms` : `${(v * 1000).toFixed(2)} µs`);

export function targetRow(figure: string, valueMs: number, targetMs: number | null): TargetRow {
  if (targetMs === null) return [figure, duration(valueMs), '', '', 'report'];
  const ratio = valueMs / targetMs;
  return [figure, duration(valueMs), `≤ ${duration(targetMs)}`, ratio < 0.001 ? ratio.toExponential(1) : ratio.toFixed(3), ratio <= 1 ? 'pass' : 'fail'];
}

/** For a bench module run on its own (`npx tsx test/bench/x.ts`): print its rows; exit code 1 when a target fails. */
export async function runAlone(moduleUrl: string, bench: () => Promise<{ rows: (string | number)[][] }>): Promise<void> {
  const { pathToFileURL } = await import('node:url');
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const { rows } = await bench();
  console.log(table(['figure', 'measured', 'target', 'ratio', 'result'], rows));
  if (rows.some((r) => r[4] === 'fail')) process.exitCode = 1;
}
