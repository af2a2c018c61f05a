/**
 * `consent-gate strip`: copies photos without their metadata (EXIF with its GPS position, IPTC, XMP, comments) under
 * neutral names, in the same format, upright, with their colour profile. With a consent list it also says which
 * pupils the metadata named. Exit 2 when a photo could not be stripped, else 1 when names were found, else 0.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Roster } from '../consent';
import { metadataNamesReport, namesInMetadata, readMetadataText, type MetadataNames } from '../metadata';
import { buildNameFinder, type NameFinder } from '../names';
import { webpChunks } from '../redact/containers';
import { extensionFor, metadataReport, neutralName, outputTypeFor, type OutputType } from '../redact';
import type { Lang, StripArgs } from './args';

const QUALITY = 92;

export interface StrippedPhoto {
  bytes: Buffer;
  type: OutputType;
  width: number;
  height: number;
}

/** sharp's input format → MIME type, for outputTypeFor (HEIF decodes as "heif"; its photos come from iPhones as HEIC). */
const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', heif: 'image/heic', avif: 'image/avif', tiff: 'image/tiff', jp2: 'image/jp2', svg: 'image/svg+xml' };

const isLosslessWebp = (b: Uint8Array) => {
  const chunks = webpChunks(b)?.parts ?? [];
  return chunks.some((c) => c.fourcc === 'VP8L') && !chunks.some((c) => c.fourcc === 'VP8 ');
};

/**
 * The photo re-encoded without metadata: EXIF orientation applied, ICC profile kept, JPEG/WebP at quality 92, PNG
 * lossless (GIF becomes PNG, other formats JPEG, as in the browser's release). Throws when sharp cannot decode it, or
 * when the result still carries EXIF, IPTC, XMP or comments.
 */
export async function stripPhoto(input: Uint8Array): Promise<StrippedPhoto> {
  const { format } = await sharp(input).metadata();
  const type = outputTypeFor(MIME[format ?? ''] ?? `image/${format ?? 'unknown'}`) ?? 'image/jpeg';
  let image = sharp(input).rotate().keepIccProfile();
  // Full-resolution colour: subsampling the chroma of an already subsampled JPEG again costs about 2 dB of PSNR.
  // A lossless WebP (screenshots, graphics) stays lossless; smart subsampling keeps lossy WebP's colour edges sharp.
  if (type === 'image/png') image = image.png();
  else if (type === 'image/webp') image = image.webp(isLosslessWebp(input) ? { lossless: true } : { quality: QUALITY, smartSubsample: true });
  else image = image.jpeg({ quality: QUALITY, chromaSubsampling: '4:4:4' });
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  const left = metadataReport(data);
  const kinds = (['exif', 'iptc', 'xmp', 'comments'] as const).filter((k) => left[k]);
  if (kinds.length > 0) throw new Error(`the re-encoded photo still carries ${kinds.join(', ')}`);
  if (left.format !== type.slice('image/'.length)) throw new Error(`the re-encoded photo is ${left.format}, not ${type}`);
  return { bytes: data, type, width: info.width, height: info.height };
}

export interface StripRecord {
  file: string;
  /** The file written; null when the photo failed. */
  out: string | null;
  error?: string;
  type?: OutputType;
  width?: number;
  height?: number;
  /** What the original carried and the copy does not: exif, gps, iptc, xmp, comments. */
  removed?: string[];
  /** With a consent list: the metadata fields that named pupils. */
  names?: MetadataNames[];
  /** With a consent list: the one-line report, or null when nobody was named. */
  report?: string | null;
  /** Metadata the name search could not read (it was removed all the same). */
  metadataErrors?: string[];
}

const T = {
  en: {
    removed: 'removed',
    nothing: 'no metadata to remove',
    kinds: { exif: 'EXIF', gps: 'GPS position', iptc: 'IPTC', xmp: 'XMP', comments: 'comments' } as Record<string, string>,
    failed: 'not written',
    partial: (e: string) => `could not read all of its metadata (${e}); names in it may be missing here, but it was removed`,
  },
  nl: {
    removed: 'verwijderd',
    nothing: 'geen metadata om te verwijderen',
    kinds: { exif: 'EXIF', gps: 'GPS-positie', iptc: 'IPTC', xmp: 'XMP', comments: 'opmerkingen' } as Record<string, string>,
    failed: 'niet geschreven',
    partial: (e: string) => `kon niet alle metadata lezen (${e}); namen daarin kunnen hier ontbreken, maar ze is wel verwijderd`,
  },
} as const;

