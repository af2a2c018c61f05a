/**
 * The pure half of the consent store: checking stored records, assembling the roster from them, and planning an
 * import (which reference descriptors survive it). Plain data in and out; no IndexedDB, so vitest runs it directly.
 */
import { z } from 'zod';
import { DescriptorSchema, MAX_REFERENCES, PupilSchema, RosterSchema, type Pupil, type Roster } from '../consent/schema';
import { explainZodIssue, formatIssuePath } from '../consent/zod-issues';
import { META_KEY, QUARANTINE_KEY, RosterMetaSchema, type RosterMeta, type RosterRead, type StoreProblem } from './schema';

/** "descriptors[0]: Too small …; group: …" for at most `max` issues. */
export function describeZodError(error: z.ZodError, max = 5): string {
  const parts = error.issues.flatMap((issue) =>
    explainZodIssue(issue).map(({ path, message }) => {
      const where = formatIssuePath(path);
      return where === '' ? message : `${where}: ${message}`;
    }),
  );
  const more = parts.length > max ? `; and ${parts.length - max} more` : '';
  return parts.slice(0, max).join('; ') + more;
}

const collator = new Intl.Collator('nl', { numeric: true, sensitivity: 'base' });

/** By group ("groep 2" before "groep 10"), then family name, given name, and id so the order is total. */
export function comparePupils(a: Pupil, b: Pupil): number {
  return (
    collator.compare(a.group, b.group) ||
    collator.compare(a.familyName, b.familyName) ||
    collator.compare(a.givenName, b.givenName) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Why a (by itself valid) pupil does not fit the list's channels; empty when it does. */
function channelMismatches(pupil: Pupil, channelIds: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(pupil.consent), ...Object.keys(pupil.firstNameAllowed)])) {
    if (!channelIds.has(key)) out.push(`channel "${key}" is not one of the list's channels`);
  }
  for (const id of channelIds) {
    if (!(id in pupil.consent)) out.push(`no consent recorded for channel "${id}"`);
  }
  return out;
}

export interface StoredRecords {
  /** The meta store's 'roster' record, undefined when absent. */
  meta: unknown;
  /** The meta store's quarantined version-1 roster, undefined when absent. */
  quarantine: unknown;
  pupils: readonly { key: IDBValidKey; value: unknown }[];
}

/**
 * The roster from its stored records. A record that fails its schema is left out of the roster and reported; it is
 * never repaired or replaced by a default. `roster` is null when there is no valid meta record.
 */
export function assembleRoster(records: StoredRecords): RosterRead {
  const problems: StoreProblem[] = [];
  if (records.quarantine !== undefined) {
    const split = splitV1Roster(records.quarantine);
    const reason = split.kind === 'quarantine' ? split.reason : 'it could not be moved';
    problems.push({
      where: `meta/${QUARANTINE_KEY}`,
      message: `the consent list saved by the first version was kept as it was, because ${reason}; import the consent list again`,
    });
  }

  let meta: RosterMeta | null = null;
  if (records.meta === undefined) {
    if (records.pupils.length > 0) {
      problems.push({ where: `meta/${META_KEY}`, message: `missing: ${records.pupils.length} pupil record(s) belong to no consent list` });
    }
  } else {
    const checked = RosterMetaSchema.safeParse(records.meta);
    if (checked.success) meta = checked.data;
    else problems.push({ where: `meta/${META_KEY}`, message: describeZodError(checked.error) });
  }
  const channelIds = new Set(meta?.channels.map((channel) => channel.id) ?? []);

  const pupils: Pupil[] = [];
  for (const { key, value } of records.pupils) {
    const where = `pupils/${String(key)}`;
    const checked = PupilSchema.safeParse(value);
    if (!checked.success) {
      problems.push({ where, message: describeZodError(checked.error) });
      continue;
    }
    const mismatches = meta === null ? [] : channelMismatches(checked.data, channelIds);
    if (mismatches.length > 0) {
      problems.push({ where, message: mismatches.join('; ') });
      continue;
    }
    pupils.push(checked.data);
  }
  if (meta === null) return { roster: null, problems };

  pupils.sort(comparePupils);
  const roster = RosterSchema.safeParse({ ...meta, pupils });
  if (!roster.success) {
    // Every part was checked above; this only guards against the two checks drifting apart.
    problems.push({ where: 'roster', message: describeZodError(roster.error) });
    return { roster: null, problems };
  }
  return { roster: roster.data, problems };
}

/** The roster checked as a whole before anything is written; the Error says what is wrong. */
export function checkRoster(roster: unknown): Roster {
  const checked = RosterSchema.safeParse(roster);
  if (!checked.success) throw new Error(`the consent list was not saved, it is not valid: ${describeZodError(checked.error)}`);
  return checked.data;
}

