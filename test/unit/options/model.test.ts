import { describe, expect, it } from 'vitest';
import { DEFAULT_WHO, sectionFromHash, whoFor } from '../../../src/options/model';
import { DEFAULT_SETTINGS } from '../../../src/settings/schema';

describe('options page model', () => {
  it('opens the section named in the address, or the consent list', () => {
    expect(sectionFromHash('#pupils')).toBe('pupils');
    expect(sectionFromHash('recognition')).toBe('recognition');
    expect(sectionFromHash('')).toBe('import');
    expect(sectionFromHash('#nonsense')).toBe('import');
  });

  it('names the staff member in the change log, or the privacy officer', () => {
    expect(whoFor(DEFAULT_SETTINGS)).toBe(DEFAULT_WHO);
    expect(DEFAULT_WHO).toBe('privacy officer');
    expect(whoFor({ ...DEFAULT_SETTINGS, staffName: ' Juf Anja ' })).toBe('Juf Anja');
  });
});
