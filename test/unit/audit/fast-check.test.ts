import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeZodError } from '../../../src/store/records';
import { AuditEntrySchema, buildChain, canonicalJson, GENESIS_HASH, verifyChain, type AuditEntry, type ChainResult } from '../../../src/audit';
import { entryCanonicalJson, FAST_PATH_AVAILABLE, isAuditEntry } from '../../../src/audit/fast-check';
import { sha256HexSync } from '../../../src/audit/sha256';
import { verdict } from './helpers';

const HASH = (n: number) => createHash('sha256').update(String(n)).digest('hex');

/** A valid entry of every shape: all optional members, none, a retention entry. */
function samples(): AuditEntry[] {
  const full: AuditEntry = {
    ...verdict(0),
    seq: 7,
    prevHash: HASH(1),
    hash: HASH(2),
    detail: 'detail',
    overrideReason: 'parent agreed',
  } as AuditEntry;
  const minimal: AuditEntry = { seq: 1, at: '2025-03-01T08:00:00.000Z', kind: 'blocked', staff: '', origin: '', channel: '', mode: 'detect', pupilIds: [], prevHash: GENESIS_HASH, hash: HASH(3) };
  const retention: AuditEntry = {
    seq: 12,
    at: '2024-02-29T23:59:59.999Z',
    kind: 'retention',
    staff: 'consent-gate',
    origin: '',
    channel: '',
    mode: 'detect',
    pupilIds: [],
    detail: '3 entries older than 30 days removed (seq 1–3)',
    purged: { count: 3, fromSeq: 1, toSeq: 3, lastHash: HASH(4), retentionDays: 30, before: '2025-01-30T08:00:00.000Z' },
    prevHash: HASH(5),
    hash: HASH(6),
  };
  return [full, minimal, retention];
}

const ODD_VALUES: unknown[] = [
  undefined, null, 0, -0, 1, -1, 1.5, 2 ** 53, -(2 ** 53), NaN, Infinity, -Infinity, '', 'x', ' ', [], [''], ['a'], [1], {}, true, false,
  'a'.repeat(64), 'A'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), `${'a'.repeat(63)}g`, `${'a'.repeat(64)}\n`,
  '2025-03-01T08:00:00.000Z', '2025-03-01T08:00:00Z', '2025-03-01T08:00:00.0000Z', '2025-03-01T08:00:00.00Z', '2025-03-01T08:00:00.000+01:00',
  '2025-02-29T08:00:00.000Z', '2024-02-29T08:00:00.000Z', '2025-13-01T08:00:00.000Z', '2025-03-01T24:00:00.000Z', '2025-03-01 08:00:00.000Z',
  'verdict', 'retention', 'released', 'ok', 'cover', 'hold', 'detect', 'recognize', 'nonsense', new Date(0), Object.create(null),
];

/** Every value with one member changed: removed, set to an odd value, an extra key; at each level of nesting. */
function mutations(entry: AuditEntry): unknown[] {
  const out: unknown[] = [];
  const record = entry as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(record), 'verdict', 'faces', 'counts', 'originalSha256', 'releasedSha256', 'reasons', 'overrideReason', 'detail', 'purged'])];
  for (const key of keys) {
    const { [key]: _gone, ...without } = record;
    out.push(without);
    for (const v of ODD_VALUES) out.push({ ...record, [key]: v });
  }
  out.push({ ...record, image: 'data:' }, { ...record, extra: undefined }, JSON.parse(`{"__proto__": 1, ${JSON.stringify(record).slice(1)}`));
  const nested: [string, Record<string, unknown>][] = [];
  if (entry.faces?.[0]) nested.push(['faces', entry.faces[0] as unknown as Record<string, unknown>]);
  if (entry.counts) nested.push(['counts', entry.counts as unknown as Record<string, unknown>]);
  if (entry.purged) nested.push(['purged', entry.purged as unknown as Record<string, unknown>]);
  for (const [name, inner] of nested) {
    const put = (value: unknown) => (name === 'faces' ? { ...record, faces: [value, ...(entry.faces ?? []).slice(1)] } : { ...record, [name]: value });
    for (const key of Object.keys(inner)) {
      const { [key]: _gone, ...without } = inner;
      out.push(put(without));
      for (const v of ODD_VALUES) out.push(put({ ...inner, [key]: v }));
    }
    out.push(put({ ...inner, extra: 1 }), put({ ...inner, extra: undefined }));
  }
  for (const arrayKey of ['pupilIds', 'reasons', 'faces']) {
    const arr = record[arrayKey];
    if (!Array.isArray(arr)) continue;
    for (const v of ODD_VALUES) out.push({ ...record, [arrayKey]: [...arr, v] });
    const holes: unknown[] = [...arr];
    holes.length += 1;
    out.push({ ...record, [arrayKey]: holes });
  }
  return out;
}

