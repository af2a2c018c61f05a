import { describe, expect, it } from 'vitest';
import { effectiveSettings } from '../../../src/admin/managed';
import { applyPolicyForm, isManaged, parseNumber, policyFormFrom, type PolicyForm } from '../../../src/options/policy-form';
import { DEFAULT_SETTINGS, GateSettingsSchema } from '../../../src/settings/schema';

const local = DEFAULT_SETTINGS;
const form = (change: Partial<PolicyForm> = {}): PolicyForm => ({ ...policyFormFrom(local), ...change });

describe('policyFormFrom / applyPolicyForm', () => {
  it('round-trips the settings unchanged', () => {
    const applied = applyPolicyForm(local, form(), []);
    expect(applied).toEqual({ ok: true, settings: local });
  });

  it('stores every edited field, trimmed and parsed (a Dutch decimal comma too)', () => {
    const applied = applyPolicyForm(
      local,
      form({ maxListAgeDays: '14', logRetentionDays: '730', allowOverride: true, staffName: '  Juf Anja ', coverStyle: 'pixelate', lang: 'nl', threshold: '0,4', margin: '0.1' }),
      [],
    );
    expect(applied.ok).toBe(true);
    if (!applied.ok) return;
    expect(applied.settings).toMatchObject({ maxListAgeDays: 14, logRetentionDays: 730, allowOverride: true, staffName: 'Juf Anja', coverStyle: 'pixelate', lang: 'nl', match: { threshold: 0.4, margin: 0.1 } });
    expect(GateSettingsSchema.safeParse(applied.settings).success).toBe(true);
    expect(applied.settings.sites).toEqual(local.sites);
  });

  it('keeps the thresholds within the safe bounds: threshold ≤ 0.5, margin ≥ 0.05', () => {
    const bad = applyPolicyForm(local, form({ threshold: '0.55', margin: '0.04' }), []);
    expect(bad).toEqual({ ok: false, problem: null, errors: { threshold: { code: 'threshold', max: 0.5 }, margin: { code: 'range', min: 0.05, max: 0.3 } } });
    expect(applyPolicyForm(local, form({ threshold: '0' }), [])).toMatchObject({ ok: false, errors: { threshold: { code: 'threshold' } } });
    expect(applyPolicyForm(local, form({ threshold: '0.5', margin: '0.05' }), [])).toMatchObject({ ok: true, settings: { match: { threshold: 0.5, margin: 0.05 } } });
  });

  it('reports days that are not whole numbers in range', () => {
    const bad = applyPolicyForm(local, form({ maxListAgeDays: '0', logRetentionDays: '12.5' }), []);
    expect(bad).toEqual({ ok: false, problem: null, errors: { maxListAgeDays: { code: 'range', min: 1, max: 365 }, logRetentionDays: { code: 'integer', min: 30, max: 3650 } } });
    expect(applyPolicyForm(local, form({ maxListAgeDays: 'dertig' }), [])).toMatchObject({ ok: false, errors: { maxListAgeDays: { code: 'integer' } } });
    expect(applyPolicyForm(local, form({ staffName: 'x'.repeat(201) }), [])).toMatchObject({ ok: false, errors: { staffName: { code: 'too_long', max: 200 } } });
  });

  it('never writes a managed field: the browser’s own value stays, even when the form shows the managed one', () => {
    const effective = effectiveSettings(local, { maxListAgeDays: 7, matchThreshold: 0.35, staffName: 'Bestuur' });
    expect(effective.managed.sort()).toEqual(['matchThreshold', 'maxListAgeDays', 'staffName']);
    const shown = policyFormFrom(effective.settings);
    expect(shown).toMatchObject({ maxListAgeDays: '7', threshold: '0.35', staffName: 'Bestuur' });
    const applied = applyPolicyForm(local, { ...shown, maxListAgeDays: 'nonsense', allowOverride: true }, effective.managed);
    expect(applied.ok).toBe(true);
    if (!applied.ok) return;
    expect(applied.settings).toMatchObject({ maxListAgeDays: 30, staffName: '', match: { threshold: 0.45 }, allowOverride: true });
  });

  it('knows which fields a managed key controls', () => {
    expect(isManaged('threshold', ['matchThreshold'])).toBe(true);
    expect(isManaged('margin', ['matchThreshold'])).toBe(false);
    expect(isManaged('lang', ['matchThreshold', 'mode', 'sites'])).toBe(false);
  });
});

describe('parseNumber', () => {
  it('reads plain decimals with a point or a comma, nothing else', () => {
    expect(parseNumber('0.45')).toBe(0.45);
    expect(parseNumber(' 0,45 ')).toBe(0.45);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('30')).toBe(30);
    for (const text of ['', '1e3', '0x10', '1.2.3', 'abc', '4 5']) expect(parseNumber(text), text).toBeNaN();
  });
});
