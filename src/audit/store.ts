/**
 * The director's log in its own IndexedDB ("consent-gate-audit"): append-only apart from the retention purge, every
 * read validated (an invalid record is reported and makes verify() fail at its seq; it is never dropped), and the
 * browser's signing key pair (private key not extractable) kept beside it.
 */
import { wrap, type IDBPDatabase } from 'idb';
import { describeZodError } from '../store/records';
import { appendEntry, normaliseTime, planRetention, verifyChain } from './chain';
import { AUDIT_DB_NAME, AUDIT_STORE_VERSION, AuditEntrySchema, SIGNING_KEY, type AuditData, type AuditDB, type AuditEntry, type ChainResult } from './schema';

type Db = IDBPDatabase<AuditDB>;

export interface AuditRead {
  entries: AuditEntry[];
  /** Stored records that failed validation, by seq; they stay in the database. */
  problems: { seq: number; message: string }[];
}

export interface AuditStore {
  /** Append one entry after the stored last one; an Error (nothing written) when the last stored entry is invalid. */
  append(data: AuditData): Promise<AuditEntry>;
  all(): Promise<AuditRead>;
  /** Entries with fromIso ≤ at < toIso, by time. */
  range(fromIso: string, toIso: string): Promise<AuditRead>;
  /** The newest `n` entries, newest first (a page's first paint before the whole log is read). */
  latest(n: number): Promise<AuditRead>;
  count(): Promise<number>;
  /** Remove entries older than retentionDays and append a 'retention' entry; refused (Error) when the chain is broken. */
  purge(retentionDays: number, now?: Date | string): Promise<{ purged: number; entry: AuditEntry | null }>;
  verify(): Promise<ChainResult>;
  /** This browser's ECDSA P-256 key pair, generated on first use; the private key cannot be exported. */
  keyPair(): Promise<CryptoKeyPair>;
  close(): void;
}

export interface AuditStoreOptions {
  /** Defaults to the global `indexedDB`; tests pass a fake-indexeddb factory. */
  indexedDB?: IDBFactory;
  /** Defaults to "consent-gate-audit". */
  name?: string;
}

function openDatabase(factory: IDBFactory, name: string): Promise<Db> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, AUDIT_STORE_VERSION);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      if (event.oldVersion < 1) {
        db.createObjectStore('entries', { keyPath: 'seq' }).createIndex('at', 'at');
        db.createObjectStore('keys');
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();
      resolve(wrap(db) as unknown as Db);
    };
    request.onerror = () => {
      const message = request.error instanceof Error ? request.error.message : String(request.error);
      reject(new Error(`the audit log "${name}" could not be opened: ${message}`, { cause: request.error }));
    };
  });
}

function check(records: { key: number; value: unknown }[]): AuditRead {
  const out: AuditRead = { entries: [], problems: [] };
  for (const { key, value } of records) {
    const checked = AuditEntrySchema.safeParse(value);
    if (checked.success) out.entries.push(checked.data);
    else out.problems.push({ seq: key, message: describeZodError(checked.error) });
  }
  return out;
}

const isConstraint = (error: unknown) => error instanceof Error && error.name === 'ConstraintError';

class IdbAuditStore implements AuditStore {
  constructor(private readonly db: Db) {}

  private async raw(): Promise<{ key: number; value: unknown }[]> {
    const tx = this.db.transaction('entries', 'readonly');
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
    return keys.map((key, i) => ({ key, value: values[i] as unknown }));
  }

  /** The stored last entry (validated) or null; an Error when it is invalid. */
  private async last(): Promise<AuditEntry | null> {
    const tx = this.db.transaction('entries', 'readonly');
    const cursor = await tx.store.openCursor(null, 'prev');
    await tx.done;
    if (cursor === null) return null;
    const checked = AuditEntrySchema.safeParse(cursor.value);
    if (!checked.success) {
      throw new Error(`the last log entry (seq ${cursor.key}) is not valid (${describeZodError(checked.error)}); nothing can be appended after it`);
    }
    return checked.data;
  }

