/**
 * The log's hash chain, as pure functions: every entry carries the SHA-256 of its predecessor (`prevHash`) and of
 * itself without `hash` (`hash = SHA-256(canonicalJson(entry without hash))`), so an edited, deleted or moved entry
 * shows at its own seq. Hashing uses `crypto.subtle` (browsers and Node 20).
 */
import type { z } from 'zod';
import { entryCanonicalJson, isAuditEntry } from './fast-check';
import { sha256HexSync } from './sha256';
import { describeZodError } from '../store/records';
import {
  AuditEntrySchema,
  GENESIS_HASH,
  type AuditData,
  type AuditEntry,
  type AuditKind,
  type AuditVerdict,
  type ChainResult,
} from './schema';

/** JSON with object keys sorted (recursively) and no whitespace; `undefined` members are left out, as JSON.stringify does. */
/** Log entries share a handful of shapes: sort each shape's keys once (verifying 100,000 entries sorts far less). */
const SORTED = new Map<string, string[]>();
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  const shape = keys.join('\u0000');
  let sorted = SORTED.get(shape);
  if (!sorted) {
    sorted = [...keys].sort();
    if (SORTED.size < 1000) SORTED.set(shape, sorted);
  }
  return sorted;
}

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of sortedKeys(record)) {
        const v = record[key];
        if (v === undefined || typeof v === 'function') continue;
        parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new Error(`canonicalJson: a ${typeof value} has no JSON form`);
  }
}

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (const byte of view) out += HEX[byte]!;
  return out;
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** The hash an entry should carry: SHA-256 of its canonical JSON without `hash`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> | AuditEntry): Promise<string> {
  const { hash: _hash, ...rest } = entry as AuditEntry;
  return sha256Hex(canonicalJson(rest));
}

/**
 * verifyChain works through long logs in slices of about this many milliseconds, with a pause (a macrotask) between
 * them so that a page that verifies 100,000 entries stays responsive. Slices by time, not by count: a browser
 * clamps nested timers to 4 ms, so many small batches would cost more in pauses than in work.
 */
const SLICE_MS = 30;
/** How often (in entries) verifyChain looks at the clock. */
const CLOCK_EVERY = 512;
const pause = () => new Promise<void>((r) => setTimeout(r, 0));

/** The hash an entry that passed the schema should carry (hash of canonicalJson without `hash`), synchronously. */
function checkedEntryHash(entry: AuditEntry, fast: boolean): string {
  if (fast) return sha256HexSync(entryCanonicalJson(entry));
  const { hash: _hash, ...rest } = entry;
  return sha256HexSync(canonicalJson(rest));
}

/** ISO time with milliseconds in UTC; an Error for anything that is not a time. */
export function normaliseTime(value: string | Date, what = 'time'): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`${what} "${String(value)}" is not a valid date and time`);
  return date.toISOString();
}

/**
 * The next entry after `prev` (null: the first entry of a new log). `at` is normalised to UTC with milliseconds;
 * the result is checked against the schema, so an entry that could not be read back is never written.
 */
export async function appendEntry(prev: AuditEntry | null, data: AuditData): Promise<AuditEntry> {
  const { seq: _s, prevHash: _p, hash: _h, ...clean } = data as AuditData & Partial<Pick<AuditEntry, 'seq' | 'prevHash' | 'hash'>>;
  const unhashed = { ...clean, at: normaliseTime(data.at, 'at'), seq: prev === null ? 1 : prev.seq + 1, prevHash: prev === null ? GENESIS_HASH : prev.hash };
  const entry = { ...unhashed, hash: await entryHash(unhashed as AuditEntry) };
  const checked = AuditEntrySchema.safeParse(entry);
  if (!checked.success) throw new Error(`the log entry is not valid: ${describeZodError(checked.error)}`);
  return checked.data;
}

/** Build a chain from data in order (tests and the bench). */
export async function buildChain(data: readonly AuditData[], prev: AuditEntry | null = null): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let last = prev;
  for (const item of data) {
    last = await appendEntry(last, item);
    out.push(last);
  }
  return out;
}

