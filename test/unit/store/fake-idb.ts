/**
 * Test support for the consent store: fake-indexeddb's classes as globals (idb checks `instanceof IDBRequest` and
 * friends) but no global `indexedDB`, so a test that forgets to pass its own fresh factory fails instead of sharing.
 */
import {
  IDBCursor,
  IDBCursorWithValue,
  IDBDatabase,
  IDBFactory,
  IDBIndex,
  IDBKeyRange,
  IDBObjectStore,
  IDBOpenDBRequest,
  IDBRequest,
  IDBTransaction,
  IDBVersionChangeEvent,
} from 'fake-indexeddb';
import type { Pupil, Roster } from '../../../src/consent/schema';

Object.assign(globalThis, {
  IDBCursor,
  IDBCursorWithValue,
  IDBDatabase,
  IDBIndex,
  IDBKeyRange,
  IDBObjectStore,
  IDBOpenDBRequest,
  IDBRequest,
  IDBTransaction,
  IDBVersionChangeEvent,
});

export { IDBFactory, IDBObjectStore };

export const DB = 'consent-gate';

/** A deterministic face descriptor (128 numbers). */
export function descriptor(seed: number): number[] {
  return Array.from({ length: 128 }, (_, i) => Math.round(Math.sin(seed * 131 + i) * 1e4) / 1e5);
}

export function pupil(id: string, overrides: Partial<Pupil> = {}): Pupil {
  return {
    id,
    givenName: `Kind${id}`,
    namePrefix: '',
    familyName: `Achternaam${id}`,
    nicknames: [],
    group: '5',
    consent: { website: 'yes', social: 'no' },
    firstNameAllowed: {},
    biometricConsent: true,
    descriptors: [],
    ...overrides,
  };
}

export function roster(pupils: Pupil[], overrides: Partial<Roster> = {}): Roster {
  return {
    format: 'consent-gate-roster',
    version: 1,
    importedAt: '2025-03-01T08:00:00.000Z',
    source: { kind: 'csv', name: 'groep5.csv' },
    channels: [
      { id: 'website', label: 'Website' },
      { id: 'social', label: 'Sociale media' },
    ],
    pupils,
    ...overrides,
  };
}

// Raw IndexedDB, without idb: how a fixture database is written and a stored record is inspected.

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function openRaw(factory: IDBFactory, version?: number, upgrade?: (db: IDBDatabase, tx: IDBTransaction) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = version === undefined ? factory.open(DB) : factory.open(DB, version);
    req.onupgradeneeded = () => upgrade?.(req.result, req.transaction!);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Put `value` into `store` of the database as it is now, bypassing the consent store and its checks. */
export async function putRaw(factory: IDBFactory, store: string, value: unknown, key?: IDBValidKey): Promise<void> {
  const db = await openRaw(factory);
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).put(value, key);
  await done(tx);
  db.close();
}

export async function getRaw(factory: IDBFactory, store: string, key: IDBValidKey): Promise<unknown> {
  const db = await openRaw(factory);
  const value = await request(db.transaction(store).objectStore(store).get(key));
  db.close();
  return value;
}