export function humanLine(record: StripRecord, lang: Lang): string {
  const t = T[lang];
  if (record.out === null) return `${record.file}: ${t.failed}: ${record.error ?? ''}`;
  const removed = record.removed ?? [];
  const lines = [`${record.file} → ${record.out}  (${removed.length > 0 ? `${t.removed}: ${removed.map((k) => t.kinds[k] ?? k).join(', ')}` : t.nothing})`];
  if (record.report) lines.push(`    ${record.report}`);
  if (record.names && record.metadataErrors && record.metadataErrors.length > 0) lines.push(`    ! ${t.partial(record.metadataErrors.join('; '))}`);
  return lines.join('\n');
}

export function jsonLine(record: StripRecord): string {
  const names = record.names?.map((n) => ({ source: n.source, tag: n.tag, text: n.text, spans: n.spans.map(({ start, end, text, pupilIds, kind, ambiguous }) => ({ start, end, text, pupilIds, kind, ambiguous })) }));
  return JSON.stringify({ ...record, ...(names ? { names } : {}) });
}

/** The first free sequence number for `date` in `dir`: one past the highest `foto-YYYY-MM-DD-N.*` already there. */
export async function firstFreeSequence(dir: string, date: Date): Promise<number> {
  const prefix = neutralName(date, 1, 'x').slice(0, -'1.x'.length);
  let highest = 0;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.[a-z0-9]+$/i.exec(name.slice(prefix.length));
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  return highest + 1;
}

/** Writes `bytes` under the first free neutral name from `sequence` on, never over an existing file. */
async function writeNeutral(dir: string, date: Date, sequence: number, ext: string, bytes: Uint8Array): Promise<{ path: string; sequence: number }> {
  for (let n = sequence; ; n++) {
    const path = join(dir, neutralName(date, n, ext));
    try {
      await writeFile(path, bytes, { flag: 'wx' });
      return { path, sequence: n };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

export interface StripIo {
  out(line: string): void;
  err(line: string): void;
}

/** Strips every photo in turn; one failing does not stop the rest. */
export async function runStrip(args: StripArgs, roster: Roster | null, io: StripIo, options: { now?: Date } = {}): Promise<{ code: 0 | 1 | 2; records: StripRecord[] }> {
  const date = options.now ?? new Date();
  await mkdir(args.out, { recursive: true });
  let sequence = await firstFreeSequence(args.out, date);
  const finder: NameFinder | null = roster ? buildNameFinder(roster.pupils) : null;
  const records: StripRecord[] = [];
  let failed = 0, named = 0;
  for (const file of args.photos) {
    let record: StripRecord;
    try {
      let input: Uint8Array;
      try {
        input = new Uint8Array(await readFile(file));
      } catch (err) {
        throw new Error(`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      let stripped: StrippedPhoto;
      try {
        stripped = await stripPhoto(input);
      } catch (err) {
        throw new Error(`cannot strip the photo: ${err instanceof Error ? err.message : String(err)}`);
      }
      const before = metadataReport(input);
      const text = await readMetadataText(input);
      const removed = (['exif', 'gps', 'iptc', 'xmp', 'comments'] as const).filter((k) => (k === 'gps' ? text.gps : before[k]));
      const written = await writeNeutral(args.out, date, sequence, extensionFor(stripped.type), stripped.bytes);
      sequence = written.sequence + 1;
      record = { file, out: written.path, type: stripped.type, width: stripped.width, height: stripped.height, removed };
      if (finder) {
        const names = namesInMetadata(text.fields, finder);
        record.names = names;
        record.report = metadataNamesReport(names, args.lang);
        record.metadataErrors = text.errors;
        if (names.length > 0) named++;
      }
    } catch (err) {
      failed++;
      record = { file, out: null, error: err instanceof Error ? err.message : String(err) };
    }
    records.push(record);
    io.out(args.json ? jsonLine(record) : humanLine(record, args.lang));
  }
  return { code: failed > 0 ? 2 : named > 0 ? 1 : 0, records };
}
