import { z } from 'zod';

/** Length of a face descriptor from face-api's recognition model. */
export const DESCRIPTOR_LENGTH = 128;
/** Enrolment keeps at most this many reference descriptors per pupil. */
export const MAX_REFERENCES = 5;

/** Channels are school-defined (ParnasSys/Somtoday let each school choose): ids are short lowercase slugs. */
export const ChannelIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a channel id is 1–40 lowercase letters, digits, "-" or "_"');
export type ChannelId = z.infer<typeof ChannelIdSchema>;

/**
 * Consent for one channel. `withdrawn` is kept apart from `no` because a withdrawal is a parent's explicit act
 * that the director must be able to show; both mean the pupil may not appear on that channel.
 */
export const ConsentStateSchema = z.enum(['yes', 'no', 'withdrawn']);
export type ConsentState = z.infer<typeof ConsentStateSchema>;

export const DescriptorSchema = z.array(z.number().finite()).length(DESCRIPTOR_LENGTH);

export const ChannelSchema = z
  .object({
    id: ChannelIdSchema,
    label: z.string().trim().min(1),
  })
  .strict();
export type Channel = z.infer<typeof ChannelSchema>;

export const PupilSchema = z
  .object({
    id: z.string().trim().min(1).max(64),
    givenName: z.string().trim().min(1),
    /** Dutch tussenvoegsel ("van der", "de", "ten"); empty when there is none. */
    namePrefix: z.string().trim(),
    familyName: z.string().trim().min(1),
    nicknames: z.array(z.string().trim().min(1)),
    group: z.string().trim(),
    consent: z.record(ChannelIdSchema, ConsentStateSchema),
    /** Per channel: may the pupil's first name appear with a photo ("voornaam op foto toegestaan")? */
    firstNameAllowed: z.record(ChannelIdSchema, z.boolean()),
    /** Explicit, separate consent for biometric processing (GDPR art. 9): the only basis for enrolment. */
    biometricConsent: z.boolean(),
    /** Reference descriptors; never photos. Only allowed with biometric consent. */
    descriptors: z.array(DescriptorSchema).max(MAX_REFERENCES),
    enrolledAt: z.iso.datetime().optional(),
  })
  .strict()
  .superRefine((pupil, ctx) => {
    if (!pupil.biometricConsent && pupil.descriptors.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['descriptors'],
        message: 'reference descriptors are only allowed for a pupil with biometric consent',
      });
    }
  });
export type Pupil = z.infer<typeof PupilSchema>;

export const ROSTER_FORMAT = 'consent-gate-roster';

export const RosterSchema = z
  .object({
    format: z.literal(ROSTER_FORMAT),
    version: z.literal(1),
    importedAt: z.iso.datetime(),
    source: z.object({ kind: z.enum(['csv', 'json']), name: z.string() }).strict(),
    channels: z.array(ChannelSchema).min(1),
    pupils: z.array(PupilSchema),
  })
  .strict()
  .superRefine((roster, ctx) => {
    const channelIds = new Set<string>();
    roster.channels.forEach((channel, i) => {
      if (channelIds.has(channel.id)) {
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'id'], message: `channel "${channel.id}" is listed twice` });
      }
      channelIds.add(channel.id);
    });
    const seen = new Map<string, number>();
    roster.pupils.forEach((pupil, i) => {
      const first = seen.get(pupil.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['pupils', i, 'id'],
          message: `pupil id "${pupil.id}" is also used by pupils[${first}]`,
        });
      } else {
        seen.set(pupil.id, i);
      }
      for (const key of [...Object.keys(pupil.consent), ...Object.keys(pupil.firstNameAllowed)]) {
        if (!channelIds.has(key)) {
          ctx.addIssue({ code: 'custom', path: ['pupils', i], message: `channel "${key}" is not one of the roster's channels` });
        }
      }
      for (const id of channelIds) {
        if (!(id in pupil.consent)) {
          ctx.addIssue({ code: 'custom', path: ['pupils', i, 'consent'], message: `no consent recorded for channel "${id}"` });
        }
      }
    });
  });
export type Roster = z.infer<typeof RosterSchema>;

/** A problem found while importing a consent list, located as precisely as the input allows. */
export interface ImportIssue {
  /** 1-based line in the source file (CSV), or null when the problem is not tied to a line. */
  line: number | null;
  /** Column header (CSV) or JSON path, or null. */
  column: string | null;
  message: string;
}

export type ImportResult =
  | { ok: true; roster: Roster; warnings: ImportIssue[] }
  | { ok: false; errors: ImportIssue[] };

/** "Jan van der Berg": the display name that the review and reports show. */
export function fullName(pupil: Pick<Pupil, 'givenName' | 'namePrefix' | 'familyName'>): string {
  return [pupil.givenName, pupil.namePrefix, pupil.familyName].filter((part) => part.length > 0).join(' ');
}
