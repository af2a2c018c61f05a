/** Extension pages (the popup) → background: read-only status. Content scripts are refused by sender. */
import { z } from 'zod';

export const UiToBgSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('ui:status'), tabId: z.number().int().nullable() }).strict()]);
export type UiToBg = z.infer<typeof UiToBgSchema>;

export const StatusReplySchema = z
  .object({
    problems: z.array(z.object({ reason: z.string(), message: z.string() }).strict()),
    roster: z.object({ importedAt: z.string(), source: z.string(), pupils: z.number().int(), channels: z.array(z.string()) }).strict().nullable(),
    mode: z.enum(['detect', 'recognize']),
    sites: z.array(z.object({ origin: z.string(), channel: z.string() }).strict()),
    tab: z.object({ origin: z.string(), channel: z.string().nullable() }).strict().nullable(),
    engine: z.object({ ready: z.boolean(), backend: z.string(), message: z.string().nullable() }).strict().nullable(),
  })
  .strict();
export type StatusReply = z.infer<typeof StatusReplySchema>;
