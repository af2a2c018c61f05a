import { z } from 'zod';

/** A face box in image pixels: x, y, width, height. */
export const BoxSchema = z.tuple([z.number().finite(), z.number().finite(), z.number().finite().positive(), z.number().finite().positive()]);
export const JobIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
export const MediaKindSchema = z.enum(['image', 'video']);
export const ProblemSchema = z.object({ reason: z.string(), message: z.string() }).strict();

const RunnerUpSchema = z.object({ pupilId: z.string(), distance: z.number() }).strict().nullable();
export const MatchSchema = z.union([
  z.object({ status: z.enum(['match', 'uncertain']), pupilId: z.string(), distance: z.number(), runnerUp: RunnerUpSchema }).strict(),
  z.object({ status: z.literal('unknown'), nearestDistance: z.number().nullable() }).strict(),
]);

export const FaceSchema = z.object({ box: BoxSchema, score: z.number(), match: MatchSchema.optional() }).strict();
export const FrameSchema = z
  .object({
    time: z.number().nullable(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    faces: z.array(FaceSchema),
    /** Video frames only: a small JPEG of the frame, as an extension blob: URL the content script fetches once. */
    previewUrl: z.string().startsWith('blob:').optional(),
  })
  .strict();
export type WireFrame = z.infer<typeof FrameSchema>;

export const ConfirmationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pupil'), pupilId: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('adult') }).strict(),
  z.object({ kind: z.literal('cover') }).strict(),
]);

/** Parse or describe why not; a message is `unknown` until it has been parsed. */
export function parseOr<T>(schema: z.ZodType<T>, value: unknown): { ok: true; value: T } | { ok: false; error: string } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `malformed message at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}
