/**
 * Content script → background. Content scripts are untrusted (they live in web pages): they may ask for the gate's
 * configuration on their own origin, hand over a file to check, answer a review, and report a stopped upload.
 * Nothing here reads or changes the consent list beyond the current job.
 */
import { z } from 'zod';
import { OVERRIDE_MAX_REASON } from '../policy/override';
import { BoxSchema, ConfirmationSchema, JobIdSchema, MediaKindSchema } from './common';

export const CsToBgSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('cs:hello') }).strict(),
  z
    .object({
      type: z.literal('cs:check'),
      jobId: JobIdSchema,
      kind: MediaKindSchema,
      /** A blob: URL of the page's origin, created by the content script; the offscreen worker fetches it. */
      blobUrl: z.string().startsWith('blob:'),
      name: z.string().max(1024),
      mimeType: z.string().max(200),
      size: z.number().int().nonnegative(),
      via: z.enum(['input', 'drop', 'paste', 'inline']),
    })
    .strict(),
  z
    .object({
      type: z.literal('cs:release'),
      jobId: JobIdSchema,
      confirmations: z.record(z.string().regex(/^\d+$/), ConfirmationSchema),
      manualFaces: z.array(z.object({ frame: z.number().int().nonnegative(), box: BoxSchema }).strict()).max(200),
      noFacesConfirmed: z.boolean(),
      noHarmConfirmed: z.boolean(),
      /**
       * Publish anyway, with the faces held for lack of consent left visible: only where the policy allows overrides.
       * The background checks the policy, the reason's length and what may be overridden again.
       */
      override: z.object({ reason: z.string().max(OVERRIDE_MAX_REASON) }).strict().optional(),
    })
    .strict(),
  z.object({ type: z.literal('cs:fetched'), jobId: JobIdSchema }).strict(),
  /** Was a file with this hash released in this tab (in any of its frames)? An editor may move it between frames. */
  z.object({ type: z.literal('cs:released?'), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  z.object({ type: z.literal('cs:cancel'), jobId: JobIdSchema }).strict(),
  /** The name parts the page's text is checked against (names never go out with a photo); only on configured sites. */
  z.object({ type: z.literal('cs:names') }).strict(),
  z.object({ type: z.literal('cs:names-removed'), count: z.number().int().nonnegative(), url: z.string().max(2048) }).strict(),
  z
    .object({
      type: z.literal('cs:blocked'),
      via: z.enum(['fetch', 'xhr', 'beacon', 'form']),
      url: z.string().max(2048),
      reason: z.string().max(500),
    })
    .strict(),
]);
export type CsToBg = z.infer<typeof CsToBgSchema>;
