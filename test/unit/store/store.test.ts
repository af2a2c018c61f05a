import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Roster } from '../../../src/consent/schema';
import { openConsentStore, type ConsentStore } from '../../../src/store';
import { descriptor, getRaw, IDBFactory, IDBObjectStore, pupil, putRaw, roster } from './fake-idb';

let factory: IDBFactory;
let store: ConsentStore;

beforeEach(async () => {
  factory = new IDBFactory();
  store = await openConsentStore({ indexedDB: factory });
});
afterEach(() => {
  vi.restoreAllMocks();
  store.close();
});

/** Reopen, as a new service worker would: nothing may depend on in-memory state. */
async function reopen(): Promise<ConsentStore> {
  store.close();
  store = await openConsentStore({ indexedDB: factory });
  return store;
}

const FIRST = roster([
  pupil('2001', { givenName: 'Lotte', namePrefix: 'van der', familyName: 'Meer', group: '5A' }),
  pupil('2002', { givenName: 'Zoë', familyName: 'Kramer', group: '5A', consent: { website: 'withdrawn', social: 'yes' } }),
  pupil('2003', { givenName: 'Bram', namePrefix: 'de', familyName: 'Wit', group: '6B', biometricConsent: false }),
  pupil('2004', { givenName: 'Noor', familyName: 'Amrani', group: '10' }),
]);

describe('a new store', () => {
  it('is empty: no list, no problems, no log', async () => {
    expect(await store.read()).toEqual({ roster: null, problems: [] });
    expect(await store.changes()).toEqual([]);
  });

  it('needs an IndexedDB: without one (and without a global) it refuses to open', async () => {
    await expect(openConsentStore()).rejects.toThrow(/IndexedDB is not available/);
  });
});

