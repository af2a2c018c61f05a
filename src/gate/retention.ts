/**
 * Retention of the director's log: once a day (an alarm, and at every browser start) entries older than the policy's
 * `logRetentionDays` are purged, and the purge is itself written to the log (src/audit planRetention). A broken chain
 * or invalid settings purge nothing: the log is kept as evidence until someone looks at it.
 */
import { browser } from 'wxt/browser';
import type { AuditStore } from '../audit';
import { auditStore } from './audit';
import { loadSettings } from './store';

export const RETENTION_ALARM = 'consent-gate-log-retention';
const DAY_MINUTES = 24 * 60;

export type RetentionOutcome =
  | { ok: true; purged: number; retentionDays: number }
  | { ok: false; problem: string };

/** Purge what the policy no longer allows to be kept; never throws. */
export async function applyRetention(now: Date = new Date(), open: () => Promise<AuditStore> = auditStore): Promise<RetentionOutcome> {
  const settings = await loadSettings();
  if (!settings.ok) return { ok: false, problem: `retention skipped: ${settings.problem}` };
  const retentionDays = settings.settings.logRetentionDays;
  try {
    const { purged } = await (await open()).purge(retentionDays, now);
    return { ok: true, purged, retentionDays };
  } catch (err) {
    return { ok: false, problem: `retention skipped: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function runRetention(): Promise<void> {
  const outcome = await applyRetention();
  if (!outcome.ok) console.error(`ConsentGate: ${outcome.problem}`);
}

/** Registers the daily alarm (idempotent) and its listener; call synchronously at service-worker start. */
export function scheduleRetention(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETENTION_ALARM) void runRetention();
  });
  void (async () => {
    const existing = await browser.alarms.get(RETENTION_ALARM).catch(() => undefined);
    if (!existing) await browser.alarms.create(RETENTION_ALARM, { delayInMinutes: 1, periodInMinutes: DAY_MINUTES });
  })().catch((err: unknown) => console.error('ConsentGate: the log retention alarm could not be set', err));
}
