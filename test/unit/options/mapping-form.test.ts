import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRosterCsv } from '../../../src/consent/csv';
import { previewCsv } from '../../../src/consent/mapping';
import {
  addChannel,
  formFromMapping,
  removeChannel,
  setField,
  suggestChannelId,
  toColumnMapping,
  unusedColumns,
  updateChannel,
  validateMapping,
  type MappingForm,
} from '../../../src/options/mapping-form';

const DEMO = readFileSync(join(import.meta.dirname, '../../../demo/roster.csv'), 'utf8');

/** A ParnasSys-like export whose headers the importer does not know by itself. */
const EXPORT = [
  'Leerling;Voornaam;Tussenv.;Achternaam;Klas;Toestemming Website;Toestemming Facebook;Biometrie ok;Geboortedatum',
  '9001;Sem;;Visser;5A;ja;nee;nee;2016-04-01',
  '9002;Julia;van;Leeuwen;5A;nee;ja;ja;2016-07-12',
].join('\n');

const form = (text: string): { form: MappingForm; headers: string[] } => {
  const preview = previewCsv(text);
  return { form: formFromMapping(preview.guess), headers: preview.headers };
};

describe('the mapping form from a guess', () => {
  it('takes the demo roster as guessed and imports it with the mapping', () => {
    const { form: f, headers } = form(DEMO);
    expect(validateMapping(f, headers)).toEqual([]);
    const mapping = toColumnMapping(f);
    expect(mapping.fields).toMatchObject({ pupil_id: 'leerlingnummer', given_name: 'roepnaam', family_name: 'achternaam', group: 'groep', biometric_consent: 'biometrie' });
    expect(mapping.channels.map((c) => c.id)).toEqual(['website', 'social', 'nieuwsbrief']);
    expect(mapping.firstNameAllowed).toEqual([{ column: 'voornaam_nieuwsbrief', channel: 'nieuwsbrief' }]);
    const result = importRosterCsv(DEMO, { sourceName: 'roster.csv', mapping });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.roster.pupils.map((p) => p.id)).toContain('2001');
  });

  it('reports what is missing in an unknown export, and imports once the admin fills it in', () => {
    const { form: guessed, headers } = form(EXPORT);
    const issues = validateMapping(guessed, headers);
    expect(issues).toContainEqual({ target: 'pupil_id', code: 'required' });
    let f = setField(guessed, 'pupil_id', 'Leerling');
    f = setField(f, 'group', 'Klas');
    f = setField(f, 'name_prefix', 'Tussenv.');
    // The guess took "Biometrie ok" (only yes/no words) for a channel; choosing it as the field removes that channel.
    expect(f.channels.map((c) => c.column)).toContain('Biometrie ok');
    f = setField(f, 'biometric_consent', 'Biometrie ok');
    expect(f.channels.map((c) => c.column)).toEqual(['Toestemming Website', 'Toestemming Facebook']);
    expect(validateMapping(f, headers)).toEqual([]);
    const result = importRosterCsv(EXPORT, { sourceName: 'export.csv', mapping: toColumnMapping(f) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.roster.channels).toEqual(f.channels.map((c) => ({ id: c.id, label: c.label })));
    const julia = result.roster.pupils.find((p) => p.id === '9002')!;
    expect(julia).toMatchObject({ namePrefix: 'van', group: '5A', biometricConsent: true });
  });
});

