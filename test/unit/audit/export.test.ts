import { describe, expect, it } from 'vitest';
import { buildChain, csvField, entryHash, mergeExports, signExport, toCsv, verifyExport, type AuditEntry } from '../../../src/audit';
import { verdict } from './helpers';

const pair = () => crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']) as Promise<CryptoKeyPair>;
const NOW = '2025-04-01T12:00:00.000Z';

describe('CSV', () => {
  it('quotes per RFC 4180 and guards formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(12)).toBe('12');
    expect(csvField(undefined)).toBe('');
  });
  it('one row per entry, names for ids when given', async () => {
    const chain = await buildChain([verdict(0, { detail: 'groep 5, "schoolreis"' }), verdict(1, { kind: 'override', overrideReason: 'ouder, akkoord\nper mail' })]);
    const csv = toCsv(chain, (id) => ({ '2001': 'Lotte van der Meer' })[id]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^seq,at,kind,staff/);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines[1]).toContain('Lotte van der Meer (2001); 2002');
    expect(lines[1]).toContain('"groep 5, ""schoolreis"""');
    expect(csv).toContain('"ouder, akkoord\nper mail"');
    expect(toCsv([])).toBe(`${lines[0]}\r\n`);
  });
});

describe('signed export', () => {
  it('round trip: everything comes back, signature and chain check', async () => {
    const chain = await buildChain(Array.from({ length: 20 }, (_, i) => verdict(i, i % 3 === 0 ? { kind: 'override', overrideReason: 'toestemming per mail' } : {})));
    const file = await signExport(chain, await pair(), { now: NOW });
    expect(file).toMatchObject({ format: 'consent-gate-log', version: 1, exportedAt: NOW, publicKey: { kty: 'EC', crv: 'P-256' } });
    expect(file.browserId).toMatch(/^[0-9a-f]{32}$/);
    const text = JSON.stringify(file);
    const result = await verifyExport(JSON.parse(text));
    expect(result).toMatchObject({ ok: true, count: 20, since: chain[0]!.at });
    expect(result.ok && result.file.entries).toEqual(chain);
    expect(await verifyExport(text)).toMatchObject({ ok: true });
  });

  it('rejects malformed files naming the field', async () => {
    const file = await signExport(await buildChain([verdict(0), verdict(1)]), await pair(), { now: NOW });
    expect(await verifyExport('{not json')).toMatchObject({ ok: false, stage: 'format', errors: [expect.stringMatching(/^not JSON/)] });
    expect(await verifyExport(42)).toMatchObject({ ok: false, stage: 'format' });
    const badHash = structuredClone(file) as { entries: { hash: string }[] };
    badHash.entries[1]!.hash = 'xyz';
    const r = await verifyExport(badHash);
    expect(r).toMatchObject({ ok: false, stage: 'format' });
    expect(!r.ok && r.errors.join('\n')).toMatch(/^entries\[1\]\.hash: /m);
    const { signature: _s, ...unsigned } = file;
    expect(await verifyExport(unsigned)).toMatchObject({ ok: false, errors: [expect.stringMatching(/^signature: /)] });
  });

  it('rejects a tampered file: signature does not match', async () => {
    const file = await signExport(await buildChain([verdict(0), verdict(1), verdict(2)]), await pair(), { now: NOW });
    const edited = structuredClone(file);
    edited.entries[1] = { ...edited.entries[1]!, verdict: 'released' };
    expect(await verifyExport(edited)).toMatchObject({ ok: false, stage: 'signature', errors: [expect.stringMatching(/^signature does not match/)] });
    expect(await verifyExport({ ...file, browserId: 'other' })).toMatchObject({ ok: false, stage: 'signature' });
    expect(await verifyExport({ ...file, entries: file.entries.slice(0, 2) })).toMatchObject({ ok: false, stage: 'signature' });
    // Re-signed with another key: the signature fits that key, the key is not this browser's.
    const other = await signExport(file.entries, await pair(), { now: NOW, browserId: file.browserId });
    expect(other.publicKey).not.toEqual(file.publicKey);
  });

  it('a validly signed but broken chain is reported at its seq', async () => {
    const chain = await buildChain([verdict(0), verdict(1), verdict(2), verdict(3)]);
    const file = await signExport([chain[0]!, chain[1]!, chain[3]!], await pair(), { now: NOW });
    const result = await verifyExport(file);
    expect(result).toMatchObject({ ok: false, stage: 'chain', chain: { brokenAt: 4, problem: 'deleted' } });
    expect(!result.ok && result.errors[0]).toMatch(/^chain broken at seq 4 \(deleted\)/);
  });
});

describe('mergeExports', () => {
  it('one view over several browsers, overlapping exports deduplicated, each chain state', async () => {
    const keyA = await pair();
    const keyB = await pair();
    const a = await buildChain(Array.from({ length: 6 }, (_, i) => verdict(i * 2)));
    const b = await buildChain(Array.from({ length: 3 }, (_, i) => verdict(i * 2 + 1, { staff: 'meester.bas' })));
    const a1 = await signExport(a.slice(0, 4), keyA, { now: NOW });
    const a2 = await signExport(a, keyA, { now: '2025-04-02T12:00:00.000Z' });
    const fileB = await signExport(b, keyB, { now: NOW });
    const tampered = { ...fileB, exportedAt: '2025-05-01T00:00:00.000Z' };
    // A browser whose chain lost an entry, still signed by itself.
    const keyC = await pair();
    const c = await buildChain([verdict(0), verdict(1), verdict(2)]);
    const fileC = await signExport([c[0]!, c[2]!], keyC, { now: NOW });

    const merged = await mergeExports([a1, fileB, a2, tampered, fileC]);
    expect(merged.rejected).toEqual([{ file: 3, errors: [expect.stringMatching(/signature does not match/)] }]);
    expect(merged.entries).toHaveLength(6 + 3 + 2);
    expect(merged.entries.slice(0, 3).map((e) => e.entry.at)).toEqual([a[0]!.at, c[0]!.at, b[0]!.at].sort());
    const byId = new Map(merged.browsers.map((x) => [x.browserId, x]));
    expect(byId.get(a1.browserId)).toMatchObject({ files: [0, 2], count: 6, exportedAt: '2025-04-02T12:00:00.000Z', chain: { ok: true, count: 6 } });
    expect(byId.get(fileB.browserId)).toMatchObject({ files: [1], count: 3, chain: { ok: true } });
    expect(byId.get(fileC.browserId)).toMatchObject({ chain: { ok: false, brokenAt: 3, problem: 'deleted' } });
  });

  it('two exports of one browser that disagree about a seq', async () => {
    const key = await pair();
    const chain = await buildChain([verdict(0), verdict(1)]);
    const { hash: _h, ...rest } = { ...chain[1]!, verdict: 'released' as const };
    const forged: AuditEntry = { ...rest, hash: await entryHash(rest) };
    const merged = await mergeExports([await signExport(chain, key, { now: NOW }), await signExport([chain[0]!, forged], key, { now: NOW })]);
    expect(merged.browsers[0]!.chain).toMatchObject({ ok: false, brokenAt: 2, problem: 'edited' });
  });
});
