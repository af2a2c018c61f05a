/**
 * The background's storage. The consent list lives in the consent store (IndexedDB of the extension's origin, which
 * content scripts cannot open); settings in storage.local (closed to content scripts) with the school board's
 * managed policy on top; review jobs in storage.session, so a review survives the service worker being stopped.
 */
import { browser } from 'wxt/browser';
import { effectiveSettings } from '../admin/managed';
import { readSettings, type SettingsRead } from '../settings/schema';
import { openConsentStore, type ConsentStore } from '../store';
import type { RosterRead, StoredJob } from './plan';

export async function closeStorageToContentScripts(): Promise<void> {
  // storage.local is readable by content scripts unless restricted; the consent list must not be.
  await browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}

/** The settings in force: this browser's own, with every valid value of the school board's policy on top. */
export async function loadSettings(): Promise<SettingsRead> {
  const { settings } = await browser.storage.local.get('settings');
  const local = readSettings(settings);
  if (!local.ok) return local;
  let managed: unknown;
  try {
    managed = await browser.storage.managed.get();
  } catch (err) {
    // The school board's policy may be stricter than this browser's settings: unread, every photo holds.
    return { ok: false, problem: `the school board's policy could not be read (${err instanceof Error ? err.message : String(err)})` };
  }
  const effective = effectiveSettings(local.settings, managed);
  for (const problem of effective.problems) console.warn(`ConsentGate managed policy: ${problem}`);
  return { ok: true, settings: effective.settings, stored: local.stored };
}

let store: Promise<ConsentStore> | null = null;

/** The consent store, opened once per service-worker life. */
export function consentStore(): Promise<ConsentStore> {
  store ??= openConsentStore().catch((err: unknown) => {
    store = null;
    throw err;
  });
  return store;
}

/** The consent list as stored now (every check reads it again: a withdrawal applies to the next verdict). */
export async function loadRoster(): Promise<RosterRead> {
  try {
    const { roster, problems } = await (await consentStore()).read();
    if (problems.length > 0) {
      const first = problems[0]!;
      return {
        ok: false,
        problem: { reason: 'consent_list_missing', message: `the stored consent list has ${problems.length} invalid record(s) (${first.where}: ${first.message}); import it again` },
      };
    }
    if (roster === null) {
      return { ok: false, problem: { reason: 'consent_list_missing', message: 'no consent list has been imported into this browser; ask the privacy officer to import it' } };
    }
    return { ok: true, roster };
  } catch (err) {
    return { ok: false, problem: { reason: 'consent_list_missing', message: `the consent list could not be read: ${err instanceof Error ? err.message : String(err)}` } };
  }
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