describe('replaceRoster: a good import', () => {
  it('stores the list; read() gives it back sorted by group (numeric), then family name', async () => {
    expect(await store.replaceRoster(FIRST, 'directeur@school.nl')).toEqual({ keptDescriptors: 0, droppedDescriptors: 0 });
    const { roster: stored, problems } = await (await reopen()).read();
    expect(problems).toEqual([]);
    expect(stored).toEqual({ ...FIRST, pupils: [FIRST.pupils[1], FIRST.pupils[0], FIRST.pupils[2], FIRST.pupils[3]] });
    expect(stored?.pupils.map((p) => `${p.group} ${p.familyName}`)).toEqual(['5A Kramer', '5A Meer', '6B Wit', '10 Amrani']);
  });

  it('records one import change naming the file and the number of pupils', async () => {
    await store.replaceRoster(FIRST, 'directeur@school.nl');
    const changes = await store.changes();
    expect(changes).toEqual([
      { at: expect.any(String), who: 'directeur@school.nl', what: 'import', pupilId: null, detail: expect.stringContaining('groep5.csv: 4 pupils') },
    ]);
    expect(Date.parse(changes[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('imports an empty list (a header without pupils)', async () => {
    await store.replaceRoster(roster([]), 'admin');
    expect(await store.read()).toEqual({ roster: roster([]), problems: [] });
  });
});

describe('replaceRoster: a bad list is refused and the previous one stays', () => {
  const good = FIRST.pupils[0]!;
  const BAD: [string, unknown, RegExp][] = [
    ['not an object', 'roster.csv', /not valid/],
    ['wrong format', { ...FIRST, format: 'something-else' }, /format/],
    ['no channels', { ...FIRST, channels: [] }, /channels/],
    ['invalid channel id', { ...FIRST, channels: [{ id: 'Web Site', label: 'x' }] }, /channel id/],
    ['duplicate pupil id', { ...FIRST, pupils: [good, { ...good, givenName: 'Ander' }] }, /pupil id "2001" is also used/],
    ['consent missing for a channel', { ...FIRST, pupils: [{ ...good, consent: { website: 'yes' } }] }, /no consent recorded for channel "social"/],
    ['consent for an unknown channel', { ...FIRST, pupils: [{ ...good, consent: { website: 'yes', social: 'no', blog: 'yes' } }] }, /"blog" is not one of/],
    ['bad consent state', { ...FIRST, pupils: [{ ...good, consent: { website: 'maybe', social: 'no' } }] }, /consent/],
    ['descriptors without biometric consent', { ...FIRST, pupils: [{ ...good, biometricConsent: false, descriptors: [descriptor(1)] }] }, /only allowed for a pupil with biometric consent/],
    ['descriptor of the wrong length', { ...FIRST, pupils: [{ ...good, descriptors: [[0.1, 0.2]] }] }, /descriptors\[0\]/],
    ['empty given name', { ...FIRST, pupils: [{ ...good, givenName: ' ' }] }, /givenName/],
    ['unknown field', { ...FIRST, pupils: [{ ...good, photo: 'data:image/jpeg;base64,' }] }, /unknown field "photo"/],
  ];

  it.each(BAD)('%s', async (_name, bad, message) => {
    await store.replaceRoster(FIRST, 'admin');
    const before = await store.read();
    await expect(store.replaceRoster(bad as Roster, 'admin')).rejects.toThrow(message);
    await expect(store.replaceRoster(bad as Roster, 'admin')).rejects.toThrow(/the consent list was not saved/);
    expect(await (await reopen()).read()).toEqual(before);
    expect((await store.changes()).map((c) => c.what)).toEqual(['import']);
  });

  it('refuses an import without a name for who made it', async () => {
    await expect(store.replaceRoster(FIRST, '  ')).rejects.toThrow(/must say who/);
    expect(await store.read()).toEqual({ roster: null, problems: [] });
  });
});

describe('replaceRoster: a second import', () => {
  async function enrolled(): Promise<void> {
    await store.replaceRoster(
      roster([pupil('1'), pupil('2'), pupil('3'), pupil('4'), pupil('5', { biometricConsent: false })]),
      'admin',
    );
    await store.setDescriptors('1', [descriptor(1), descriptor(2)], 'admin');
    await store.setDescriptors('2', [descriptor(3)], 'admin');
    await store.setDescriptors('3', [descriptor(4), descriptor(5), descriptor(6)], 'admin');
    await store.setDescriptors('4', [descriptor(7)], 'admin');
  }

  it('replaces the list, keeps descriptors of pupils who keep biometric consent, drops the others', async () => {
    await enrolled();
    const before = (await store.read()).roster!;
    const next = roster(
      [
        pupil('1', { familyName: 'Nieuw', consent: { website: 'no', social: 'no' } }), // stays, keeps 2 descriptors
        pupil('2', { biometricConsent: false }), // consent gone: 1 descriptor dropped
        // '3' left the school: 3 descriptors dropped
        pupil('4', { descriptors: [descriptor(8), descriptor(9)] }), // brings its own: replaces, counts as neither
        pupil('6'), // new
      ],
      { source: { kind: 'csv', name: 'groep5-januari.csv' }, importedAt: '2025-06-01T08:00:00.000Z' },
    );
    expect(await store.replaceRoster(next, 'admin')).toEqual({ keptDescriptors: 2, droppedDescriptors: 4 });

    const after = (await (await reopen()).read()).roster!;
    expect(after.importedAt).toBe('2025-06-01T08:00:00.000Z');
    expect(after.source.name).toBe('groep5-januari.csv');
    const byId = new Map(after.pupils.map((p) => [p.id, p]));
    expect([...byId.keys()].sort()).toEqual(['1', '2', '4', '6']);
    expect(byId.get('1')).toEqual({ ...next.pupils[0], descriptors: [descriptor(1), descriptor(2)], enrolledAt: before.pupils.find((p) => p.id === '1')!.enrolledAt });
    expect(byId.get('2')?.descriptors).toEqual([]);
    expect(byId.get('4')?.descriptors).toEqual([descriptor(8), descriptor(9)]);
    expect(byId.get('6')?.descriptors).toEqual([]);
    const last = (await store.changes(1))[0];
    expect(last).toMatchObject({ what: 'import', detail: expect.stringMatching(/groep5-januari\.csv: 4 pupils; 2 reference descriptors kept, 4 removed/) });
  });

  it('a failure in the middle of the transaction leaves the first list intact', async () => {
    await enrolled();
    const before = await store.read();
    const changesBefore = await store.changes();
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === 3) throw new Error('simulated failure while writing pupil 3');
      return put.apply(this, args);
    });
    const next = roster([pupil('1'), pupil('7'), pupil('8'), pupil('9')]);
    await expect(store.replaceRoster(next, 'admin')).rejects.toThrow('simulated failure');
    expect(calls).toBe(3); // the old list was cleared and two pupils written before it failed
    vi.restoreAllMocks();

    expect(await (await reopen()).read()).toEqual(before);
    expect(await store.changes()).toEqual(changesBefore);
    // And the store still works.
    await store.replaceRoster(next, 'admin');
    expect((await store.read()).roster?.pupils.map((p) => p.id)).toEqual(['1', '7', '8', '9']);
  });

  it('a failure of the very last write (the log entry) also undoes the whole import', async () => {
    await store.replaceRoster(FIRST, 'admin');
    const before = await store.read();
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new Error('simulated failure writing the log');
    });
    await expect(store.replaceRoster(roster([pupil('9')]), 'admin')).rejects.toThrow('simulated failure writing the log');
    vi.restoreAllMocks();
    expect(await (await reopen()).read()).toEqual(before);
    expect(await store.changes()).toHaveLength(1);
  });
});

