/**
 * What the consent store keeps in IndexedDB, and the zod schemas every read goes through. Types only describe what
 * this code writes: a read value is `unknown` until it has passed its schema (it may have been written by an older
 * version, or damaged).
 */
import type { DBSchema } from 'idb';
import { z } from 'zod';
import { ChannelSchema, RosterSchema, type Pupil, type Roster } from '../consent/schema';

export const DB_NAME = 'consent-gate';
/** Version of the IndexedDB schema (not of the roster format). */
export const STORE_VERSION = 2;

/** The roster without its pupils: the `meta` store's 'roster' record. */
export type RosterMeta = Omit<Roster, 'pupils'>;

/** Key in `meta` of the roster's meta record. */
export const META_KEY = 'roster';
/**
 * Key in `meta` under which the v1→v2 upgrade keeps a version-1 roster it could not split into meta + pupils, as it
 * was: kept and reported, never thrown away. The next import replaces it.
 */
export const QUARANTINE_KEY = 'v1-roster';

export const RosterMetaSchema = z
  .object({
    format: RosterSchema.shape.format,
    version: RosterSchema.shape.version,
    importedAt: RosterSchema.shape.importedAt,
    source: RosterSchema.shape.source,
    channels: z.array(ChannelSchema).min(1),
  })
  .strict()
  .superRefine((meta, ctx) => {
    const seen = new Set<string>();
    meta.channels.forEach((channel, i) => {
      if (seen.has(channel.id)) ctx.addIssue({ code: 'custom', path: ['channels', i, 'id'], message: `channel "${channel.id}" is listed twice` });
      seen.add(channel.id);
    });
  });

export const CHANGE_KINDS = ['import', 'consent', 'biometric_consent', 'descriptors', 'biometrics_deleted', 'upgrade'] as const;

/** One entry of the consent log: who changed what, when. Never holds descriptors or photos. */
export interface ConsentChange {
  at: string;
  who: string;
  what: (typeof CHANGE_KINDS)[number];
  /** The pupil the change is about; null for changes to the whole list. */
  pupilId: string | null;
  channel?: string;
  from?: string;
  to?: string;
  detail?: string;
}

export const ConsentChangeSchema = z
  .object({
    at: z.iso.datetime(),
    who: z.string().min(1),
    what: z.enum(CHANGE_KINDS),
    pupilId: z.string().nullable(),
    channel: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    detail: z.string().optional(),
  })
  .strict() satisfies z.ZodType<ConsentChange>;

/** A stored record that failed validation. It stays where it is; `where` is `<store>/<key>`, e.g. `pupils/2001`. */
export interface StoreProblem {
  where: string;
  message: string;
}

export interface RosterRead {
  /** The valid part of the stored list; null when there is no (readable) list. */
  roster: Roster | null;
  /** While this is not empty, every photo must be held. */
  problems: StoreProblem[];
}

/** Version 2, the current schema. */
export interface ConsentDB extends DBSchema {
  /** 'roster' → RosterMeta as written; read as unknown and checked with RosterMetaSchema. */
  meta: { key: string; value: unknown };
  pupils: { key: string; value: Pupil; indexes: { group: string } };
  changes: { key: number; value: ConsentChange };
}

/** Version 1 (the first release): the whole roster as one record under 'current'. Only the upgrade opens it. */
export interface ConsentDBv1 extends DBSchema {
  roster: { key: string; value: unknown };
}

/** Every store any version has had: the type the stepwise upgrade works with. */
export type UpgradeDB = ConsentDB & ConsentDBv1;

export const V1_ROSTER_KEY = 'current';
