/**
 * What a school board sets centrally (Chrome policy `3rdparty.extensions.<id>`, read from `storage.managed`, described
 * by `managed_schema.json`). Managed values win over the browser's own settings. Each key is checked on its own: an
 * invalid or too-loose value is reported and ignored (the local or default value, always within the safe bounds,
 * stays), never half-applied.
 */
import { z } from 'zod';
import { ChannelIdSchema } from '../consent/schema';
import { SAFE_MAX_THRESHOLD } from '../policy/match';
import { MODES } from '../policy/verdict';
import { GateSettingsSchema, OriginSchema, type GateSettings } from '../settings/schema';

const KEYS = {
  sites: z.array(z.object({ origin: OriginSchema, channel: ChannelIdSchema }).strict()).max(200),
  mode: z.enum(MODES),
  matchThreshold: z.number().positive().max(SAFE_MAX_THRESHOLD, `never above the safe bound ${SAFE_MAX_THRESHOLD}`),
  matchMargin: z.number().min(0.05, 'never below 0.05').max(0.3),
  maxListAgeDays: z.number().int().min(1).max(365),
  logRetentionDays: z.number().int().min(30).max(3650),
  allowOverride: z.boolean(),
  staffName: z.string().max(200),
} as const;

export type ManagedKey = keyof typeof KEYS;
export const MANAGED_KEYS = Object.keys(KEYS) as ManagedKey[];
export type ManagedPolicy = { [K in ManagedKey]?: z.infer<(typeof KEYS)[K]> };

export interface ManagedRead {
  policy: ManagedPolicy;
  /** "matchThreshold: never above the safe bound 0.5 (ignored)" */
  problems: string[];
}

export function readManaged(raw: unknown): ManagedRead {
  const policy: ManagedPolicy = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { policy, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { policy, problems: ['the managed policy is not an object (ignored)'] };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in KEYS)) {
      problems.push(`${key}: not a ConsentGate policy (ignored)`);
      continue;
    }
    const parsed = KEYS[key as ManagedKey].safeParse(value);
    if (parsed.success) (policy as Record<string, unknown>)[key] = parsed.data;
    else problems.push(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid'} (ignored)`);
  }
  return { policy, problems };
}

export interface Effective {
  settings: GateSettings;
  /** Settings fields the policy sets; the options page shows them as managed and read-only. */
  managed: ManagedKey[];
  problems: string[];
}

/** The settings in force: the browser's own, with every valid managed value on top. */
export function effectiveSettings(local: GateSettings, managedRaw: unknown): Effective {
  const { policy, problems } = readManaged(managedRaw);
  const merged: GateSettings = {
    ...local,
    ...(policy.sites ? { sites: policy.sites } : {}),
    ...(policy.mode ? { mode: policy.mode } : {}),
    match: { threshold: policy.matchThreshold ?? local.match.threshold, margin: policy.matchMargin ?? local.match.margin },
    ...(policy.maxListAgeDays !== undefined ? { maxListAgeDays: policy.maxListAgeDays } : {}),
    ...(policy.logRetentionDays !== undefined ? { logRetentionDays: policy.logRetentionDays } : {}),
    ...(policy.allowOverride !== undefined ? { allowOverride: policy.allowOverride } : {}),
    ...(policy.staffName !== undefined ? { staffName: policy.staffName } : {}),
  };
  // A board that turns recognition on centrally has made the biometric-consent and DPIA decision itself.
  if (policy.mode === 'recognize' && merged.recognition === null) {
    merged.recognition = { biometricConsentConfirmed: true, dpiaConfirmed: true, confirmedAt: new Date(0).toISOString(), by: 'school board policy' };
  }
  const checked = GateSettingsSchema.safeParse(merged);
  if (!checked.success) {
    return { settings: local, managed: [], problems: [...problems, `the managed policy does not combine with the local settings: ${checked.error.issues[0]?.message ?? 'invalid'} (ignored)`] };
  }
  return { settings: checked.data, managed: MANAGED_KEYS.filter((k) => policy[k] !== undefined), problems };
}
