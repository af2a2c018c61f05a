/**
 * The consent store: the school's consent list in the extension's IndexedDB, with a log of every change.
 *
 * Fail closed: a stored record that fails validation is reported (RosterRead.problems) and left untouched, never
 * dropped or reset, and every write is one transaction that either happens completely or not at all.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { ConsentStateSchema, PupilSchema, type ConsentState, type Pupil, type Roster } from '../consent/schema';
import { openDatabase } from './database';
import { assembleRoster, checkDescriptors, checkRoster, checkWho, describeZodError, planReplace, plural, splitRoster } from './records';
import {
  ConsentChangeSchema,
  DB_NAME,
  META_KEY,
  QUARANTINE_KEY,
  RosterMetaSchema,
  type ConsentChange,
  type ConsentDB,
  type RosterMeta,
  type RosterRead,
  type StoreProblem,
} from './schema';

export interface ConsentStore {
  /** The stored list (pupils sorted by group, then family name) and every record that failed validation. */
  read(): Promise<RosterRead>;
  /**
   * Replace the whole list in one transaction. The roster is validated first (an Error, and nothing touched, when it
   * is not valid). Stored descriptors of pupils who keep biometric consent are kept unless `roster` brings its own;
   * the counts are of descriptors, not pupils. If anything fails, the previous list stays as it was.
   */
  replaceRoster(roster: Roster, who: string): Promise<{ keptDescriptors: number; droppedDescriptors: number }>;
  /** Set one pupil's consent for one channel; unknown pupil or channel → Error. Setting the current state records nothing. */
  setConsent(pupilId: string, channel: string, state: ConsentState, who: string): Promise<void>;
  /** `false` also deletes the pupil's reference descriptors (both are logged). */
  setBiometricConsent(pupilId: string, value: boolean, who: string): Promise<void>;
  /** 1–5 descriptors of 128 numbers, replacing the stored ones; refused (Error) without biometric consent. */
  setDescriptors(pupilId: string, descriptors: number[][], who: string): Promise<void>;
  /** Remove every reference descriptor at once; returns how many pupils had some. */
  deleteAllBiometrics(who: string): Promise<number>;
  /** The log, newest first. A log record that fails validation makes this throw (naming it) rather than hide it. */
  changes(limit?: number): Promise<ConsentChange[]>;
  close(): void;
}

export interface ConsentStoreOptions {
  /** Defaults to the global `indexedDB`; tests pass a fake-indexeddb factory. */
  indexedDB?: IDBFactory;
  /** Defaults to "consent-gate". */
  name?: string;
}

type Db = IDBPDatabase<ConsentDB>;
type Names = ArrayLike<StoreNames<ConsentDB>>;
type WriteTx<N extends Names> = IDBPTransaction<ConsentDB, N, 'readwrite'>;
/** Registers a request of the transaction, so that its failure fails the write (and is never left unhandled). */
type Track = (request: Promise<unknown>) => void;

/**
 * Run `work` in one readwrite transaction. Requests may be issued without awaiting them (registered with `track`).
 * If `work` throws or any request fails, the transaction is aborted, so none of its writes happen.
 */
async function write<N extends Names, T>(db: Db, names: N, work: (tx: WriteTx<N>, track: Track) => Promise<T>): Promise<T> {
  const tx = db.transaction(names, 'readwrite');
  const pending: Promise<unknown>[] = [];
  const track: Track = (request) => {
    request.catch(() => undefined);
    pending.push(request);
  };
  const done = tx.done;
  done.catch(() => undefined);
  try {
    const result = await work(tx, track);
    await Promise.all(pending);
    await done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // The transaction already ended (a failed request aborts it by itself).
    }
    await Promise.allSettled([...pending, done]);
    throw error;
  }
}

function change(who: string, what: ConsentChange['what'], pupilId: string | null, extra: Partial<ConsentChange> = {}): ConsentChange {
  return { at: new Date().toISOString(), who, what, pupilId, ...extra };
}

