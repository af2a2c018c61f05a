/**
 * Column mapping for school exports whose headers the importer does not know (ParnasSys, Parro overviews): the
 * admin sees a preview of the file with a guessed mapping, corrects it, and imports with `{ mapping }`.
 */
import { fieldForHeader, firstNameChannelOf, normaliseHeader, parseConsentValue, readCsvRows } from './csv';
import { ChannelIdSchema } from './schema';

export interface ColumnMapping {
  /** Header text, exactly as in the file, per field. An optional field that is left out is not read. */
  fields: {
    pupil_id: string;
    given_name: string;
    name_prefix?: string;
    family_name: string;
    group: string;
    /** Without it, no pupil has biometric consent. */
    biometric_consent?: string;
    nicknames?: string;
  };
  /** Consent columns; the id (a school-chosen channel id) and label are the admin's. */
  channels: { column: string; id: string; label: string }[];
  firstNameAllowed?: { column: string; channel: string }[];
}

export interface CsvPreview {
  delimiter: ',' | ';';
  /** Header texts, trimmed: the strings a mapping refers to. */
  headers: string[];
  /** The first data rows, as written. */
  rows: string[][];
  /** A mapping guessed from the header aliases; a required field it could not find is ''. Always for the admin to check. */
  guess: ColumnMapping;
}

/** Words in front of a channel name in Dutch exports: "Toestemming website" is the channel "website". */
const CONSENT_PREFIXES = ['toestemming_voor_', 'toestemming_', 'consent_for_', 'consent_'];

/** "Toestemming Facebook" → "facebook"; "Foto's op de website" → "foto_s_op_de_website"; null if nothing usable is left. */
function channelIdFor(header: string): string | null {
  let key = normaliseHeader(header)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  const prefix = CONSENT_PREFIXES.find((p) => key.startsWith(p) && key.length > p.length);
  if (prefix !== undefined) key = key.slice(prefix.length);
  key = key.replace(/[^a-z0-9_-]+/g, '_').replace(/_+/g, '_').replace(/^[_-]+|_+$/g, '').slice(0, 40);
  return ChannelIdSchema.safeParse(key).success ? key : null;
}

/** "Toestemming nieuwsbrief" → "Nieuwsbrief": the header without a consent prefix word, capitalised. */
function channelLabelFor(header: string): string {
  const label = header.replace(/^\s*(toestemming( voor)?|consent( for)?)[\s:_-]+/i, '').trim() || header.trim();
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/**
 * The file's delimiter, headers, first `rows` data rows and a guessed mapping. Fields are guessed by their aliases
 * (`Leerlingnummer` → pupil_id); a column is guessed to be a channel when every value in it is a consent word and it
 * is not empty, so "Geboortedatum" or "Adres" are left out. Never throws: a broken file gives what could be read.
 */
export function previewCsv(text: string, rows = 5): CsvPreview {
  const read = readCsvRows(text);
  const [headerRow, ...dataRows] = read.rows;
  const headers = (headerRow?.fields ?? []).map((header) => header.trim());
  const cell = (row: readonly string[], index: number) => (row[index] ?? '').trim();

  const fields: ColumnMapping['fields'] = { pupil_id: '', given_name: '', family_name: '', group: '' };
  const channels: ColumnMapping['channels'] = [];
  const firstNames: { column: string; channel: string }[] = [];
  headers.forEach((header, index) => {
    if (header === '' || headers.indexOf(header) !== index) return; // a mapping cannot name an ambiguous header
    const field = fieldForHeader(header);
    if (field !== null) {
      if (fields[field] === undefined || fields[field] === '') fields[field] = header;
      return;
    }
    const values = dataRows.map((row) => cell(row.fields, index));
    const looksLikeConsent = values.some((v) => v !== '') && values.every((v) => parseConsentValue(v) !== null);
    if (!looksLikeConsent) return;
    const firstNameChannel = firstNameChannelOf(header);
    if (firstNameChannel !== null) {
      firstNames.push({ column: header, channel: firstNameChannel });
      return;
    }
    const id = channelIdFor(header);
    if (id !== null && !channels.some((channel) => channel.id === id)) {
      channels.push({ column: header, id, label: channelLabelFor(header) });
    }
  });

  const firstNameAllowed = firstNames
    .map((entry) => ({ ...entry, channel: channelIdFor(entry.channel) ?? entry.channel }))
    .filter((entry, i, all) => channels.some((c) => c.id === entry.channel) && all.findIndex((e) => e.channel === entry.channel) === i);
  const guess: ColumnMapping = { fields, channels };
  if (firstNameAllowed.length > 0) guess.firstNameAllowed = firstNameAllowed;

  return {
    delimiter: read.delimiter,
    headers,
    rows: dataRows.slice(0, Math.max(0, rows)).map((row) => row.fields),
    guess,
  };
}
