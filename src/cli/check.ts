import { readFile } from 'node:fs/promises';
import type { Roster } from '../consent';
import type { FaceEngine } from '../faces/engine';
import { buildConsentIndex, buildGallery, checkMatchSettings, DEFAULT_MATCH_SETTINGS, evaluatePhoto, type EngineOutcome, type MatchSettings } from '../policy';
import { UsageError, type CheckArgs } from './args';
import { humanReport, jsonRecord, type PhotoReport } from './output';
import { progress } from './progress';

export interface CheckIo {
  out(line: string): void;
  err(line: string): void;
  progressStream?: NodeJS.WriteStream;
}

export function matchSettingsFrom(args: Pick<CheckArgs, 'threshold' | 'margin' | 'allowLooseThreshold'>): MatchSettings {
  const settings: MatchSettings = {
    threshold: args.threshold ?? DEFAULT_MATCH_SETTINGS.threshold,
    margin: args.margin ?? DEFAULT_MATCH_SETTINGS.margin,
    ...(args.allowLooseThreshold ? { allowLooseThreshold: true } : {}),
  };
  const check = checkMatchSettings(settings);
  if (!check.ok) throw new UsageError(check.message);
  return settings;
}

/** Checks photos one by one and prints a verdict for each; returns how many were held. */
export async function runCheck(args: CheckArgs, roster: Roster, engine: FaceEngine, io: CheckIo): Promise<{ held: number; reports: PhotoReport[] }> {
  const match = matchSettingsFrom(args);
  if (!roster.channels.some((c) => c.id === args.channel)) {
    throw new UsageError(`channel "${args.channel}" is not on the consent list; its channels are: ${roster.channels.map((c) => c.id).join(', ')}`);
  }
  const index = buildConsentIndex(roster);
  const gallery = buildGallery(roster.pupils);
  if (args.mode === 'recognize' && gallery.referenceCount === 0) {
    io.err('warning: no pupil on this consent list is enrolled (no reference descriptors): every face will be held as unknown. Run "consent-gate enroll" first.');
  }
  const pupils = new Map(roster.pupils.map((p) => [p.id, p]));
  const bar = progress(args.photos.length, io.progressStream);
  const reports: PhotoReport[] = [];
  let held = 0;
  for (const [i, file] of args.photos.entries()) {
    bar.update(i, file);
    let outcome: EngineOutcome;
    let analysis = null;
    try {
      const result = await engine.analyseBytes(new Uint8Array(await readFile(file)), { describe: args.mode === 'recognize' });
      outcome = result;
      if (result.ok) analysis = result.value;
    } catch (err) {
      outcome = { ok: false, error: { code: 'decode_failed', message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` } };
    }
    const { verdict, matches } = evaluatePhoto({
      outcome,
      channel: args.channel,
      mode: args.mode,
      index,
      gallery,
      match,
      confirmations: args.confirmations,
      noFacesConfirmed: args.noFacesConfirmed,
    });
    const report: PhotoReport = { file, width: analysis?.width ?? null, height: analysis?.height ?? null, verdict, matches, timings: analysis?.timings ?? null };
    reports.push(report);
    const stray = Object.keys(args.confirmations).map(Number).filter((i) => i >= verdict.faces.length);
    if (stray.length > 0) io.err(`warning: ${file} has ${verdict.faces.length} faces; --assign for face ${stray.map((i) => i + 1).join(', ')} was ignored`);
    if (verdict.verdict === 'hold') held++;
    bar.clear();
    if (args.json) io.out(JSON.stringify(jsonRecord(report)));
    else io.out(humanReport(report, args.lang, pupils, args.photos.length > 1 ? `${i + 1}/${args.photos.length}` : undefined));
  }
  return { held, reports };
}
