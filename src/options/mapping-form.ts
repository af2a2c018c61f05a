/**
 * The column-mapping step of a CSV import, as plain data: which column holds each pupil field, and which columns
 * are consent channels (with the id and label the admin gives them). Pure: the form is edited in the page and
 * checked here before the import runs with the resulting `ColumnMapping`.
 */
import type { ColumnMapping } from '../consent/mapping';
import { ChannelIdSchema } from '../consent/schema';
import { normaliseHeader, type RosterField } from '../consent/csv';

/** In the order the page shows them. */
export const MAPPING_FIELDS = ['pupil_id', 'given_name', 'name_prefix', 'family_name', 'group', 'biometric_consent', 'nicknames'] as const satisfies readonly RosterField[];
export const REQUIRED_MAPPING_FIELDS: readonly RosterField[] = ['pupil_id', 'given_name', 'family_name', 'group'];

export interface ChannelRow {
  /** Stable key for the page's list (rows can be removed from the middle). */
  key: number;
  /** Header of the consent column; '' while none is picked. */
  column: string;
  id: string;
  label: string;
  /** Header of the optional "first name allowed" column for this channel; '' = none. */
  firstNameColumn: string;
}

export interface MappingForm {
  /** Header per field; '' = not in the file (only allowed for optional fields). */
  fields: Record<RosterField, string>;
  channels: ChannelRow[];
  nextKey: number;
}

export type MappingIssueCode = 'required' | 'unknown_column' | 'column_twice' | 'bad_id' | 'id_twice' | 'no_label' | 'no_column' | 'no_channels';

/** `target`: a field name, `channel:<key>:<part>` (part = column | id | label | firstName), or 'channels'. */
export interface MappingIssue {
  target: string;
  code: MappingIssueCode;
  /** The column or id concerned, for the message. */
  subject?: string;
}

export function formFromMapping(mapping: ColumnMapping): MappingForm {
  const f = mapping.fields;
  const firstName = new Map((mapping.firstNameAllowed ?? []).map((x) => [x.channel, x.column]));
  const channels = mapping.channels.map((c, i) => ({ key: i, column: c.column, id: c.id, label: c.label, firstNameColumn: firstName.get(c.id) ?? '' }));
  return {
    fields: {
      pupil_id: f.pupil_id,
      given_name: f.given_name,
      name_prefix: f.name_prefix ?? '',
      family_name: f.family_name,
      group: f.group,
      biometric_consent: f.biometric_consent ?? '',
      nicknames: f.nicknames ?? '',
    },
    channels,
    nextKey: channels.length,
  };
}

/** "School-app (2024)" → "school-app_2024": a valid channel id where possible, '' otherwise. */
export function suggestChannelId(header: string): string {
  const slug = normaliseHeader(header)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_-]+|_+$/g, '')
    .slice(0, 40);
  return ChannelIdSchema.safeParse(slug).success ? slug : '';
}

/** Columns not yet used by any field or channel, in file order. */
export function unusedColumns(form: MappingForm, headers: readonly string[]): string[] {
  const used = new Set<string>([...Object.values(form.fields), ...form.channels.flatMap((c) => [c.column, c.firstNameColumn])]);
  return headers.filter((h) => h.trim() !== '' && !used.has(h));
}

/** A new channel row on the first unused column (or none), with id and label suggested from its header. */
export function addChannel(form: MappingForm, headers: readonly string[]): MappingForm {
  const column = unusedColumns(form, headers)[0] ?? '';
  const row: ChannelRow = { key: form.nextKey, column, id: suggestChannelId(column), label: column, firstNameColumn: '' };
  return { ...form, channels: [...form.channels, row], nextKey: form.nextKey + 1 };
}

export function removeChannel(form: MappingForm, key: number): MappingForm {
  return { ...form, channels: form.channels.filter((c) => c.key !== key) };
}