function seqOf(value: unknown): number | null {
  const seq = typeof value === 'object' && value !== null ? (value as { seq?: unknown }).seq : undefined;
  return typeof seq === 'number' && Number.isInteger(seq) ? seq : null;
}

function range(from: number, to: number): string {
  return from === to ? `seq ${from}` : `seq ${from}–${to}`;
}

/**
 * Check a chain, in the order given (oldest first). The first problem found, in list order, is reported with the seq
 * of the entry where the chain breaks:
 * - invalid: the entry does not pass the schema (also extra fields);
 * - edited: its hash is not the hash of its contents;
 * - reordered: its seq is not the next one, and the expected seq is elsewhere in the list (or it repeats one);
 * - deleted: entries before it are missing (a seq gap, or its prevHash is not its predecessor's hash).
 * A chain may start after seq 1 only where a 'retention' entry in it records purging up to the seq before the start
 * with the start's prevHash as the last purged hash (a chain that starts with the retention entry itself included).
 */
export async function verifyChain(entries: readonly unknown[]): Promise<ChainResult> {
  const n = entries.length;
  // 1. Schema: the fast check (fast-check.ts) for the usual entry, zod for the rest (and its exact problem).
  const valid = new Array<AuditEntry | null>(n).fill(null);
  /** 1: passed the fast check, so entryCanonicalJson applies. */
  const fast = new Uint8Array(n);
  const failures = new Map<number, z.ZodError>();
  const seqs = new Set<number>();
  const purges = new Map<number, string>();
  let sliceStart = performance.now();
  for (let i = 0; i < n; i++) {
    if (i % CLOCK_EVERY === CLOCK_EVERY - 1 && performance.now() - sliceStart >= SLICE_MS) {
      await pause();
      sliceStart = performance.now();
    }
    const raw = entries[i];
    let entry: AuditEntry;
    if (isAuditEntry(raw)) {
      entry = raw;
      fast[i] = 1;
    } else {
      const parsed = AuditEntrySchema.safeParse(raw);
      if (!parsed.success) {
        failures.set(i, parsed.error);
        continue;
      }
      entry = parsed.data;
    }
    valid[i] = entry;
    seqs.add(entry.seq);
    if (entry.kind === 'retention' && entry.purged !== undefined) purges.set(entry.purged.toSeq, entry.purged.lastHash);
  }

  // 2. In list order: the first invalid, edited or misplaced entry. Hashes are computed as the walk gets there.
  let prev: AuditEntry | null = null;
  for (let i = 0; i < n; i++) {
    if (i % CLOCK_EVERY === CLOCK_EVERY - 1 && performance.now() - sliceStart >= SLICE_MS) {
      await pause();
      sliceStart = performance.now();
    }
    const entry = valid[i];
    if (entry === null || entry === undefined) {
      const seq = seqOf(entries[i]) ?? (prev === null ? 1 : prev.seq + 1);
      return { ok: false, brokenAt: seq, problem: 'invalid', message: `entries[${i}] (seq ${seq}) is not a valid log entry: ${describeZodError(failures.get(i)!)}` };
    }
    if (checkedEntryHash(entry, fast[i] === 1) !== entry.hash) {
      return { ok: false, brokenAt: entry.seq, problem: 'edited', message: `entries[${i}] (seq ${entry.seq}): the contents do not match its hash; it was changed after it was written` };
    }
    if (prev === null) {
      if (entry.seq === 1) {
        if (entry.prevHash !== GENESIS_HASH) {
          return { ok: false, brokenAt: 1, problem: 'deleted', message: `entries[${i}] (seq ${entry.seq}): seq 1 should start the chain (prevHash of 64 zeros) but follows another entry` };
        }
      } else if (purges.get(entry.seq - 1) !== entry.prevHash) {
        return {
          ok: false,
          brokenAt: entry.seq,
          problem: 'deleted',
          message: `entries[${i}] (seq ${entry.seq}): the log starts here, but no retention entry accounts for ${range(1, entry.seq - 1)}; they are missing`,
        };
      }
    } else {
      const expected: number = prev.seq + 1;
      if (entry.seq !== expected) {
        const where = `entries[${i}] (seq ${entry.seq})`;
        if (entry.seq <= prev.seq || seqs.has(expected)) {
          return { ok: false, brokenAt: entry.seq, problem: 'reordered', message: `${where} comes after seq ${prev.seq}; the entries are out of order (seq ${expected} expected here)` };
        }
        return { ok: false, brokenAt: entry.seq, problem: 'deleted', message: `${where} comes after seq ${prev.seq}: ${range(expected, entry.seq - 1)} missing` };
      }
      if (entry.prevHash !== prev.hash) {
        return {
          ok: false,
          brokenAt: entry.seq,
          problem: 'deleted',
          message: `entries[${i}] (seq ${entry.seq}) does not follow the entry before it (prevHash is not seq ${prev.seq}'s hash); an entry was removed or replaced`,
        };
      }
    }
    prev = entry;
  }
  const first = valid[0] ?? null;
  return { ok: true, count: n, since: first === null ? null : first.at };
}

