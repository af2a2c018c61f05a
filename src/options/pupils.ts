/**
 * The options page's view of the consent list: finding pupils (accent-insensitive, by name, nickname or pupil
 * number, within a group), counting per group, and how old the list is. Pure.
 */
import { fullName, type Pupil, type Roster } from '../consent/schema';
import { foldForSearch } from '../review/search';

const COLLATOR = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

/** Pupils of `group` ('' = all) whose name, nickname or number contains every word of `query`, sorted by group then name. */
export function filterPupils(pupils: readonly Pupil[], query: string, group: string): Pupil[] {
  const words = foldForSearch(query).split(' ').filter((w) => w.length > 0);
  return pupils
    .filter((p) => group === '' || p.group === group)
    .filter((p) => {
      if (words.length === 0) return true;
      const haystack = foldForSearch([fullName(p), ...p.nicknames, p.id].join(' '));
      return words.every((w) => haystack.includes(w));
    })
    .sort((a, b) => COLLATOR.compare(a.group, b.group) || COLLATOR.compare(fullName(a), fullName(b)) || COLLATOR.compare(a.id, b.id));
}

/** Distinct groups in natural order ("groep 2" before "groep 10"); a pupil without a group counts under ''. */
export function groupsOf(pupils: readonly Pupil[]): string[] {
  return [...new Set(pupils.map((p) => p.group))].sort(COLLATOR.compare);
}

/** [group, number of pupils] in natural group order. */
export function countByGroup(pupils: readonly Pupil[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const p of pupils) counts.set(p.group, (counts.get(p.group) ?? 0) + 1);
  return groupsOf(pupils).map((g) => [g, counts.get(g) ?? 0]);
}

export interface ListAge {
  /** Whole days since the import (0 on the day itself). */
  days: number;
  /** Older than the policy allows: the gate holds every photo. */
  stale: boolean;
}

export function listAge(importedAt: string, now: Date, maxListAgeDays: number): ListAge {
  const ms = now.getTime() - new Date(importedAt).getTime();
  const days = Math.max(0, Math.floor(ms / 86_400_000));
  return { days, stale: ms > maxListAgeDays * 86_400_000 };
}

export function pupilName(roster: Roster | null, pupilId: string | null): string | null {
  if (pupilId === null) return null;
  const pupil = roster?.pupils.find((p) => p.id === pupilId);
  return pupil ? fullName(pupil) : null;
}
