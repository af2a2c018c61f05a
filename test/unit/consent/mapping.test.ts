import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importRosterCsv, previewCsv, type ColumnMapping, type ImportIssue, type ImportResult, type Roster } from '../../../src/consent';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/consent/${name}`, import.meta.url)), 'utf8');
const NOW = new Date('2025-03-01T08:00:00.000Z');

function expectRoster(result: ImportResult): Roster {
  if (!result.ok) throw new Error(`expected an import, got errors:\n${JSON.stringify(result.errors, null, 2)}`);
  return result.roster;
}
function expectErrors(result: ImportResult): ImportIssue[] {
  if (result.ok) throw new Error('expected the import to fail');
  return result.errors;
}

/** As ParnasSys writes a "leerlingen met toestemmingen" overview from Dutch Excel: ";" and Ja/Nee. */
const PARNASSYS_HEADER =
  'Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Groep;Toestemming website;Toestemming Facebook;Toestemming nieuwsbrief';
const PARNASSYS = [
  PARNASSYS_HEADER,
  '10234;Daan;van der;Berg;Groep 5;Ja;Nee;Ja',
  '10235;Zoë;;Verhoeven;Groep 5;Nee;Nee;Ja',
  '10236;Sem;;Bakker;Groep 6;Ja;Ja;Nee',
  '10237;Fatima;el;Idrissi;Groep 6;Ingetrokken;Nee;Ja',
  '10238;Lars;de;Jong;Groep 7;Ja;Ja;Ja',
  '10239;Saar;;Mulder;Groep 7;Nee;Nee;Nee',
  '',
].join('\r\n');

const PARNASSYS_MAPPING: ColumnMapping = {
  fields: { pupil_id: 'Leerlingnummer', given_name: 'Roepnaam', name_prefix: 'Tussenvoegsel', family_name: 'Achternaam', group: 'Groep' },
  channels: [
    { column: 'Toestemming website', id: 'website', label: 'Website' },
    { column: 'Toestemming Facebook', id: 'facebook', label: 'Facebook' },
    { column: 'Toestemming nieuwsbrief', id: 'nieuwsbrief', label: 'Nieuwsbrief' },
  ],
};

const withMapping = (text: string, mapping: ColumnMapping) => importRosterCsv(text, { sourceName: 'parnassys.csv', now: NOW, mapping });

describe('previewCsv', () => {
  it('shows a ParnasSys export and guesses its mapping from the aliases', () => {
    const preview = previewCsv(PARNASSYS);
    expect(preview.delimiter).toBe(';');
    expect(preview.headers).toEqual(PARNASSYS_HEADER.split(';'));
    expect(preview.rows).toHaveLength(5);
    expect(preview.rows[0]).toEqual(['10234', 'Daan', 'van der', 'Berg', 'Groep 5', 'Ja', 'Nee', 'Ja']);
    expect(preview.guess).toEqual(PARNASSYS_MAPPING);
  });

  it('shows as many rows as asked, and never more than there are', () => {
    expect(previewCsv(PARNASSYS, 2).rows.map((row) => row[0])).toEqual(['10234', '10235']);
    expect(previewCsv(PARNASSYS, 100).rows).toHaveLength(6);
    expect(previewCsv(PARNASSYS, 0).rows).toEqual([]);
  });

  it('leaves out columns that do not hold consent words, and leaves unknown required fields empty', () => {
    const text = 'Nummer,Voornaam,Achternaam,Geboortedatum,Adres,Foto website,Biometrie\n1,Anna,Berg,01-02-2016,Dorpsstraat 1,ja,nee\n2,Bo,Kok,03-04-2016,Kerkweg 2,nee,ja\n';
    const { guess } = previewCsv(text);
    expect(guess.fields).toEqual({ pupil_id: '', given_name: 'Voornaam', family_name: 'Achternaam', group: '', biometric_consent: 'Biometrie' });
    expect(guess.channels).toEqual([{ column: 'Foto website', id: 'foto_website', label: 'Foto website' }]);
  });

  it('guesses first-name columns and nicknames of the template', () => {
    const { guess } = previewCsv(fixture('default.csv'));
    expect(guess.fields).toEqual({
      pupil_id: 'pupil_id',
      given_name: 'given_name',
      name_prefix: 'name_prefix',
      family_name: 'family_name',
      group: 'group',
      biometric_consent: 'biometric_consent',
      nicknames: 'nicknames',
    });
    expect(guess.channels.map((c) => c.id)).toEqual(['website', 'social', 'newsletter']);
    expect(guess.firstNameAllowed).toEqual([{ column: 'first_name_website', channel: 'website' }]);
  });

  it('imports the template with its guessed mapping exactly as without a mapping (labels aside)', () => {
    const text = fixture('default.csv');
    const mapped = expectRoster(importRosterCsv(text, { sourceName: 'default.csv', now: NOW, mapping: previewCsv(text).guess }));
    const plain = expectRoster(importRosterCsv(text, { sourceName: 'default.csv', now: NOW }));
    expect(mapped.pupils).toEqual(plain.pupils);
    expect(mapped.channels.map((c) => c.id)).toEqual(plain.channels.map((c) => c.id));
  });

  it('does not throw on an empty or broken file', () => {
    expect(previewCsv('')).toEqual({
      delimiter: ',',
      headers: [],
      rows: [],
      guess: { fields: { pupil_id: '', given_name: '', family_name: '', group: '' }, channels: [] },
    });
    const broken = previewCsv('a,b\n1,"2\n');
    expect(broken.headers).toEqual(['a', 'b']);
  });
});

describe('importRosterCsv with a mapping', () => {
  it('imports the ParnasSys export: channels from the mapping, no biometric column means no biometric consent', () => {
    const roster = expectRoster(withMapping(PARNASSYS, PARNASSYS_MAPPING));
    expect(roster.channels).toEqual([
      { id: 'website', label: 'Website' },
      { id: 'facebook', label: 'Facebook' },
      { id: 'nieuwsbrief', label: 'Nieuwsbrief' },
    ]);
    expect(roster.pupils).toHaveLength(6);
    expect(roster.pupils[0]).toEqual({
      id: '10234',
      givenName: 'Daan',
      namePrefix: 'van der',
      familyName: 'Berg',
      nicknames: [],
      group: 'Groep 5',
      consent: { website: 'yes', facebook: 'no', nieuwsbrief: 'yes' },
      firstNameAllowed: {},
      biometricConsent: false,
      descriptors: [],
    });
    expect(roster.pupils[3]?.consent.website).toBe('withdrawn');
    expect(roster.pupils.every((p) => !p.biometricConsent)).toBe(true);
  });

  it('without a mapping the same export is refused as before (no biometric column)', () => {
    const errors = expectErrors(importRosterCsv(PARNASSYS, { sourceName: 'parnassys.csv' }));
    expect(errors).toEqual([{ line: 1, column: 'biometric_consent', message: expect.stringContaining('required column "biometric_consent" is missing') }]);
  });

  it('uses the school-defined channel ids and labels, a biometric column and first-name columns', () => {
    const text = 'Nr;Naam;Achternaam;Klas;Biometrie;Foto website;Foto socials;Naam bij foto\n1;Anna;Berg;5;Ja;Ja;Nee;Ja\n2;Bo;Kok;5;Nee;Nee;Ja;Nee\n';
    const mapping: ColumnMapping = {
      fields: { pupil_id: 'Nr', given_name: 'Naam', family_name: 'Achternaam', group: 'Klas', biometric_consent: 'Biometrie' },
      channels: [
        { column: 'Foto website', id: 'site', label: 'Schoolwebsite' },
        { column: 'Foto socials', id: 'social-media', label: 'Instagram en Facebook' },
      ],
      firstNameAllowed: [
        { column: 'Naam bij foto', channel: 'site' },
        { column: 'Naam bij foto', channel: 'social-media' },
      ],
    };
    const roster = expectRoster(withMapping(text, mapping));
    expect(roster.channels).toEqual([
      { id: 'site', label: 'Schoolwebsite' },
      { id: 'social-media', label: 'Instagram en Facebook' },
    ]);
    expect(roster.pupils.map((p) => [p.id, p.biometricConsent, p.consent, p.firstNameAllowed])).toEqual([
      ['1', true, { site: 'yes', 'social-media': 'no' }, { site: true, 'social-media': true }],
      ['2', false, { site: 'no', 'social-media': 'yes' }, { site: false, 'social-media': false }],
    ]);
  });

  it('lets one consent column give consent for several channels', () => {
    const text = 'Nr,Naam,Achternaam,Klas,Toestemming foto\n1,Anna,Berg,5,ja\n';
    const mapping: ColumnMapping = {
      fields: { pupil_id: 'Nr', given_name: 'Naam', family_name: 'Achternaam', group: 'Klas' },
      channels: [
        { column: 'Toestemming foto', id: 'website', label: 'Website' },
        { column: 'Toestemming foto', id: 'newsletter', label: 'Nieuwsbrief' },
      ],
    };
    expect(expectRoster(withMapping(text, mapping)).pupils[0]?.consent).toEqual({ website: 'yes', newsletter: 'yes' });
    // A bad value in such a column is reported once.
    const errors = expectErrors(withMapping(text.replace(',ja', ',misschien'), mapping));
    expect(errors).toEqual([{ line: 2, column: 'Toestemming foto', message: expect.stringContaining('"misschien" is not a consent value') }]);
  });

  it('ignores columns the mapping does not name, whatever they hold', () => {
    const text = `Geboortedatum;${PARNASSYS_HEADER};;Opmerking\n01-02-2016;10234;Daan;van der;Berg;Groep 5;Ja;Nee;Ja;x;"lastig; let op"\n`;
    const roster = expectRoster(withMapping(text, PARNASSYS_MAPPING));
    expect(roster.pupils.map((p) => p.id)).toEqual(['10234']);
  });

  it('matches headers exactly as mapped', () => {
    const mapping: ColumnMapping = { ...PARNASSYS_MAPPING, fields: { ...PARNASSYS_MAPPING.fields, given_name: 'roepnaam' } };
    expect(expectErrors(withMapping(PARNASSYS, mapping))).toEqual([
      { line: 1, column: 'roepnaam', message: `column "roepnaam" (chosen for "given_name") is not in the file's header` },
    ]);
  });

  it('reports bad rows with their line and the column as written in the file', () => {
    const text = [
      PARNASSYS_HEADER,
      '10234;Daan;van der;Berg;Groep 5;Ja;Nee;Ja',
      '10235;"Zoë\nZo";;Verhoeven;Groep 5;Nee;Misschien;Ja', // a quoted line break: the next row starts on line 5
      '10236;;;Bakker;Groep 6;Ja;Ja;Nee',
      '10234;Lars;de;Jong;Groep 7;Ja;Ja;Ja',
      '10239;Saar;;Mulder;Groep 7;Nee;Nee',
      '10240;Ties;;;Groep 8;jawel;Ja;Ja',
      '',
    ].join('\n');
    expect(expectErrors(withMapping(text, PARNASSYS_MAPPING))).toEqual([
      { line: 3, column: 'Toestemming Facebook', message: expect.stringContaining('"Misschien" is not a consent value') },
      { line: 5, column: 'Roepnaam', message: 'the given name is empty' },
      { line: 6, column: 'Leerlingnummer', message: 'pupil id "10234" is used twice: on line 2 and on line 6' },
      { line: 7, column: null, message: expect.stringContaining('has 7 values but the header has 8 columns') },
      { line: 8, column: 'Achternaam', message: 'the family name is empty' },
      { line: 8, column: 'Toestemming website', message: expect.stringContaining('"jawel" is not a consent value') },
    ]);
  });

  const base = PARNASSYS_MAPPING;
  it.each<[string, ColumnMapping, { line: number | null; column: string | null; message: string | RegExp }[]]>([
    [
      'invalid channel id',
      { ...base, channels: [{ column: 'Toestemming website', id: 'Web site', label: 'Website' }] },
      [{ line: 1, column: 'Toestemming website', message: /"Web site" is not a valid channel id/ }],
    ],
    [
      'channel id chosen twice',
      { ...base, channels: [base.channels[0]!, { column: 'Toestemming Facebook', id: 'website', label: 'Facebook' }] },
      [{ line: 1, column: 'Toestemming Facebook', message: 'channel "website" is chosen twice in the mapping' }],
    ],
    [
      'empty label',
      { ...base, channels: [{ column: 'Toestemming website', id: 'website', label: '  ' }] },
      [{ line: 1, column: 'Toestemming website', message: 'channel "website" has no label' }],
    ],
    ['no channels', { ...base, channels: [] }, [{ line: 1, column: null, message: /the mapping has no consent columns/ }]],
    [
      'required field not chosen',
      { ...base, fields: { ...base.fields, group: '' } },
      [{ line: 1, column: '"group"', message: 'no column is chosen for "group"' }],
    ],
    [
      'one column for two fields',
      { ...base, fields: { ...base.fields, family_name: 'Roepnaam' } },
      [{ line: 1, column: 'Roepnaam', message: /chosen for both "given_name" and "family_name"/ }],
    ],
    [
      'a field column also used as a channel',
      { ...base, channels: [...base.channels, { column: 'Groep', id: 'groep', label: 'Groep' }] },
      [{ line: 1, column: 'Groep', message: /chosen for both "group" and consent for channel "groep"/ }],
    ],
    [
      'first-name column for a channel that is not mapped',
      { ...base, firstNameAllowed: [{ column: 'Roepnaam', channel: 'blog' }] },
      [{ line: 1, column: 'Roepnaam', message: /no consent column for "blog"/ }],
    ],
    [
      'mapped biometric column missing from the file',
      { ...base, fields: { ...base.fields, biometric_consent: 'Biometrie' } },
      [{ line: 1, column: 'Biometrie', message: `column "Biometrie" (chosen for "biometric_consent") is not in the file's header` }],
    ],
  ])('refuses a bad mapping: %s', (_name, mapping, expected) => {
    expect(expectErrors(withMapping(PARNASSYS, mapping))).toEqual(
      expected.map((e) => ({ ...e, message: typeof e.message === 'string' ? e.message : expect.stringMatching(e.message) })),
    );
  });

  it('refuses a mapped header that occurs twice in the file', () => {
    const text = 'Nr;Naam;Naam;Achternaam;Klas;Website\n1;Anna;Ann;Berg;5;ja\n';
    const mapping: ColumnMapping = {
      fields: { pupil_id: 'Nr', given_name: 'Naam', family_name: 'Achternaam', group: 'Klas' },
      channels: [{ column: 'Website', id: 'website', label: 'Website' }],
    };
    expect(expectErrors(withMapping(text, mapping))).toEqual([{ line: 1, column: 'Naam', message: expect.stringContaining('2 columns named "Naam"') }]);
  });

  it('reports header and row problems together', () => {
    const mapping: ColumnMapping = { ...PARNASSYS_MAPPING, channels: [{ column: 'Toestemming website', id: 'Website!', label: 'x' }] };
    const text = `${PARNASSYS_HEADER}\n10234;;van der;Berg;Groep 5;Ja;Nee;Ja\n`;
    expect(expectErrors(withMapping(text, mapping)).map((e) => [e.line, e.column])).toEqual([
      [1, 'Toestemming website'],
      [2, 'Roepnaam'],
    ]);
  });
});