export interface RetentionPlan {
  /** Entries older than the cutoff, oldest first: a prefix of the chain, so what stays is still one chain. */
  purge: AuditEntry[];
  /** Entries older than `cutoff` remain after a newer one (clock change): they stay until everything before them goes. */
  kept: number;
  cutoff: string;
  /** The 'retention' entry to append after the purge (null: nothing to purge). */
  entry: AuditData | null;
}

/** Who the log names for what the extension does by itself (as in the consent store's log). */
export const SYSTEM = 'consent-gate';

/** What to purge: the oldest entries (by `at`, from the start of the chain) older than `retentionDays` before `now`. */
export function planRetention(entries: readonly AuditEntry[], now: Date | string, retentionDays: number): RetentionPlan {
  if (!(retentionDays > 0) || !Number.isFinite(retentionDays)) throw new Error(`retentionDays must be a positive number, got ${retentionDays}`);
  const nowIso = normaliseTime(now, 'now');
  const cutoff = new Date(Date.parse(nowIso) - retentionDays * 86_400_000).toISOString();
  let n = 0;
  while (n < entries.length && entries[n]!.at < cutoff) n++;
  const purge = entries.slice(0, n);
  const kept = entries.slice(n).filter((e) => e.at < cutoff).length;
  const last = purge[purge.length - 1];
  if (last === undefined) return { purge, kept, cutoff, entry: null };
  const first = purge[0]!;
  const entry: AuditData = {
    at: nowIso,
    kind: 'retention',
    staff: SYSTEM,
    origin: '',
    channel: '',
    mode: 'detect',
    pupilIds: [],
    detail: `${purge.length} ${purge.length === 1 ? 'entry' : 'entries'} older than ${retentionDays} days removed (${range(first.seq, last.seq)})`,
    purged: { count: purge.length, fromSeq: first.seq, toSeq: last.seq, lastHash: last.hash, retentionDays, before: cutoff },
  };
  return { purge, kept, cutoff, entry };
}

export interface AuditFilter {
  /** Inclusive. */
  from?: string | Date;
  /** Exclusive. */
  to?: string | Date;
  channel?: string;
  verdict?: AuditVerdict;
  kind?: AuditKind;
  pupilId?: string;
  staff?: string;
  origin?: string;
}

/** The entries matching every given criterion, in their order. */
export function filterEntries(entries: readonly AuditEntry[], filter: AuditFilter): AuditEntry[] {
  const from = filter.from === undefined ? null : normaliseTime(filter.from, 'from');
  const to = filter.to === undefined ? null : normaliseTime(filter.to, 'to');
  const { channel, verdict, kind, pupilId, staff, origin } = filter;
  const out: AuditEntry[] = [];
  for (const e of entries) {
    if (from !== null && e.at < from) continue;
    if (to !== null && e.at >= to) continue;
    if (channel !== undefined && e.channel !== channel) continue;
    if (verdict !== undefined && e.verdict !== verdict) continue;
    if (kind !== undefined && e.kind !== kind) continue;
    if (staff !== undefined && e.staff !== staff) continue;
    if (origin !== undefined && e.origin !== origin) continue;
    if (pupilId !== undefined && !e.pupilIds.includes(pupilId)) continue;
    out.push(e);
  }
  return out;
}
