/**
 * Background → offscreen inference worker, and the worker's replies and progress. The worker only answers the
 * background (checked by sender), returns plain JSON, and reports failures as results.
 */
import { z } from 'zod';
import { BoxSchema, JobIdSchema, MediaKindSchema } from './common';

export const BgToOsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bg:os-status'), target: z.literal('offscreen') }).strict(),
  z
    .object({
      type: z.literal('bg:os-analyse'),
      target: z.literal('offscreen'),
      jobId: JobIdSchema,
      kind: MediaKindSchema,
      blobUrl: z.string().startsWith('blob:'),
      describe: z.boolean(),
    })
    .strict(),
  z
    .object({
      type: z.literal('bg:os-release'),
      target: z.literal('offscreen'),
      jobId: JobIdSchema,
      kind: MediaKindSchema,
      blobUrl: z.string().startsWith('blob:'),
      mimeType: z.string(),
      covers: z.array(BoxSchema),
      style: z.enum(['solid', 'pixelate']),
      /** The neutral name is foto-<date>-<sequence>.<ext>; the worker picks the extension from the output type. */
      date: z.iso.datetime(),
      sequence: z.number().int().positive(),
    })
    .strict(),
  z.object({ type: z.literal('bg:os-revoke'), target: z.literal('offscreen'), urls: z.array(z.string().startsWith('blob:')) }).strict(),
]);
export type BgToOs = z.infer<typeof BgToOsSchema>;

export const OsFaceSchema = z.object({ box: BoxSchema, score: z.number(), descriptor: z.array(z.number()).length(128).optional() }).strict();
export const OsFrameSchema = z
  .object({
    time: z.number().nullable(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    faces: z.array(OsFaceSchema),
    previewUrl: z.string().startsWith('blob:').optional(),
  })
  .strict();

export const EngineErrorSchema = z.object({ code: z.string(), message: z.string() }).strict();

export const OsAnalyseReplySchema = z.discriminatedUnion('ok', [
  z
    .object({
      ok: z.literal(true),
      frames: z.array(OsFrameSchema),
      video: z.object({ durationS: z.number(), sampled: z.number().int() }).strict().optional(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      timings: z.record(z.string(), z.number()),
      /** Text the photo carries in EXIF, IPTC and XMP (captions, titles, keywords, people): the background looks for pupils' names in it. */
      metadata: z
        .object({
          fields: z.array(z.object({ source: z.enum(['exif', 'iptc', 'xmp']), tag: z.string(), text: z.string() }).strict()).max(500),
          gps: z.boolean(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  z.object({ ok: z.literal(false), error: EngineErrorSchema }).strict(),
]);
export type OsAnalyseReply = z.infer<typeof OsAnalyseReplySchema>;

export const OsReleaseReplySchema = z.discriminatedUnion('ok', [
  z
    .object({
      ok: z.literal(true),
      blobUrl: z.string().startsWith('blob:'),
      name: z.string(),
      mimeType: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      covered: z.number().int().nonnegative(),
    })
    .strict(),
  z.object({ ok: z.literal(false), error: EngineErrorSchema }).strict(),
]);
export type OsReleaseReply = z.infer<typeof OsReleaseReplySchema>;

export const OsStatusReplySchema = z
  .object({ ready: z.boolean(), backend: z.string(), error: EngineErrorSchema.optional(), loadMs: z.number().optional(), selfTestMs: z.number().optional() })
  .strict();
export type OsStatusReply = z.infer<typeof OsStatusReplySchema>;

export const OsToBgSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('os:progress'), jobId: JobIdSchema, stage: z.string(), fraction: z.number().min(0).max(1).nullable() })
    .strict(),
]);
export type OsToBg = z.infer<typeof OsToBgSchema>;