/** The stored pupil, validated; an Error when it is missing or invalid (an invalid record is left as it is). */
function storedPupil(pupilId: string, value: unknown): Pupil {
  if (value === undefined) throw new Error(`pupil "${pupilId}" is not on the consent list`);
  const checked = PupilSchema.safeParse(value);
  if (!checked.success) {
    throw new Error(
      `the stored record pupils/${pupilId} is not valid (${describeZodError(checked.error)}); it was left as it is: import the consent list again`,
    );
  }
  return checked.data;
}

function storedMeta(value: unknown): RosterMeta {
  if (value === undefined) throw new Error('no consent list has been imported');
  const checked = RosterMetaSchema.safeParse(value);
  if (!checked.success) {
    throw new Error(`the stored record meta/${META_KEY} is not valid (${describeZodError(checked.error)}); import the consent list again`);
  }
  return checked.data;
}

function withoutBiometrics<T extends object>(record: T): T {
  const copy: Record<string, unknown> = { ...record, descriptors: [] };
  delete copy.enrolledAt;
  return copy as T;
}

function descriptorCount(value: unknown): number {
  const descriptors = typeof value === 'object' && value !== null ? (value as { descriptors?: unknown }).descriptors : undefined;
  return Array.isArray(descriptors) ? descriptors.length : 0;
}

class IdbConsentStore implements ConsentStore {
  constructor(private readonly db: Db) {}

  async read(): Promise<RosterRead> {
    const tx = this.db.transaction(['meta', 'pupils'], 'readonly');
    const [meta, quarantine, keys, values] = await Promise.all([
      tx.objectStore('meta').get(META_KEY),
      tx.objectStore('meta').get(QUARANTINE_KEY),
      tx.objectStore('pupils').getAllKeys(),
      tx.objectStore('pupils').getAll(),
      tx.done,
    ]);
    return assembleRoster({ meta, quarantine, pupils: keys.map((key, i) => ({ key, value: values[i] as unknown })) });
  }

  async replaceRoster(roster: Roster, who: string): Promise<{ keptDescriptors: number; droppedDescriptors: number }> {
    const by = checkWho(who);
    const next = checkRoster(roster);
    return write(this.db, ['meta', 'pupils', 'changes'], async (tx, track) => {
      const pupils = tx.objectStore('pupils');
      const plan = planReplace(await pupils.getAll(), next);
      track(pupils.clear());
      for (const pupil of plan.pupils) track(pupils.put(pupil));
      const meta = tx.objectStore('meta');
      track(meta.put(splitRoster(next).meta, META_KEY));
      // An import replaces whatever the upgrade had to keep aside.
      track(meta.delete(QUARANTINE_KEY));
      const kept = `${plural(plan.keptDescriptors, 'reference descriptor')} kept, ${plan.droppedDescriptors} removed`;
      const detail = `${next.source.name}: ${plural(next.pupils.length, 'pupil')}; ${kept}`;
      track(tx.objectStore('changes').add(change(by, 'import', null, { detail })));
      return { keptDescriptors: plan.keptDescriptors, droppedDescriptors: plan.droppedDescriptors };
    });
  }

  async setConsent(pupilId: string, channel: string, state: ConsentState, who: string): Promise<void> {
    const by = checkWho(who);
    const to = ConsentStateSchema.parse(state);
    await write(this.db, ['meta', 'pupils', 'changes'], async (tx, track) => {
      const meta = storedMeta(await tx.objectStore('meta').get(META_KEY));
      if (!meta.channels.some((c) => c.id === channel)) {
        throw new Error(`channel "${channel}" is not on the consent list (its channels: ${meta.channels.map((c) => c.id).join(', ')})`);
      }
      const pupil = storedPupil(pupilId, await tx.objectStore('pupils').get(pupilId));
      const from = pupil.consent[channel] ?? 'no';
      if (from === to) return;
      track(tx.objectStore('pupils').put({ ...pupil, consent: { ...pupil.consent, [channel]: to } }));
      track(tx.objectStore('changes').add(change(by, 'consent', pupilId, { channel, from, to })));
    });
  }