describe('validateMapping', () => {
  const headers = ['nr', 'naam', 'achternaam', 'groep', 'web', 'fb', 'vn_web'];
  const base: MappingForm = {
    fields: { pupil_id: 'nr', given_name: 'naam', name_prefix: '', family_name: 'achternaam', group: 'groep', biometric_consent: '', nicknames: '' },
    channels: [{ key: 0, column: 'web', id: 'website', label: 'Website', firstNameColumn: 'vn_web' }],
    nextKey: 1,
  };

  it('accepts a complete mapping; optional fields may stay empty', () => {
    expect(validateMapping(base, headers)).toEqual([]);
  });

  it('requires pupil id, given name, family name and group', () => {
    let f = base;
    for (const field of ['pupil_id', 'given_name', 'family_name', 'group'] as const) f = setField(f, field, '');
    expect(validateMapping(f, headers).map((i) => `${i.target}:${i.code}`)).toEqual(['pupil_id:required', 'given_name:required', 'family_name:required', 'group:required']);
  });

  it('clears a first-name column that becomes a field', () => {
    expect(setField(base, 'nicknames', 'vn_web').channels[0]).toMatchObject({ column: 'web', firstNameColumn: '' });
  });

  it('refuses a column that is not in the file, or that means two different things', () => {
    expect(validateMapping(setField(base, 'nicknames', 'bijnamen'), headers)).toEqual([{ target: 'nicknames', code: 'unknown_column', subject: 'bijnamen' }]);
    expect(validateMapping(setField(base, 'nicknames', 'naam'), headers)).toEqual([{ target: 'nicknames', code: 'column_twice', subject: 'naam' }]);
    const webAsField = updateChannel(base, 0, { column: 'groep' });
    expect(validateMapping(webAsField, headers)).toContainEqual({ target: 'channel:0:column', code: 'column_twice', subject: 'groep' });
  });

  it('lets two channels share one consent column (as the importer does), but not a first-name column', () => {
    const two = { ...base, channels: [...base.channels, { key: 1, column: 'web', id: 'nieuwsbrief', label: 'Nieuwsbrief', firstNameColumn: '' }], nextKey: 2 };
    expect(validateMapping(two, headers)).toEqual([]);
    const clash = updateChannel(two, 1, { firstNameColumn: 'web' });
    expect(validateMapping(clash, headers)).toContainEqual({ target: 'channel:1:firstName', code: 'column_twice', subject: 'web' });
  });

  it('checks channel ids (valid, unique), labels, columns, and that there is a channel at all', () => {
    const bad = updateChannel(base, 0, { id: 'Web Site', label: ' ' });
    expect(validateMapping(bad, headers).map((i) => `${i.target}:${i.code}`)).toEqual(['channel:0:id:bad_id', 'channel:0:label:no_label']);
    const twice = { ...base, channels: [...base.channels, { key: 1, column: 'fb', id: 'website', label: 'Facebook', firstNameColumn: '' }], nextKey: 2 };
    expect(validateMapping(twice, headers)).toEqual([{ target: 'channel:1:id', code: 'id_twice', subject: 'website' }]);
    const noColumn = updateChannel(base, 0, { column: '' });
    expect(validateMapping(noColumn, headers)).toContainEqual({ target: 'channel:0:column', code: 'no_column' });
    expect(validateMapping(removeChannel(base, 0), headers)).toEqual([{ target: 'channels', code: 'no_channels' }]);
  });
});

describe('editing channels', () => {
  const headers = ['nr', 'naam', 'achternaam', 'groep', 'Foto’s website', 'School-app'];
  const start: MappingForm = {
    fields: { pupil_id: 'nr', given_name: 'naam', name_prefix: '', family_name: 'achternaam', group: 'groep', biometric_consent: '', nicknames: '' },
    channels: [],
    nextKey: 0,
  };

  it('adds a channel on the first unused column, with id and label suggested', () => {
    expect(unusedColumns(start, headers)).toEqual(['Foto’s website', 'School-app']);
    const one = addChannel(start, headers);
    expect(one.channels).toEqual([{ key: 0, column: 'Foto’s website', id: 'foto_s_website', label: 'Foto’s website', firstNameColumn: '' }]);
    const two = addChannel(one, headers);
    expect(two.channels[1]).toMatchObject({ key: 1, column: 'School-app', id: 'school_app', label: 'School-app' });
    const three = addChannel(two, headers);
    expect(three.channels[2]).toMatchObject({ key: 2, column: '', id: '', label: '' });
    expect(removeChannel(three, 1).channels.map((c) => c.key)).toEqual([0, 2]);
  });

  it('follows a new column with id and label only while they are still the suggestions', () => {
    const one = addChannel(start, headers);
    const moved = updateChannel(one, 0, { column: 'School-app' });
    expect(moved.channels[0]).toMatchObject({ column: 'School-app', id: 'school_app', label: 'School-app' });
    const named = updateChannel(moved, 0, { id: 'app', label: 'Schoolapp' });
    const movedBack = updateChannel(named, 0, { column: 'Foto’s website' });
    expect(movedBack.channels[0]).toMatchObject({ column: 'Foto’s website', id: 'app', label: 'Schoolapp' });
  });

  it('suggests valid channel ids, or none', () => {
    expect(suggestChannelId('Nieuwsbrief')).toBe('nieuwsbrief');
    expect(suggestChannelId('Café-krant 2024')).toBe('cafe_krant_2024');
    expect(suggestChannelId('nieuws-brief_2')).toBe('nieuws_brief_2');
    expect(suggestChannelId('***')).toBe('');
    expect(suggestChannelId('')).toBe('');
  });

  it('leaves optional fields out of the mapping when they are not chosen', () => {
    const mapping = toColumnMapping(addChannel(start, headers));
    expect(mapping.fields).toEqual({ pupil_id: 'nr', given_name: 'naam', family_name: 'achternaam', group: 'groep' });
    expect(mapping.firstNameAllowed).toEqual([]);
  });
});
