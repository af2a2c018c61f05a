import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { metadataReport, psnr } from '../../src/redact';
import { NAMING_EXIF, NAMING_XMP, namingJpeg, realPhoto } from '../unit/metadata/fixtures';
import { ROOT } from './helpers';

const CLI = join(ROOT, 'dist/cli.mjs');

/** The newest modification time under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

function run(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/consent-gate.mjs'), ...args], { input, env: { ...process.env, LANG: 'C' } });
  return { code: r.status, out: r.stdout.toString('utf8'), err: r.stderr.toString('utf8') };
}

const cli = (args: string[], input?: string | Buffer) => {
  const r = run(args, input);
  // cli.test.ts rebuilds dist/cli.mjs when it starts; a run that read the file while it was being rewritten sees it cut short.
  return /SyntaxError/.test(r.err) ? run(args, input) : r;
};
const jsonLines = (out: string) => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);

const ROSTER = join(ROOT, 'demo/roster.csv');
const NAMES = /Noor|Jansen|Lotte|Vries|Fenna|Dijk|Zoë|Bakker|Daan|Berg/;
let work: string;
const photos: Record<string, string> = {};

beforeAll(async () => {
  // Rebuilt only when a source changed since the last build: a rebuild while cli.test.ts runs the CLI could cut it short.
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'package.json')).mtimeMs)) {
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
  }
  work = mkdtempSync(join(tmpdir(), 'cg-cli-strip-'));
  const save = (name: string, bytes: Uint8Array) => writeFileSync((photos[name] = join(work, name)), bytes);
  save('IMG_2041.JPG', await namingJpeg(realPhoto(360).withMetadata({ orientation: 6 })));
  save('groep8.png', await realPhoto(240).withExif(NAMING_EXIF).withXmp(NAMING_XMP).png().toBuffer());
  save('daan.webp', await realPhoto(240).withExif(NAMING_EXIF).withXmp(NAMING_XMP).webp({ quality: 95 }).toBuffer());
  save('plain.png', await realPhoto(120).png().toBuffer());
  save('broken.jpg', (await realPhoto(240).jpeg().toBuffer()).subarray(0, 700));
});

describe('consent-gate scrub', () => {
  const caption = 'Noor Jansen en Lotte de Vries winnen de estafette!\nFoto: groep 8.\n';

  it('prints the text from standard input without the names; exit 1', () => {
    const r = cli(['scrub', '--roster', ROSTER], caption);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(NAMES);
    expect(r.out).toBe('Winnen de estafette!\nFoto: groep 8.\n');
    expect(r.err).toMatch(/removed 2 names \(pupils 2001, 2002\)/);
  });

  it('prints one JSON object with --json', () => {
    const r = cli(['scrub', '--roster', ROSTER, '--json'], caption);
    expect(r.code).toBe(1);
    const [record, ...more] = jsonLines(r.out);
    expect(more).toEqual([]);
    expect(record!.text).not.toMatch(NAMES);
    expect(record!.found).toEqual([
      expect.objectContaining({ start: 0, end: 11, pupilId: '2001', ambiguous: false, text: 'Noor Jansen' }),
      expect.objectContaining({ start: 15, end: 29, pupilId: '2002', ambiguous: false, text: 'Lotte de Vries' }),
    ]);
  });

  it('passes text without names through unchanged; exit 0', () => {
    const r = cli(['scrub', '--roster', ROSTER, '--channel', 'website', '--lang', 'nl'], 'De estafette is gewonnen door groep 8.');
    expect(r).toMatchObject({ code: 0, out: 'De estafette is gewonnen door groep 8.', err: '' });
  });

  it('exit 2 on a usage or input error, with nothing on standard output', () => {
    for (const [args, input, message] of [
      [['scrub'], caption, /--roster is required/],
      [['scrub', '--roster', ROSTER, '--channel', 'instagram'], caption, /channel "instagram" is not on the consent list/],
      [['scrub', '--roster', join(work, 'missing.csv')], caption, /cannot read the consent list/],
      [['scrub', '--roster', ROSTER], Buffer.from([0x4e, 0x6f, 0xf6, 0x72]), /not UTF-8/],
    ] as const) {
      const r = cli([...args], input);
      expect(r.code, r.err).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
    }
  });
});

describe('consent-gate strip', () => {
  it('writes JPEG, PNG and WebP without metadata, upright, under neutral names, and names the pupils the metadata named', async () => {
    const out = join(work, 'out');
    const r = cli(['strip', photos['IMG_2041.JPG']!, photos['groep8.png']!, photos['daan.webp']!, '--out', out, '--roster', ROSTER, '--json']);
    expect(r.code, r.err).toBe(1);
    const records = jsonLines(r.out);
    expect(records).toHaveLength(3);
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    expect(records.map((rec) => rec.out)).toEqual([`foto-${day}-1.jpg`, `foto-${day}-2.png`, `foto-${day}-3.webp`].map((n) => join(out, n)));
    for (const [i, rec] of records.entries()) {
      const input = readFileSync(rec.file);
      const output = readFileSync(rec.out);
      expect(output.toString('latin1')).not.toMatch(NAMES);
      expect(metadataReport(output)).toMatchObject({ format: ['jpeg', 'png', 'webp'][i], exif: false, xmp: false, iptc: false, comments: false });
      const a = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const b = await sharp(output).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([b.info.width, b.info.height]).toEqual([a.info.width, a.info.height]);
      expect(psnr(a.data, b.data, 3)).toBeGreaterThanOrEqual(40);
      const ids = new Set(rec.names.flatMap((n: any) => n.spans.flatMap((s: any) => s.pupilIds)));
      expect([...ids].sort()).toEqual(['2001', '2002', '2003', '2004', '2005']);
      expect(rec.report).toMatch(/^this photo's .+ named .+; removed$/);
    }
    // Orientation 6: stored 360×240 on its side, written 240×360.
    expect(records[0]).toMatchObject({ width: 240, height: 360, removed: ['exif', 'gps', 'iptc', 'xmp'] });
    expect(records[0]!.names.find((n: any) => n.source === 'iptc' && n.tag === 'Caption')).toMatchObject({ text: 'Noor Jansen en Lotte de Vries op schoolreis' });

    // A second run continues the numbering and overwrites nothing; without a consent list no names are looked for.
    const again = cli(['strip', photos['plain.png']!, '--out', out]);
    expect(again.code, again.err).toBe(0);
    expect(again.out.trim()).toBe(`${photos['plain.png']} → ${join(out, `foto-${day}-4.png`)}  (no metadata to remove)`);
    expect(readdirSync(out)).toHaveLength(4);
  });

  it('reports a photo it cannot read with its path and still writes the others; exit 2', () => {
    const out = join(work, 'out-broken');
    const r = cli(['strip', photos['broken.jpg']!, photos['plain.png']!, join(work, 'nope.jpg'), '--out', out, '--lang', 'nl']);
    expect(r.code).toBe(2);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${photos['broken.jpg']}: niet geschreven: cannot strip the photo`));
    expect(lines[1]).toMatch(/→ .*foto-\d{4}-\d\d-\d\d-1\.png {2}\(geen metadata om te verwijderen\)$/);
    expect(lines[2]).toBe(`${join(work, 'nope.jpg')}: niet geschreven: cannot read the file: ENOENT`);
    expect(readdirSync(out)).toHaveLength(1);
  });

  it('refuses a missing --out or no photos', () => {
    expect(cli(['strip', photos['plain.png']!]).code).toBe(2);
    expect(cli(['strip', '--out', work]).err).toMatch(/strip needs at least one photo/);
  });

  it('is in the help text', () => {
    const r = cli(['help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/consent-gate scrub --roster FILE/);
    expect(r.out).toMatch(/consent-gate strip PHOTO\.\.\. --out DIR/);
  });
});
