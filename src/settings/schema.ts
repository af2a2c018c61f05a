/**
 * The gate's settings: which sites belong to which consent channel, the mode, the language and how faces are
 * covered. Plain data, zod-checked on every read; invalid stored settings are reported, never replaced by defaults.
 */
import { z } from 'zod';
import { ChannelIdSchema } from '../consent/schema';
import { DEFAULT_MATCH_SETTINGS } from '../policy/match';
import { MODES } from '../policy/verdict';

/** `https://school.example` (scheme, host and port; no path). Only http(s) sites can upload photos. */
export function normalizeOrigin(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.includes('://') ? input : `https://${input}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  return url.origin;
}

export const OriginSchema = z.string().refine((s) => normalizeOrigin(s) === s, 'an origin is scheme://host[:port], e.g. https://school.example');

export const SiteRuleSchema = z
  .object({
    origin: OriginSchema,
    channel: ChannelIdSchema,
  })
  .strict();
export type SiteRule = z.infer<typeof SiteRuleSchema>;

export const LangSettingSchema = z.enum(['auto', 'nl', 'en']);

export const RecognitionConsentSchema = z
  .object({
    biometricConsentConfirmed: z.literal(true),
    dpiaConfirmed: z.literal(true),
    confirmedAt: z.iso.datetime(),
    by: z.string().min(1).max(200),
  })
  .strict();
export type RecognitionConsent = z.infer<typeof RecognitionConsentSchema>;

export const GateSettingsSchema = z
  .object({
    version: z.literal(1),
    sites: z.array(SiteRuleSchema),
    mode: z.enum(MODES),
    lang: LangSettingSchema,
    coverStyle: z.enum(['solid', 'pixelate']),
    match: z.object({ threshold: z.number().positive().max(0.5), margin: z.number().min(0).max(0.3) }).strict(),
    // Fields added after the first release default when absent, so a record stored before them still reads.
    /** A consent list older than this holds every photo ("consent list out of date"). */
    maxListAgeDays: z.number().int().min(1).max(365).default(30),
    /** The director's log keeps entries this long. */
    logRetentionDays: z.number().int().min(30).max(3650).default(365),
    /** May staff override a hold with a written reason? */
    allowOverride: z.boolean().default(false),
    /** Recognition may only be on after the school confirmed explicit biometric consent and a DPIA. */
    recognition: RecognitionConsentSchema.nullable().default(null),
    /** Who uploads from this browser, for the log (the admin's policy may set it). */
    staffName: z.string().max(200).default(''),
  })
  .strict()
  .superRefine((settings, ctx) => {
    if (settings.mode === 'recognize' && settings.recognition === null) {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: 'recognition needs the confirmation of explicit biometric consent and a DPIA' });
    }
    const seen = new Set<string>();
    settings.sites.forEach((site, i) => {
      if (seen.has(site.origin)) ctx.addIssue({ code: 'custom', path: ['sites', i, 'origin'], message: `${site.origin} is listed twice` });
      seen.add(site.origin);
    });
  });
export type GateSettings = z.infer<typeof GateSettingsSchema>;

/**
 * Facebook pages belong to the school's social-media channel out of the box. The school website and the
 * newsletter editor have no default: their origins are set up per school.
 */
export const DEFAULT_SETTINGS: GateSettings = {
  version: 1,
  sites: [
    { origin: 'https://www.facebook.com', channel: 'social' },
    { origin: 'https://facebook.com', channel: 'social' },
    { origin: 'https://business.facebook.com', channel: 'social' },
  ],
  mode: 'detect',
  lang: 'auto',
  coverStyle: 'solid',
  match: { threshold: DEFAULT_MATCH_SETTINGS.threshold, margin: DEFAULT_MATCH_SETTINGS.margin },
  maxListAgeDays: 30,
  logRetentionDays: 365,
  allowOverride: false,
  recognition: null,
  staffName: '',
};

/** The rule for a page's origin, or null: the gate acts only on configured origins. */
export function siteFor(settings: GateSettings, origin: string): SiteRule | null {
  const normalized = normalizeOrigin(origin);
  if (normalized === null) return null;
  return settings.sites.find((site) => site.origin === normalized) ?? null;
}

/**
 * Match patterns for registering the content scripts. Chrome's patterns ignore the port, so a pattern may also
 * cover other ports on the same host; the content script therefore asks which exact origin is configured.
 */
export function matchPatterns(settings: GateSettings): string[] {
  const patterns = new Set<string>();
  for (const site of settings.sites) {
    const url = new URL(site.origin);
    patterns.add(`${url.protocol}//${url.hostname}/*`);
  }
  return [...patterns].sort();
}

export type SettingsRead = { ok: true; settings: GateSettings; stored: boolean } | { ok: false; problem: string };

/** Stored settings, or the defaults when nothing was ever stored; an invalid record is a problem, not a reset. */
export function readSettings(stored: unknown): SettingsRead {
  if (stored === undefined) return { ok: true, settings: DEFAULT_SETTINGS, stored: false };
  const parsed = GateSettingsSchema.safeParse(stored);
  if (parsed.success) return { ok: true, settings: parsed.data, stored: true };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `stored settings are invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown problem'}` };
}

/** The UI language: the setting, or the browser's language when set to auto. */
export function resolveLang(setting: GateSettings['lang'], browserLanguage: string): 'nl' | 'en' {
  if (setting !== 'auto') return setting;
  return browserLanguage.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}