describe('records that fail validation are reported, never dropped or reset', () => {
  it('an invalid pupil record written raw: the others are read, it is a problem, and it stays as it was', async () => {
    await store.replaceRoster(FIRST, 'admin');
    store.close();
    const broken = { ...pupil('2005'), givenName: '', consent: { website: 'misschien', social: 'no' } };
    await putRaw(factory, 'pupils', broken);
    await reopen();

    const read = await store.read();
    expect(read.roster?.pupils.map((p) => p.id).sort()).toEqual(['2001', '2002', '2003', '2004']);
    expect(read.problems).toEqual([{ where: 'pupils/2005', message: expect.stringMatching(/givenName.*consent\.website/) }]);
    // Reading again, or trying to change it, leaves the record exactly as it was.
    await store.read();
    await expect(store.setConsent('2005', 'website', 'yes', 'admin')).rejects.toThrow(/pupils\/2005 is not valid.*left as it is/);
    store.close();
    expect(await getRaw(factory, 'pupils', '2005')).toEqual(broken);
    await reopen();
    expect((await store.read()).problems).toHaveLength(1);
  });

  it('a pupil whose consent does not match the list channels is a problem too', async () => {
    await store.replaceRoster(FIRST, 'admin');
    store.close();
    await putRaw(factory, 'pupils', pupil('2006', { consent: { website: 'yes' } }));
    await reopen();
    const read = await store.read();
    expect(read.roster?.pupils).toHaveLength(4);
    expect(read.problems).toEqual([{ where: 'pupils/2006', message: 'no consent recorded for channel "social"' }]);
  });

  it('an invalid meta record: no roster, a problem, and the pupils are still checked', async () => {
    await store.replaceRoster(FIRST, 'admin');
    store.close();
    await putRaw(factory, 'meta', { ...roster([]), pupils: undefined, channels: [] }, 'roster');
    await reopen();
    const read = await store.read();
    expect(read.roster).toBeNull();
    expect(read.problems).toEqual([{ where: 'meta/roster', message: expect.stringContaining('channels') }]);
    await expect(store.setConsent('2001', 'website', 'no', 'admin')).rejects.toThrow(/meta\/roster is not valid/);
  });

  it('a new import replaces invalid records (the admin decides, not the store)', async () => {
    await store.replaceRoster(FIRST, 'admin');
    store.close();
    await putRaw(factory, 'pupils', { id: 'x', rubbish: true });
    await reopen();
    expect((await store.read()).problems).toHaveLength(1);
    await store.replaceRoster(FIRST, 'admin');
    expect((await store.read()).problems).toEqual([]);
  });

  it('an invalid log record makes changes() say so instead of hiding it', async () => {
    await store.replaceRoster(FIRST, 'admin');
    store.close();
    await putRaw(factory, 'changes', { at: 'yesterday', who: '', what: 'import', pupilId: null });
    await reopen();
    await expect(store.changes()).rejects.toThrow(/changes\/2: .*at/);
  });
});

