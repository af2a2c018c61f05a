import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssues, importRoster, serializeRoster } from '../../../src/consent';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/consent/${name}`, import.meta.url)), 'utf8');
const NOW = new Date('2025-03-01T08:00:00.000Z');

describe('importRoster', () => {
  const csv = fixture('default.csv');
  const imported = importRoster(csv, 'default.csv', { now: NOW });
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  const json = serializeRoster(imported.roster);

  it.each([
    ['roster.json', 'JSON', true],
    ['ROSTER.JSON', 'JSON', true],
    ['exports/roster.json', 'JSON', true],
    ['roster.csv', 'CSV', true],
    ['roster.txt', 'CSV', true],
    ['roster', 'CSV', true],
    ['roster.csv', 'JSON', false], // a JSON file with a .csv name is read as CSV and fails
    ['roster.json', 'CSV', false], // and the other way round
  ] as const)('%s holding %s: ok = %s', (name, kind, ok) => {
    const result = importRoster(kind === 'JSON' ? json : csv, name, { now: NOW });
    expect(result.ok).toBe(ok);
    if (result.ok) {
      // A saved roster keeps its recorded source; a CSV import records the name it was given.
      const source = kind === 'JSON' ? imported.roster.source : { kind: 'csv', name };
      expect(result.roster).toEqual({ ...imported.roster, source });
    }
  });

  it('passes CSV options through', () => {
    const result = importRoster(csv, 'default.csv', { now: NOW, channelLabels: { website: 'Schoolwebsite' } });
    expect(result.ok && result.roster.channels[0]).toEqual({ id: 'website', label: 'Schoolwebsite' });
    expect(result.ok && result.roster.source).toEqual({ kind: 'csv', name: 'default.csv' });
  });
});

describe('formatIssues', () => {
  it('formats CSV issues as file:line: column "x": message', () => {
    const result = importRoster(fixture('multiline.csv'), 'roster.csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatIssues(result.errors, 'roster.csv')).toBe(
      [
        'roster.csv:5: column "website": "misschien" is not a consent value (use ja/nee, yes/no, 1/0, true/false, ingetrokken/withdrawn; empty means no)',
        'roster.csv:10: column "pupil_id": pupil id "4004" is used twice: on line 9 and on line 10',
      ].join('\n'),
    );
  });

  it('formats issues without line or column, and JSON paths', () => {
    expect(
      formatIssues(
        [
          { line: null, column: null, message: 'the file is empty' },
          { line: 3, column: null, message: 'bad row' },
          { line: 1, column: 'family_name', message: 'missing' },
        ],
        'x.csv',
      ),
    ).toBe(['x.csv: the file is empty', 'x.csv:3: bad row', 'x.csv:1: column "family_name": missing'].join('\n'));
    expect(formatIssues([{ line: null, column: 'pupils[3].consent.website', message: 'bad' }], 'r.json')).toBe(
      'r.json: pupils[3].consent.website: bad',
    );
    expect(formatIssues([], 'r.json')).toBe('');
  });
});