describe('isAuditEntry (the fast schema check)', () => {
  it('is in use for the current schema', () => {
    expect(FAST_PATH_AVAILABLE).toBe(true);
  });
  it('accepts the valid entries and agrees with AuditEntrySchema on every mutated one', () => {
    let accepted = 0;
    let checked = 0;
    for (const entry of samples()) {
      expect(isAuditEntry(entry)).toBe(true);
      for (const value of mutations(entry)) {
        const zod = AuditEntrySchema.safeParse(value).success;
        const fast = isAuditEntry(value);
        if (fast !== zod) expect.fail(`fast ${fast}, zod ${zod} for ${JSON.stringify(value)}`);
        checked++;
        if (fast) accepted++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
    expect(accepted).toBeGreaterThan(50);
  });
  it('agrees with zod on values that are not objects, and on objects without a plain prototype', () => {
    for (const value of [...ODD_VALUES, [samples()[0]]]) expect(isAuditEntry(value)).toBe(AuditEntrySchema.safeParse(value).success);
    const bare = Object.assign(Object.create(null) as object, samples()[1]);
    expect(isAuditEntry(bare)).toBe(AuditEntrySchema.safeParse(bare).success);
    const inherited = Object.assign(Object.create({ image: 'x' }) as object, samples()[1]);
    expect(isAuditEntry(inherited)).toBe(false);
    expect(AuditEntrySchema.safeParse(inherited).success).toBe(false);
  });
});

describe('entryCanonicalJson (the fast serializer)', () => {
  const texts = ['', 'plain', 'quote " and \\ backslash', 'Zoë ✓ 😀 中文', 'line\nbreak\ttab\r\u0000\u001f\u007f', '\u2028\u2029', 'lone \ud800 high', 'lone \udc00 low', '</script>', '{"json":[1]}'];
  function variants(): AuditEntry[] {
    const out: AuditEntry[] = [];
    const [full, minimal, retention] = samples() as [AuditEntry, AuditEntry, AuditEntry];
    const optional = ['verdict', 'faces', 'counts', 'originalSha256', 'releasedSha256', 'reasons', 'overrideReason', 'detail'] as const;
    // every subset of the optional members (absent, and present as undefined)
    for (let mask = 0; mask < 1 << optional.length; mask++) {
      const e: Record<string, unknown> = { ...full };
      optional.forEach((key, bit) => {
        if (mask & (1 << bit)) {
          if (bit % 2) delete e[key];
          else e[key] = undefined;
        }
      });
      out.push(e as unknown as AuditEntry);
    }
    for (const t of texts) {
      out.push({ ...full, staff: t, origin: t, channel: t, detail: t, overrideReason: t, reasons: [t, t], pupilIds: t === '' ? [] : [t] });
      out.push({ ...full, faces: [{ index: 0, status: 'hold', reason: t, pupilId: t === '' ? null : t }] });
    }
    out.push({ ...full, faces: [], pupilIds: [], reasons: [] }, minimal, retention);
    out.push({ ...retention, purged: { ...retention.purged!, retentionDays: 0.5 } }, { ...retention, purged: { ...retention.purged!, retentionDays: 1e21 } });
    out.push({ ...full, seq: Number.MAX_SAFE_INTEGER, faces: [{ index: -0, status: 'ok', reason: null, pupilId: null }], counts: { faces: -0, covered: 0, held: Number.MAX_SAFE_INTEGER } });
    return out;
  }
  it('writes exactly canonicalJson of the entry without hash', () => {
    const all = variants();
    expect(all.length).toBeGreaterThan(270);
    for (const entry of all) {
      expect(isAuditEntry(entry)).toBe(true);
      const { hash: _h, ...rest } = entry;
      expect(entryCanonicalJson(entry)).toBe(canonicalJson(rest));
      // and the same after zod's copy
      const parsed = AuditEntrySchema.parse(entry);
      const { hash: _h2, ...parsedRest } = parsed;
      expect(entryCanonicalJson(entry)).toBe(canonicalJson(parsedRest));
    }
  });
});

/** verifyChain as it was before the fast path: zod for every entry, canonicalJson, node:crypto. */
function referenceVerify(entries: readonly unknown[]): ChainResult {
  const parsed = entries.map((raw) => AuditEntrySchema.safeParse(raw));
  const valid = parsed.map((p) => (p.success ? p.data : null));
  const hashes = valid.map((e) => {
    if (e === null) return null;
    const { hash: _h, ...rest } = e;
    return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
  });
  const seqCount = new Map<number, number>();
  const purges = new Map<number, string>();
  for (const e of valid) {
    if (e === null) continue;
    seqCount.set(e.seq, (seqCount.get(e.seq) ?? 0) + 1);
    if (e.kind === 'retention' && e.purged !== undefined) purges.set(e.purged.toSeq, e.purged.lastHash);
  }
  const range = (a: number, b: number) => (a === b ? `seq ${a}` : `seq ${a}–${b}`);
  let prev: AuditEntry | null = null;
  for (let i = 0; i < entries.length; i++) {
    const r = parsed[i]!;
    if (!r.success) {
      const raw = entries[i];
      const s = typeof raw === 'object' && raw !== null ? (raw as { seq?: unknown }).seq : undefined;
      const seq = typeof s === 'number' && Number.isInteger(s) ? s : prev === null ? 1 : prev.seq + 1;
      return { ok: false, brokenAt: seq, problem: 'invalid', message: `entries[${i}] (seq ${seq}) is not a valid log entry: ${describeZodError(r.error)}` };
    }
    const e = r.data;
    const where = `entries[${i}] (seq ${e.seq})`;
    if (hashes[i] !== e.hash) return { ok: false, brokenAt: e.seq, problem: 'edited', message: `${where}: the contents do not match its hash; it was changed after it was written` };
    if (prev === null) {
      if (e.seq === 1) {
        if (e.prevHash !== GENESIS_HASH) return { ok: false, brokenAt: 1, problem: 'deleted', message: `${where}: seq 1 should start the chain (prevHash of 64 zeros) but follows another entry` };
      } else if (purges.get(e.seq - 1) !== e.prevHash) {
        return { ok: false, brokenAt: e.seq, problem: 'deleted', message: `${where}: the log starts here, but no retention entry accounts for ${range(1, e.seq - 1)}; they are missing` };
      }
    } else {
      const expected = prev.seq + 1;
      if (e.seq !== expected) {
        if (e.seq <= prev.seq || (seqCount.get(expected) ?? 0) > 0) {
          return { ok: false, brokenAt: e.seq, problem: 'reordered', message: `${where} comes after seq ${prev.seq}; the entries are out of order (seq ${expected} expected here)` };
        }
        return { ok: false, brokenAt: e.seq, problem: 'deleted', message: `${where} comes after seq ${prev.seq}: ${range(expected, e.seq - 1)} missing` };
      }
      if (e.prevHash !== prev.hash) {
        return { ok: false, brokenAt: e.seq, problem: 'deleted', message: `${where} does not follow the entry before it (prevHash is not seq ${prev.seq}'s hash); an entry was removed or replaced` };
      }
    }
    prev = e;
  }
  const first = valid[0] ?? null;
  return { ok: true, count: entries.length, since: first === null ? null : first.at };
}

/** A chain built synchronously (the fast serializer and hash, checked above), for long chains in a test. */
function quickChain(count: number, start = 1, prevHash = GENESIS_HASH): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = prevHash;
  for (let i = 0; i < count; i++) {
    const data = verdict(i, i % 5 === 0 ? { detail: `note ${i} "ë"`, verdict: 'held' } : {});
    const unhashed = { ...data, seq: start + i, prevHash: prev, hash: '' } as AuditEntry;
    const entry = { ...unhashed, hash: sha256HexSync(entryCanonicalJson(unhashed)) };
    out.push(entry);
    prev = entry.hash;
  }
  return out;
}

describe('verifyChain with the fast path', () => {
  it('gives the same result as the zod-only reference for valid, edited, reordered, deleted and invalid chains', async () => {
    const chain = await buildChain(Array.from({ length: 12 }, (_, i) => verdict(i, i % 3 === 0 ? { detail: 'Zoë "x"\n' } : {})));
    const cases: unknown[][] = [chain, [], chain.slice(0, 1), chain.slice(4)];
    const edits: ((c: unknown[]) => void)[] = [
      (c) => (c[3] = { ...(c[3] as AuditEntry), staff: 'other' }),
      (c) => (c[3] = { ...(c[3] as AuditEntry), image: 'x' }),
      (c) => (c[3] = { ...(c[3] as AuditEntry), seq: 1.5 }),
      (c) => (c[3] = { ...(c[3] as AuditEntry), seq: -4, at: 'yesterday' }),
      (c) => (c[3] = { ...(c[3] as AuditEntry), hash: 'A'.repeat(64) }),
      (c) => (c[0] = 'not an entry'),
      (c) => (c[5] = null),
      (c) => c.splice(5, 1),
      (c) => c.splice(5, 0, c[2]),
      (c) => ([c[5], c[6]] = [c[6], c[5]]),
      (c) => (c[0] = { ...(c[0] as AuditEntry), verdict: undefined }),
      (c) => (c[7] = Object.assign(Object.create(null) as object, c[7])),
      (c) => (c[2] = { ...(c[2] as AuditEntry), faces: [{ index: 0, status: 'ok', reason: null, pupilId: '' }] }),
    ];
    for (const edit of edits) {
      const c: unknown[] = [...chain];
      edit(c);
      cases.push(c);
    }
    for (const c of cases) expect(await verifyChain(c)).toEqual(referenceVerify(c));
  });
  it('verifies a chain that starts after a retention entry, as the reference does', async () => {
    const head = quickChain(5);
    const tail = quickChain(3, 6, head[4]!.hash);
    const retentionData = { ...samples()[2]!, seq: 9, prevHash: tail[2]!.hash, purged: { ...samples()[2]!.purged!, toSeq: 5, lastHash: head[4]!.hash } };
    const retention = { ...retentionData, hash: sha256HexSync(entryCanonicalJson(retentionData)) };
    for (const c of [[...tail, retention], tail, [retention]]) expect(await verifyChain(c)).toEqual(referenceVerify(c));
    expect(await verifyChain([...tail, retention])).toMatchObject({ ok: true, count: 4 });
  });
  it('pauses during a long chain, so a page stays responsive, and finds a problem near the end', async () => {
    const chain = quickChain(30_000);
    let ticked = false;
    setTimeout(() => (ticked = true), 0);
    expect(await verifyChain(chain)).toEqual({ ok: true, count: 30_000, since: chain[0]!.at });
    expect(ticked).toBe(true);
    const edited = [...chain];
    edited[29_990] = { ...chain[29_990]!, channel: 'social' };
    expect(await verifyChain(edited)).toMatchObject({ ok: false, brokenAt: 29_991, problem: 'edited' });
  }, 30_000);
});
