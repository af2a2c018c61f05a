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

  it('names the override the way the issue asks, and says who reads the reason', () => {
    expect(STRINGS.nl.overrideButton).toBe('Toch plaatsen zonder afdekken…');
    expect(STRINGS.en.overrideButton).toBe('Publish without covering…');
    expect(STRINGS.nl.overrideReasonHint).toMatch(/logboek van de directie/);
    expect(STRINGS.en.overrideReasonHint).toMatch(/director’s log with your name/);
    expect(STRINGS.en.overrideCount(7, 20)).toBe('7 / at least 20 characters');
    expect(STRINGS.nl.overrideExplain(1)).toMatch(/^1 gezicht .* blijft zichtbaar/);
    expect(STRINGS.nl.overrideExplain(2)).toMatch(/^2 gezichten .* blijven zichtbaar/);
  });
});