describe('setConsent: a parent withdraws consent', () => {
  beforeEach(async () => {
    await store.replaceRoster(FIRST, 'admin');
  });

  it('shows in read() and in the log', async () => {
    await store.setConsent('2001', 'website', 'withdrawn', 'directeur@school.nl');
    const read = await (await reopen()).read();
    expect(read.roster?.pupils.find((p) => p.id === '2001')?.consent).toEqual({ website: 'withdrawn', social: 'no' });
    expect(await store.changes(1)).toEqual([
      { at: expect.any(String), who: 'directeur@school.nl', what: 'consent', pupilId: '2001', channel: 'website', from: 'yes', to: 'withdrawn' },
    ]);
  });

  it('setting the state it already has changes nothing and logs nothing', async () => {
    await store.setConsent('2002', 'website', 'withdrawn', 'admin');
    expect(await store.changes()).toHaveLength(1);
  });

  it.each([
    ['unknown pupil', '9999', 'website', 'no', /pupil "9999" is not on the consent list/],
    ['unknown channel', '2001', 'blog', 'no', /channel "blog" is not on the consent list \(its channels: website, social\)/],
    ['not a consent state', '2001', 'website', 'maybe', /yes|no|withdrawn/],
  ])('%s → Error, nothing changed', async (_name, id, channel, state, message) => {
    const before = await store.read();
    await expect(store.setConsent(id, channel, state as 'no', 'admin')).rejects.toThrow(message);
    expect(await store.read()).toEqual(before);
    expect(await store.changes()).toHaveLength(1);
  });

  it('without a list there is nothing to change', async () => {
    const empty = await openConsentStore({ indexedDB: new IDBFactory() });
    await expect(empty.setConsent('2001', 'website', 'no', 'admin')).rejects.toThrow(/no consent list has been imported/);
    empty.close();
  });
});

