import { describe, expect, it } from 'vitest';
import { STRINGS, formatDateTime, strings } from '../../../src/options/i18n';

type Table = Record<string, unknown>;

/** Every key path with the kind of its value ("function/2" for a function of two arguments). */
function shape(table: Table, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(table)) {
    const path = prefix + key;
    if (typeof value === 'function') out[path] = `function/${value.length}`;
    else if (typeof value === 'object' && value !== null) Object.assign(out, shape(value as Table, `${path}.`));
    else out[path] = typeof value;
  }
  return out;
}

function texts(table: Table, prefix = ''): [string, string][] {
  return Object.entries(table).flatMap(([key, value]): [string, string][] => {
    const path = prefix + key;
    if (typeof value === 'function') return [[path, (value as (...a: unknown[]) => string)(3, 12, 7)]];
    if (typeof value === 'object' && value !== null) return texts(value as Table, `${path}.`);
    return [[path, value as string]];
  });
}

describe('options page strings', () => {
  it('has every key in Dutch and English, nested tables included, of the same kind', () => {
    expect(shape(STRINGS.en as unknown as Table)).toEqual(shape(STRINGS.nl as unknown as Table));
  });

  it('has no empty text, and texts with values fill them in', () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const [path, text] of texts(STRINGS[lang] as unknown as Table)) {
        expect(typeof text, `${lang}.${path}`).toBe('string');
        expect(text.trim().length, `${lang}.${path}`).toBeGreaterThan(0);
        expect(text, `${lang}.${path}`).not.toMatch(/undefined|NaN|\[object/);
      }
    }
  });

  it('names consent states the way the school does', () => {
    expect(strings('nl').consentStates).toEqual({ yes: 'ja', no: 'nee', withdrawn: 'ingetrokken' });
    expect(strings('en').consentStates).toEqual({ yes: 'yes', no: 'no', withdrawn: 'withdrawn' });
    expect(strings('en').managedBadge).toBe('set by your school board');
    expect(strings('nl').importButton(1)).toBe('1 leerling importeren');
    expect(strings('en').importButton(5)).toBe('Import 5 pupils');
    expect(strings('en').listAge(0)).toBe('today');
    expect(strings('nl').listAge(1)).toBe('1 dag geleden');
  });

  it('formats dates per language and leaves an unreadable date as it is', () => {
    expect(formatDateTime('2026-03-02T09:05:00.000Z', 'nl')).toMatch(/2026/);
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});
