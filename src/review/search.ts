/** Finding a pupil by name: case- and diacritic-insensitive ("zoe" finds "Zoë"), optionally within one group. */
import type { ReviewPupil } from './model';

/** Lower case, without diacritics, single spaces: the form both the query and the names are compared in. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[’'`´]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const COLLATOR = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

/**
 * Pupils whose name contains every word of `query` (in any order), within `group` ('' = all groups), sorted by name.
 * An empty query matches everyone in the group.
 */
export function filterPupils(pupils: readonly ReviewPupil[], query: string, group: string): ReviewPupil[] {
  const words = foldForSearch(query).split(' ').filter((w) => w.length > 0);
  return pupils
    .filter((p) => group === '' || p.group === group)
    .filter((p) => {
      if (words.length === 0) return true;
      const name = foldForSearch(p.name);
      return words.every((w) => name.includes(w));
    })
    .sort((a, b) => COLLATOR.compare(a.name, b.name) || COLLATOR.compare(a.group, b.group));
}

/** The distinct, non-empty groups, in natural order ("groep 2" before "groep 10"). */
export function pupilGroups(pupils: readonly ReviewPupil[]): string[] {
  return [...new Set(pupils.map((p) => p.group).filter((g) => g.length > 0))].sort(COLLATOR.compare);
}
