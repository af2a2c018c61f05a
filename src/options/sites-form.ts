/** Adding and removing site rules (origin → consent channel), checked before the settings are stored. Pure. */
import type { Channel } from '../consent/schema';
import { ChannelIdSchema } from '../consent/schema';
import { normalizeOrigin, type SiteRule } from '../settings/schema';

export type SiteIssue = 'bad_origin' | 'duplicate' | 'no_channel' | 'unknown_channel';

export type SiteAdd = { ok: true; sites: SiteRule[]; origin: string } | { ok: false; issue: SiteIssue; origin: string | null };

/**
 * Adds `origin → channel`. The origin is normalised (`school.example/news` → `https://school.example`); the channel
 * must be one of the current list's channels when there is a list (without one, any valid channel id is accepted,
 * so sites can be set up before the first import).
 */
export function addSite(sites: readonly SiteRule[], originInput: string, channel: string, channels: readonly Channel[] | null): SiteAdd {
  const origin = normalizeOrigin(originInput.trim());
  if (originInput.trim() === '' || origin === null) return { ok: false, issue: 'bad_origin', origin: null };
  if (sites.some((s) => s.origin === origin)) return { ok: false, issue: 'duplicate', origin };
  if (channel === '' || !ChannelIdSchema.safeParse(channel).success) return { ok: false, issue: 'no_channel', origin };
  if (channels !== null && !channels.some((c) => c.id === channel)) return { ok: false, issue: 'unknown_channel', origin };
  return { ok: true, sites: [...sites, { origin, channel }], origin };
}

export function removeSite(sites: readonly SiteRule[], origin: string): SiteRule[] {
  return sites.filter((s) => s.origin !== origin);
}

/** Rules whose channel is not on the current list: the gate holds every photo on those sites. */
export function orphanedSites(sites: readonly SiteRule[], channels: readonly Channel[] | null): SiteRule[] {
  if (channels === null) return [];
  return sites.filter((s) => !channels.some((c) => c.id === s.channel));
}

export function channelLabel(channels: readonly Channel[] | null, id: string): string {
  return channels?.find((c) => c.id === id)?.label ?? id;
}
