import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { FaceEngine } from '../../src/faces/engine';
import { plainDetect, plainFull } from './baseline';
import { groupTruth, negatives } from './data';
import { matchBoxes, mean, median } from './stats';

export interface DetectionRow {
  photo: string;
  kind: 'group' | 'negative';
  faces: number;
  boxed: number;
  found: number;
  plainFound: number;
  falseBoxes: number;
  plainFalseBoxes: number;
  passes: number;
  oursMs: number;
  plainMs: number;
  ratio: number;
  missed: number[][];
}

export interface DetectionFigures {
  rows: DetectionRow[];
  boxedFaces: number;
  visibleFaces: number;
  found: number;
  plainFound: number;
  falseBoxes: number;
  plainFalseBoxes: number;
  photos: number;
  meanRatioGroups: number;
  maxRatioGroups: number;
  meanRatioAll: number;
  maxRatioAll: number;
  stages: { decodeMs: number; detectMs: number; describeMs: number; perFaceDescribeMs: number };
  full: { oursMs: number; plainMs: number; ratio: number };
}

/** Recall, false boxes and time of ConsentGate's detection against face-api's plain SSD pass, photo by photo. */
export async function detectionBench(engine: FaceEngine, rounds: number, log: (s: string) => void): Promise<DetectionFigures> {
  const photos = [
    ...groupTruth().map((g) => ({ file: g.file, kind: 'group' as const, truth: g.faces.map((f) => f.box as number[]), total: g.facesTotal })),
    ...negatives().map((file) => ({ file, kind: 'negative' as const, truth: [] as number[][], total: 0 })),
  ];
  // Warm both paths once so neither pays for first-inference set-up inside the figures.
  const warm = readFileSync(photos[0]!.file);
  await plainDetect(warm);
  await engine.analyseBytes(warm, { describe: true });
  await plainFull(warm);

  const rows: DetectionRow[] = [];
  const stage = { decode: [] as number[], detect: [] as number[] };
  for (const p of photos) {
    const bytes = new Uint8Array(readFileSync(p.file));
    const ours: number[] = [];
    const plain: number[] = [];
    let boxes: number[][] = [];
    let plainBoxes: number[][] = [];
    let passes = 0;
    for (let r = 0; r < rounds; r++) {
      const b = await plainDetect(bytes);
      plain.push(b.ms);
      plainBoxes = b.boxes;
      const t0 = performance.now();
      const result = await engine.analyseBytes(bytes, { describe: false });
      ours.push(performance.now() - t0);
      if (!result.ok) throw new Error(`${p.file}: ${result.error.message}`);
      boxes = result.value.faces.map((f) => f.box);
      passes = result.value.passes.length;
      stage.decode.push(result.value.timings.decodeMs);
      stage.detect.push(result.value.timings.detectMs);
    }
    const m = matchBoxes(p.truth, boxes);
    const pm = matchBoxes(p.truth, plainBoxes);
    const row: DetectionRow = {
      photo: basename(p.file),
      kind: p.kind,
      faces: p.total,
      boxed: p.truth.length,
      found: m.matched.size,
      plainFound: pm.matched.size,
      falseBoxes: m.falseBoxes.length,
      plainFalseBoxes: pm.falseBoxes.length,
      passes,
      oursMs: median(ours),
      plainMs: median(plain),
      ratio: median(ours) / median(plain),
      missed: p.truth.filter((_, i) => !m.matched.has(i)),
    };
    rows.push(row);
    log(`  ${row.photo}: ${row.found}/${row.boxed} faces, ${row.falseBoxes} false, ${row.passes} passes, ${Math.round(row.oursMs)} ms vs plain ${Math.round(row.plainMs)} ms (×${row.ratio.toFixed(2)})`);
  }

  // The whole recognition pipeline, ours vs face-api's chained API, on the group photos.
  const full = { ours: [] as number[], plain: [] as number[], describe: [] as number[], faces: 0 };
  for (const g of groupTruth()) {
    const bytes = new Uint8Array(readFileSync(g.file));
    const t0 = performance.now();
    const result = await engine.analyseBytes(bytes, { describe: true });
    full.ours.push(performance.now() - t0);
    if (result.ok) {
      full.describe.push(result.value.timings.describeMs);
      full.faces += result.value.faces.length;
    }
    full.plain.push((await plainFull(bytes)).ms);
  }

  const groups = rows.filter((r) => r.kind === 'group');
  return {
    rows,
    boxedFaces: groups.reduce((s, r) => s + r.boxed, 0),
    visibleFaces: groups.reduce((s, r) => s + r.faces, 0),
    found: groups.reduce((s, r) => s + r.found, 0),
    plainFound: groups.reduce((s, r) => s + r.plainFound, 0),
    falseBoxes: rows.reduce((s, r) => s + r.falseBoxes, 0),
    plainFalseBoxes: rows.reduce((s, r) => s + r.plainFalseBoxes, 0),
    photos: rows.length,
    meanRatioGroups: mean(groups.map((r) => r.ratio)),
    maxRatioGroups: Math.max(...groups.map((r) => r.ratio)),
    meanRatioAll: mean(rows.map((r) => r.ratio)),
    maxRatioAll: Math.max(...rows.map((r) => r.ratio)),
    stages: {
      decodeMs: mean(stage.decode),
      detectMs: mean(stage.detect),
      describeMs: mean(full.describe),
      perFaceDescribeMs: full.describe.reduce((a, b) => a + b, 0) / Math.max(1, full.faces),
    },
    full: { oursMs: mean(full.ours), plainMs: mean(full.plain), ratio: mean(full.ours) / mean(full.plain) },
  };
}
