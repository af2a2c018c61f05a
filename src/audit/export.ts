/**
 * Getting the log out of the browser: a CSV for people, and a signed JSON file (ECDSA P-256 / SHA-256 with the
 * browser's own key) that can be checked anywhere: format, signature, then the hash chain.
 */
import { z } from 'zod';
import { describeZodError } from '../store/records';
import { canonicalJson, normaliseTime, sha256Hex, verifyChain } from './chain';
import { AuditEntrySchema, type AuditEntry, type ChainResult } from './schema';

// ---------------------------------------------------------------------------------------------------------- CSV

export const CSV_COLUMNS = [
  'seq', 'at', 'kind', 'staff', 'origin', 'channel', 'mode', 'verdict', 'faces', 'covered', 'held', 'pupils', 'face details',
  'original sha256', 'released sha256', 'reasons', 'override reason', 'detail', 'prev hash', 'hash',
] as const;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A text starting with = + - @
 * or a tab gets a leading apostrophe, so a spreadsheet shows it instead of running it as a formula.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per entry, CRLF line ends, a header row. `names` turns a pupil id into a name for the reader ("name (id)"). */
export function toCsv(entries: readonly AuditEntry[], names?: (pupilId: string) => string | undefined): string {
  const pupil = (id: string): string => {
    const name = names?.(id);
    return name === undefined || name === '' ? id : `${name} (${id})`;
  };
  const lines = [CSV_COLUMNS.map(csvField).join(',')];
  for (const e of entries) {
    const faces = e.faces?.map((f) => `${f.index}: ${f.status}${f.pupilId === null ? '' : ` ${pupil(f.pupilId)}`}${f.reason === null ? '' : ` (${f.reason})`}`);
    const row: (string | number | undefined)[] = [
      e.seq, e.at, e.kind, e.staff, e.origin, e.channel, e.mode, e.verdict, e.counts?.faces, e.counts?.covered, e.counts?.held,
      e.pupilIds.map(pupil).join('; '), faces?.join('; '), e.originalSha256, e.releasedSha256, e.reasons?.join('; '),
      e.overrideReason, e.detail, e.prevHash, e.hash,
    ];
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

// -------------------------------------------------------------------------------------------- signed JSON export

export const EXPORT_FORMAT = 'consent-gate-log' as const;

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');
export const PublicJwkSchema = z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: b64url, y: b64url }).strict();

const ExportShape = {
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.iso.datetime({ precision: 3 }),
  browserId: z.string().min(1),
  publicKey: PublicJwkSchema,
  entries: z.array(AuditEntrySchema),
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64'),
};
export const SignedExportSchema = z.object(ExportShape).strict();
export type SignedExport = z.infer<typeof SignedExportSchema>;
export type PublicJwk = z.infer<typeof PublicJwkSchema>;

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const encoder = new TextEncoder();

function toBase64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export async function publicJwk(key: CryptoKey): Promise<PublicJwk> {
  const jwk = await crypto.subtle.exportKey('jwk', key);
  return PublicJwkSchema.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
}

/** The default browserId: the first 32 hex characters of the SHA-256 of the public key (one key pair per browser). */
export async function keyFingerprint(jwk: PublicJwk): Promise<string> {
  return (await sha256Hex(canonicalJson(jwk))).slice(0, 32);
}

/** The signed export of `entries`. The signature (base64, IEEE P1363 r‖s) covers canonicalJson of every other field. */
export async function signExport(
  entries: readonly AuditEntry[],
  key: CryptoKeyPair,
  options: { browserId?: string; now?: Date | string } = {},
): Promise<SignedExport> {
  const publicKey = await publicJwk(key.publicKey);
  const body = {
    format: EXPORT_FORMAT,
    version: 1 as const,
    exportedAt: normaliseTime(options.now ?? new Date(), 'now'),
    browserId: options.browserId ?? (await keyFingerprint(publicKey)),
    publicKey,
    entries: [...entries],
  };
  const signature = await crypto.subtle.sign(SIGN, key.privateKey, encoder.encode(canonicalJson(body)));
  return { ...body, signature: toBase64(signature) };
}

export type VerifyExportResult =
  | { ok: true; file: SignedExport; count: number; since: string | null }
  | { ok: false; stage: 'format' | 'signature' | 'chain'; errors: string[]; file?: SignedExport; chain?: ChainResult };

