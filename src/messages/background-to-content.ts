/** Background → content script: replies to CsToBg requests, and progress pushed while a job runs. */
import { z } from 'zod';
import { FrameSchema, JobIdSchema, MediaKindSchema, ProblemSchema } from './common';

export const ReviewPupilSchema = z
  .object({ id: z.string(), name: z.string(), group: z.string(), consent: z.enum(['yes', 'no', 'withdrawn', 'unknown']) })
  .strict();

export const HelloReplySchema = z.discriminatedUnion('active', [
  z.object({ active: z.literal(false) }).strict(),
  z
    .object({
      active: z.literal(true),
      channel: z.object({ id: z.string(), label: z.string() }).strict(),
      lang: z.enum(['nl', 'en']),
      mode: z.enum(['detect', 'recognize']),
    })
    .strict(),
]);
export type HelloReply = z.infer<typeof HelloReplySchema>;

export const CheckReplySchema = z
  .object({
    jobId: JobIdSchema,
    kind: MediaKindSchema,
    channel: z.object({ id: z.string(), label: z.string() }).strict(),
    mode: z.enum(['detect', 'recognize']),
    lang: z.enum(['nl', 'en']),
    frames: z.array(FrameSchema),
    video: z.object({ durationS: z.number(), sampled: z.number().int() }).strict().optional(),
    pupils: z.array(ReviewPupilSchema),
    problems: z.array(ProblemSchema),
    timings: z.record(z.string(), z.number()),
    /** What the released file will not carry, as sentences for the uploader (names found in its metadata, a GPS position). */
    removed: z.array(z.string()).optional(),
    /** May a hold be overridden with a written reason (the school's policy), and how long must the reason be? */
    override: z.object({ allowed: z.boolean(), minReason: z.number().int().nonnegative() }).strict(),
  })
  .strict();
export type CheckReply = z.infer<typeof CheckReplySchema>;

export const ReleaseReplySchema = z.discriminatedUnion('ok', [
  z
    .object({
      ok: z.literal(true),
      /** An extension blob: URL with the released file; fetched once by the content script, then revoked. */
      blobUrl: z.string().startsWith('blob:'),
      name: z.string(),
      mimeType: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      covered: z.number().int().nonnegative(),
    })
    .strict(),
  z.object({ ok: z.literal(false), reasons: z.array(z.string()) }).strict(),
]);
export type ReleaseReply = z.infer<typeof ReleaseReplySchema>;

export const KnownReplySchema = z.object({ released: z.boolean() }).strict();

export const NamesReplySchema = z
  .object({
    channel: z.string(),
    pupils: z.array(
      z
        .object({
          id: z.string(),
          givenName: z.string(),
          namePrefix: z.string(),
          familyName: z.string(),
          nicknames: z.array(z.string()),
          firstNameAllowed: z.record(z.string(), z.boolean()),
        })
        .strict(),
    ),
  })
  .strict();
export type NamesReply = z.infer<typeof NamesReplySchema>;

export const ErrorReplySchema = z.object({ error: z.string() }).strict();

export const BgToCsSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('bg:progress'), jobId: JobIdSchema, stage: z.string(), fraction: z.number().min(0).max(1).nullable() })
    .strict(),
]);
export type BgToCs = z.infer<typeof BgToCsSchema>;
