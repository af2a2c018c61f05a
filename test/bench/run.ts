// npm run bench: ConsentGate's face engine on this machine, against face-api's own pipeline on the same weights.
// Prints a table and writes bench/latest.md and bench/latest.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startNodeEngine } from '../../src/faces/node';
import { browserBench } from './browser';
import { consentBench } from './consent';
import { namesBench } from './names';
import { auditBench } from './audit';
import { logPageBench } from './browser/log-page';
import { hasFaces, ROOT, FACES } from './data';
import { detectionBench } from './detection';
import { recognitionBench } from './recognition';
import { median, ms, pct, table } from './stats';

if (!hasFaces()) {
  console.log(`bench skipped: the labelled face photos are not at ${FACES} (set CONSENT_GATE_FACES to their folder)`);
  process.exit(0);
}
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const log = (s: string) => process.stderr.write(`${s}\n`);

log('start-up (3 fresh processes of `consent-gate doctor`)…');
const startups = [0, 1, 2].map(() => {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'doctor', '--json'], { encoding: 'utf8' });
  return { wallMs: performance.now() - t0, ...(JSON.parse(out) as { processStartToModelsLoadedMs: number; selfTestMs: number; processStartToReadyMs: number; backend: string }) };
});

log('memory (50 photos with descriptors, fresh process)…');
const memory = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'test/bench/memory-child.ts')], { encoding: 'utf8' })) as {
  rssAfter10MB: number; rssAfter50MB: number; maxRssMB: number; tensorsBefore: number; tensorsAfter: number;
};

const engine = await startNodeEngine({ selfTest: 'full' });
if (!engine.status.ready) throw new Error(`engine not ready: ${engine.status.error.message}`);
log(`detection (${rounds} rounds, median per photo)…`);
const det = await detectionBench(engine, rounds, log);
log('recognition…');
const rec = await recognitionBench(engine, log);
// The extension in Chromium (skips with its reason when Chromium is missing); its summary goes before '## Per photo'.
const browser = await browserBench({ log });
log('consent list…');
const consent = await consentBench();
log('name finder…');
const names = await namesBench();
log('audit log…');
const audit = await auditBench();
log('log page in Chromium (100,000 entries)…');
const logPage = await logPageBench(log);

