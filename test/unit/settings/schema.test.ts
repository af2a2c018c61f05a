import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  GateSettingsSchema,
  matchPatterns,
  normalizeOrigin,
  readSettings,
  resolveLang,
  siteFor,
  type GateSettings,
} from '../../../src/settings/schema';

function settings(overrides: Partial<GateSettings> = {}): GateSettings {
  return { ...structuredClone(DEFAULT_SETTINGS), ...overrides };
}

describe('normalizeOrigin', () => {
  it.each([
    ['https://school.example/nieuws/2025?x=1#top', 'https://school.example'],
    ['https://school.example/', 'https://school.example'],
    ['HTTPS://School.Example', 'https://school.example'],
    ['https://school.example:443', 'https://school.example'],
    ['http://school.example:80/path', 'http://school.example'],
    ['https://school.example:8443/x', 'https://school.example:8443'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['school.example', 'https://school.example'],
    ['school.example/wp-admin/post.php', 'https://school.example'],
    ['localhost:8080', 'https://localhost:8080'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeOrigin(input)).toBe(expected);
  });

  it.each(['ftp://school.example', 'file:///etc/passwd', 'chrome-extension://abcdef/page.html', 'ws://school.example', 'data://x'])(
    'refuses the non-http scheme of %s',
    (input) => {
      expect(normalizeOrigin(input)).toBeNull();
    },
  );

  it.each(['https://user:secret@school.example', 'https://user@school.example', 'http://:pw@school.example', 'admin:pw@school.example'])(
    'refuses credentials in %s',
    (input) => {
      expect(normalizeOrigin(input)).toBeNull();
    },
  );

  it.each(['', 'https://', 'not a host', 'javascript:alert(1)', 'https://exa mple.com'])('refuses garbage %j', (input) => {
    expect(normalizeOrigin(input)).toBeNull();
  });
});

describe('GateSettingsSchema', () => {
  it('accepts the defaults', () => {
    expect(GateSettingsSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true);
  });

  it('refuses an origin listed twice, naming the second', () => {
    const r = GateSettingsSchema.safeParse(
      settings({
        sites: [
          { origin: 'https://school.example', channel: 'website' },
          { origin: 'https://other.example', channel: 'website' },
          { origin: 'https://school.example', channel: 'social' },
        ],
      }),
    );
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toEqual([['sites', 2, 'origin']]);
    expect(r.error?.issues[0]?.message).toContain('https://school.example is listed twice');
  });

  it.each([0.51, 0.7, 1])('refuses a match threshold of %s (above 0.5)', (threshold) => {
    const r = GateSettingsSchema.safeParse(settings({ match: { threshold, margin: 0.08 } }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['match', 'threshold']);
  });

  it('accepts a threshold of exactly 0.5 and refuses 0 or a negative one', () => {
    expect(GateSettingsSchema.safeParse(settings({ match: { threshold: 0.5, margin: 0 } })).success).toBe(true);
    expect(GateSettingsSchema.safeParse(settings({ match: { threshold: 0, margin: 0 } })).success).toBe(false);
    expect(GateSettingsSchema.safeParse(settings({ match: { threshold: -0.1, margin: 0 } })).success).toBe(false);
  });

  it('refuses a margin outside 0..0.3', () => {
    expect(GateSettingsSchema.safeParse(settings({ match: { threshold: 0.45, margin: 0.31 } })).success).toBe(false);
    expect(GateSettingsSchema.safeParse(settings({ match: { threshold: 0.45, margin: -0.01 } })).success).toBe(false);
  });

  it.each([
    ['a path', 'https://school.example/'],
    ['a default port', 'https://school.example:443'],
    ['a bare host', 'school.example'],
    ['upper case', 'https://School.example'],
    ['credentials', 'https://a:b@school.example'],
    ['ftp', 'ftp://school.example'],
  ])('refuses a site origin with %s', (_what, origin) => {
    const r = GateSettingsSchema.safeParse(settings({ sites: [{ origin, channel: 'website' }] }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['sites', 0, 'origin']);
  });

  it('refuses an invalid channel id, unknown keys and another version', () => {
    expect(GateSettingsSchema.safeParse(settings({ sites: [{ origin: 'https://school.example', channel: 'Web Site' }] })).success).toBe(false);
    expect(GateSettingsSchema.safeParse({ ...settings(), extra: true }).success).toBe(false);
    expect(GateSettingsSchema.safeParse({ ...settings(), version: 2 }).success).toBe(false);
    expect(GateSettingsSchema.safeParse({ ...settings(), mode: 'identify' }).success).toBe(false);
  });
});

describe('siteFor', () => {
  const s = settings({
    sites: [
      { origin: 'https://www.facebook.com', channel: 'social' },
      { origin: 'https://school.example', channel: 'website' },
      { origin: 'http://localhost:8080', channel: 'nieuwsbrief' },
    ],
  });

  it('finds the rule for an exact origin, however the origin is spelled', () => {
    expect(siteFor(s, 'https://www.facebook.com')).toEqual({ origin: 'https://www.facebook.com', channel: 'social' });
    expect(siteFor(s, 'https://school.example:443')?.channel).toBe('website');
    expect(siteFor(s, 'https://school.example/wp-admin/')?.channel).toBe('website');
    expect(siteFor(s, 'http://localhost:8080')?.channel).toBe('nieuwsbrief');
  });

  it.each([
    ['another port', 'https://school.example:8443'],
    ['another port (http)', 'http://localhost:8081'],
    ['the default port of a site configured with one', 'http://localhost'],
    ['another scheme', 'http://school.example'],
    ['another scheme (https)', 'https://localhost:8080'],
    ['a look-alike subdomain', 'https://www.facebook.com.evil.example'],
    ['a look-alike host', 'https://facebook.com.evil.example'],
    ['a parent domain', 'https://facebook.com'],
    ['a subdomain', 'https://m.school.example'],
    ['a suffix match', 'https://myschool.example'],
    ['a trailing dot', 'https://school.example.'],
    ['an opaque origin', 'null'],
    ['a non-http origin', 'chrome-extension://abcdef'],
    ['credentials', 'https://x@school.example'],
  ])('returns null for %s (%s)', (_what, origin) => {
    expect(siteFor(s, origin)).toBeNull();
  });

  it('has Facebook on the social channel by default, and nothing else', () => {
    expect(siteFor(DEFAULT_SETTINGS, 'https://www.facebook.com')?.channel).toBe('social');
    expect(siteFor(DEFAULT_SETTINGS, 'https://facebook.com')?.channel).toBe('social');
    expect(siteFor(DEFAULT_SETTINGS, 'https://www.facebook.com.evil.example')).toBeNull();
    expect(siteFor(DEFAULT_SETTINGS, 'https://school.example')).toBeNull();
  });
});

describe('matchPatterns', () => {
  it('gives host-only patterns, one per scheme and host, sorted', () => {
    const s = settings({
      sites: [
        { origin: 'https://school.example', channel: 'website' },
        { origin: 'https://school.example:8443', channel: 'social' },
        { origin: 'http://localhost:8080', channel: 'nieuwsbrief' },
        { origin: 'http://localhost:9090', channel: 'nieuwsbrief' },
        { origin: 'http://school.example', channel: 'website' },
      ],
    });
    expect(matchPatterns(s)).toEqual(['http://localhost/*', 'http://school.example/*', 'https://school.example/*']);
  });

  it('covers the default sites', () => {
    expect(matchPatterns(DEFAULT_SETTINGS)).toEqual(['https://business.facebook.com/*', 'https://facebook.com/*', 'https://www.facebook.com/*']);
  });

  it('is empty without sites', () => {
    expect(matchPatterns(settings({ sites: [] }))).toEqual([]);
  });
});

describe('readSettings', () => {
  it('gives the defaults, not stored, when nothing was stored', () => {
    expect(readSettings(undefined)).toEqual({ ok: true, settings: DEFAULT_SETTINGS, stored: false });
  });

  it('gives valid stored settings, stored', () => {
    const recognition = { biometricConsentConfirmed: true as const, dpiaConfirmed: true as const, confirmedAt: '2026-11-01T09:00:00.000Z', by: 'privacy officer' };
    const stored = settings({ mode: 'recognize', recognition, lang: 'nl', sites: [{ origin: 'https://school.example', channel: 'website' }] });
    expect(readSettings(structuredClone(stored))).toEqual({ ok: true, settings: stored, stored: true });
  });

  it('refuses recognition without the biometric-consent and DPIA confirmation', () => {
    const read = readSettings({ ...DEFAULT_SETTINGS, mode: 'recognize', recognition: null });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toMatch(/biometric consent and a DPIA/);
  });

  it('reads a record stored before the newer fields existed, with their defaults', () => {
    const { maxListAgeDays, logRetentionDays, allowOverride, recognition, staffName, ...old } = DEFAULT_SETTINGS;
    const read = readSettings(old);
    expect(read).toEqual({ ok: true, settings: DEFAULT_SETTINGS, stored: true });
    expect([maxListAgeDays, logRetentionDays, allowOverride, recognition, staffName]).toEqual([30, 365, false, null, '']);
  });

  it.each([
    ['a wrong origin', { ...DEFAULT_SETTINGS, sites: [{ origin: 'https://school.example/', channel: 'website' }] }, 'sites.0.origin'],
    ['a duplicate origin', { ...DEFAULT_SETTINGS, sites: [...DEFAULT_SETTINGS.sites, DEFAULT_SETTINGS.sites[0]] }, 'sites.3.origin'],
    ['a loose threshold', { ...DEFAULT_SETTINGS, match: { threshold: 0.6, margin: 0.08 } }, 'match.threshold'],
    ['an unknown mode', { ...DEFAULT_SETTINGS, mode: 'identify' }, 'mode'],
    ['a missing field', { ...DEFAULT_SETTINGS, lang: undefined }, 'lang'],
  ])('reports %s as a problem naming the path, never the defaults', (_what, stored, path) => {
    const r = readSettings(stored);
    expect(r.ok).toBe(false);
    expect(r).not.toHaveProperty('settings');
    if (r.ok) return;
    expect(r.problem).toContain(`stored settings are invalid at ${path}:`);
  });

  it.each([null, 'settings', 42, [], {}])('reports %j as a problem', (stored) => {
    const r = readSettings(stored);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/^stored settings are invalid at /);
  });

  it('names the root when the record itself is wrong', () => {
    const r = readSettings('not an object');
    expect(r).toEqual({ ok: false, problem: expect.stringContaining('invalid at (root):') });
  });
});

describe('resolveLang', () => {
  it('uses an explicit setting whatever the browser says', () => {
    expect(resolveLang('nl', 'en-US')).toBe('nl');
    expect(resolveLang('en', 'nl-NL')).toBe('en');
  });

  it.each([
    ['nl', 'nl'],
    ['nl-NL', 'nl'],
    ['nl-BE', 'nl'],
    ['NL', 'nl'],
    ['en-GB', 'en'],
    ['de-DE', 'en'],
    ['fy-NL', 'en'],
    ['', 'en'],
  ])('auto with browser language %j → %s', (browser, expected) => {
    expect(resolveLang('auto', browser)).toBe(expected);
  });
});