async function signatureMatches(file: SignedExport): Promise<boolean> {
  const { signature, ...body } = file;
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('jwk', file.publicKey, ECDSA, false, ['verify']);
  } catch {
    return false;
  }
  const bytes = fromBase64(signature);
  if (bytes.length !== 64) return false;
  return crypto.subtle.verify(SIGN, key, bytes, encoder.encode(canonicalJson(body)));
}

/**
 * Check an imported file: its form (errors name the field: "entries[12].hash: …"), the signature ("signature does
 * not match"), then the chain ("chain broken at seq 13 (edited): …"). Accepts the parsed JSON or the JSON text.
 */
export async function verifyExport(input: unknown): Promise<VerifyExportResult> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      return { ok: false, stage: 'format', errors: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
    }
  }
  const parsed = SignedExportSchema.safeParse(value);
  if (!parsed.success) return { ok: false, stage: 'format', errors: describeZodError(parsed.error, 20).split('; ') };
  const file = parsed.data;
  if (!(await signatureMatches(file))) {
    return { ok: false, stage: 'signature', file, errors: ['signature does not match: the file was changed after it was exported, or signed with another key'] };
  }
  const chain = await verifyChain(file.entries);
  if (!chain.ok) return { ok: false, stage: 'chain', file, chain, errors: [`chain broken at seq ${chain.brokenAt} (${chain.problem}): ${chain.message}`] };
  return { ok: true, file, count: chain.count, since: chain.since };
}

export interface MergedBrowser {
  browserId: string;
  /** Indexes in the `files` argument. */
  files: number[];
  exportedAt: string;
  count: number;
  since: string | null;
  until: string | null;
  /** The chain of all this browser's entries together (deduplicated by seq). */
  chain: ChainResult;
}

export interface MergedLog {
  browsers: MergedBrowser[];
  /** Every entry of every accepted file once, by time (then browser, then seq). */
  entries: { browserId: string; entry: AuditEntry }[];
  /** Files not merged: bad form, bad signature, or a browserId already seen with another key. */
  rejected: { file: number; errors: string[] }[];
}

/**
 * One view over exports from several browsers (and several exports of one browser). A file with a valid form and
 * signature is merged even when its chain is broken: the browser's `chain` then says where.
 */
export async function mergeExports(files: readonly unknown[]): Promise<MergedLog> {
  const rejected: MergedLog['rejected'] = [];
  const groups = new Map<string, { key: string; files: number[]; exportedAt: string; bySeq: Map<number, AuditEntry>; conflict: ChainResult | null }>();
  for (let i = 0; i < files.length; i++) {
    const result = await verifyExport(files[i]);
    if (!result.ok && result.stage !== 'chain') {
      rejected.push({ file: i, errors: result.errors });
      continue;
    }
    const file = result.file!;
    const key = canonicalJson(file.publicKey);
    let group = groups.get(file.browserId);
    if (group === undefined) {
      group = { key, files: [], exportedAt: file.exportedAt, bySeq: new Map(), conflict: null };
      groups.set(file.browserId, group);
    } else if (group.key !== key) {
      rejected.push({ file: i, errors: [`browserId "${file.browserId}" was already seen in another file with a different public key`] });
      continue;
    }
    group.files.push(i);
    if (file.exportedAt > group.exportedAt) group.exportedAt = file.exportedAt;
    for (const entry of file.entries) {
      const seen = group.bySeq.get(entry.seq);
      if (seen === undefined) group.bySeq.set(entry.seq, entry);
      else if (seen.hash !== entry.hash && group.conflict === null) {
        group.conflict = { ok: false, brokenAt: entry.seq, problem: 'edited', message: `file ${i} and an earlier file hold different entries with seq ${entry.seq}` };
      }
    }
  }
  const browsers: MergedBrowser[] = [];
  const entries: MergedLog['entries'] = [];
  for (const [browserId, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const chainEntries = [...group.bySeq.values()].sort((a, b) => a.seq - b.seq);
    const chain = group.conflict ?? (await verifyChain(chainEntries));
    const times = chainEntries.map((e) => e.at).sort();
    browsers.push({ browserId, files: group.files, exportedAt: group.exportedAt, count: chainEntries.length, since: times[0] ?? null, until: times[times.length - 1] ?? null, chain });
    for (const entry of chainEntries) entries.push({ browserId, entry });
  }
  entries.sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.browserId < b.browserId ? -1 : a.browserId > b.browserId ? 1 : a.entry.seq - b.entry.seq));
  return { browsers, entries, rejected };
}
