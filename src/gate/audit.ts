/**
 * Every verdict goes into the director's log (src/audit): the background writes one entry per release, hold,
 * cancellation, stopped upload and removal of names. Metadata only: pupil ids, reasons, counts and hashes; never an
 * image, a crop, a descriptor or a name.
 */
import { openAuditStore, type AuditData, type AuditStore } from '../audit';
import type { OverrideScope } from '../policy/override';
import type { Verdict } from '../policy/verdict';
import type { StoredJob } from './plan';

let store: Promise<AuditStore> | null = null;

export function auditStore(): Promise<AuditStore> {
  store ??= openAuditStore().catch((err: unknown) => {
    store = null;
    throw err;
  });
  return store;
}

/** Appends one entry; throws when the log cannot be written (a release then holds: nothing goes out unrecorded). */
export async function record(data: AuditData): Promise<void> {
  await (await auditStore()).append(data);
}

/** Appends, but a failure only warns: for events after which nothing more leaves (a hold, a cancellation). */
export async function recordQuietly(data: AuditData): Promise<void> {
  await record(data).catch((err: unknown) => console.error('ConsentGate: the log could not be written', err));
}

export function verdictEntry(
  job: StoredJob,
  staff: string,
  outcome: { verdict: 'released' | 'covered' | 'held' | 'cancelled'; decided: Verdict | null; reasons?: string[]; releasedSha256?: string },
): AuditData {
  const released = outcome.verdict === 'released' || outcome.verdict === 'covered';
  // In a release every face still on hold was covered: logged as covered, with whose face it was and why.
  const faces =
    outcome.decided?.faces.map((f) => ({ index: f.index, status: released && f.status === 'hold' ? ('cover' as const) : f.status, reason: f.reason, pupilId: f.pupilId })) ?? [];
  return {
    at: new Date().toISOString(),
    kind: 'verdict',
    staff,
    origin: job.origin,
    channel: job.channel.id,
    mode: job.mode,
    verdict: outcome.verdict,
    faces,
    // Released: every face not ok was covered. Held: the faces that kept it back.
    counts:
      outcome.verdict === 'released' || outcome.verdict === 'covered'
        ? { faces: faces.length, covered: faces.filter((f) => f.status !== 'ok').length, held: 0 }
        : { faces: faces.length, covered: 0, held: faces.filter((f) => f.status === 'hold').length },
    pupilIds: [...new Set(faces.flatMap((f) => (f.pupilId ? [f.pupilId] : [])))].sort(),
    ...(job.sha256 ? { originalSha256: job.sha256 } : {}),
    ...(outcome.releasedSha256 ? { releasedSha256: outcome.releasedSha256 } : {}),
    reasons: [...new Set([...(outcome.reasons ?? []), ...job.problems.map((p) => p.reason)])],
  };
}

/**
 * An override: ONE entry of kind 'override' instead of the verdict entry. `faces` show the verdict as decided (the
 * overridden faces with status 'hold' and their reason), `reasons` the hold reasons set aside, `overrideReason` the
 * staff member's written reason (trimmed), `counts.covered` the faces actually covered (own choice or withdrawn).
 */
export function overrideEntry(
  job: StoredJob,
  staff: string,
  outcome: { decided: Verdict; scope: OverrideScope; reason: string; releasedSha256?: string },
): AuditData {
  const faces = outcome.decided.faces.map((f) => ({ index: f.index, status: f.status, reason: f.reason, pupilId: f.pupilId }));
  return {
    at: new Date().toISOString(),
    kind: 'override',
    staff,
    origin: job.origin,
    channel: job.channel.id,
    mode: job.mode,
    verdict: outcome.scope.cover.length > 0 ? 'covered' : 'released',
    faces,
    counts: { faces: faces.length, covered: outcome.scope.cover.length, held: 0 },
    pupilIds: [...new Set(faces.flatMap((f) => (f.pupilId ? [f.pupilId] : [])))].sort(),
    ...(job.sha256 ? { originalSha256: job.sha256 } : {}),
    ...(outcome.releasedSha256 ? { releasedSha256: outcome.releasedSha256 } : {}),
    reasons: [...outcome.scope.reasons],
    overrideReason: outcome.reason,
  };
}
