import { describe, expect, it } from 'vitest';
import { fullName } from '../../../src/consent/schema';
import { countByGroup, filterPupils, groupsOf, listAge, pupilName } from '../../../src/options/pupils';
import { demoRoster } from './helpers';

const roster = demoRoster();
const extra = [
  { ...roster.pupils[0]!, id: '3001', givenName: 'Émile', familyName: 'Ørsted', group: 'groep 10', nicknames: ['Mimi'] },
  { ...roster.pupils[0]!, id: '3002', givenName: 'Bram', familyName: 'Kok', group: 'groep 2', nicknames: [] },
  { ...roster.pupils[0]!, id: '3003', givenName: 'Sara', familyName: 'Lind', group: '', nicknames: [] },
];
const pupils = [...roster.pupils, ...extra];
const names = (list: typeof pupils) => list.map(fullName);

describe('filterPupils', () => {
  it('finds names without regard to accents or case', () => {
    expect(names(filterPupils(pupils, 'zoe', ''))).toEqual(['Zoë Bakker']);
    expect(names(filterPupils(pupils, 'EMILE', ''))).toEqual(['Émile Ørsted']);
  });

  it('needs every word, in any order, and looks at prefixes, nicknames and pupil numbers', () => {
    expect(names(filterPupils(pupils, 'berg van', ''))).toEqual(['Daan van der Berg']);
    expect(names(filterPupils(pupils, 'mimi', ''))).toEqual(['Émile Ørsted']);
    expect(names(filterPupils(pupils, '2003', ''))).toEqual(['Fenna van Dijk']);
    expect(filterPupils(pupils, 'noor lotte', '')).toEqual([]);
  });

  it('filters by group and sorts by group (naturally) then name', () => {
    expect(names(filterPupils(pupils, '', '8B'))).toEqual(['Daan van der Berg', 'Fenna van Dijk', 'Lotte de Vries', 'Noor Jansen', 'Zoë Bakker']);
    expect(filterPupils(pupils, '', '').map((p) => p.group)).toEqual(['', 'groep 2', 'groep 10', '8B', '8B', '8B', '8B', '8B'].sort(new Intl.Collator('nl', { numeric: true }).compare));
    expect(filterPupils(pupils, 'noor', 'groep 2')).toEqual([]);
  });
});

describe('groups and counts', () => {
  it('lists groups in natural order and counts pupils per group', () => {
    expect(groupsOf(pupils)).toEqual(['', 'groep 2', 'groep 10', '8B'].sort(new Intl.Collator('nl', { numeric: true }).compare));
    expect(new Map(countByGroup(pupils))).toEqual(new Map([['8B', 5], ['groep 2', 1], ['groep 10', 1], ['', 1]]));
  });
});

describe('listAge', () => {
  const imported = '2026-03-01T12:00:00.000Z';
  it('counts whole days and is stale only past the maximum', () => {
    expect(listAge(imported, new Date('2026-03-01T18:00:00Z'), 30)).toEqual({ days: 0, stale: false });
    expect(listAge(imported, new Date('2026-03-31T12:00:00Z'), 30)).toEqual({ days: 30, stale: false });
    expect(listAge(imported, new Date('2026-03-31T12:00:01Z'), 30)).toEqual({ days: 30, stale: true });
    expect(listAge(imported, new Date('2026-04-15T12:00:00Z'), 30)).toEqual({ days: 45, stale: true });
  });
  it('treats an import time in the future as today', () => {
    expect(listAge(imported, new Date('2026-02-27T12:00:00Z'), 30)).toEqual({ days: 0, stale: false });
  });
});

describe('pupilName', () => {
  it('names a pupil of the list, and nobody otherwise', () => {
    expect(pupilName(roster, '2002')).toBe('Lotte de Vries');
    expect(pupilName(roster, '9999')).toBeNull();
    expect(pupilName(roster, null)).toBeNull();
    expect(pupilName(null, '2002')).toBeNull();
  });
});
