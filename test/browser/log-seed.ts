/**
 * Writing a log straight into the extension's audit database from one of its pages (tests and the bench): entries
 * built and hashed in Node, stored with the raw IndexedDB API in chunks (so 100,000 entries do not travel at once).
 */
import type { Page } from 'playwright-core';
import type { AuditEntry } from '../../src/audit';
import { AUDIT_DB_NAME, AUDIT_STORE_VERSION } from '../../src/audit';

export async function seedLog(page: Page, entries: readonly AuditEntry[], chunk = 5000): Promise<void> {
  for (let start = 0; start < entries.length; start += chunk) {
    await page.evaluate(
      async ({ name, version, records, clear }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open(name, version);
          req.onupgradeneeded = () => {
            req.result.createObjectStore('entries', { keyPath: 'seq' }).createIndex('at', 'at');
            req.result.createObjectStore('keys');
          };
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('entries', 'readwrite');
          const store = tx.objectStore('entries');
          if (clear) store.clear();
          for (const r of records) store.put(r);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { name: AUDIT_DB_NAME, version: AUDIT_STORE_VERSION, records: entries.slice(start, start + chunk), clear: start === 0 },
    );
  }
}

/** Every stored entry, read back the same way (tests check what the background wrote). */
export async function readLog(page: Page): Promise<AuditEntry[]> {
  return page.evaluate(async ({ name }) => {
    // Never create the database here: an empty one would stop the extension from creating its own stores.
    const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onupgradeneeded = () => req.transaction!.abort();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => (req.error?.name === 'AbortError' ? resolve(null) : reject(req.error));
    });
    if (db === null) return [];
    if (!db.objectStoreNames.contains('entries')) {
      db.close();
      return [];
    }
    const all = await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction('entries').objectStore('entries').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return all as AuditEntry[];
  }, { name: AUDIT_DB_NAME });
}
