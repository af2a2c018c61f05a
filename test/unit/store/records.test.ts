import { describe, expect, it } from 'vitest';
import type { Pupil } from '../../../src/consent/schema';
import { assembleRoster, checkDescriptors, checkRoster, comparePupils, planReplace, splitV1Roster } from '../../../src/store/records';
import { descriptor, pupil, roster } from './fake-idb';

const meta = (() => {
  const { pupils: _pupils, ...rest } = roster([]);
  return rest;
})();
const records = (pupils: unknown[]) => pupils.map((value) => ({ key: (value as Pupil).id, value }));

describe('assembleRoster', () => {
  it('nothing stored: no roster, no problems', () => {
    expect(assembleRoster({ meta: undefined, quarantine: undefined, pupils: [] })).toEqual({ roster: null, problems: [] });
  });

  it('meta + valid pupils: the roster, sorted by group then family name', () => {
    const a = pupil('1', { group: '8', familyName: 'Aalders' });
    const b = pupil('2', { group: '2', familyName: 'Zwart' });
    const c = pupil('3', { group: '2', familyName: 'Bos' });
    expect(assembleRoster({ meta, quarantine: undefined, pupils: records([a, b, c]) })).toEqual({ roster: roster([c, b, a]), problems: [] });
  });

  it('pupils without meta: no roster, and the orphans are reported', () => {
    const read = assembleRoster({ meta: undefined, quarantine: undefined, pupils: records([pupil('1')]) });
    expect(read).toEqual({ roster: null, problems: [{ where: 'meta/roster', message: expect.stringContaining('1 pupil record') }] });
  });

  it('an invalid pupil is left out and reported with its key; the others stay', () => {
    const read = assembleRoster({ meta, quarantine: undefined, pupils: records([pupil('1'), { ...pupil('2'), biometricConsent: false, descriptors: [descriptor(1)] }]) });
    expect(read.roster?.pupils.map((p) => p.id)).toEqual(['1']);
    expect(read.problems).toEqual([{ where: 'pupils/2', message: expect.stringContaining('only allowed for a pupil with biometric consent') }]);
  });

  it('a pupil with consent for a channel the list does not have is reported', () => {
    const read = assembleRoster({ meta, quarantine: undefined, pupils: records([pupil('1', { consent: { website: 'yes', social: 'no', blog: 'yes' } })]) });
    expect(read.problems).toEqual([{ where: 'pupils/1', message: 'channel "blog" is not one of the list\'s channels' }]);
    expect(read.roster?.pupils).toEqual([]);
  });

  it('invalid meta: no roster; pupil problems are still reported', () => {
    const read = assembleRoster({ meta: { ...meta, importedAt: 'gisteren' }, quarantine: undefined, pupils: records([{ id: 'x' }]) });
    expect(read.roster).toBeNull();
    expect(read.problems.map((p) => p.where)).toEqual(['meta/roster', 'pupils/x']);
  });

  it('duplicate channels in meta are a problem', () => {
    const read = assembleRoster({ meta: { ...meta, channels: [meta.channels[0], meta.channels[0]] }, quarantine: undefined, pupils: [] });
    expect(read.problems).toEqual([{ where: 'meta/roster', message: expect.stringContaining('listed twice') }]);
  });

  it('a quarantined version-1 roster is reported', () => {
    expect(assembleRoster({ meta: undefined, quarantine: { pupils: 3 }, pupils: [] }).problems).toEqual([
      { where: 'meta/v1-roster', message: expect.stringContaining('it has no list of pupils') },
    ]);
  });
});

describe('comparePupils', () => {
  it('groups in natural order, then family name, given name, id', () => {
    const list = [
      pupil('4', { group: 'groep 10', familyName: 'A' }),
      pupil('3', { group: 'groep 2', familyName: 'b', givenName: 'Z' }),
      pupil('2', { group: 'groep 2', familyName: 'B', givenName: 'A' }),
      pupil('1', { group: 'groep 2', familyName: 'Ä', givenName: 'A' }),
    ];
    expect([...list].sort(comparePupils).map((p) => p.id)).toEqual(['1', '2', '3', '4']);
  });
});

