import { describe, expect, it } from 'vitest';
import { STRINGS } from '../../../src/review/i18n';

describe('review strings', () => {
  it('has every key in both Dutch and English, of the same kind', () => {
    const nl = STRINGS.nl as Record<string, unknown>;
    const en = STRINGS.en as Record<string, unknown>;
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
    for (const key of Object.keys(nl)) {
      expect(typeof en[key], key).toBe(typeof nl[key]);
      if (typeof nl[key] === 'function') expect((en[key] as () => string).length, key).toBe((nl[key] as () => string).length);
    }
  });

  it('has no empty text, and texts with values fill them in', () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const [key, value] of Object.entries(STRINGS[lang])) {
        const text = typeof value === 'function' ? (value as (...a: unknown[]) => string)(3, 12) : value;
        expect(typeof text, `${lang}.${key}`).toBe('string');
        expect((text as string).trim().length, `${lang}.${key}`).toBeGreaterThan(0);
        expect(text as string, `${lang}.${key}`).not.toMatch(/undefined|NaN|\[object/);
      }
    }
  });

  it('says the button labels the way the brief asks', () => {
    expect(STRINGS.en.coverAndContinue(1)).toBe('Cover 1 face without consent and continue');
    expect(STRINGS.en.coverAndContinue(2)).toBe('Cover 2 faces without consent and continue');
    expect(STRINGS.nl.coverAndContinue(1)).toBe('1 gezicht zonder toestemming afdekken en doorgaan');
    expect(STRINGS.nl.channel('Schoolwebsite')).toBe('Kanaal: Schoolwebsite');
    expect(STRINGS.nl.progressTitle).toBe('Foto wordt gecontroleerd op dit apparaat…');
    expect(STRINGS.en.noFacesConfirm).toBe('There are no people in this photo');
  });
});
