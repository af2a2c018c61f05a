import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RosterSchema, type Roster } from '../../../src/consent/schema';
import { openConsentStore, STORE_VERSION, type ConsentStore } from '../../../src/store';
import { comparePupils } from '../../../src/store/records';
import { done, getRaw, IDBFactory, IDBObjectStore, openRaw, request } from './fake-idb';

/** A roster as the first release stored it (database version 1), with descriptors. */
const V1_ROSTER = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/v1-roster.json', import.meta.url)), 'utf8')) as Roster;

const stores: ConsentStore[] = [];
async function open(factory: IDBFactory): Promise<ConsentStore> {
  const store = await openConsentStore({ indexedDB: factory });
  stores.push(store);
  return store;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const store of stores.splice(0)) store.close();
});

/** Write a version-1 database by hand, with raw IndexedDB, as the first release did. */
async function writeV1(factory: IDBFactory, value?: unknown): Promise<void> {
  const db = await openRaw(factory, 1, (db) => db.createObjectStore('roster'));
  const tx = db.transaction('roster', 'readwrite');
  if (value !== undefined) tx.objectStore('roster').put(value, 'current');
  await done(tx);
  db.close();
}

async function shape(factory: IDBFactory) {
  const db = await openRaw(factory);
  const tx = db.transaction([...db.objectStoreNames], 'readonly');
  const pupils = tx.objectStore('pupils');
  const changes = tx.objectStore('changes');
  const result = {
    version: db.version,
    stores: [...db.objectStoreNames],
    pupilsKeyPath: pupils.keyPath,
    pupilsIndexes: [...pupils.indexNames],
    groupIndexKeyPath: pupils.index('group').keyPath,
    changesAutoIncrement: changes.autoIncrement,
  };
  db.close();
  return result;
}

const V2_SHAPE = {
  version: 2,
  stores: ['changes', 'meta', 'pupils'],
  pupilsKeyPath: 'id',
  pupilsIndexes: ['group'],
  groupIndexKeyPath: 'group',
  changesAutoIncrement: true,
};

describe('schema versions', () => {
  it('the fixture is a valid version-1 roster', () => {
    expect(RosterSchema.safeParse(V1_ROSTER).success).toBe(true);
    expect(V1_ROSTER.pupils.some((p) => p.descriptors.length > 0)).toBe(true);
  });

  it('fresh: creates version 2 directly, empty, with nothing in the log', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    expect(STORE_VERSION).toBe(2);
    expect(await store.read()).toEqual({ roster: null, problems: [] });
    expect(await store.changes()).toEqual([]);
    store.close();
    expect(await shape(factory)).toEqual(V2_SHAPE);
  });

  it('v1 → v2: the same pupils (descriptors included), meta split off, the v1 store gone, one upgrade change', async () => {
    const factory = new IDBFactory();
    await writeV1(factory, V1_ROSTER);
    const store = await open(factory);

    const read = await store.read();
    expect(read.problems).toEqual([]);
    expect(read.roster).toEqual({ ...V1_ROSTER, pupils: [...V1_ROSTER.pupils].sort(comparePupils) });
    expect(read.roster?.pupils.map((p) => p.id)).toEqual(['1003', '1001', '1002']);
    expect(await store.changes()).toEqual([
      { at: expect.any(String), who: 'consent-gate', what: 'upgrade', pupilId: null, detail: 'database version 1 → 2: 3 pupils moved' },
    ]);
    store.close();

    expect(await shape(factory)).toEqual(V2_SHAPE);
    const { pupils: _pupils, ...meta } = V1_ROSTER;
    expect(await getRaw(factory, 'meta', 'roster')).toEqual(meta);
    // Opening again does not upgrade again.
    const again = await open(factory);
    expect(await again.changes()).toHaveLength(1);
    expect((await again.read()).roster).toEqual(read.roster);
  });

  it('v1 → v2 with a version-1 pupil that is not valid: moved as it was and reported, the rest read', async () => {
    const factory = new IDBFactory();
    const bad = { ...V1_ROSTER.pupils[0]!, consent: { website: 'misschien', newsletter: 'yes' } };
    await writeV1(factory, { ...V1_ROSTER, pupils: [bad, ...V1_ROSTER.pupils.slice(1)] });
    const read = await (await open(factory)).read();
    expect(read.roster?.pupils.map((p) => p.id)).toEqual(['1003', '1001']);
    expect(read.problems).toEqual([{ where: 'pupils/1002', message: expect.stringContaining('consent.website') }]);
    expect(await getRaw(factory, 'pupils', '1002')).toEqual(bad);
  });

  it('v1 → v2 with no roster stored yet: empty v2 and the upgrade logged', async () => {
    const factory = new IDBFactory();
    await writeV1(factory);
    const store = await open(factory);
    expect(await store.read()).toEqual({ roster: null, problems: [] });
    expect(await store.changes()).toEqual([expect.objectContaining({ what: 'upgrade', detail: expect.stringContaining('no consent list') })]);
  });

  it.each([
    ['pupils is not a list', { ...V1_ROSTER, pupils: 'oops' }, /it has no list of pupils/],
    ['a pupil without id', { ...V1_ROSTER, pupils: [{ ...V1_ROSTER.pupils[0], id: undefined }] }, /pupils\[0\] has no pupil id/],
    ['a duplicate id', { ...V1_ROSTER, pupils: [V1_ROSTER.pupils[0], V1_ROSTER.pupils[0]] }, /occurs twice/],
    ['not an object', 'a string', /not an object/],
  ])('v1 → v2 with a roster that cannot be split (%s): kept aside whole and reported until the next import', async (_name, value, reason) => {
    const factory = new IDBFactory();
    await writeV1(factory, value);
    const store = await open(factory);
    const read = await store.read();
    expect(read.roster).toBeNull();
    expect(read.problems).toEqual([{ where: 'meta/v1-roster', message: expect.stringMatching(reason) }]);
    expect(await getRaw(factory, 'meta', 'v1-roster')).toEqual(value);
    await store.replaceRoster(V1_ROSTER, 'admin');
    expect((await store.read()).problems).toEqual([]);
  });

  it('a failed upgrade leaves the version-1 database exactly as it was', async () => {
    const factory = new IDBFactory();
    await writeV1(factory, V1_ROSTER);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new Error('simulated failure during the upgrade');
    });
    await expect(openConsentStore({ indexedDB: factory })).rejects.toThrow(/could not be opened: simulated failure during the upgrade/);
    vi.restoreAllMocks();

    const db = await openRaw(factory);
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames]).toEqual(['roster']);
    const tx = db.transaction('roster');
    expect(await request(tx.objectStore('roster').get('current'))).toEqual(V1_ROSTER);
    db.close();
    // The next attempt upgrades normally.
    expect((await (await open(factory)).read()).roster?.pupils).toHaveLength(3);
  });
});
