/**
 * Retention as the background runs it: the policy's logRetentionDays decides what goes, the purge is recorded in
 * the log, a broken chain or invalid settings purge nothing, and the daily alarm is set once.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openAuditStore, type AuditData } from '../../../src/audit';
import { DEFAULT_SETTINGS } from '../../../src/settings/schema';

vi.stubGlobal('navigator', { language: 'en-GB', userAgent: 'Node.js' });
vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));

const { applyRetention, scheduleRetention, RETENTION_ALARM } = await import('../../../src/gate/retention');

let n = 0;
const item = (at: string): AuditData => ({ at, kind: 'verdict', staff: 'juf Anna', origin: 'https://school.example', channel: 'website', mode: 'detect', verdict: 'released', pupilIds: ['2001'] });

async function freshLog() {
  const store = await openAuditStore({ name: `retention-${++n}` });
  return { store, open: async () => store };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, logRetentionDays: 30 } });
});

describe('log retention in the background', () => {
  it('purges entries older than the policy allows and records the purge; the chain still verifies', async () => {
    const { store, open } = await freshLog();
    for (const at of ['2026-09-01T08:00:00.000Z', '2026-09-20T08:00:00.000Z', '2026-11-01T08:00:00.000Z']) await store.append(item(at));
    const outcome = await applyRetention(new Date('2026-11-23T12:00:00Z'), open);
    expect(outcome).toEqual({ ok: true, purged: 2, retentionDays: 30 });
    const { entries } = await store.all();
    expect(entries.map((e) => e.kind)).toEqual(['verdict', 'retention']);
    expect(entries[1]!.purged).toMatchObject({ count: 2, fromSeq: 1, toSeq: 2, retentionDays: 30 });
    expect(await store.verify()).toMatchObject({ ok: true });
    // Run again the same day: nothing more to purge, nothing recorded.
    expect(await applyRetention(new Date('2026-11-23T13:00:00Z'), open)).toEqual({ ok: true, purged: 0, retentionDays: 30 });
    expect(await store.count()).toBe(2);
  });

  it('uses the default of one year when the policy says nothing else', async () => {
    await fakeBrowser.storage.local.set({ settings: DEFAULT_SETTINGS });
    const { store, open } = await freshLog();
    await store.append(item('2025-11-01T08:00:00.000Z'));
    await store.append(item('2026-01-01T08:00:00.000Z'));
    expect(await applyRetention(new Date('2026-11-23T12:00:00Z'), open)).toEqual({ ok: true, purged: 1, retentionDays: 365 });
  });

  it('purges nothing when the settings are invalid', async () => {
    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, logRetentionDays: 'forever' } });
    const { store, open } = await freshLog();
    await store.append(item('2020-01-01T08:00:00.000Z'));
    const outcome = await applyRetention(new Date('2026-11-23T12:00:00Z'), open);
    expect(outcome.ok).toBe(false);
    expect(await store.count()).toBe(1);
  });

  it('purges nothing from a broken chain and says why', async () => {
    const { store, open } = await freshLog();
    await store.append(item('2020-01-01T08:00:00.000Z'));
    await store.append(item('2020-02-01T08:00:00.000Z'));
    // Tamper with the first entry behind the store's back.
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(`retention-${n}`);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('entries', 'readwrite');
      const s = tx.objectStore('entries');
      const get = s.get(1);
      get.onsuccess = () => s.put({ ...get.result, staff: 'someone else' });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    const outcome = await applyRetention(new Date('2026-11-23T12:00:00Z'), open);
    expect(outcome).toMatchObject({ ok: false });
    expect(!outcome.ok && outcome.problem).toMatch(/seq 1, edited/);
    expect(await store.count()).toBe(2);
  });

  it('sets one daily alarm, once', async () => {
    scheduleRetention();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(RETENTION_ALARM)).toMatchObject({ periodInMinutes: 1440 }));
    scheduleRetention();
    await new Promise((r) => setTimeout(r, 20));
    expect((await fakeBrowser.alarms.getAll()).filter((a) => a.name === RETENTION_ALARM)).toHaveLength(1);
  });
});
