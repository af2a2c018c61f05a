import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseScrubArgs, parseStripArgs, type StripArgs } from '../../../src/cli/args';
import { readText, runScrub, scrub } from '../../../src/cli/scrub';
import { firstFreeSequence, runStrip, stripPhoto, type StripRecord } from '../../../src/cli/strip';
import { metadataReport, psnr } from '../../../src/redact';
import { NAMING_EXIF, NAMING_XMP, demoRoster, namingJpeg, realPhoto } from '../metadata/fixtures';

const roster = demoRoster();
const NAMES = /Noor|Jansen|Lotte|Vries|Fenna|Dijk|Zoë|Bakker|Daan|Berg/;

describe('parseScrubArgs', () => {
  it('takes the consent list, a channel, --json, --lang and --remove-ambiguous', () => {
    expect(parseScrubArgs(['--roster', 'r.csv', '--lang', 'en'])).toEqual({ roster: 'r.csv', json: false, lang: 'en', removeAmbiguous: false });
    expect(parseScrubArgs(['--roster', 'r.csv', '--channel', 'website', '--json', '--lang', 'nl', '--remove-ambiguous'])).toEqual({
      roster: 'r.csv',
      channel: 'website',
      json: true,
      lang: 'nl',
      removeAmbiguous: true,
    });
  });

  it('refuses a missing consent list, files and unknown options', () => {
    expect(() => parseScrubArgs([])).toThrow(UsageError);
    expect(() => parseScrubArgs(['--roster', 'r.csv', 'caption.txt'])).toThrow(UsageError);
    expect(() => parseScrubArgs(['--roster', 'r.csv', '--lang', 'de'])).toThrow(/--lang must be nl or en/);
    expect(() => parseScrubArgs(['--roster', 'r.csv', '--channel='])).toThrow(/--channel is required/);
  });
});

describe('parseStripArgs', () => {
  it('takes photos, --out, an optional consent list and --json', () => {
    expect(parseStripArgs(['a.jpg', 'b.png', '--out', 'out', '--lang', 'en'])).toEqual({ photos: ['a.jpg', 'b.png'], out: 'out', json: false, lang: 'en' });
    expect(parseStripArgs(['--out=out', 'a.jpg', '--roster', 'r.csv', '--json', '--lang', 'nl'])).toEqual({ photos: ['a.jpg'], out: 'out', roster: 'r.csv', json: true, lang: 'nl' });
  });

  it('refuses no photos or no --out', () => {
    expect(() => parseStripArgs(['--out', 'out'])).toThrow(/at least one photo/);
    expect(() => parseStripArgs(['a.jpg'])).toThrow(/--out is required/);
    expect(() => parseStripArgs(['a.jpg', '--out', 'o', '--force'])).toThrow(UsageError);
  });
});

