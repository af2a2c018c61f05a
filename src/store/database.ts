/**
 * Opening the consent database and upgrading it step by step: each `oldVersion < N` step runs in order, so a
 * database written by any earlier release ends up in the current shape. Only the background and extension pages
 * open it (content scripts run in the page's origin and cannot reach the extension's IndexedDB anyway).
 */
import { wrap, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Pupil } from '../consent/schema';
import { plural, splitV1Roster } from './records';
import {
  META_KEY,
  QUARANTINE_KEY,
  STORE_VERSION,
  V1_ROSTER_KEY,
  type ConsentChange,
  type ConsentDB,
  type UpgradeDB,
} from './schema';

type UpgradeTransaction = IDBPTransaction<UpgradeDB, StoreNames<UpgradeDB>[], 'versionchange'>;

/** Who the log names for changes the extension makes by itself. */
export const SYSTEM = 'consent-gate';

async function upgrade(db: IDBPDatabase<UpgradeDB>, oldVersion: number, tx: UpgradeTransaction): Promise<void> {
  if (oldVersion < 1) {
    db.createObjectStore('roster');
  }
  if (oldVersion < 2) {
    db.createObjectStore('meta');
    db.createObjectStore('pupils', { keyPath: 'id' }).createIndex('group', 'group');
    db.createObjectStore('changes', { autoIncrement: true });
    if (oldVersion >= 1) await moveV1Roster(tx);
    db.deleteObjectStore('roster');
  }
}

/** v1 → v2: the single roster record becomes meta + one record per pupil, inside the upgrade transaction. */
async function moveV1Roster(tx: UpgradeTransaction): Promise<void> {
  const value: unknown = await tx.objectStore('roster').get(V1_ROSTER_KEY);
  const split = splitV1Roster(value);
  let detail = 'database version 1 → 2: no consent list was stored';
  if (split.kind === 'split') {
    await tx.objectStore('meta').put(split.meta, META_KEY);
    // Records go in as they were; reading checks each one, so a bad pupil is reported rather than lost here.
    await Promise.all(split.pupils.map((pupil) => tx.objectStore('pupils').put(pupil as unknown as Pupil)));
    detail = `database version 1 → 2: ${plural(split.pupils.length, 'pupil')} moved`;
  } else if (split.kind === 'quarantine') {
    await tx.objectStore('meta').put(value, QUARANTINE_KEY);
    detail = `database version 1 → 2: the stored consent list was kept aside, because ${split.reason}`;
  }
  const change: ConsentChange = { at: new Date().toISOString(), who: SYSTEM, what: 'upgrade', pupilId: null, detail };
  await tx.objectStore('changes').add(change);
}

/**
 * Open (creating or upgrading) the database with the given factory. idb's own openDB always uses the global
 * `indexedDB`; tests and the bench pass a fake-indexeddb factory instead. A failed upgrade aborts its transaction,
 * so the database stays exactly as it was, and the open rejects.
 */
export function openDatabase(factory: IDBFactory, name: string): Promise<IDBPDatabase<ConsentDB>> {
  return new Promise((resolve, reject) => {
    let upgradeError: unknown = null;
    const request = factory.open(name, STORE_VERSION);
    request.onupgradeneeded = (event) => {
      const raw = request.transaction;
      if (raw === null) return;
      const db = wrap(request.result) as unknown as IDBPDatabase<UpgradeDB>;
      const tx = wrap(raw) as unknown as UpgradeTransaction;
      // idb gives every wrapped transaction a `done` promise; an aborted upgrade is reported through the open request.
      tx.done.catch(() => undefined);
      upgrade(db, event.oldVersion, tx).catch((error: unknown) => {
        upgradeError = error;
        try {
          raw.abort();
        } catch {
          // Already finished or aborted: the open fails either way.
        }
      });
    };
    request.onsuccess = () => {
      const db = request.result;
      // A newer version opened elsewhere (after an extension update) must not be blocked by this connection.
      db.onversionchange = () => db.close();
      resolve(wrap(db) as unknown as IDBPDatabase<ConsentDB>);
    };
    request.onerror = () => {
      const cause = upgradeError ?? request.error;
      const message = cause instanceof Error ? cause.message : String(cause);
      reject(new Error(`the consent store "${name}" could not be opened: ${message}`, { cause }));
    };
    request.onblocked = () => {
      // Another connection to an older version is still open; the open continues once it closes.
    };
  });
}