describe('planReplace', () => {
  const next = (pupils: Pupil[]) => roster(pupils);

  it('keeps descriptors (and enrolment time) of pupils who still have biometric consent', () => {
    const stored = [pupil('1', { descriptors: [descriptor(1), descriptor(2)], enrolledAt: '2025-01-01T00:00:00.000Z' })];
    const plan = planReplace(stored, next([pupil('1', { familyName: 'Nieuw' })]));
    expect(plan).toEqual({
      pupils: [pupil('1', { familyName: 'Nieuw', descriptors: [descriptor(1), descriptor(2)], enrolledAt: '2025-01-01T00:00:00.000Z' })],
      keptDescriptors: 2,
      droppedDescriptors: 0,
    });
  });

  it('drops descriptors when biometric consent is gone or the pupil left', () => {
    const stored = [pupil('1', { descriptors: [descriptor(1)] }), pupil('2', { descriptors: [descriptor(2), descriptor(3)] })];
    const plan = planReplace(stored, next([pupil('1', { biometricConsent: false })]));
    expect(plan.pupils).toEqual([pupil('1', { biometricConsent: false })]);
    expect(plan).toMatchObject({ keptDescriptors: 0, droppedDescriptors: 3 });
  });

  it('descriptors the new roster brings replace the stored ones', () => {
    const stored = [pupil('1', { descriptors: [descriptor(1)] })];
    const plan = planReplace(stored, next([pupil('1', { descriptors: [descriptor(9)] })]));
    expect(plan).toEqual({ pupils: [pupil('1', { descriptors: [descriptor(9)] })], keptDescriptors: 0, droppedDescriptors: 0 });
  });

  it('never carries descriptors over from an invalid stored record', () => {
    const stored = [{ ...pupil('1', { descriptors: [descriptor(1)] }), group: 5 }];
    const plan = planReplace(stored, next([pupil('1')]));
    expect(plan).toEqual({ pupils: [pupil('1')], keptDescriptors: 0, droppedDescriptors: 1 });
  });

  it('does not change the roster it is given', () => {
    const incoming = next([pupil('1')]);
    const copy = structuredClone(incoming);
    planReplace([pupil('1', { descriptors: [descriptor(1)] })], incoming);
    expect(incoming).toEqual(copy);
  });
});

describe('splitV1Roster', () => {
  it('splits a roster into meta and pupil records, whatever the pupils hold', () => {
    const value = { ...roster([]), pupils: [{ id: '1', anything: true }] };
    expect(splitV1Roster(value)).toEqual({ kind: 'split', meta, pupils: [{ id: '1', anything: true }] });
  });
  it('nothing stored: empty', () => {
    expect(splitV1Roster(undefined)).toEqual({ kind: 'empty' });
  });
  it.each([null, 3, [], { pupils: {} }, { pupils: [{ id: '' }] }, { pupils: [{ id: 1 }] }, { pupils: [{ id: 'a' }, { id: 'a' }] }])(
    'quarantines %j',
    (value) => {
      expect(splitV1Roster(value).kind).toBe('quarantine');
    },
  );
});

describe('checks', () => {
  it('checkRoster names what is wrong', () => {
    expect(() => checkRoster({ ...roster([]), version: 2 })).toThrow(/the consent list was not saved, it is not valid: version/);
    expect(checkRoster(roster([pupil('1')]))).toEqual(roster([pupil('1')]));
  });
  it('checkDescriptors: 1–5 descriptors of 128 finite numbers', () => {
    expect(checkDescriptors([descriptor(1)])).toEqual([descriptor(1)]);
    expect(() => checkDescriptors([])).toThrow(/1–5/);
    expect(() => checkDescriptors([descriptor(1).slice(1)])).toThrow(/128/);
    expect(() => checkDescriptors([[...descriptor(1).slice(1), Infinity]])).toThrow();
  });
});
