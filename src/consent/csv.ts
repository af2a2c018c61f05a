/**
 * Import a parental consent list from CSV (the ConsentGate template, or a Dutch Excel/ParnasSys export).
 *
 * All problems in the file are collected; if there is any, nothing of the file is imported. Every issue carries the
 * 1-based line on which its row starts in the file (quoted values may span lines) and the column header as it is
 * written in the file. See src/consent/README.md for the format.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import {
  ChannelIdSchema,
  PupilSchema,
  ROSTER_FORMAT,
  RosterSchema,
  type Channel,
  type ConsentState,
  type ImportIssue,
  type ImportResult,
  type Pupil,
  type Roster,
} from './schema';
import type { ColumnMapping } from './mapping';
import { explainZodIssue, formatIssuePath } from './zod-issues';

export interface CsvImportOptions {
  /** File name, kept in the roster's `source` (e.g. "groep5.csv"). */
  sourceName: string;
  /** Import time for `importedAt`; defaults to now. */
  now?: Date;
  /** Display labels per channel id; a channel without one is labelled with its header text. Not used with `mapping`. */
  channelLabels?: Record<string, string>;
  /**
   * The admin's choice of columns (see previewCsv in mapping.ts). Headers are then matched exactly as written in the
   * mapping, columns it does not name are ignored, and channel ids and labels come from it. Without a mapping the
   * header names decide (aliases, every other column a channel).
   */
  mapping?: ColumnMapping;
}

/** Fields of a pupil row that come from one fixed column each. */
export type RosterField =
  | 'pupil_id'
  | 'given_name'
  | 'name_prefix'
  | 'family_name'
  | 'group'
  | 'biometric_consent'
  | 'nicknames';

/** Normalised header → field. Header text is trimmed, lower-cased, and runs of spaces/hyphens become "_". */
const FIELD_ALIASES: Readonly<Record<string, RosterField>> = {
  pupil_id: 'pupil_id',
  leerlingnummer: 'pupil_id',
  given_name: 'given_name',
  roepnaam: 'given_name',
  voornaam: 'given_name',
  name_prefix: 'name_prefix',
  tussenvoegsel: 'name_prefix',
  family_name: 'family_name',
  achternaam: 'family_name',
  group: 'group',
  groep: 'group',
  klas: 'group',
  biometric_consent: 'biometric_consent',
  biometrie: 'biometric_consent',
  biometrische_toestemming: 'biometric_consent',
  nicknames: 'nicknames',
  bijnamen: 'nicknames',
};

/** A column `first_name_<channel>` (or `voornaam_<channel>`): may the first name appear with a photo on <channel>? */
const FIRST_NAME_PREFIXES = ['first_name_', 'voornaam_'] as const;

/** The field a header names by its aliases ("Roepnaam" → given_name), or null. */
export function fieldForHeader(header: string): RosterField | null {
  return FIELD_ALIASES[normaliseHeader(header)] ?? null;
}

/** "Voornaam website" → "website": the channel a first-name header is for, or null when it is not one. */
export function firstNameChannelOf(header: string): string | null {
  const key = normaliseHeader(header);
  const prefix = FIRST_NAME_PREFIXES.find((p) => key.startsWith(p));
  return prefix === undefined ? null : key.slice(prefix.length);
}

const REQUIRED_FIELDS = ['pupil_id', 'given_name', 'family_name', 'group', 'biometric_consent'] as const;

const DUTCH_HEADERS: Readonly<Record<RosterField, string>> = {
  pupil_id: '"leerlingnummer"',
  given_name: '"roepnaam" or "voornaam"',
  name_prefix: '"tussenvoegsel"',
  family_name: '"achternaam"',
  group: '"groep" or "klas"',
  biometric_consent: '"biometrie" or "biometrische_toestemming"',
  nicknames: '"bijnamen"',
};

const YES_WORDS = ['ja', 'yes', 'j', 'y', '1', 'true', 'waar'];
const NO_WORDS = ['nee', 'no', 'n', '0', 'false', 'onwaar', ''];
const WITHDRAWN_WORDS = ['ingetrokken', 'withdrawn'];

