/**
 * The policy section as plain data: the form holds what the inputs show (text for numbers), `applyPolicyForm`
 * checks it against the same bounds as the settings schema and the managed policy, and returns the settings to
 * store. A field the school board manages is never written: the browser's own value stays underneath. Pure.
 */
import type { ManagedKey } from '../admin/managed';
import { SAFE_MAX_THRESHOLD } from '../policy/match';
import { GateSettingsSchema, type GateSettings } from '../settings/schema';

/** The safest margin an admin may set here (the schema alone would allow 0). */
export const MIN_MARGIN = 0.05;
export const MAX_MARGIN_HERE = 0.3;

export interface PolicyForm {
  maxListAgeDays: string;
  logRetentionDays: string;
  allowOverride: boolean;
  staffName: string;
  coverStyle: GateSettings['coverStyle'];
  lang: GateSettings['lang'];
  threshold: string;
  margin: string;
}

export type PolicyField = keyof PolicyForm;

/** Which managed key, if any, controls a form field. */
export const MANAGED_FIELD: Readonly<Record<PolicyField, ManagedKey | null>> = {
  maxListAgeDays: 'maxListAgeDays',
  logRetentionDays: 'logRetentionDays',
  allowOverride: 'allowOverride',
  staffName: 'staffName',
  coverStyle: null,
  lang: null,
  threshold: 'matchThreshold',
  margin: 'matchMargin',
};

export type PolicyError =
  | { code: 'integer'; min: number; max: number }
  | { code: 'range'; min: number; max: number }
  | { code: 'threshold'; max: number }
  | { code: 'too_long'; max: number };

export function policyFormFrom(settings: GateSettings): PolicyForm {
  return {
    maxListAgeDays: String(settings.maxListAgeDays),
    logRetentionDays: String(settings.logRetentionDays),
    allowOverride: settings.allowOverride,
    staffName: settings.staffName,
    coverStyle: settings.coverStyle,
    lang: settings.lang,
    threshold: String(settings.match.threshold),
    margin: String(settings.match.margin),
  };
}

export function isManaged(field: PolicyField, managed: readonly ManagedKey[]): boolean {
  const key = MANAGED_FIELD[field];
  return key !== null && managed.includes(key);
}

/** "0,45" (Dutch decimal comma) and "0.45" both read as 0.45; anything else that is not a plain number is NaN. */
export function parseNumber(text: string): number {
  const t = text.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$|^-?\.\d+$/.test(t) ? Number(t) : Number.NaN;
}

function integerIn(text: string, min: number, max: number): number | PolicyError {
  const n = parseNumber(text);
  if (!Number.isInteger(n)) return { code: 'integer', min, max };
  if (n < min || n > max) return { code: 'range', min, max };
  return n;
}

export type PolicyApply =
  | { ok: true; settings: GateSettings }
  | { ok: false; errors: Partial<Record<PolicyField, PolicyError>>; problem: string | null };

export function applyPolicyForm(local: GateSettings, form: PolicyForm, managed: readonly ManagedKey[]): PolicyApply {
  const errors: Partial<Record<PolicyField, PolicyError>> = {};
  const next: GateSettings = { ...local, match: { ...local.match } };
  const own = (field: PolicyField) => !isManaged(field, managed);

  if (own('maxListAgeDays')) {
    const v = integerIn(form.maxListAgeDays, 1, 365);
    if (typeof v === 'number') next.maxListAgeDays = v;
    else errors.maxListAgeDays = v;
  }
  if (own('logRetentionDays')) {
    const v = integerIn(form.logRetentionDays, 30, 3650);
    if (typeof v === 'number') next.logRetentionDays = v;
    else errors.logRetentionDays = v;
  }
  if (own('allowOverride')) next.allowOverride = form.allowOverride;
  if (own('staffName')) {
    if (form.staffName.trim().length > 200) errors.staffName = { code: 'too_long', max: 200 };
    else next.staffName = form.staffName.trim();
  }
  next.coverStyle = form.coverStyle;
  next.lang = form.lang;
  if (own('threshold')) {
    const t = parseNumber(form.threshold);
    if (!(t > 0 && t <= SAFE_MAX_THRESHOLD)) errors.threshold = { code: 'threshold', max: SAFE_MAX_THRESHOLD };
    else next.match.threshold = t;
  }
  if (own('margin')) {
    const m = parseNumber(form.margin);
    if (!(m >= MIN_MARGIN && m <= MAX_MARGIN_HERE)) errors.margin = { code: 'range', min: MIN_MARGIN, max: MAX_MARGIN_HERE };
    else next.match.margin = m;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, problem: null };
  // The schema has the last word (it also rejects what this form does not know about).
  const checked = GateSettingsSchema.safeParse(next);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, errors, problem: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, settings: checked.data };
}
