import { describe, expect, it } from 'vitest';
import { filterPupils, foldForSearch, pupilGroups } from '../../../src/review/search';
import { formatTime } from '../../../src/review/model';
import { PUPILS } from './helpers';

const names = (query: string, group = '') => filterPupils(PUPILS, query, group).map((p) => p.name);

describe('pupil search', () => {
  it('is case- and diacritic-insensitive: "zoe" finds "Zoë"', () => {
    expect(names('zoe')).toEqual(['Zoë van den Berg']);
    expect(names('ZOË')).toEqual(['Zoë van den Berg']);
    expect(names('noor')).toEqual(['Noor Bakker']);
    expect(foldForSearch('  Çéline  O’Brien ')).toBe("celine o'brien");
  });

  it('matches every word, in any order, anywhere in the name', () => {
    expect(names('berg van')).toEqual(['Zoë van den Berg']);
    expect(names('de v')).toEqual(['Sem de Vries', 'Zoë van den Berg']);
    expect(names('xyz')).toEqual([]);
  });

  it('filters by group and lists everyone, sorted, for an empty query', () => {
    expect(names('')).toEqual(['Daan Jansen', 'Lotte Smit', 'Noor Bakker', 'Sem de Vries', 'Zoë van den Berg']);
    expect(names('', '8')).toEqual(['Daan Jansen', 'Zoë van den Berg']);
    expect(names('noor', '8')).toEqual([]);
  });

  it('lists the groups in natural order', () => {
    expect(
      pupilGroups([
        { id: '1', name: 'a', group: 'groep 10', consent: 'yes' },
        { id: '2', name: 'b', group: 'groep 2', consent: 'yes' },
        { id: '3', name: 'c', group: '', consent: 'yes' },
        { id: '4', name: 'd', group: 'groep 2', consent: 'no' },
      ]),
    ).toEqual(['groep 2', 'groep 10']);
  });
});

describe('formatTime', () => {
  it('shows video times as m:ss (h:mm:ss past an hour)', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(7.9)).toBe('0:07');
    expect(formatTime(754)).toBe('12:34');
    expect(formatTime(3723)).toBe('1:02:03');
    expect(formatTime(NaN)).toBe('0:00');
  });
});
