import { describe, expect, it } from 'vitest';
import { effectiveSettings, readManaged } from '../../../src/admin/managed';
import { DEFAULT_SETTINGS } from '../../../src/settings/schema';

const local = { ...DEFAULT_SETTINGS, sites: [{ origin: 'https://school.example', channel: 'website' }] };

describe('readManaged', () => {
  it('takes every valid key', () => {
    const { policy, problems } = readManaged({
      sites: [{ origin: 'https://www.obs-regenboog.nl', channel: 'website' }],
      mode: 'detect',
      matchThreshold: 0.42,
      matchMargin: 0.1,
      maxListAgeDays: 14,
      logRetentionDays: 730,
      allowOverride: true,
      staffName: 'Juf Anja',
    });
    expect(problems).toEqual([]);
    expect(policy).toMatchObject({ matchThreshold: 0.42, maxListAgeDays: 14, allowOverride: true, staffName: 'Juf Anja' });
  });

  it.each([
    ['matchThreshold', 0.7, /safe bound/],
    ['matchMargin', 0.01, /0\.05/],
    ['maxListAgeDays', 0, /./],
    ['mode', 'surveil', /./],
    ['sites', [{ origin: 'ftp://x', channel: 'website' }], /./],
    ['unknownKey', 1, /not a ConsentGate policy/],
  ])('reports and ignores %s = %j', (key, value, message) => {
    const { policy, problems } = readManaged({ [key]: value, allowOverride: false });
    expect(policy).toEqual({ allowOverride: false });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toContain(key);
  });

  it('treats an absent policy as empty and a non-object as a problem', () => {
    expect(readManaged(undefined)).toEqual({ policy: {}, problems: [] });
    expect(readManaged([1, 2]).problems).toHaveLength(1);
  });
});

describe('effectiveSettings', () => {
  it('managed values win and are listed as managed', () => {
    const e = effectiveSettings(local, { sites: [{ origin: 'https://www.obs-regenboog.nl', channel: 'website' }], maxListAgeDays: 7, matchThreshold: 0.4 });
    expect(e.settings.sites).toEqual([{ origin: 'https://www.obs-regenboog.nl', channel: 'website' }]);
    expect(e.settings.maxListAgeDays).toBe(7);
    expect(e.settings.match).toEqual({ threshold: 0.4, margin: DEFAULT_SETTINGS.match.margin });
    expect(e.managed.sort()).toEqual(['matchThreshold', 'maxListAgeDays', 'sites']);
  });

  it('keeps the local value when the managed one is too loose', () => {
    const e = effectiveSettings(local, { matchThreshold: 0.6 });
    expect(e.settings.match.threshold).toBe(DEFAULT_SETTINGS.match.threshold);
    expect(e.managed).toEqual([]);
    expect(e.problems).toHaveLength(1);
  });

  it('a board that sets recognition centrally stands for its biometric-consent and DPIA decision', () => {
    const e = effectiveSettings(local, { mode: 'recognize' });
    expect(e.settings.mode).toBe('recognize');
    expect(e.settings.recognition?.by).toBe('school board policy');
  });

  it('without a policy the local settings are in force unchanged', () => {
    expect(effectiveSettings(local, {})).toEqual({ settings: local, managed: [], problems: [] });
  });
});
