import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatIssues, importRoster, type Roster } from '../consent';

export class RosterError extends Error {}

/** Reads a consent list (CSV or the JSON the CLI writes); any problem stops the command with every issue listed. */
export async function loadRoster(path: string): Promise<Roster> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new RosterError(`cannot read the consent list ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const result = importRoster(text, basename(path));
  if (!result.ok) throw new RosterError(`the consent list ${path} was not loaded:\n${formatIssues(result.errors, basename(path))}`);
  return result.roster;
}
