export * from './schema';
export {
  importRosterCsv,
  parseConsentValue,
  parseBooleanValue,
  normaliseHeader,
  detectDelimiter,
  readCsvRows,
  type CsvImportOptions,
  type CsvRow,
  type CsvRows,
  type RosterField,
} from './csv';
export { previewCsv, type ColumnMapping, type CsvPreview } from './mapping';
export { parseRosterJson, serializeRoster } from './json';
export { importRoster, formatIssues, type RosterImportOptions } from './load';