describe('scrub', () => {
  const caption = 'Noor Jansen en Lotte de Vries winnen de estafette.\n';

  it('takes the names out and lists one entry per pupil per span, with offsets into the input', () => {
    const result = scrub(roster, caption);
    expect(result.text).not.toMatch(NAMES);
    expect(result.text).toMatch(/winnen de estafette\.\n$/i);
    const byPupil = Object.fromEntries(result.found.map((f) => [f.pupilId, f]));
    expect(byPupil['2001']).toMatchObject({ start: 0, end: 11, text: 'Noor Jansen', ambiguous: false, removed: true });
    expect(byPupil['2002']).toMatchObject({ start: 15, end: 29, text: 'Lotte de Vries', ambiguous: false, removed: true });
    for (const f of result.found) expect(caption.slice(f.start, f.end)).toBe(f.text);
  });

  it('leaves text without names alone', () => {
    const result = scrub(roster, 'Groep 8 wint de estafette.');
    expect(result).toMatchObject({ text: 'Groep 8 wint de estafette.', found: [], removed: [] });
  });

  it('refuses a channel that is not on the consent list', () => {
    expect(() => scrub(roster, caption, { channel: 'instagram' })).toThrow(/channel "instagram" is not on the consent list; its channels are: website, social, nieuwsbrief/);
  });

  it('prints the text as is and reports on standard error; exit 1 when it removed names, 0 when none', () => {
    let out = '';
    const err: string[] = [];
    const io = { write: (t: string) => (out += t), err: (l: string) => err.push(l) };
    expect(runScrub({ roster: 'r', json: false, lang: 'en', removeAmbiguous: false }, roster, caption, io)).toBe(1);
    expect(out).not.toMatch(NAMES);
    expect(out).toMatch(/^Winnen de estafette\.\n$/);
    expect(err).toContain('removed 2 names (pupils 2001, 2002)');
    out = '';
    err.length = 0;
    expect(runScrub({ roster: 'r', json: false, lang: 'nl', removeAmbiguous: false }, roster, 'Geen namen hier.', io)).toBe(0);
    expect(out).toBe('Geen namen hier.');
    expect(err).toEqual([]);
  });

  it('reports an ambiguous name on standard error and keeps it, unless --remove-ambiguous', () => {
    const text = 'Noor Bakker haalt de kinderen op.'; // Noor Jansen's given name, Zoë Bakker's family name: probably a parent
    let out = '';
    const err: string[] = [];
    const io = { write: (t: string) => (out += t), err: (l: string) => err.push(l) };
    expect(runScrub({ roster: 'r', json: false, lang: 'en', removeAmbiguous: false }, roster, text, io)).toBe(1);
    expect(out).toBe(text);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^kept "Noor Bakker" at 0–11: it may name (2001 \(Noor Jansen\), 2004 \(Zoë Bakker\)|2004 \(Zoë Bakker\), 2001 \(Noor Jansen\)) — .+; --remove-ambiguous removes it$/);
    const json = scrub(roster, text);
    expect(json.found.map((f) => [f.pupilId, f.ambiguous, f.removed]).sort()).toEqual([
      ['2001', true, false],
      ['2004', true, false],
    ]);
    out = '';
    err.length = 0;
    expect(runScrub({ roster: 'r', json: false, lang: 'nl', removeAmbiguous: true }, roster, text, io)).toBe(1);
    expect(out).not.toMatch(/Noor|Bakker/);
    expect(err).toEqual(['1 naam verwijderd (leerlingen 2001, 2004)']);
  });

  it('prints one JSON object with --json', () => {
    let out = '';
    const code = runScrub({ roster: 'r', json: true, lang: 'en', removeAmbiguous: false }, roster, caption, { write: (t) => (out += t), err: () => undefined });
    expect(code).toBe(1);
    expect(out.endsWith('}\n')).toBe(true);
    const record = JSON.parse(out);
    expect(Object.keys(record)).toEqual(['text', 'found']);
    expect(record.text).not.toMatch(NAMES);
    expect(record.found.map((f: any) => [f.pupilId, f.start, f.end, f.text, f.ambiguous])).toEqual([
      ['2001', 0, 11, 'Noor Jansen', false],
      ['2002', 15, 29, 'Lotte de Vries', false],
    ]);
  });

  it('reads standard input as UTF-8 and refuses anything else', async () => {
    expect(await readText(Readable.from([Buffer.from('Zo'), Buffer.from([0xc3]), Buffer.from([0xab, 0x0a])]))).toBe('Zoë\n');
    await expect(readText(Readable.from([Buffer.from([0x5a, 0x6f, 0xeb])]))).rejects.toThrow(/not UTF-8/);
  });
});