const BOOLEAN_HINT = 'use ja/nee, yes/no, 1/0, true/false; empty means no';
const CONSENT_HINT = 'use ja/nee, yes/no, 1/0, true/false, ingetrokken/withdrawn; empty means no';

/** "Ja", " yes ", "1", "" (no), "ingetrokken" … → consent state; null when the value is not a consent word. */
export function parseConsentValue(value: string): ConsentState | null {
  const word = value.trim().toLowerCase();
  if (YES_WORDS.includes(word)) return 'yes';
  if (NO_WORDS.includes(word)) return 'no';
  if (WITHDRAWN_WORDS.includes(word)) return 'withdrawn';
  return null;
}

/** Same words as consent values; withdrawn counts as false. Null when the value is not one of those words. */
export function parseBooleanValue(value: string): boolean | null {
  const state = parseConsentValue(value);
  return state === null ? null : state === 'yes';
}

/** Header text → the key it is matched by: trimmed, lower case, runs of whitespace and "-" become "_". */
export function normaliseHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * `,` or `;`: whichever splits the header line (the first non-empty line) into more columns. Delimiters inside
 * double quotes are not counted. A tie means `,`.
 */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  let seenContent = false;
  for (const ch of text) {
    if (ch === '"') {
      inQuotes = !inQuotes;
    } else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (seenContent) break;
    } else if (!inQuotes && ch === ',') {
      commas++;
    } else if (!inQuotes && ch === ';') {
      semicolons++;
    }
    if (ch !== '\n' && ch !== '\r') seenContent = true;
  }
  return semicolons > commas ? ';' : ',';
}

interface RawRecord {
  fields: string[];
  /** UTF-8 byte offset just after this record (including its line break), as reported by csv-parse. */
  end: number;
}

/**
 * Maps csv-parse's byte offsets to 1-based line numbers. We count lines ourselves because csv-parse's own `lines`
 * is the line a record ends on, and it counts a CRLF inside a quoted value as two lines.
 */
function lineCounter(bytes: Uint8Array): (offset: number) => number {
  let pos = 0;
  let line = 1;
  /** Line of the first byte at or after `offset` that is not a line break. Offsets must not decrease. */
  return (offset: number) => {
    let target = offset;
    while (target < bytes.length && (bytes[target] === 0x0a || bytes[target] === 0x0d)) target++;
    while (pos < target) {
      const byte = bytes[pos];
      if (byte === 0x0d) {
        line++;
        if (bytes[pos + 1] === 0x0a) pos++;
      } else if (byte === 0x0a) {
        line++;
      }
      pos++;
    }
    return line;
  };
}

function csvErrorMessage(error: unknown, delimiter: string): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const rest = 'the rest of the file was not checked';
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted value that starts in this row is never closed: add the missing closing quote (") (${rest})`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `a quoted value is followed by more text before the next "${delimiter}": write a quote inside a quoted value as two quotes ("") (${rest})`;
    case 'INVALID_OPENING_QUOTE':
      return `a quote (") appears inside an unquoted value: put the whole value in quotes and write the quote as two quotes ("") (${rest})`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `the file could not be read as CSV: ${message} (${rest})`;
    }
  }
}

function isBlankRecord(fields: readonly string[]): boolean {
  return fields.every((field) => field.trim() === '');
}

