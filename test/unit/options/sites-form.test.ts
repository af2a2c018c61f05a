import { describe, expect, it } from 'vitest';
import { addSite, channelLabel, orphanedSites, removeSite } from '../../../src/options/sites-form';
import type { SiteRule } from '../../../src/settings/schema';

const channels = [
  { id: 'website', label: 'Schoolwebsite' },
  { id: 'social', label: 'Facebook' },
];
const sites: SiteRule[] = [{ origin: 'https://www.facebook.com', channel: 'social' }];

describe('addSite', () => {
  it('normalises the origin and adds the rule', () => {
    expect(addSite(sites, '  school.example/nieuws?x=1 ', 'website', channels)).toEqual({
      ok: true,
      origin: 'https://school.example',
      sites: [...sites, { origin: 'https://school.example', channel: 'website' }],
    });
    expect(addSite(sites, 'http://localhost:8080/wp-admin', 'website', channels)).toMatchObject({ ok: true, origin: 'http://localhost:8080' });
  });

  it('refuses what is not an http(s) origin', () => {
    for (const input of ['', '   ', 'ftp://school.example', 'https://user:pw@school.example', 'http://']) {
      expect(addSite(sites, input, 'website', channels), input).toEqual({ ok: false, issue: 'bad_origin', origin: null });
    }
  });

  it('refuses an origin that is already listed (after normalising)', () => {
    expect(addSite(sites, 'https://www.facebook.com/groups/school', 'website', channels)).toEqual({ ok: false, issue: 'duplicate', origin: 'https://www.facebook.com' });
  });

  it('needs a channel of the current list; without a list any valid channel id', () => {
    expect(addSite(sites, 'school.example', '', channels)).toMatchObject({ ok: false, issue: 'no_channel' });
    expect(addSite(sites, 'school.example', 'nieuwsbrief', channels)).toMatchObject({ ok: false, issue: 'unknown_channel' });
    expect(addSite(sites, 'school.example', 'nieuwsbrief', null)).toMatchObject({ ok: true });
    expect(addSite(sites, 'school.example', 'Nieuws Brief', null)).toMatchObject({ ok: false, issue: 'no_channel' });
  });
});

describe('removeSite, orphanedSites, channelLabel', () => {
  it('removes by origin', () => {
    expect(removeSite(sites, 'https://www.facebook.com')).toEqual([]);
    expect(removeSite(sites, 'https://other.example')).toEqual(sites);
  });
  it('finds rules whose channel is not on the list (none without a list)', () => {
    const rules = [...sites, { origin: 'https://school.example', channel: 'newsletter' }];
    expect(orphanedSites(rules, channels)).toEqual([{ origin: 'https://school.example', channel: 'newsletter' }]);
    expect(orphanedSites(rules, null)).toEqual([]);
  });
  it('labels a channel from the list, or by its id', () => {
    expect(channelLabel(channels, 'social')).toBe('Facebook');
    expect(channelLabel(channels, 'newsletter')).toBe('newsletter');
    expect(channelLabel(null, 'social')).toBe('social');
  });
});
