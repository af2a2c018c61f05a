/**
 * The director's log: one entry per verdict, override and other event that matters for accountability. An entry
 * never holds images, crops, face descriptors or names (pupil ids only). Every read goes through these schemas.
 */
import type { DBSchema } from 'idb';
import { z } from 'zod';

export const AUDIT_DB_NAME = 'consent-gate-audit';
/** Version of the IndexedDB schema of the log. */
export const AUDIT_STORE_VERSION = 1;
/** Key in `keys` of the browser's signing key pair. */
export const SIGNING_KEY = 'signing';
/** prevHash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_KINDS = ['verdict', 'override', 'names_removed', 'blocked', 'retention', 'consent_change'] as const;
export const VERDICTS = ['released', 'covered', 'held', 'cancelled'] as const;

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters');
/** Always UTC with milliseconds ("2025-03-01T08:00:00.000Z"), so that string order is time order (the `at` index). */
const IsoTime = z.iso.datetime({ precision: 3 });

export const AuditFaceSchema = z
  .object({
    index: z.number().int().nonnegative(),
    status: z.enum(['ok', 'cover', 'hold']),
    reason: z.string().nullable(),
    pupilId: z.string().min(1).nullable(),
  })
  .strict();

/** What a 'retention' entry records about the purge (the chain may then start at `toSeq + 1`). */
export const PurgedSchema = z
  .object({
    count: z.number().int().positive(),
    fromSeq: z.number().int().positive(),
    toSeq: z.number().int().positive(),
    lastHash: Hex64,
    retentionDays: z.number().positive(),
    before: IsoTime,
  })
  .strict();

export const AuditEntrySchema = z
  .object({
    seq: z.number().int().positive(),
    at: IsoTime,
    kind: z.enum(AUDIT_KINDS),
    staff: z.string(),
    origin: z.string(),
    channel: z.string(),
    mode: z.enum(['detect', 'recognize']),
    verdict: z.enum(VERDICTS).optional(),
    faces: z.array(AuditFaceSchema).optional(),
    counts: z
      .object({ faces: z.number().int().nonnegative(), covered: z.number().int().nonnegative(), held: z.number().int().nonnegative() })
      .strict()
      .optional(),
    pupilIds: z.array(z.string().min(1)),
    originalSha256: Hex64.optional(),
    releasedSha256: Hex64.optional(),
    reasons: z.array(z.string()).optional(),
    overrideReason: z.string().optional(),
    detail: z.string().optional(),
    /** Only on 'retention' entries. */
    purged: PurgedSchema.optional(),
    prevHash: Hex64,
    hash: Hex64,
  })
  .strict();

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditFace = z.infer<typeof AuditFaceSchema>;
export type AuditKind = (typeof AUDIT_KINDS)[number];
export type AuditVerdict = (typeof VERDICTS)[number];
export type Purged = z.infer<typeof PurgedSchema>;
/** What a caller hands over; the chain adds seq, prevHash and hash. */
export type AuditData = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

export type ChainProblem = 'edited' | 'deleted' | 'reordered' | 'invalid';
export type ChainResult =
  | { ok: true; count: number; since: string | null }
  | { ok: false; brokenAt: number; problem: ChainProblem; message: string };

export interface AuditDB extends DBSchema {
  entries: { key: number; value: AuditEntry; indexes: { at: string } };
  keys: { key: string; value: CryptoKeyPair };
}