/**
 * Chooses the column of a field. A column the guess had taken for a channel ("Biometrie ok" holds only yes/no
 * words) is the field's now: that channel row goes, and a first-name choice of it is cleared.
 */
export function setField(form: MappingForm, field: RosterField, column: string): MappingForm {
  const channels =
    column === ''
      ? form.channels
      : form.channels.filter((c) => c.column !== column).map((c) => (c.firstNameColumn === column ? { ...c, firstNameColumn: '' } : c));
  return { ...form, fields: { ...form.fields, [field]: column }, channels };
}

/**
 * Changes one channel row. Picking a column for a row whose id/label were empty or still the suggestion for the
 * previous column fills them in from the new header.
 */
export function updateChannel(form: MappingForm, key: number, change: Partial<Omit<ChannelRow, 'key'>>): MappingForm {
  return {
    ...form,
    channels: form.channels.map((row) => {
      if (row.key !== key) return row;
      const next = { ...row, ...change };
      if (change.column !== undefined && change.id === undefined && (row.id === '' || row.id === suggestChannelId(row.column))) next.id = suggestChannelId(change.column);
      if (change.column !== undefined && change.label === undefined && (row.label.trim() === '' || row.label === row.column)) next.label = change.column;
      return next;
    }),
  };
}

/** Every problem with the mapping; an empty list means the import can run with `toColumnMapping(form)`. */
export function validateMapping(form: MappingForm, headers: readonly string[]): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const known = new Set(headers);
  /** Column → the kind of thing it was first chosen for. Channels may share a consent column (one "photos" column
   * for website and newsletter), as the importer allows; a column never means two different kinds of thing. */
  const usedBy = new Map<string, 'field' | 'channel' | 'firstName'>();
  const use = (column: string, target: string, kind: 'field' | 'channel' | 'firstName') => {
    if (column === '') return;
    if (!known.has(column)) {
      issues.push({ target, code: 'unknown_column', subject: column });
      return;
    }
    const previous = usedBy.get(column);
    if (previous !== undefined && (kind === 'field' || previous !== kind)) issues.push({ target, code: 'column_twice', subject: column });
    else if (previous === undefined) usedBy.set(column, kind);
  };
  for (const field of MAPPING_FIELDS) {
    const column = form.fields[field];
    if (column === '' && REQUIRED_MAPPING_FIELDS.includes(field)) issues.push({ target: field, code: 'required' });
    use(column, field, 'field');
  }
  if (form.channels.length === 0) issues.push({ target: 'channels', code: 'no_channels' });
  const ids = new Set<string>();
  for (const row of form.channels) {
    const at = (part: string) => `channel:${row.key}:${part}`;
    if (row.column === '') issues.push({ target: at('column'), code: 'no_column' });
    use(row.column, at('column'), 'channel');
    if (!ChannelIdSchema.safeParse(row.id).success) issues.push({ target: at('id'), code: 'bad_id', subject: row.id });
    else if (ids.has(row.id)) issues.push({ target: at('id'), code: 'id_twice', subject: row.id });
    ids.add(row.id);
    if (row.label.trim() === '') issues.push({ target: at('label'), code: 'no_label' });
    use(row.firstNameColumn, at('firstName'), 'firstName');
  }
  return issues;
}

export function toColumnMapping(form: MappingForm): ColumnMapping {
  const f = form.fields;
  const optional = (field: RosterField) => (f[field] === '' ? {} : { [field]: f[field] });
  return {
    fields: {
      pupil_id: f.pupil_id,
      given_name: f.given_name,
      family_name: f.family_name,
      group: f.group,
      ...optional('name_prefix'),
      ...optional('biometric_consent'),
      ...optional('nicknames'),
    },
    channels: form.channels.map((c) => ({ column: c.column, id: c.id, label: c.label.trim() })),
    firstNameAllowed: form.channels.filter((c) => c.firstNameColumn !== '').map((c) => ({ column: c.firstNameColumn, channel: c.id })),
  };
}