  /**
   * Write `entry` if the log still ends at `tailSeq` (the hash is computed outside the transaction, because an
   * IndexedDB transaction ends while crypto.subtle works). `deleteUpTo` removes seq 1..n in the same transaction.
   */
  private async commit(entry: AuditEntry, tailSeq: number | null, deleteUpTo?: number): Promise<boolean> {
    const tx = this.db.transaction('entries', 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    try {
      const cursor = await tx.store.openKeyCursor(null, 'prev');
      if ((cursor?.key ?? null) !== tailSeq) {
        tx.abort();
        await done.catch(() => undefined);
        return false;
      }
      if (deleteUpTo !== undefined) await tx.store.delete(IDBKeyRange.upperBound(deleteUpTo));
      await tx.store.add(entry);
      await done;
      return true;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already ended
      }
      await done.catch(() => undefined);
      if (isConstraint(error)) return false;
      throw error;
    }
  }

  async append(data: AuditData): Promise<AuditEntry> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const prev = await this.last();
      const entry = await appendEntry(prev, data);
      if (await this.commit(entry, prev?.seq ?? null)) return entry;
    }
    throw new Error('the audit log kept changing while appending; nothing was written');
  }

  async all(): Promise<AuditRead> {
    return check(await this.raw());
  }

  async range(fromIso: string, toIso: string): Promise<AuditRead> {
    const from = normaliseTime(fromIso, 'from');
    const to = normaliseTime(toIso, 'to');
    if (to <= from) return { entries: [], problems: [] };
    const tx = this.db.transaction('entries', 'readonly');
    const index = tx.store.index('at');
    const bounds = IDBKeyRange.bound(from, to, false, true);
    const [keys, values] = await Promise.all([index.getAllKeys(bounds), index.getAll(bounds), tx.done]);
    return check(keys.map((key, i) => ({ key, value: values[i] as unknown })));
  }

  async latest(n: number): Promise<AuditRead> {
    const records: { key: number; value: unknown }[] = [];
    const tx = this.db.transaction('entries', 'readonly');
    let cursor = await tx.store.openCursor(null, 'prev');
    while (cursor !== null && records.length < n) {
      records.push({ key: cursor.key, value: cursor.value as unknown });
      cursor = await cursor.continue();
    }
    await tx.done;
    return check(records);
  }

  async count(): Promise<number> {
    return this.db.count('entries');
  }

  async verify(): Promise<ChainResult> {
    return verifyChain((await this.raw()).map((r) => r.value));
  }

  async purge(retentionDays: number, now: Date | string = new Date()): Promise<{ purged: number; entry: AuditEntry | null }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const raw = (await this.raw()).map((r) => r.value);
      const chain = await verifyChain(raw);
      if (!chain.ok) throw new Error(`the log does not verify (seq ${chain.brokenAt}, ${chain.problem}: ${chain.message}); nothing was purged`);
      const entries = raw as AuditEntry[];
      const plan = planRetention(entries, now, retentionDays);
      if (plan.entry === null) return { purged: 0, entry: null };
      const tail = entries[entries.length - 1]!;
      const entry = await appendEntry(tail, plan.entry);
      if (await this.commit(entry, tail.seq, plan.purge[plan.purge.length - 1]!.seq)) return { purged: plan.purge.length, entry };
    }
    throw new Error('the audit log kept changing while purging; nothing was purged');
  }

  async keyPair(): Promise<CryptoKeyPair> {
    const stored = await this.db.get('keys', SIGNING_KEY);
    if (stored !== undefined) return stored;
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    try {
      await this.db.add('keys', pair, SIGNING_KEY);
      return pair;
    } catch (error) {
      // Another page generated one at the same time: use the stored one.
      if (!isConstraint(error)) throw error;
      const winner = await this.db.get('keys', SIGNING_KEY);
      if (winner === undefined) throw error;
      return winner;
    }
  }

  close(): void {
    this.db.close();
  }
}

export async function openAuditStore(options: AuditStoreOptions = {}): Promise<AuditStore> {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  if (factory === undefined) throw new Error('IndexedDB is not available here: the audit log cannot be opened');
  return new IdbAuditStore(await openDatabase(factory, options.name ?? AUDIT_DB_NAME));
}