describe('strip', () => {
  let dir: string;
  const inputs: Record<string, string> = {};
  const now = new Date(2025, 5, 1, 12); // local time: 1 June 2025

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cg-strip-'));
    const save = (name: string, bytes: Uint8Array) => {
      inputs[name] = join(dir, name);
      writeFileSync(inputs[name], bytes);
    };
    // Orientation 6: stored 320×213 on its side, shown 213×320.
    save('IMG_0001.jpg', await namingJpeg(realPhoto(320).withMetadata({ orientation: 6 })));
    save('noor-jansen.png', await realPhoto(200).withExif(NAMING_EXIF).withXmp(NAMING_XMP).png().toBuffer());
    save('lotte.webp', await realPhoto(200).withExif(NAMING_EXIF).withXmp(NAMING_XMP).webp({ quality: 95 }).toBuffer());
    save('plain.jpg', await realPhoto(200).jpeg().toBuffer());
    save('p3.jpg', await realPhoto(200).withIccProfile('p3').withExif({ IFD0: { ImageDescription: 'Noor Jansen' } }).jpeg().toBuffer());
    save('broken.jpg', (await realPhoto(200).jpeg().toBuffer()).subarray(0, 600));
  });

  const args = (out: string, photos: string[], extra: Partial<StripArgs> = {}): StripArgs => ({ photos, out, json: false, lang: 'en', ...extra });

  it('writes each photo without metadata, upright, in its own format, under a neutral name, and lists the names', async () => {
    const out = join(dir, 'out1');
    const lines: string[] = [];
    const { code, records } = await runStrip(args(out, [inputs['IMG_0001.jpg']!, inputs['noor-jansen.png']!, inputs['lotte.webp']!], { roster: 'r' }), roster, { out: (l) => lines.push(l), err: () => undefined }, { now });
    expect(code).toBe(1);
    expect(records.map((r) => r.out)).toEqual([join(out, 'foto-2025-06-01-1.jpg'), join(out, 'foto-2025-06-01-2.png'), join(out, 'foto-2025-06-01-3.webp')]);
    expect(readdirSync(out).sort()).toEqual(['foto-2025-06-01-1.jpg', 'foto-2025-06-01-2.png', 'foto-2025-06-01-3.webp']);
    for (const [i, record] of records.entries()) {
      const input = readFileSync(record.file);
      const output = readFileSync(record.out!);
      expect(metadataReport(output)).toMatchObject({ format: ['jpeg', 'png', 'webp'][i], exif: false, xmp: false, iptc: false, comments: false });
      expect(record.removed).toEqual(i === 0 ? ['exif', 'gps', 'iptc', 'xmp'] : ['exif', 'gps', 'xmp']);
      const ids = new Set(record.names!.flatMap((n) => n.spans.flatMap((s) => s.pupilIds)));
      expect([...ids].sort()).toEqual(['2001', '2002', '2003', '2004', '2005']);
      expect(record.report).toMatch(/^this photo's .* named .*Noor Jansen.*; removed$/);
      // Pixels survive the re-encoding: compared with the input as sharp shows it (rotated).
      const a = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const b = await sharp(output).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([b.info.width, b.info.height]).toEqual([a.info.width, a.info.height]);
      expect(psnr(a.data, b.data, 3)).toBeGreaterThanOrEqual(40);
    }
    // Orientation applied: the JPEG stored 320×213 with orientation 6 comes out 213×320, with no orientation tag left.
    expect(records[0]).toMatchObject({ width: 213, height: 320 });
    expect((await sharp(records[0]!.out!).metadata()).orientation).toBeUndefined();
    expect(lines[0]).toMatch(new RegExp(`^${inputs['IMG_0001.jpg']} → ${join(out, 'foto-2025-06-01-1.jpg')}  \\(removed: EXIF, GPS position, IPTC, XMP\\)\n    this photo's `));
  });

  it('continues the numbering after files already in the folder and never overwrites one', async () => {
    const out = join(dir, 'out2');
    await runStrip(args(out, [inputs['plain.jpg']!]), null, { out: () => undefined, err: () => undefined }, { now });
    writeFileSync(join(out, 'foto-2025-06-01-3.png'), 'someone else’s file');
    writeFileSync(join(out, 'foto-2025-05-31-9.jpg'), 'another day');
    expect(await firstFreeSequence(out, now)).toBe(4);
    const { code, records } = await runStrip(args(out, [inputs['plain.jpg']!, inputs['plain.jpg']!]), null, { out: () => undefined, err: () => undefined }, { now });
    expect(code).toBe(0);
    expect(records.map((r) => r.out)).toEqual([join(out, 'foto-2025-06-01-4.jpg'), join(out, 'foto-2025-06-01-5.jpg')]);
    expect(readFileSync(join(out, 'foto-2025-06-01-3.png'), 'utf8')).toBe('someone else’s file');
    expect(records[0]).toMatchObject({ removed: [] });
    expect(records[0]!.names).toBeUndefined(); // no consent list, no names
  });

  it('reports a photo it cannot read with its path, and writes the others', async () => {
    const out = join(dir, 'out3');
    const lines: string[] = [];
    const missing = join(dir, 'missing.jpg');
    const { code, records } = await runStrip(args(out, [inputs['broken.jpg']!, missing, inputs['plain.jpg']!], { json: true, roster: 'r' }), roster, { out: (l) => lines.push(l), err: () => undefined }, { now });
    expect(code).toBe(2);
    const json = lines.map((l) => JSON.parse(l) as StripRecord);
    expect(json[0]).toMatchObject({ file: inputs['broken.jpg'], out: null });
    expect(json[0]!.error).toMatch(/cannot strip the photo/);
    expect(json[1]).toMatchObject({ file: missing, out: null, error: 'cannot read the file: ENOENT' });
    expect(json[2]).toMatchObject({ file: inputs['plain.jpg'], out: join(out, 'foto-2025-06-01-1.jpg'), names: [], report: null });
    expect(records.filter((r) => r.out)).toHaveLength(1);
    expect(readdirSync(out)).toEqual(['foto-2025-06-01-1.jpg']);
  });

  it('keeps the colour profile and drops the rest', async () => {
    const stripped = await stripPhoto(readFileSync(inputs['p3.jpg']!));
    expect(metadataReport(stripped.bytes)).toMatchObject({ format: 'jpeg', icc: true, exif: false });
    expect((await sharp(stripped.bytes).metadata()).icc?.length).toBe((await sharp(readFileSync(inputs['p3.jpg']!)).metadata()).icc?.length);
  });

  it('keeps a lossless WebP lossless', async () => {
    const input = await realPhoto(120).webp({ lossless: true }).toBuffer();
    const stripped = await stripPhoto(input);
    expect(stripped.bytes.includes('VP8L')).toBe(true);
    expect(psnr(await sharp(input).raw().toBuffer(), await sharp(stripped.bytes).raw().toBuffer(), 3)).toBe(Infinity);
  });

  it('speaks Dutch', async () => {
    const lines: string[] = [];
    await runStrip(args(join(dir, 'out4'), [inputs['p3.jpg']!], { lang: 'nl', roster: 'r' }), roster, { out: (l) => lines.push(l), err: () => undefined }, { now });
    expect(lines[0]).toMatch(/\(verwijderd: EXIF\)\n {4}de EXIF-beschrijving van deze foto noemde Noor Jansen; verwijderd$/);
  });
});
