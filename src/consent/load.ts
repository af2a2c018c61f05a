import { importRosterCsv, type CsvImportOptions } from './csv';
import { parseRosterJson } from './json';
import type { ImportIssue, ImportResult } from './schema';

export type RosterImportOptions = Omit<CsvImportOptions, 'sourceName'>;

function isJsonName(sourceName: string): boolean {
  return /\.json$/i.test(sourceName.trim());
}

/**
 * Import a consent list: a saved roster when `sourceName` ends in ".json" (any case), otherwise CSV.
 * `options` only apply to CSV.
 */
export function importRoster(text: string, sourceName: string, options: RosterImportOptions = {}): ImportResult {
  if (isJsonName(sourceName)) return parseRosterJson(text, sourceName);
  return importRosterCsv(text, { ...options, sourceName });
}

/**
 * One line per issue, compiler style:
 * `roster.csv:7: column "website": "misschien" is not a consent value (...)`,
 * `roster.json: pupils[3].descriptors: ...` (for JSON the column is a path), `roster.csv: ...` when there is no line.
 */
export function formatIssues(issues: readonly ImportIssue[], sourceName: string): string {
  const json = isJsonName(sourceName);
  return issues
    .map((issue) => {
      const where = issue.line === null ? sourceName : `${sourceName}:${issue.line}`;
      const column = issue.column === null ? '' : json ? `${issue.column}: ` : `column "${issue.column}": `;
      return `${where}: ${column}${issue.message}`;
    })
    .join('\n');
}