export function splitRoster(roster: Roster): { meta: RosterMeta; pupils: Pupil[] } {
  const { pupils, ...meta } = roster;
  return { meta, pupils };
}

export interface ReplacePlan {
  /** The new pupils, with the descriptors they keep. */
  pupils: Pupil[];
  /** Descriptors (not pupils) carried over from the stored list. */
  keptDescriptors: number;
  /** Descriptors removed: the pupil left the list, lost biometric consent, or their stored record was invalid. */
  droppedDescriptors: number;
}

const storedDescriptorCount = (value: unknown): number => {
  const descriptors = typeof value === 'object' && value !== null ? (value as { descriptors?: unknown }).descriptors : undefined;
  return Array.isArray(descriptors) ? descriptors.length : 0;
};

/**
 * Which descriptors survive replacing the stored pupils by `next`. A pupil (same id) keeps their stored descriptors
 * (and enrolment time) when they still have biometric consent and `next` brings none of its own; otherwise the stored
 * ones go. Descriptors of a stored record that fails validation are never carried over: nobody can vouch for them.
 * Descriptors that `next` itself brings replace the stored ones and count as neither kept nor dropped.
 */
export function planReplace(stored: readonly unknown[], next: Roster): ReplacePlan {
  const previous = new Map<string, Pupil>();
  let droppedDescriptors = 0;
  for (const value of stored) {
    const checked = PupilSchema.safeParse(value);
    if (checked.success) previous.set(checked.data.id, checked.data);
    else droppedDescriptors += storedDescriptorCount(value);
  }

  let keptDescriptors = 0;
  const carried = new Set<string>();
  const pupils = next.pupils.map((pupil): Pupil => {
    const before = previous.get(pupil.id);
    if (before === undefined || before.descriptors.length === 0 || pupil.descriptors.length > 0) return { ...pupil };
    if (!pupil.biometricConsent) return { ...pupil };
    carried.add(pupil.id);
    keptDescriptors += before.descriptors.length;
    const kept: Pupil = { ...pupil, descriptors: before.descriptors };
    if (before.enrolledAt !== undefined) kept.enrolledAt = before.enrolledAt;
    return kept;
  });
  const replacedByNext = new Set(next.pupils.filter((p) => p.descriptors.length > 0).map((p) => p.id));
  for (const before of previous.values()) {
    if (!carried.has(before.id) && !replacedByNext.has(before.id)) droppedDescriptors += before.descriptors.length;
  }
  return { pupils, keptDescriptors, droppedDescriptors };
}

export type V1Split =
  | { kind: 'empty' }
  | { kind: 'split'; meta: Record<string, unknown>; pupils: Record<string, unknown>[] }
  | { kind: 'quarantine'; reason: string };

/**
 * How the v1→v2 upgrade moves a version-1 roster record: into meta + one record per pupil (each checked on read like
 * any other record), or, when it cannot be split at all, kept whole in quarantine.
 */
export function splitV1Roster(value: unknown): V1Split {
  if (value === undefined) return { kind: 'empty' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'quarantine', reason: 'it is not a consent list (not an object)' };
  }
  const { pupils, ...meta } = value as Record<string, unknown>;
  if (!Array.isArray(pupils)) return { kind: 'quarantine', reason: 'it has no list of pupils' };
  const seen = new Set<string>();
  for (const [i, pupil] of pupils.entries()) {
    const id = typeof pupil === 'object' && pupil !== null ? (pupil as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || id === '') return { kind: 'quarantine', reason: `pupils[${i}] has no pupil id` };
    if (seen.has(id)) return { kind: 'quarantine', reason: `pupil id "${id}" occurs twice` };
    seen.add(id);
  }
  return { kind: 'split', meta, pupils: pupils as Record<string, unknown>[] };
}

const DescriptorsInputSchema = z.array(DescriptorSchema).min(1).max(MAX_REFERENCES);

/** 1–MAX_REFERENCES descriptors of 128 finite numbers, or an Error saying what is wrong. */
export function checkDescriptors(descriptors: unknown): number[][] {
  const checked = DescriptorsInputSchema.safeParse(descriptors);
  if (!checked.success) {
    throw new Error(`reference descriptors not saved: expected 1–${MAX_REFERENCES} descriptors of 128 numbers (${describeZodError(checked.error, 2)})`);
  }
  return checked.data;
}

/** "1 pupil", "3 pupils". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Every change names who made it. */
export function checkWho(who: unknown): string {
  if (typeof who !== 'string' || who.trim() === '') throw new Error('a change to the consent list must say who makes it');
  return who.trim();
}
