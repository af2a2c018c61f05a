import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  detectDelimiter,
  importRosterCsv,
  parseBooleanValue,
  parseConsentValue,
  type ImportIssue,
  type ImportResult,
  type Roster,
} from '../../../src/consent';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/consent/${name}`, import.meta.url)), 'utf8');
const NOW = new Date('2025-03-01T08:00:00.000Z');

function expectRoster(result: ImportResult): Roster {
  if (!result.ok) throw new Error(`expected an import, got errors:\n${JSON.stringify(result.errors, null, 2)}`);
  return result.roster;
}

function expectErrors(result: ImportResult): ImportIssue[] {
  if (result.ok) throw new Error('expected the import to fail');
  // Nothing of a bad file is imported.
  expect(Object.keys(result).sort()).toEqual(['errors', 'ok']);
  return result.errors;
}

const toCrlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

describe('importRosterCsv: good files', () => {
  it('imports the default template with channels, first-name column, nicknames and withdrawn values', () => {
    const roster = expectRoster(importRosterCsv(fixture('default.csv'), { sourceName: 'default.csv', now: NOW }));
    expect(roster.format).toBe('consent-gate-roster');
    expect(roster.version).toBe(1);
    expect(roster.importedAt).toBe('2025-03-01T08:00:00.000Z');
    expect(roster.source).toEqual({ kind: 'csv', name: 'default.csv' });
    expect(roster.channels).toEqual([
      { id: 'website', label: 'website' },
      { id: 'social', label: 'social' },
      { id: 'newsletter', label: 'newsletter' },
    ]);
    expect(roster.pupils).toEqual([
      {
        id: '2001',
        givenName: 'Lotte',
        namePrefix: 'van der',
        familyName: 'Meer',
        nicknames: ['Lot', 'Lotje'],
        group: '5A',
        consent: { website: 'yes', social: 'no', newsletter: 'yes' },
        firstNameAllowed: { website: true },
        biometricConsent: true,
        descriptors: [],
      },
      {
        id: '2002',
        givenName: 'Zoë',
        namePrefix: '',
        familyName: 'Kramer',
        nicknames: ['Zo', 'Zoe'],
        group: '5A',
        consent: { website: 'withdrawn', social: 'no', newsletter: 'yes' },
        firstNameAllowed: { website: false },
        biometricConsent: true,
        descriptors: [],
      },
      {
        id: '2003',
        givenName: 'Bram',
        namePrefix: 'de',
        familyName: 'Wit',
        nicknames: [],
        group: '6B',
        consent: { website: 'yes', social: 'no', newsletter: 'no' },
        firstNameAllowed: { website: false },
        biometricConsent: false, // "ingetrokken" biometric consent is no consent
        descriptors: [],
      },
      {
        id: '2004',
        givenName: 'Noor',
        namePrefix: '',
        familyName: 'El Amrani',
        nicknames: [],
        group: '6B',
        consent: { website: 'withdrawn', social: 'yes', newsletter: 'no' },
        firstNameAllowed: { website: true },
        biometricConsent: false,
        descriptors: [],
      },
    ]);
  });

  it('imports the shipped template (src/consent/template.csv)', () => {
    const text = readFileSync(fileURLToPath(new URL('../../../src/consent/template.csv', import.meta.url)), 'utf8');
    const result = importRosterCsv(text, { sourceName: 'template.csv', now: NOW });
    const roster = expectRoster(result);
    expect(result.ok && result.warnings).toEqual([]);
    expect(roster.channels.map((c) => c.id)).toEqual(['website', 'social', 'newsletter']);
    expect(roster.pupils).toHaveLength(3);
    expect(roster.pupils.some((p) => p.namePrefix === 'van der')).toBe(true);
    expect(roster.pupils.some((p) => p.givenName === 'Zoë')).toBe(true);
  });

  const dutch = fixture('dutch.csv');
  it.each([
    ['plain (LF, no BOM)', dutch],
    ['BOM + CRLF', `\uFEFF${toCrlf(dutch)}`],
  ])('imports a Dutch ";" export: %s', (_name, text) => {
    expect(text.includes('\r\n') || _name.startsWith('plain')).toBe(true);
    const result = importRosterCsv(text, { sourceName: 'groep7.csv', now: NOW, channelLabels: { sociale_media: 'Instagram' } });
    const roster = expectRoster(result);
    expect(roster.channels).toEqual([
      { id: 'website', label: 'Website' },
      { id: 'sociale_media', label: 'Instagram' },
      { id: 'nieuwsbrief', label: 'Nieuwsbrief' },
    ]);
    expect(roster.pupils.map((p) => [p.id, p.givenName, p.namePrefix, p.familyName, p.group])).toEqual([
      ['3001', 'Sanne', 'van', 'Dijk', '7'],
      ['3002', 'Mees', '', 'Graaf', '7'],
      ['3003', 'Fleur', 'ter', 'Horst', '8'],
    ]);
    expect(roster.pupils[0]?.nicknames).toEqual(['Saan', 'Sannie']);
    expect(roster.pupils.map((p) => p.consent)).toEqual([
      { website: 'yes', sociale_media: 'no', nieuwsbrief: 'yes' },
      { website: 'withdrawn', sociale_media: 'no', nieuwsbrief: 'yes' },
      { website: 'no', sociale_media: 'yes', nieuwsbrief: 'no' },
    ]);
    expect(roster.pupils.map((p) => p.firstNameAllowed)).toEqual([{ website: true }, { website: false }, { website: false }]);
    expect(roster.pupils.map((p) => p.biometricConsent)).toEqual([true, false, true]);
    // The BOM must not end up in the first header (it would make "leerlingnummer" unknown).
    expect(JSON.stringify(roster)).not.toContain('\uFEFF');
  });

  it('splits nicknames in a multi-line quoted cell and keeps values with the delimiter', () => {
    const text = 'pupil_id,given_name,family_name,group,biometric_consent,website,bijnamen\n1,Anna,"Berg, van den",5,nee,ja,"Ann\nAnnie | An"\n';
    const roster = expectRoster(importRosterCsv(text, { sourceName: 'x.csv', now: NOW }));
    expect(roster.pupils[0]).toMatchObject({ familyName: 'Berg, van den', namePrefix: '', nicknames: ['Ann', 'Annie', 'An'] });
  });

  it('handles a BOM in front of a quoted first header (as Excel writes "Save as CSV UTF-8")', () => {
    const text = '\uFEFF"Leerlingnummer";"Roepnaam";"Achternaam";"Groep";"Biometrie";"Website"\r\n"12";"Anna";"Berg";"5";"nee";"ja"\r\n';
    const roster = expectRoster(importRosterCsv(text, { sourceName: 'x.csv', now: NOW }));
    expect(roster.pupils.map((p) => [p.id, p.givenName, p.familyName, p.consent])).toEqual([['12', 'Anna', 'Berg', { website: 'yes' }]]);
  });

  it('warns (but imports) when the file has no pupils', () => {
    const result = importRosterCsv('pupil_id,given_name,family_name,group,biometric_consent,website\n', { sourceName: 'x.csv', now: NOW });
    expect(result.ok).toBe(true);
    expect(result.ok && result.roster.pupils).toEqual([]);
    expect(result.ok && result.warnings).toEqual([{ line: null, column: null, message: expect.stringContaining('no pupils') }]);
  });

  it('uses the current time when no "now" is given', () => {
    const before = Date.now();
    const roster = expectRoster(importRosterCsv(fixture('default.csv'), { sourceName: 'default.csv' }));
    expect(Date.parse(roster.importedAt)).toBeGreaterThanOrEqual(before);
  });
});

describe('importRosterCsv: line numbers', () => {
  const multiline = fixture('multiline.csv');
  it.each([
    ['LF', multiline],
    ['CRLF', toCrlf(multiline)],
    ['BOM + CRLF', `\uFEFF${toCrlf(multiline)}`],
  ])('rows after quoted multi-line values keep their real line (%s)', (_name, text) => {
    const errors = expectErrors(importRosterCsv(text, { sourceName: 'multiline.csv' }));
    expect(errors).toEqual([
      { line: 5, column: 'website', message: expect.stringContaining('"misschien" is not a consent value') },
      { line: 10, column: 'pupil_id', message: expect.stringMatching(/"4004" is used twice: on line 9 and on line 10/) },
    ]);
  });

  it('counts empty lines before the header', () => {
    const text = '\n\npupil_id,given_name,family_name,group,biometric_consent,website\n1,A,B,5,ja,nope\n';
    expect(expectErrors(importRosterCsv(text, { sourceName: 'x.csv' }))).toEqual([
      { line: 4, column: 'website', message: expect.stringContaining('"nope"') },
    ]);
  });
});

const HEADER = 'pupil_id,given_name,name_prefix,family_name,group,biometric_consent,website';
const GOOD_ROW = '1,Anna,,Berg,5,ja,ja';

interface BadCase {
  name: string;
  text: string;
  errors: { line: number | null; column: string | null; message: string | RegExp }[];
}

const BAD_CASES: BadCase[] = [
  {
    name: 'bad consent value',
    text: `${HEADER}\n${GOOD_ROW}\n2,Bo,,Kok,5,ja,misschien\n`,
    errors: [
      {
        line: 3,
        column: 'website',
        message: '"misschien" is not a consent value (use ja/nee, yes/no, 1/0, true/false, ingetrokken/withdrawn; empty means no)',
      },
    ],
  },
  {
    name: 'bad biometric value',
    text: `${HEADER}\n2,Bo,,Kok,5,misschien,ja\n`,
    errors: [{ line: 2, column: 'biometric_consent', message: /"misschien" is not a yes\/no value/ }],
  },
  {
    name: 'missing pupil_id',
    text: `${HEADER}\n${GOOD_ROW}\n  ,Bo,,Kok,5,ja,ja\n`,
    errors: [{ line: 3, column: 'pupil_id', message: /pupil id is empty/ }],
  },
  {
    name: 'missing given and family name',
    text: `${HEADER}\n2,,,,5,ja,ja\n`,
    errors: [
      { line: 2, column: 'given_name', message: /given name is empty/ },
      { line: 2, column: 'family_name', message: /family name is empty/ },
    ],
  },
  {
    name: 'too few fields',
    text: `${HEADER}\n${GOOD_ROW}\n2,Bo,,Kok,5,ja\n`,
    errors: [{ line: 3, column: null, message: /has 6 values but the header has 7 columns/ }],
  },
  {
    name: 'too many fields (unquoted comma)',
    text: `${HEADER}\n2,Bo,,Berg, van den,5,ja,ja\n`,
    errors: [{ line: 2, column: null, message: /has 8 values but the header has 7 columns/ }],
  },
  {
    name: 'duplicate pupil id',
    text: `${HEADER}\n${GOOD_ROW}\n2,Bo,,Kok,5,ja,ja\n1,Anna,,Berg,5,ja,nee\n`,
    errors: [{ line: 4, column: 'pupil_id', message: 'pupil id "1" is used twice: on line 2 and on line 4' }],
  },
  {
    name: 'pupil id too long (schema)',
    text: `${HEADER}\n${'9'.repeat(65)},Bo,,Kok,5,ja,ja\n`,
    errors: [{ line: 2, column: 'pupil_id', message: /64/ }],
  },
  {
    name: 'unclosed quote',
    text: `${HEADER}\n${GOOD_ROW}\n2,"Bo,,Kok,5,ja,ja\n3,Cas,,Kok,5,ja,ja\n`,
    errors: [{ line: 3, column: null, message: /never closed/ }],
  },
  {
    name: 'text after a closing quote',
    text: `${HEADER}\n${GOOD_ROW}\n2,"Bo"x,,Kok,5,ja,ja\n`,
    errors: [{ line: 3, column: null, message: /quoted value is followed by more text/ }],
  },
  {
    name: 'missing required column',
    text: 'pupil_id,given_name,group,biometric_consent,website\n1,Anna,5,ja,ja\n',
    errors: [{ line: 1, column: 'family_name', message: 'required column "family_name" is missing (Dutch header: "achternaam")' }],
  },
  {
    name: 'missing required Dutch columns',
    text: 'leerlingnummer;roepnaam;achternaam;website\n1;Anna;Berg;ja\n',
    errors: [
      { line: 1, column: 'group', message: /"group" is missing \(Dutch header: "groep" or "klas"\)/ },
      { line: 1, column: 'biometric_consent', message: /"biometrie" or "biometrische_toestemming"/ },
    ],
  },
  {
    name: 'no channel column',
    text: 'pupil_id,given_name,family_name,group,biometric_consent\n1,Anna,Berg,5,ja\n',
    errors: [{ line: 1, column: null, message: /no consent columns/ }],
  },
  {
    name: 'bad channel id',
    text: "pupil_id,given_name,family_name,group,biometric_consent,Foto's website\n1,Anna,Berg,5,ja,ja\n",
    errors: [{ line: 1, column: "Foto's website", message: /"foto's_website" is not a valid channel id/ }],
  },
  {
    name: 'duplicate column after alias resolution',
    text: 'pupil_id,Roepnaam,Voornaam,family_name,group,biometric_consent,website\n1,Anna,Anna,Berg,5,ja,ja\n',
    errors: [{ line: 1, column: 'Voornaam', message: /already a "given_name" column \("Roepnaam"\)/ }],
  },
  {
    name: 'duplicate channel column',
    text: 'pupil_id,given_name,family_name,group,biometric_consent,Website,website\n1,Anna,Berg,5,ja,ja,ja\n',
    errors: [{ line: 1, column: 'website', message: /already a consent column for channel "website" \("Website"\)/ }],
  },
  {
    name: 'first-name column without its channel',
    text: 'pupil_id,given_name,family_name,group,biometric_consent,website,first_name_blog\n1,Anna,Berg,5,ja,ja,ja\n',
    errors: [{ line: 1, column: 'first_name_blog', message: /channel "blog", but there is no "blog" consent column/ }],
  },
  {
    name: 'bad first-name value',
    text: 'pupil_id,given_name,family_name,group,biometric_consent,website,voornaam_website\n1,Anna,Berg,5,ja,ja,alleen voornaam\n',
    errors: [{ line: 2, column: 'voornaam_website', message: /"alleen voornaam" is not a yes\/no value/ }],
  },
  {
    name: 'value in a column without header',
    text: `${HEADER},\n1,Anna,,Berg,5,ja,ja,\n2,Bo,,Kok,5,ja,ja,oeps\n`,
    errors: [{ line: 3, column: null, message: /column 8 has no header.*"oeps"/ }],
  },
  {
    name: 'empty file',
    text: '\uFEFF\r\n\r\n',
    errors: [{ line: null, column: null, message: /file is empty/ }],
  },
];