const groups = det.rows.filter((r) => r.kind === 'group');
const startupMedian = {
  modelsLoaded: median(startups.map((s) => s.processStartToModelsLoadedMs)),
  selfTest: median(startups.map((s) => s.selfTestMs)),
  ready: median(startups.map((s) => s.processStartToReadyMs)),
  wall: median(startups.map((s) => s.wallMs)),
};
const impostorSources = Object.entries(rec.impostor.bySource).map(([k, v]) => `${k} ${v.accepted}/${v.probes}`).join(', ');
const summary = table(
  ['figure', 'ConsentGate', 'target', 'face-api plain'],
  [
    ['detection recall, boxed faces (IoU ≥ 0.3)', `${det.found}/${det.boxedFaces} = ${pct(det.found, det.boxedFaces)}`, '≥ 98%', `${det.plainFound}/${det.boxedFaces} = ${pct(det.plainFound, det.boxedFaces)}`],
    ['detection recall, all visible faces', `${det.found}/${det.visibleFaces} = ${pct(det.found, det.visibleFaces)}`, '', `${det.plainFound}/${det.visibleFaces} = ${pct(det.plainFound, det.visibleFaces)}`],
    ['false boxes (groups + negatives)', `${det.falseBoxes} on ${det.photos} photos = ${((10 * det.falseBoxes) / det.photos).toFixed(2)} per 10`, '≤ 1 per 10 photos', `${det.plainFalseBoxes} = ${((10 * det.plainFalseBoxes) / det.photos).toFixed(2)} per 10`],
    ['decode + detect time vs plain pass, group photos', `mean ×${det.meanRatioGroups.toFixed(2)}, max ×${det.maxRatioGroups.toFixed(2)}`, 'mean ≤ ×1.5, max ≤ ×3', '×1'],
    ['decode + detect time vs plain pass, all 21 photos', `mean ×${det.meanRatioAll.toFixed(2)}, max ×${det.maxRatioAll.toFixed(2)}`, '', '×1'],
    ['full pipeline (detect + landmarks + descriptors), group photos', `${ms(det.full.oursMs)} (×${det.full.ratio.toFixed(2)})`, '', ms(det.full.plainMs)],
    ['per stage, mean per photo', `decode ${ms(det.stages.decodeMs)}, detect ${ms(det.stages.detectMs)}, describe ${ms(det.stages.describeMs)} (${ms(det.stages.perFaceDescribeMs)}/face)`, '', ''],
    [`recognition false rejects (enrolled people, threshold ${rec.settings.threshold}, margin ${rec.settings.margin})`, `${rec.genuine.rejected}/${rec.genuine.probes} = ${pct(rec.genuine.rejected, rec.genuine.probes)} (${rec.genuine.uncertain} uncertain)`, '≤ 10%', ''],
    ['recognition: enrolled person taken for another', `${rec.genuine.wrongPerson}/${rec.genuine.probes}`, '0', ''],
    ['recognition: faces of non-enrolled people accepted', `${rec.impostor.accepted}/${rec.impostor.probes} (${impostorSources})`, '0', ''],
    ['same probes at threshold 0.5', `false rejects ${(100 * rec.at050.falseRejectRate).toFixed(1)}%, non-enrolled accepted ${rec.at050.impostorsAccepted}`, '', ''],
    ['enrolment', `${rec.enrolled}/${rec.identities} people enrolled; ${rec.portraitsTried} portraits tried, rejected: ${JSON.stringify(rec.portraitsRejected)}`, '', ''],
    ['process start → models loaded (CLI)', ms(startupMedian.modelsLoaded), '≤ 1 s', ''],
    ['self-test incl. first inference', ms(startupMedian.selfTest), '', ''],
    ['memory after 50 photos (RSS)', `${Math.round(memory.rssAfter50MB)} MB (after 10: ${Math.round(memory.rssAfter10MB)} MB); tensors ${memory.tensorsBefore} → ${memory.tensorsAfter}`, '< 1 GB', ''],
  ],
);
const perPhoto = table(
  ['photo', 'faces found', 'plain found', 'false', 'passes', 'ConsentGate', 'plain', 'ratio'],
  det.rows.map((r) => [r.photo, r.kind === 'group' ? `${r.found}/${r.boxed}${r.faces > r.boxed ? ` (+${r.faces - r.boxed} unboxed)` : ''}` : '-', r.kind === 'group' ? `${r.plainFound}/${r.boxed}` : '-', r.falseBoxes, r.passes, ms(r.oursMs), ms(r.plainMs), `×${r.ratio.toFixed(2)}`]),
);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, tfjs backend ${engine.status.backend}`;
const missed = groups.flatMap((r) => r.missed.map((b) => `${r.photo} [${b.join(', ')}]`));
const report = [
  `# ConsentGate benchmark`,
  '',
  `${new Date().toISOString().slice(0, 10)} · ${machine} · ${rounds} rounds per photo (median) · data: ../shared/faces (11 group photos with ${det.visibleFaces} visible faces, 10 negatives, ${rec.identities} identities, never-enrolled people)`,
  '',
  summary,
  '',
  `Missed faces: ${missed.length ? missed.join('; ') : 'none'}.`,
  '',
  ...browser.summary,
  '### The consent list',
  '',
  table(['figure', 'measured', 'target', 'ratio', 'result'], consent.rows),
  '',
  '### Pupils\' names in text',
  '',
  table(['figure', 'measured', 'target', 'ratio', 'result'], names.rows),
  '',
  "### The director's log",
  '',
  table(['figure', 'measured', 'target', 'ratio', 'result'], [...audit.rows, ...logPage.rows]),
  ...(logPage.skipped ? ['', `Log page bench skipped: ${logPage.skipped}`] : []),
  '',
  '## Per photo: decode + detect',
  '',
  perPhoto,
  '',
  ...browser.details,
].join('\n');
console.log(report);
mkdirSync(join(ROOT, 'bench'), { recursive: true });
writeFileSync(join(ROOT, 'bench/latest.md'), report);
// The README shows the latest summary between its bench markers.
const readme = join(ROOT, 'README.md');
const summaryBlock = report.split('## Per photo')[0]!.split('\n').slice(2).join('\n').trim();
writeFileSync(readme, readFileSync(readme, 'utf8').replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${summaryBlock}\n<!-- bench:end -->`));
writeFileSync(join(ROOT, 'bench/latest.json'), JSON.stringify({ date: new Date().toISOString(), machine, rounds, startups, memory, detection: det, recognition: rec, browser: browser.json, consent: consent.rows, names: names.rows, audit: audit.rows, logPage: logPage.rows }, null, 1));
process.exit(0);