describe('biometrics', () => {
  beforeEach(async () => {
    await store.replaceRoster(FIRST, 'admin');
  });

  it('setDescriptors stores 1–5 descriptors with the enrolment time and logs how many, never the values', async () => {
    await store.setDescriptors('2001', [descriptor(1), descriptor(2)], 'admin');
    const lotte = (await store.read()).roster?.pupils.find((p) => p.id === '2001');
    expect(lotte?.descriptors).toEqual([descriptor(1), descriptor(2)]);
    expect(Date.parse(lotte?.enrolledAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const [logged] = await store.changes(1);
    expect(logged).toEqual({ at: expect.any(String), who: 'admin', what: 'descriptors', pupilId: '2001', from: '0', to: '2', detail: '2 reference descriptors saved' });
  });

  it.each([
    ['no biometric consent', '2003', [descriptor(1)], /no biometric consent/],
    ['no descriptors', '2001', [], /1–5 descriptors/],
    ['six descriptors', '2001', [1, 2, 3, 4, 5, 6].map(descriptor), /1–5 descriptors/],
    ['wrong length', '2001', [[0.1, 0.2, 0.3]], /128/],
    ['not a number', '2001', [[...descriptor(1).slice(1), Number.NaN]], /1–5 descriptors/],
    ['unknown pupil', '9999', [descriptor(1)], /not on the consent list/],
  ])('setDescriptors refuses: %s', async (_name, id, descriptors, message) => {
    const before = await store.read();
    await expect(store.setDescriptors(id, descriptors, 'admin')).rejects.toThrow(message);
    expect(await store.read()).toEqual(before);
  });

  it('withdrawing biometric consent deletes the descriptors and logs both', async () => {
    await store.setDescriptors('2001', [descriptor(1), descriptor(2), descriptor(3)], 'admin');
    await store.setBiometricConsent('2001', false, 'ouder via directeur');
    const lotte = (await (await reopen()).read()).roster?.pupils.find((p) => p.id === '2001');
    expect(lotte).toMatchObject({ biometricConsent: false, descriptors: [] });
    expect(lotte).not.toHaveProperty('enrolledAt');
    expect((await store.changes(2)).map(({ what, pupilId, from, to, detail }) => ({ what, pupilId, from, to, detail }))).toEqual([
      { what: 'biometrics_deleted', pupilId: '2001', from: undefined, to: undefined, detail: '3 reference descriptors deleted: biometric consent withdrawn' },
      { what: 'biometric_consent', pupilId: '2001', from: 'yes', to: 'no', detail: undefined },
    ]);
    await expect(store.setDescriptors('2001', [descriptor(1)], 'admin')).rejects.toThrow(/no biometric consent/);
  });

  it('giving biometric consent again allows enrolment again', async () => {
    await store.setBiometricConsent('2003', true, 'admin');
    await store.setDescriptors('2003', [descriptor(4)], 'admin');
    expect((await store.read()).roster?.pupils.find((p) => p.id === '2003')?.descriptors).toHaveLength(1);
  });

  it('deleteAllBiometrics removes every descriptor at once, also from an invalid record, and logs it', async () => {
    await store.setDescriptors('2001', [descriptor(1)], 'admin');
    await store.setDescriptors('2002', [descriptor(2), descriptor(3)], 'admin');
    store.close();
    const invalid = { ...pupil('2009'), givenName: '', descriptors: [descriptor(5)], enrolledAt: '2025-01-01T00:00:00.000Z' };
    await putRaw(factory, 'pupils', invalid);
    await reopen();

    expect(await store.deleteAllBiometrics('privacy officer')).toBe(3);
    const read = await (await reopen()).read();
    expect(read.roster?.pupils.every((p) => p.descriptors.length === 0 && p.enrolledAt === undefined)).toBe(true);
    // Erased, but otherwise left as it was: still reported.
    expect(read.problems.map((p) => p.where)).toEqual(['pupils/2009']);
    store.close();
    const { descriptors: _gone, enrolledAt: _too, ...rest } = invalid;
    expect(await getRaw(factory, 'pupils', '2009')).toEqual({ ...rest, descriptors: [] });
    await reopen();
    expect(await store.changes(1)).toEqual([
      { at: expect.any(String), who: 'privacy officer', what: 'biometrics_deleted', pupilId: null, detail: 'reference descriptors of 3 pupils deleted' },
    ]);
    expect(await store.deleteAllBiometrics('privacy officer')).toBe(0);
  });
});

describe('changes()', () => {
  it('lists the log newest first, as many as asked', async () => {
    await store.replaceRoster(FIRST, 'a');
    await store.setConsent('2001', 'social', 'yes', 'b');
    await store.setConsent('2001', 'social', 'withdrawn', 'c');
    expect((await store.changes()).map((c) => c.who)).toEqual(['c', 'b', 'a']);
    expect((await store.changes(2)).map((c) => c.who)).toEqual(['c', 'b']);
    expect((await store.changes(10)).map((c) => c.who)).toEqual(['c', 'b', 'a']);
    await expect(store.changes(0)).rejects.toThrow(/positive whole number/);
  });
});