describe('importRosterCsv: bad files import nothing and say where', () => {
  it.each(BAD_CASES)('$name', ({ text, errors }) => {
    const actual = expectErrors(importRosterCsv(text, { sourceName: 'x.csv', now: NOW }));
    expect(actual).toEqual(
      errors.map(({ line, column, message }) => ({
        line,
        column,
        message: typeof message === 'string' ? message : expect.stringMatching(message),
      })),
    );
  });

  it.each(BAD_CASES)('$name: same lines and columns with ";" and CRLF', ({ text, errors }) => {
    // No value in these cases contains ";" or a quoted ",", so swapping the delimiter keeps their meaning.
    const actual = expectErrors(importRosterCsv(toCrlf(text.replaceAll(',', ';')), { sourceName: 'x.csv', now: NOW }));
    expect(actual.map((e) => [e.line, e.column])).toEqual(errors.map((e) => [e.line, e.column]));
  });

  it('collects every problem in the file, in line order', () => {
    const errors = expectErrors(importRosterCsv(fixture('many-errors.csv'), { sourceName: 'many-errors.csv' }));
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'pupil_id'],
      [4, 'family_name'],
      [5, 'biometric_consent'],
      [6, null],
      [7, 'pupil_id'],
      [8, 'social'],
    ]);
    expect(errors[4]?.message).toContain('on line 2 and on line 7');
  });

  it('reports header problems and row problems together', () => {
    const text = 'pupil_id,given_name,group,biometric_consent,website\n1,Anna,5,ja,misschien\n';
    const errors = expectErrors(importRosterCsv(text, { sourceName: 'x.csv' }));
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [1, 'family_name'],
      [2, 'website'],
    ]);
  });

  it('reports rows before a syntax error as well as the error itself', () => {
    const text = `${HEADER}\n2,Bo,,Kok,5,ja,misschien\n3,"Cas,,Kok,5,ja,ja\n`;
    const errors = expectErrors(importRosterCsv(text, { sourceName: 'x.csv' }));
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'website'],
      [3, null],
    ]);
  });
});

