import { describe, expect, it } from 'vitest';
import {
  appendEntry,
  buildChain,
  canonicalJson,
  entryHash,
  filterEntries,
  GENESIS_HASH,
  planRetention,
  sha256Hex,
  verifyChain,
  type AuditEntry,
} from '../../../src/audit';
import { verdict } from './helpers';

const ten = () => buildChain(Array.from({ length: 10 }, (_, i) => verdict(i)));

describe('canonicalJson and hashing', () => {
  it('sorts keys recursively, no whitespace, leaves undefined out', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 'x', y: null }], c: undefined } })).toBe('{"a":{"d":[1,{"y":null,"z":"x"}]},"b":1}');
  });
  it('sha256Hex is SHA-256', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('building a chain', () => {
  it('numbers from 1 without gaps and links each entry to the one before', async () => {
    const chain = await ten();
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    for (const e of chain) expect(await entryHash(e)).toBe(e.hash);
    expect(await verifyChain(chain)).toEqual({ ok: true, count: 10, since: chain[0]!.at });
  });
  it('an empty chain verifies', async () => {
    expect(await verifyChain([])).toEqual({ ok: true, count: 0, since: null });
  });
  it('refuses data that would not read back (a name instead of ids is not possible: no such field)', async () => {
    await expect(appendEntry(null, { ...verdict(0), pupilIds: [''] })).rejects.toThrow(/pupilIds\[0\]/);
    await expect(appendEntry(null, { ...verdict(0), name: 'Lotte' } as never)).rejects.toThrow(/name/);
    await expect(appendEntry(null, { ...verdict(0), at: 'yesterday' })).rejects.toThrow(/not a valid date/);
  });
  it('normalises at to UTC with milliseconds', async () => {
    const e = await appendEntry(null, { ...verdict(0), at: '2025-03-01T09:00:00+01:00' });
    expect(e.at).toBe('2025-03-01T08:00:00.000Z');
  });
});

describe('verifyChain finds tampering at the right seq', () => {
  it('an edited entry', async () => {
    const chain = await ten();
    chain[4] = { ...chain[4]!, verdict: 'released' };
    expect(await verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 5, problem: 'edited' });
  });
  it('an edited entry whose hash was recomputed breaks the next link', async () => {
    const chain = await ten();
    const { hash: _h, ...rest } = { ...chain[4]!, staff: 'someone.else' };
    chain[4] = { ...rest, hash: await entryHash(rest) };
    expect(await verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 6, problem: 'deleted' });
  });
  it('a deleted entry in the middle', async () => {
    const chain = await ten();
    chain.splice(6, 1); // seq 7
    const result = await verifyChain(chain);
    expect(result).toMatchObject({ ok: false, brokenAt: 8, problem: 'deleted' });
    expect(!result.ok && result.message).toMatch(/seq 7 missing/);
  });
  it('deleted entries at the start', async () => {
    const chain = (await ten()).slice(3);
    expect(await verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 4, problem: 'deleted' });
  });
  it('a deleted last entry cannot be seen from the chain alone (the signed export covers it)', async () => {
    expect(await verifyChain((await ten()).slice(0, 9))).toMatchObject({ ok: true, count: 9 });
  });
  it('deleted and renumbered', async () => {
    const chain = await ten();
    const tail = chain.slice(5).map((e) => ({ ...e, seq: e.seq - 1 }));
    const result = await verifyChain([...chain.slice(0, 4), ...tail]);
    expect(result).toMatchObject({ ok: false, brokenAt: 5, problem: 'edited' });
  });
  it('two entries swapped', async () => {
    const chain = await ten();
    [chain[5], chain[6]] = [chain[6]!, chain[5]!];
    const result = await verifyChain(chain);
    expect(result).toMatchObject({ ok: false, brokenAt: 7, problem: 'reordered' });
    expect(!result.ok && result.message).toMatch(/seq 6 expected/);
  });
  it('an entry repeated', async () => {
    const chain = await ten();
    chain.splice(3, 0, chain[1]!);
    expect(await verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 2, problem: 'reordered' });
  });
  it('an invalid entry (extra field, bad hash form) at its seq', async () => {
    const chain: unknown[] = await ten();
    chain[2] = { ...(chain[2] as AuditEntry), image: 'data:image/png;base64,AAAA' };
    const result = await verifyChain(chain);
    expect(result).toMatchObject({ ok: false, brokenAt: 3, problem: 'invalid' });
    expect(!result.ok && result.message).toMatch(/image/);
  });
});

describe('retention', () => {
  it('purges the oldest entries and the chain still verifies with the retention entry', async () => {
    const days = (n: number) => n * 24 * 60;
    const chain = await buildChain([0, 1, 2, 40, 41, 50].map((d) => verdict(days(d))));
    const now = new Date(Date.UTC(2025, 2, 1, 8, 0) + days(60) * 60_000);
    const plan = planRetention(chain, now, 30);
    expect(plan.purge.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(plan.entry).toMatchObject({ kind: 'retention', purged: { count: 3, fromSeq: 1, toSeq: 3, lastHash: chain[2]!.hash, retentionDays: 30 } });
    const rest = chain.slice(3);
    const after = [...rest, await appendEntry(rest[rest.length - 1]!, plan.entry!)];
    expect(await verifyChain(after)).toEqual({ ok: true, count: 4, since: chain[3]!.at });
    // Without the retention entry the same start is a deletion.
    expect(await verifyChain(rest)).toMatchObject({ ok: false, brokenAt: 4, problem: 'deleted' });

    // A second purge removes the first retention entry too; the new one accounts for everything.
    const later = new Date(now.getTime() + days(100) * 60_000);
    const plan2 = planRetention(after, later, 30);
    expect(plan2.purge).toHaveLength(4);
    const only = await appendEntry(after[after.length - 1]!, plan2.entry!);
    expect(only).toMatchObject({ seq: 8, kind: 'retention', prevHash: after[3]!.hash, purged: { fromSeq: 4, toSeq: 7, count: 4 } });
    expect(await verifyChain([only])).toMatchObject({ ok: true, count: 1 });
  });
  it('nothing to purge: no entry', async () => {
    const chain = await ten();
    expect(planRetention(chain, '2025-03-02T00:00:00Z', 30)).toMatchObject({ purge: [], entry: null });
    expect(() => planRetention(chain, '2025-03-02T00:00:00Z', 0)).toThrow(/retentionDays/);
  });
});

describe('filterEntries', () => {
  it('filters by time range, channel, verdict and pupil together', async () => {
    const chain = await buildChain([
      verdict(0),
      verdict(10, { channel: 'social' }),
      verdict(20, { verdict: 'released', pupilIds: ['2001'] }),
      verdict(30, { pupilIds: ['2003'] }),
      verdict(40),
      verdict(50),
    ]);
    const hits = filterEntries(chain, { from: chain[0]!.at, to: chain[4]!.at, channel: 'website', verdict: 'covered', pupilId: '2002' });
    expect(hits.map((e) => e.seq)).toEqual([1]);
    expect(filterEntries(chain, { from: chain[1]!.at, to: chain[5]!.at }).map((e) => e.seq)).toEqual([2, 3, 4, 5]);
  });
});
