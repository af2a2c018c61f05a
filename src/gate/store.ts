/**
 * The background's storage. Settings and (until the consent store arrives) the consent list live in
 * storage.local, closed to content scripts; review jobs live in storage.session so a review survives the service
 * worker being stopped, and vanish with the browser session.
 */
import { browser } from 'wxt/browser';
import { readSettings, type SettingsRead } from '../settings/schema';
import { readRoster, type RosterRead, type StoredJob } from './plan';

export async function closeStorageToContentScripts(): Promise<void> {
  // storage.local is readable by content scripts unless restricted; the consent list must not be.
  await browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}

export async function loadSettings(): Promise<SettingsRead> {
  const { settings } = await browser.storage.local.get('settings');
  return readSettings(settings);
}

export async function loadRoster(): Promise<RosterRead> {
  const { roster } = await browser.storage.local.get('roster');
  return readRoster(roster);
}

const jobKey = (jobId: string): string => `job:${jobId}`;

export async function saveJob(job: StoredJob): Promise<void> {
  await browser.storage.session.set({ [jobKey(job.jobId)]: job });
}

export async function loadJob(jobId: string): Promise<StoredJob | null> {
  const stored = await browser.storage.session.get(jobKey(jobId));
  return (stored[jobKey(jobId)] as StoredJob | undefined) ?? null;
}

export async function deleteJob(jobId: string): Promise<void> {
  await browser.storage.session.remove(jobKey(jobId));
}

/** The N in foto-2026-11-23-N.jpg: counts releases per local day in this browser. */
export async function nextSequence(now: Date): Promise<number> {
  const day = `${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}`;
  const { sequence } = (await browser.storage.local.get('sequence')) as { sequence?: { day: string; n: number } };
  const n = sequence?.day === day ? sequence.n + 1 : 1;
  await browser.storage.local.set({ sequence: { day, n } });
  return n;
}

const releasedKey = (tabId: number): string => `released:${tabId}`;
/** A tab remembers at most this many released files (hashes only). */
const RELEASED_PER_TAB = 500;

export async function rememberReleased(tabId: number, sha256: string): Promise<void> {
  const key = releasedKey(tabId);
  const stored = ((await browser.storage.session.get(key))[key] as string[] | undefined) ?? [];
  if (!stored.includes(sha256)) await browser.storage.session.set({ [key]: [...stored, sha256].slice(-RELEASED_PER_TAB) });
}

export async function wasReleased(tabId: number, sha256: string): Promise<boolean> {
  const key = releasedKey(tabId);
  return (((await browser.storage.session.get(key))[key] as string[] | undefined) ?? []).includes(sha256);
}
