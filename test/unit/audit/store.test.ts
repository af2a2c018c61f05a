import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditStore, signExport, verifyExport, type AuditStore } from '../../../src/audit';
import { IDBFactory } from '../store/fake-idb';
import { verdict } from './helpers';

const DB = 'consent-gate-audit';
let factory: IDBFactory;
let store: AuditStore;

beforeEach(async () => {
  factory = new IDBFactory();
  store = await openAuditStore({ indexedDB: factory });
});
afterEach(() => store.close());

async function reopen(): Promise<AuditStore> {
  store.close();
  store = await openAuditStore({ indexedDB: factory });
  return store;
}

/** Write a record straight into the audit database, bypassing the store (fake-idb.ts's helpers open "consent-gate"). */
async function rawPut(value: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(DB);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const tx = db.transaction('entries', 'readwrite');
  tx.objectStore('entries').put(value);
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('the audit store', () => {
  it('creates its database: entries keyed by seq with an at index, and keys', async () => {
    store.close();
    const db = await new Promise<IDBDatabase>((resolve) => {
      const req = factory.open(DB);
      req.onsuccess = () => resolve(req.result);
    });
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames]).toEqual(['entries', 'keys']);
    const tx = db.transaction('entries');
    expect(tx.objectStore('entries').keyPath).toBe('seq');
    expect([...tx.objectStore('entries').indexNames]).toEqual(['at']);
    db.close();
    await reopen();
  });

  it('needs an IndexedDB', async () => {
    await expect(openAuditStore()).rejects.toThrow(/IndexedDB is not available/);
  });

  it('appends a chain that survives reopening, reads ranges and verifies', async () => {
    for (let i = 0; i < 5; i++) await store.append(verdict(i * 10));
    await reopen();
    const e6 = await store.append(verdict(60, { kind: 'override', overrideReason: 'ok' }));
    expect(e6.seq).toBe(6);
    expect(await store.count()).toBe(6);
    const all = await store.all();
    expect(all.problems).toEqual([]);
    expect(all.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(e6.prevHash).toBe(all.entries[4]!.hash);
    const range = await store.range('2025-03-01T08:10:00Z', '2025-03-01T08:30:00Z');
    expect(range.entries.map((e) => e.seq)).toEqual([2, 3]);
    expect((await store.latest(3)).entries.map((e) => e.seq)).toEqual([6, 5, 4]);
    expect((await store.latest(100)).entries).toHaveLength(6);
    expect(await store.verify()).toEqual({ ok: true, count: 6, since: '2025-03-01T08:00:00.000Z' });
  });

  it('appends made at the same time get consecutive seqs', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.append(verdict(i))));
    expect((await store.all()).entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await store.verify()).toMatchObject({ ok: true, count: 8 });
  });

  it('an invalid stored record is reported, kept, and fails verify at its seq', async () => {
    for (let i = 0; i < 4; i++) await store.append(verdict(i));
    const { entries } = await store.all();
    await rawPut({ ...entries[1]!, faces: 'not a list' });
    const read = await store.all();
    expect(read.entries.map((e) => e.seq)).toEqual([1, 3, 4]);
    expect(read.problems).toEqual([{ seq: 2, message: expect.stringMatching(/faces/) }]);
    expect(await store.verify()).toMatchObject({ ok: false, brokenAt: 2, problem: 'invalid' });
    expect(await store.count()).toBe(4);
    await expect(store.purge(1, '2026-01-01T00:00:00Z')).rejects.toThrow(/does not verify.*seq 2/);
  });

  it('an edited stored record fails verify; the last one invalid refuses appends', async () => {
    for (let i = 0; i < 3; i++) await store.append(verdict(i));
    const { entries } = await store.all();
    await rawPut({ ...entries[0]!, staff: 'iemand' });
    expect(await store.verify()).toMatchObject({ ok: false, brokenAt: 1, problem: 'edited' });
    await rawPut({ ...entries[2]!, hash: 'nope' });
    await expect(store.append(verdict(9))).rejects.toThrow(/seq 3.*not valid/);
    expect(await store.count()).toBe(3);
  });

  it('purges old entries with a retention entry; the chain still verifies', async () => {
    const day = 24 * 60;
    for (const d of [0, 1, 2, 50, 51]) await store.append(verdict(d * day));
    const result = await store.purge(30, '2025-04-25T00:00:00Z');
    expect(result.purged).toBe(3);
    expect(result.entry).toMatchObject({ seq: 6, kind: 'retention', purged: { count: 3, fromSeq: 1, toSeq: 3 } });
    expect((await store.all()).entries.map((e) => e.seq)).toEqual([4, 5, 6]);
    expect(await store.verify()).toMatchObject({ ok: true, count: 3 });
    expect(await store.purge(30, '2025-04-25T00:00:00Z')).toEqual({ purged: 0, entry: null });
    await store.append(verdict(52 * day));
    expect(await store.verify()).toMatchObject({ ok: true, count: 4 });
  });

  it('keeps one non-extractable key pair, and an export of the store verifies', async () => {
    const key = await store.keyPair();
    expect(key.privateKey.extractable).toBe(false);
    await reopen();
    const again = await store.keyPair();
    const jwk = async (k: CryptoKey) => crypto.subtle.exportKey('jwk', k);
    expect(await jwk(again.publicKey)).toEqual(await jwk(key.publicKey));
    await expect(crypto.subtle.exportKey('jwk', again.privateKey)).rejects.toThrow();
    const [p1, p2] = await Promise.all([store.keyPair(), store.keyPair()]);
    expect(await jwk(p1.publicKey)).toEqual(await jwk(p2.publicKey));

    for (let i = 0; i < 3; i++) await store.append(verdict(i));
    const file = await signExport((await store.all()).entries, again);
    expect(await verifyExport(JSON.parse(JSON.stringify(file)))).toMatchObject({ ok: true, count: 3 });
  });
});