/** Nicknames in one cell, separated by ";", "|" or line breaks (Alt+Enter in Excel). */
function splitNicknames(value: string): string[] {
  return value
    .split(/[;|\r\n]+/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

export interface CsvRow {
  fields: string[];
  /** 1-based line on which the row starts. */
  line: number;
}

export interface CsvRows {
  delimiter: ',' | ';';
  /** Rows with at least one non-empty value, the header first. */
  rows: CsvRow[];
  /** A CSV syntax error that ended reading (rows before it are kept), and the line of the row it is in. */
  syntaxError: unknown;
  syntaxErrorLine: number | null;
}

/** Split a CSV file into its non-blank rows, each with the line it starts on. Never throws on bad CSV. */
export function readCsvRows(text: string): CsvRows {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const lineAt = lineCounter(new TextEncoder().encode(body));

  // on_record keeps the records read before a syntax error, so their problems are reported too.
  const records: RawRecord[] = [];
  let syntaxError: unknown = null;
  try {
    parse(body, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      on_record: (record: string[], context) => {
        records.push({ fields: record, end: context.bytes });
        return null;
      },
    });
  } catch (error) {
    syntaxError = error;
  }
  const rows = records.map((record, i) => ({
    fields: record.fields,
    line: lineAt(i === 0 ? 0 : (records[i - 1]?.end ?? 0)),
  }));
  const syntaxErrorLine = syntaxError === null ? null : lineAt(records.at(-1)?.end ?? 0);
  return { delimiter, rows: rows.filter((row) => !isBlankRecord(row.fields)), syntaxError, syntaxErrorLine };
}

interface Column {
  index: number;
  /** Header text as written in the file, trimmed: used in messages and as the default channel label. */
  header: string;
}

/** Which column holds what, decided from the header (by aliases or by the admin's mapping). */
interface Layout {
  fields: Map<RosterField, Column>;
  channels: Map<string, Column>;
  labels: Map<string, string>;
  firstNames: Map<string, Column>;
  /** Columns without a header: a value in them is an error, because nobody can tell what it means. */
  unnamed: Column[];
}

type HeaderIssue = (column: string | null, message: string) => void;

function emptyLayout(): Layout {
  return { fields: new Map(), channels: new Map(), labels: new Map(), firstNames: new Map(), unnamed: [] };
}

/** No mapping: header names decide, through the aliases; every other named column is a channel. */
function layoutByAliases(headers: readonly string[], options: CsvImportOptions, headerIssue: HeaderIssue): Layout {
  type Role = { kind: 'field'; field: RosterField } | { kind: 'channel'; channel: string } | { kind: 'firstName'; channel: string };
  const layout = emptyLayout();
  const roled: { column: Column; role: Role }[] = [];
  headers.forEach((header, index) => {
    const column = { index, header };
    const key = normaliseHeader(header);
    if (key === '') {
      layout.unnamed.push(column);
      return;
    }
    const field = FIELD_ALIASES[key];
    const firstName = firstNameChannelOf(header);
    const role: Role =
      field !== undefined
        ? { kind: 'field', field }
        : firstName !== null
          ? { kind: 'firstName', channel: firstName }
          : { kind: 'channel', channel: key };
    roled.push({ column, role });
  });

  for (const { column, role } of roled) {
    if (role.kind === 'field') {
      const first = layout.fields.get(role.field);
      if (first !== undefined) {
        headerIssue(column.header, `there is already a "${role.field}" column ("${first.header}"); remove one of them`);
      } else {
        layout.fields.set(role.field, column);
      }
      continue;
    }
    const valid = ChannelIdSchema.safeParse(role.channel);
    if (!valid.success) {
      const what = role.kind === 'channel' ? 'a consent channel' : 'a first-name column';
      const reason = valid.error.issues[0]?.message ?? 'invalid channel id';
      headerIssue(
        column.header,
        `"${column.header}" is not a known column, so it is read as ${what}, but "${role.channel}" is not a valid channel id: ${reason}`,
      );
      continue;
    }
    const target = role.kind === 'channel' ? layout.channels : layout.firstNames;
    const first = target.get(role.channel);
    if (first !== undefined) {
      const what = role.kind === 'channel' ? 'consent' : 'first-name';
      headerIssue(column.header, `there is already a ${what} column for channel "${role.channel}" ("${first.header}"); remove one of them`);
    } else {
      target.set(role.channel, column);
    }
  }

  for (const field of REQUIRED_FIELDS) {
    if (!layout.fields.has(field)) {
      headerIssue(field, `required column "${field}" is missing (Dutch header: ${DUTCH_HEADERS[field]})`);
    }
  }
  // A column that was rejected as a channel id has its own issue already.
  if (!roled.some(({ role }) => role.kind === 'channel')) {
    headerIssue(
      null,
      'there are no consent columns: add one column per channel after "biometric_consent", named by the channel id (e.g. "website", "social", "newsletter")',
    );
  }
  for (const [channel, column] of layout.firstNames) {
    if (!layout.channels.has(channel)) {
      headerIssue(column.header, `this first-name column is for channel "${channel}", but there is no "${channel}" consent column`);
    }
  }
  for (const [id, column] of layout.channels) layout.labels.set(id, options.channelLabels?.[id]?.trim() || column.header);
  return layout;
}

const MAPPED_FIELDS = ['pupil_id', 'given_name', 'name_prefix', 'family_name', 'group', 'biometric_consent', 'nicknames'] as const;
const MAPPING_REQUIRED: ReadonlySet<RosterField> = new Set(['pupil_id', 'given_name', 'family_name', 'group']);

/**
 * With a mapping: only the columns it names are read, matched exactly by their header text. A column may feed
 * several channels (one "Toestemming foto's" column for website and newsletter) but not two different kinds of thing.
 */
function layoutByMapping(headers: readonly string[], mapping: ColumnMapping, headerIssue: HeaderIssue): Layout {
  const layout = emptyLayout();
  /** What each used column is mapped to, for "mapped twice" messages; channels share a column only with channels. */
  const uses = new Map<number, { kind: 'field' | 'channel' | 'firstName'; what: string }>();

  const locate = (name: unknown, what: string, kind: 'field' | 'channel' | 'firstName'): Column | null => {
    if (typeof name !== 'string' || name.trim() === '') {
      headerIssue(kind === 'field' ? what : null, `no column is chosen for ${what}`);
      return null;
    }
    const indices = headers.flatMap((header, index) => (header === name ? [index] : []));
    const index = indices[0];
    if (index === undefined) {
      headerIssue(name, `column "${name}" (chosen for ${what}) is not in the file's header`);
      return null;
    }
    if (indices.length > 1) {
      headerIssue(name, `the header has ${indices.length} columns named "${name}" (chosen for ${what}); rename one of them`);
      return null;
    }
    const previous = uses.get(index);
    if (previous !== undefined && (kind === 'field' || previous.kind !== kind)) {
      headerIssue(name, `column "${name}" is chosen for both ${previous.what} and ${what}; a column can mean only one thing`);
      return null;
    }
    if (previous === undefined) uses.set(index, { kind, what });
    return { index, header: name };
  };

  const fields: Partial<Record<RosterField, unknown>> = mapping.fields ?? {};
  for (const field of MAPPED_FIELDS) {
    const name = fields[field];
    if (!MAPPING_REQUIRED.has(field) && (name === undefined || name === '')) continue;
    const column = locate(name, `"${field}"`, 'field');
    if (column !== null) layout.fields.set(field, column);
  }

  const channels = Array.isArray(mapping.channels) ? mapping.channels : [];
  if (channels.length === 0) {
    headerIssue(null, 'the mapping has no consent columns: choose at least one column and the channel it gives consent for');
  }
  const channelIds = new Set<string>();
  for (const channel of channels) {
    const id = String(channel?.id ?? '');
    const where = typeof channel?.column === 'string' && channel.column !== '' ? channel.column : null;
    const valid = ChannelIdSchema.safeParse(id);
    if (!valid.success) {
      headerIssue(where, `"${id}" is not a valid channel id: ${valid.error.issues[0]?.message ?? 'invalid channel id'}`);
      continue;
    }
    if (channelIds.has(id)) {
      headerIssue(where, `channel "${id}" is chosen twice in the mapping`);
      continue;
    }
    channelIds.add(id);
    const label = typeof channel.label === 'string' ? channel.label.trim() : '';
    if (label === '') headerIssue(where, `channel "${id}" has no label`);
    const column = locate(channel.column, `consent for channel "${id}"`, 'channel');
    if (column === null || label === '') continue;
    layout.channels.set(id, column);
    layout.labels.set(id, label);
  }

  const firstNames = Array.isArray(mapping.firstNameAllowed) ? mapping.firstNameAllowed : [];
  for (const entry of firstNames) {
    const id = String(entry?.channel ?? '');
    const where = typeof entry?.column === 'string' && entry.column !== '' ? entry.column : null;
    if (!channelIds.has(id)) {
      headerIssue(where, `this first-name column is for channel "${id}", but the mapping has no consent column for "${id}"`);
      continue;
    }
    if (layout.firstNames.has(id)) {
      headerIssue(where, `the mapping has two first-name columns for channel "${id}"`);
      continue;
    }
    const column = locate(entry.column, `the first name on channel "${id}"`, 'firstName');
    if (column !== null) layout.firstNames.set(id, column);
  }
  return layout;
}

export function importRosterCsv(text: string, options: CsvImportOptions): ImportResult {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const issue = (line: number | null, column: string | null, message: string) => errors.push({ line, column, message });

  // 1. Split into records.
  const { delimiter, rows: nonBlank, syntaxError, syntaxErrorLine } = readCsvRows(text);
  const headerRow = nonBlank[0];
  if (headerRow === undefined) {
    if (syntaxError !== null) {
      issue(syntaxErrorLine, null, csvErrorMessage(syntaxError, delimiter));
    } else {
      issue(null, null, 'the file is empty: expected a header line such as "pupil_id,given_name,name_prefix,family_name,group,biometric_consent,website"');
    }
    return { ok: false, errors };
  }

  // 2. Header: which column holds what.
  const headerLine = headerRow.line;
  let headerOk = true;
  const headerIssue: HeaderIssue = (column, message) => {
    headerOk = false;
    issue(headerLine, column, message);
  };
  const headers = headerRow.fields.map((raw) => raw.trim());
  const layout =
    options.mapping === undefined
      ? layoutByAliases(headers, options, headerIssue)
      : layoutByMapping(headers, options.mapping, headerIssue);
  const { fields: fieldColumns, channels: channelColumns, firstNames: firstNameColumns } = layout;

  // 3. Rows.
  const expectedFields = headers.length;
  const pupils: Pupil[] = [];
  const idLines = new Map<string, number>();
  const columnForPath = (path: readonly PropertyKey[]): string | null => {
    const [field, channel] = path;
    switch (field) {
      case 'id':
        return fieldColumns.get('pupil_id')?.header ?? 'pupil_id';
      case 'givenName':
        return fieldColumns.get('given_name')?.header ?? 'given_name';
      case 'namePrefix':
        return fieldColumns.get('name_prefix')?.header ?? 'name_prefix';
      case 'familyName':
        return fieldColumns.get('family_name')?.header ?? 'family_name';
      case 'group':
        return fieldColumns.get('group')?.header ?? 'group';
      case 'nicknames':
        return fieldColumns.get('nicknames')?.header ?? 'nicknames';
      case 'biometricConsent':
        return fieldColumns.get('biometric_consent')?.header ?? 'biometric_consent';
      case 'consent':
        return typeof channel === 'string' ? (channelColumns.get(channel)?.header ?? channel) : null;
      case 'firstNameAllowed':
        return typeof channel === 'string' ? (firstNameColumns.get(channel)?.header ?? channel) : null;
      default:
        return null;
    }
  };

  for (const row of nonBlank.slice(1)) {
    const { line, fields } = row;
    if (fields.length !== expectedFields) {
      issue(
        line,
        null,
        `this row has ${fields.length} values but the header has ${expectedFields} columns (a value that contains "${delimiter}" must be in double quotes)`,
      );
      continue;
    }
    let rowOk = true;
    const rowIssue = (column: string | null, message: string) => {
      rowOk = false;
      issue(line, column, message);
    };
    const value = (column: Column | undefined): string => (column === undefined ? '' : (fields[column.index] ?? '').trim());

    for (const column of layout.unnamed) {
      if (value(column) !== '') {
        rowIssue(null, `column ${column.index + 1} has no header, but this row has a value there ("${value(column)}")`);
      }
    }

    const required = (field: 'pupil_id' | 'given_name' | 'family_name', what: string): string => {
      const column = fieldColumns.get(field);
      const text = value(column);
      if (column !== undefined && text === '') rowIssue(column.header, `${what} is empty`);
      return text;
    };
    const id = required('pupil_id', 'the pupil id');
    const givenName = required('given_name', 'the given name');
    const familyName = required('family_name', 'the family name');

    if (id !== '') {
      const firstLine = idLines.get(id);
      if (firstLine !== undefined) {
        rowIssue(fieldColumns.get('pupil_id')?.header ?? 'pupil_id', `pupil id "${id}" is used twice: on line ${firstLine} and on line ${line}`);
      } else {
        idLines.set(id, line);
      }
    }

    const booleanAt = (column: Column | undefined): boolean => {
      if (column === undefined) return false;
      const parsed = parseBooleanValue(value(column));
      if (parsed === null) rowIssue(column.header, `"${value(column)}" is not a yes/no value (${BOOLEAN_HINT})`);
      return parsed ?? false;
    };

    const consent: Record<string, ConsentState> = {};
    const badConsent = new Set<number>();
    for (const [channel, column] of channelColumns) {
      const state = parseConsentValue(value(column));
      // A column shared by several channels is reported once.
      if (state === null && !badConsent.has(column.index)) {
        badConsent.add(column.index);
        rowIssue(column.header, `"${value(column)}" is not a consent value (${CONSENT_HINT})`);
      }
      consent[channel] = state ?? 'no';
    }
    const firstNameAllowed: Record<string, boolean> = {};
    for (const [channel, column] of firstNameColumns) {
      if (channelColumns.has(channel)) firstNameAllowed[channel] = booleanAt(column);
    }
    const biometricConsent = booleanAt(fieldColumns.get('biometric_consent'));

    if (!rowOk || !headerOk) continue;
    const candidate: Pupil = {
      id,
      givenName,
      namePrefix: value(fieldColumns.get('name_prefix')),
      familyName,
      nicknames: splitNicknames(value(fieldColumns.get('nicknames'))),
      group: value(fieldColumns.get('group')),
      consent,
      firstNameAllowed,
      biometricConsent,
      descriptors: [],
    };
    const checked = PupilSchema.safeParse(candidate);
    if (checked.success) {
      pupils.push(checked.data);
    } else {
      for (const zodIssue of checked.error.issues) {
        for (const { path, message } of explainZodIssue(zodIssue)) issue(line, columnForPath(path), message);
      }
    }
  }

  if (syntaxError !== null) issue(syntaxErrorLine, null, csvErrorMessage(syntaxError, delimiter));
  if (errors.length > 0) return { ok: false, errors };

  // 4. Roster.
  const channels: Channel[] = [...channelColumns].map(([id, column]) => ({ id, label: layout.labels.get(id) ?? column.header }));
  const candidate: Roster = {
    format: ROSTER_FORMAT,
    version: 1,
    importedAt: (options.now ?? new Date()).toISOString(),
    source: { kind: 'csv', name: options.sourceName },
    channels,
    pupils,
  };
  const checked = RosterSchema.safeParse(candidate);
  if (!checked.success) {
    // Should not happen: every row was checked above. Report rather than import something inconsistent.
    return {
      ok: false,
      errors: checked.error.issues.flatMap((zodIssue) =>
        explainZodIssue(zodIssue).map(({ path, message }) => ({ line: null, column: formatIssuePath(path) || null, message })),
      ),
    };
  }
  if (pupils.length === 0) warnings.push({ line: null, column: null, message: 'the file has a header but no pupils' });
  return { ok: true, roster: checked.data, warnings };
}
