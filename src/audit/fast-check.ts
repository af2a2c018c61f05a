/**
 * The hot path of verifyChain, for 100,000 entries at a time:
 * - `isAuditEntry`: true only for a value AuditEntrySchema accepts (a strict zod object, see schema.ts), checked with
 *   plain comparisons instead of zod's generic machinery. It reads the value the way zod does (`value[key]` for every
 *   schema key, `for…in` for unknown keys), so when it says true, `AuditEntrySchema.safeParse` succeeds and returns a
 *   copy with the same members. When it says false the caller asks zod, which gives the exact problem.
 * - `entryCanonicalJson`: canonicalJson (chain.ts) of a checked entry without `hash`, written out for the known shape:
 *   the same keys in the same (sorted) order with the same JSON.stringify escaping, so the same bytes and hash.
 * Both are tested against zod and canonicalJson on many entries (test/unit/audit/fast-check.test.ts).
 */
import { AUDIT_KINDS, AuditEntrySchema, VERDICTS, type AuditEntry } from './schema';

/** The pattern zod checks `at` (and `purged.before`) against: `z.iso.datetime({ precision: 3 })`. */
const ISO_TIME: RegExp | null = (() => {
  const def = (AuditEntrySchema.shape.at as unknown as { _zod?: { def?: { pattern?: unknown } } })._zod?.def;
  const pattern = def?.pattern;
  return pattern instanceof RegExp && !pattern.global && !pattern.sticky ? pattern : null;
})();

const ENTRY_KEYS = [
  'seq', 'at', 'kind', 'staff', 'origin', 'channel', 'mode', 'verdict', 'faces', 'counts', 'pupilIds', 'originalSha256',
  'releasedSha256', 'reasons', 'overrideReason', 'detail', 'purged', 'prevHash', 'hash',
];
const FACE_KEYS = ['index', 'status', 'reason', 'pupilId'];
const COUNTS_KEYS = ['faces', 'covered', 'held'];
const PURGED_KEYS = ['count', 'fromSeq', 'toSeq', 'lastHash', 'retentionDays', 'before'];

const sameKeys = (shape: object, keys: readonly string[]) => {
  const own = Object.keys(shape);
  return own.length === keys.length && keys.every((k) => own.includes(k));
};

/**
 * The fast path is only used while schema.ts still has the shape written out here (and zod exposes the time
 * pattern); if the schema changes, every entry goes through zod until this file follows.
 */
export const FAST_PATH_AVAILABLE: boolean = (() => {
  try {
    const shape = AuditEntrySchema.shape as unknown as Record<string, { unwrap?: () => unknown }>;
    const faces = (shape.faces?.unwrap?.() as { element?: { shape?: object } } | undefined)?.element?.shape;
    const counts = (shape.counts?.unwrap?.() as { shape?: object } | undefined)?.shape;
    const purged = (shape.purged?.unwrap?.() as { shape?: object } | undefined)?.shape;
    return (
      ISO_TIME !== null &&
      sameKeys(shape, ENTRY_KEYS) &&
      faces !== undefined &&
      sameKeys(faces, FACE_KEYS) &&
      counts !== undefined &&
      sameKeys(counts, COUNTS_KEYS) &&
      purged !== undefined &&
      sameKeys(purged, PURGED_KEYS)
    );
  } catch {
    return false;
  }
})();

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** z.number().int().nonnegative() (int: a safe integer). */
function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** z.number().int().positive(). */
function isPositiveInt(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** The Hex64 pattern of schema.ts, /^[0-9a-f]{64}$/, as a loop (faster than the regex on 64 characters). */
function isHex64(value: unknown): boolean {
  if (typeof value !== 'string' || value.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x66 || (c < 0x61 && (c > 0x39 || c < 0x30))) return false;
  }
  return true;
}

function isIsoTime(value: unknown): boolean {
  return typeof value === 'string' && value.length === 24 && ISO_TIME!.test(value);
}

function isStringArray(value: unknown, nonEmpty: boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const s: unknown = value[i];
    if (typeof s !== 'string' || (nonEmpty && s.length === 0)) return false;
  }
  return true;
}

/** No key of `record` (as `for…in` lists them, like zod's strict check) outside `allowed`. */
function onlyKeys(record: Rec, allowed: ReadonlySet<string>): boolean {
  for (const key in record) if (!allowed.has(key)) return false;
  return true;
}

const ENTRY_KEY_SET = new Set(ENTRY_KEYS);
const FACE_KEY_SET = new Set(FACE_KEYS);
const COUNTS_KEY_SET = new Set(COUNTS_KEYS);
const PURGED_KEY_SET = new Set(PURGED_KEYS);

function isFace(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const status = value.status;
  const reason = value.reason;
  const pupilId = value.pupilId;
  return (
    isCount(value.index) &&
    (status === 'ok' || status === 'cover' || status === 'hold') &&
    (reason === null || typeof reason === 'string') &&
    (pupilId === null || (typeof pupilId === 'string' && pupilId.length > 0)) &&
    onlyKeys(value, FACE_KEY_SET)
  );
}

function isCounts(value: unknown): boolean {
  return isRecord(value) && isCount(value.faces) && isCount(value.covered) && isCount(value.held) && onlyKeys(value, COUNTS_KEY_SET);
}

