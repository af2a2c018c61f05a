export * from './schema';
export {
  importRosterCsv,
  parseConsentValue,
  parseBooleanValue,
  normaliseHeader,
  detectDelimiter,
  type CsvImportOptions,
  type RosterField,
} from './csv';
export { parseRosterJson, serializeRoster } from './json';
export { importRoster, formatIssues, type RosterImportOptions } from './load';