  async setBiometricConsent(pupilId: string, value: boolean, who: string): Promise<void> {
    const by = checkWho(who);
    if (typeof value !== 'boolean') throw new Error('biometric consent is true or false');
    await write(this.db, ['pupils', 'changes'], async (tx, track) => {
      const pupil = storedPupil(pupilId, await tx.objectStore('pupils').get(pupilId));
      if (pupil.biometricConsent === value) return;
      const updated: Pupil = value ? { ...pupil, biometricConsent: true } : { ...withoutBiometrics(pupil), biometricConsent: false };
      track(tx.objectStore('pupils').put(updated));
      const changes = tx.objectStore('changes');
      const yesNo = (b: boolean) => (b ? 'yes' : 'no');
      track(changes.add(change(by, 'biometric_consent', pupilId, { from: yesNo(!value), to: yesNo(value) })));
      if (pupil.descriptors.length > 0) {
        const detail = `${plural(pupil.descriptors.length, 'reference descriptor')} deleted: biometric consent withdrawn`;
        track(changes.add(change(by, 'biometrics_deleted', pupilId, { detail })));
      }
    });
  }

  async setDescriptors(pupilId: string, descriptors: number[][], who: string): Promise<void> {
    const by = checkWho(who);
    const checked = checkDescriptors(descriptors);
    await write(this.db, ['pupils', 'changes'], async (tx, track) => {
      const pupil = storedPupil(pupilId, await tx.objectStore('pupils').get(pupilId));
      if (!pupil.biometricConsent) {
        throw new Error(`pupil "${pupilId}" has no biometric consent: reference descriptors may not be stored`);
      }
      track(tx.objectStore('pupils').put({ ...pupil, descriptors: checked, enrolledAt: new Date().toISOString() }));
      const detail = `${plural(checked.length, 'reference descriptor')} saved`;
      const counts = { from: String(pupil.descriptors.length), to: String(checked.length), detail };
      track(tx.objectStore('changes').add(change(by, 'descriptors', pupilId, counts)));
    });
  }

  async deleteAllBiometrics(who: string): Promise<number> {
    const by = checkWho(who);
    return write(this.db, ['pupils', 'changes'], async (tx, track) => {
      const pupils = tx.objectStore('pupils');
      let count = 0;
      // Erasure applies to every record, also one that fails validation: biometric data must go when asked.
      for (const value of (await pupils.getAll()) as unknown[]) {
        if (descriptorCount(value) === 0) continue;
        count++;
        track(pupils.put(withoutBiometrics(value as Pupil)));
      }
      const detail = `reference descriptors of ${plural(count, 'pupil')} deleted`;
      track(tx.objectStore('changes').add(change(by, 'biometrics_deleted', null, { detail })));
      return count;
    });
  }

  async changes(limit?: number): Promise<ConsentChange[]> {
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new Error(`limit must be a positive whole number, got ${limit}`);
    const tx = this.db.transaction('changes', 'readonly');
    const done = tx.done;
    done.catch(() => undefined); // a failed request rejects it too; that failure is the one reported
    const records: { key: number; value: unknown }[] = [];
    if (limit === undefined) {
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
      keys.forEach((key, i) => records.push({ key, value: values[i] }));
      records.reverse();
    } else {
      let cursor = await tx.store.openCursor(null, 'prev');
      while (cursor !== null && records.length < limit) {
        records.push({ key: cursor.key, value: cursor.value });
        cursor = await cursor.continue();
      }
    }
    await done;
    const problems: StoreProblem[] = [];
    const out: ConsentChange[] = [];
    for (const { key, value } of records) {
      const checked = ConsentChangeSchema.safeParse(value);
      if (checked.success) out.push(checked.data);
      else problems.push({ where: `changes/${key}`, message: describeZodError(checked.error) });
    }
    if (problems.length > 0) {
      const first = problems[0]!;
      throw new Error(`the consent log has ${plural(problems.length, 'invalid record')} (${first.where}: ${first.message}); they were left as they are`);
    }
    return out;
  }

  close(): void {
    this.db.close();
  }
}

/** Open the consent store (creating or upgrading the database). Only for the background and extension pages. */
export async function openConsentStore(options: ConsentStoreOptions = {}): Promise<ConsentStore> {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  if (factory === undefined) throw new Error('IndexedDB is not available here: the consent store cannot be opened');
  return new IdbConsentStore(await openDatabase(factory, options.name ?? DB_NAME));
}