function isPurged(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const days = value.retentionDays;
  return (
    isPositiveInt(value.count) &&
    isPositiveInt(value.fromSeq) &&
    isPositiveInt(value.toSeq) &&
    isHex64(value.lastHash) &&
    typeof days === 'number' &&
    Number.isFinite(days) &&
    days > 0 &&
    isIsoTime(value.before) &&
    onlyKeys(value, PURGED_KEY_SET)
  );
}

const KINDS: ReadonlySet<unknown> = new Set(AUDIT_KINDS);
const VERDICT_SET: ReadonlySet<unknown> = new Set(VERDICTS);

/** True: AuditEntrySchema accepts `value` (false: it may or may not; ask zod). */
export function isAuditEntry(value: unknown): value is AuditEntry {
  if (!FAST_PATH_AVAILABLE || !isRecord(value)) return false;
  const mode = value.mode;
  if (
    !isPositiveInt(value.seq) ||
    !isIsoTime(value.at) ||
    !KINDS.has(value.kind) ||
    typeof value.staff !== 'string' ||
    typeof value.origin !== 'string' ||
    typeof value.channel !== 'string' ||
    (mode !== 'detect' && mode !== 'recognize') ||
    !isStringArray(value.pupilIds, true) ||
    !isHex64(value.prevHash) ||
    !isHex64(value.hash)
  ) {
    return false;
  }
  // Optional members: absent or undefined is fine, as for zod's .optional().
  const verdict = value.verdict;
  if (verdict !== undefined && !VERDICT_SET.has(verdict)) return false;
  const faces = value.faces;
  if (faces !== undefined) {
    if (!Array.isArray(faces)) return false;
    for (let i = 0; i < faces.length; i++) if (!isFace(faces[i])) return false;
  }
  const counts = value.counts;
  if (counts !== undefined && !isCounts(counts)) return false;
  const original = value.originalSha256;
  if (original !== undefined && !isHex64(original)) return false;
  const released = value.releasedSha256;
  if (released !== undefined && !isHex64(released)) return false;
  const reasons = value.reasons;
  if (reasons !== undefined && !isStringArray(reasons, false)) return false;
  const overrideReason = value.overrideReason;
  if (overrideReason !== undefined && typeof overrideReason !== 'string') return false;
  const detail = value.detail;
  if (detail !== undefined && typeof detail !== 'string') return false;
  const purged = value.purged;
  if (purged !== undefined && !isPurged(purged)) return false;
  return onlyKeys(value, ENTRY_KEY_SET);
}

/** JSON.stringify of a string, without the call for the usual text that needs no escaping. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
function str(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function strArray(values: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) out += (i === 0 ? '' : ',') + str(values[i]!);
  return out + ']';
}

/**
 * canonicalJson(entry without hash) for an entry `isAuditEntry` accepted. Keys in JS default sort order (UTF-16 code
 * units), as canonicalJson sorts them:
 *   entry:  at channel counts detail faces kind mode origin originalSha256 overrideReason prevHash pupilIds purged
 *           reasons releasedSha256 seq staff verdict
 *   face:   index pupilId reason status
 *   counts: covered faces held
 *   purged: before count fromSeq lastHash retentionDays toSeq
 * Numbers are finite (checked), so String(n) is JSON.stringify(n) (both write -0 as 0).
 */
export function entryCanonicalJson(e: AuditEntry): string {
  let out = `{"at":${str(e.at)},"channel":${str(e.channel)}`;
  const counts = e.counts;
  if (counts !== undefined) {
    out += `,"counts":{"covered":${counts.covered},"faces":${counts.faces},"held":${counts.held}}`;
  }
  if (e.detail !== undefined) out += `,"detail":${str(e.detail)}`;
  const faces = e.faces;
  if (faces !== undefined) {
    out += ',"faces":[';
    for (let i = 0; i < faces.length; i++) {
      const f = faces[i]!;
      out +=
        `${i === 0 ? '' : ','}{"index":${f.index},"pupilId":${f.pupilId === null ? 'null' : str(f.pupilId)}` +
        `,"reason":${f.reason === null ? 'null' : str(f.reason)},"status":"${f.status}"}`;
    }
    out += ']';
  }
  out += `,"kind":"${e.kind}","mode":"${e.mode}","origin":${str(e.origin)}`;
  if (e.originalSha256 !== undefined) out += `,"originalSha256":"${e.originalSha256}"`;
  if (e.overrideReason !== undefined) out += `,"overrideReason":${str(e.overrideReason)}`;
  out += `,"prevHash":"${e.prevHash}","pupilIds":${strArray(e.pupilIds)}`;
  const purged = e.purged;
  if (purged !== undefined) {
    out +=
      `,"purged":{"before":"${purged.before}","count":${purged.count},"fromSeq":${purged.fromSeq}` +
      `,"lastHash":"${purged.lastHash}","retentionDays":${purged.retentionDays},"toSeq":${purged.toSeq}}`;
  }
  if (e.reasons !== undefined) out += `,"reasons":${strArray(e.reasons)}`;
  if (e.releasedSha256 !== undefined) out += `,"releasedSha256":"${e.releasedSha256}"`;
  out += `,"seq":${e.seq},"staff":${str(e.staff)}`;
  if (e.verdict !== undefined) out += `,"verdict":"${e.verdict}"`;
  return out + '}';
}