describe('value words', () => {
  it.each([
    ['ja', 'yes'],
    [' JA ', 'yes'],
    ['j', 'yes'],
    ['Yes', 'yes'],
    ['y', 'yes'],
    ['1', 'yes'],
    ['TRUE', 'yes'],
    ['waar', 'yes'],
    ['nee', 'no'],
    ['N', 'no'],
    ['no', 'no'],
    ['0', 'no'],
    ['false', 'no'],
    ['onwaar', 'no'],
    ['', 'no'],
    ['   ', 'no'],
    ['Ingetrokken', 'withdrawn'],
    ['withdrawn', 'withdrawn'],
    ['misschien', null],
    ['2', null],
    ['x', null],
  ] as const)('parseConsentValue(%j) = %j', (word, expected) => {
    expect(parseConsentValue(word)).toBe(expected);
  });

  it.each([
    ['ja', true],
    ['nee', false],
    ['', false],
    ['ingetrokken', false],
    ['soms', null],
  ] as const)('parseBooleanValue(%j) = %j', (word, expected) => {
    expect(parseBooleanValue(word)).toBe(expected);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1;2,3', ','],
    ['a;b;c\n1,2,3', ';'],
    ['"a,b";c;d\n', ';'],
    ['"x;y;z",b\n', ','],
    ['\n\r\na;b\n', ';'],
    ['a\n', ','],
  ] as const)('%j → %s', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});
