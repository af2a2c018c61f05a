import { describe, expect, it } from 'vitest';
import { enrolmentRows, enrolmentTotals, turnRecognitionOff, turnRecognitionOn } from '../../../src/options/recognition';
import { DEFAULT_SETTINGS, GateSettingsSchema } from '../../../src/settings/schema';
import { axis, demoRoster } from './helpers';

const now = new Date('2026-03-02T10:00:00Z');

describe('turning recognition on and off', () => {
  it('needs both confirmations and a name', () => {
    expect(turnRecognitionOn(DEFAULT_SETTINGS, { biometricConsent: false, dpia: false }, 'privacy officer', now)).toEqual({ ok: false, missing: ['biometricConsent', 'dpia'] });
    expect(turnRecognitionOn(DEFAULT_SETTINGS, { biometricConsent: true, dpia: false }, 'privacy officer', now)).toEqual({ ok: false, missing: ['dpia'] });
    expect(turnRecognitionOn(DEFAULT_SETTINGS, { biometricConsent: true, dpia: true }, '  ', now)).toEqual({ ok: false, missing: ['by'] });
  });

  it('stores the confirmation and recognize mode, valid by the settings schema', () => {
    const on = turnRecognitionOn(DEFAULT_SETTINGS, { biometricConsent: true, dpia: true }, ' Juf Anja ', now);
    expect(on).toEqual({
      ok: true,
      settings: { ...DEFAULT_SETTINGS, mode: 'recognize', recognition: { biometricConsentConfirmed: true, dpiaConfirmed: true, confirmedAt: '2026-03-02T10:00:00.000Z', by: 'Juf Anja' } },
    });
    if (!on.ok) return;
    expect(GateSettingsSchema.safeParse(on.settings).success).toBe(true);
    const off = turnRecognitionOff(on.settings);
    expect(off).toEqual({ ...DEFAULT_SETTINGS, mode: 'detect', recognition: null });
    expect(GateSettingsSchema.safeParse(off).success).toBe(true);
  });
});

describe('enrolment rows', () => {
  const roster = demoRoster();
  roster.pupils.find((p) => p.id === '2001')!.descriptors = [axis(0), axis(1)];

  it('lists every pupil; only those with biometric consent can be enrolled', () => {
    const rows = enrolmentRows(roster);
    expect(rows.map((r) => [r.id, r.canEnrol, r.references])).toEqual([
      ['2005', false, 0],
      ['2003', false, 0],
      ['2002', true, 0],
      ['2001', true, 2],
      ['2004', true, 0],
    ]);
    expect(rows.find((r) => r.id === '2004')).toEqual({ id: '2004', name: 'Zoë Bakker', group: '8B', references: 0, canEnrol: true });
    expect(enrolmentRows(roster, 'zoe').map((r) => r.id)).toEqual(['2004']);
    expect(enrolmentRows(null)).toEqual([]);
  });

  it('counts pupils with consent, enrolled pupils and references', () => {
    expect(enrolmentTotals(roster)).toEqual({ consented: 3, enrolled: 1, references: 2 });
    expect(enrolmentTotals(null)).toEqual({ consented: 0, enrolled: 0, references: 0 });
  });
});
