#!/usr/bin/env node
// npm run demo: the gate on the sample photos that ship with @vladmandic/face-api, with a fictional class (demo/roster.csv).
// 1. Detection-only mode (the default): every face found and held until the uploader says who it is.
// 2. The uploader's answers for one photo decide it.
// 3. Recognition mode: three fictional pupils enrolled from portraits cut out of sample1.jpg, then the photo checked.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
const photos = [1, 2, 3, 4, 5, 6].map((i) => relative(process.cwd(), join(samples, `sample${i}.jpg`)));
const roster = relative(process.cwd(), join(root, 'demo/roster.csv'));
const cli = join(root, 'bin/consent-gate.mjs');
const run = (args) => spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status;
const say = (text) => console.log(`\n\x1b[1m${text}\x1b[0m\n`);

say(`1. Detection-only mode: ${photos.length} photos for the school website (consent list: ${roster})`);
run(['check', ...photos, '--channel', 'website', '--roster', roster]);

say('2. The uploader says who is in sample1.jpg: face 1 is Noor (2001), face 2 Lotte (2002), face 3 an adult with consent');
run(['check', photos[0], '--channel', 'website', '--roster', roster, '--assign', '1=2001', '--assign', '2=2002', '--assign', '3=adult']);
say('   … and for the newsletter, where both girls have consent');
run(['check', photos[0], '--channel', 'nieuwsbrief', '--roster', roster, '--assign', '1=2001', '--assign', '2=2002', '--assign', '3=adult']);

say('3. Recognition mode (opt-in): enrol pupils with biometric consent from portraits, then check the photo');
const work = mkdtempSync(join(tmpdir(), 'consent-gate-demo-'));
try {
  const found = JSON.parse(spawnSync(process.execPath, [cli, 'check', photos[0], '--channel', 'website', '--roster', roster, '--json'], { encoding: 'utf8' }).stdout.split('\n')[0]);
  // Demo only: the "portraits" are cut from the photo itself (two framings each); a school uses separate portraits.
  const cast = ['2001', '2002', '2003'];
  for (const [i, face] of found.faces.slice(0, cast.length).entries()) {
    const dir = join(work, 'portraits', cast[i]);
    mkdirSync(dir, { recursive: true });
    const [x, y, w, h] = face.box;
    for (const [n, pad] of [0.6, 0.8].entries()) {
      const left = Math.max(0, Math.round(x - w * pad)), top = Math.max(0, Math.round(y - h * pad));
      await sharp(join(samples, 'sample1.jpg')).extract({ left, top, width: Math.round(w * (1 + 2 * pad)), height: Math.round(h * (1 + 2 * pad)) }).jpeg().toFile(join(dir, `portrait-${n + 1}.jpg`));
    }
  }
  const enrolled = join(work, 'roster.json');
  run(['enroll', '--roster', roster, '--photos', join(work, 'portraits'), '--out', enrolled]);
  say('   sample1.jpg for the website: Noor may appear, Lotte has no website consent, Fenna has no biometric consent (not enrolled, so unknown)');
  run(['check', photos[0], '--channel', 'website', '--roster', enrolled, '--mode', 'recognize']);
  say('   a photo of people who are not enrolled: never allowed in recognition mode');
  run(['check', photos[1], '--channel', 'website', '--roster', enrolled, '--mode', 'recognize']);
} finally {
  rmSync(work, { recursive: true, force: true });
}
