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

type LoggedFace = { index: number; status: 'ok' | 'cover' | 'hold'; reason: string | null; pupilId: string | null };

/** What every entry about a job says: where, who, which faces and pupils, and the file hashes. */
function jobEntry(job: StoredJob, staff: string, faces: LoggedFace[], releasedSha256: string | undefined): Omit<AuditData, 'kind' | 'counts'> {
  return {
    at: new Date().toISOString(),
    staff,
    origin: job.origin,
    channel: job.channel.id,
    mode: job.mode,
    faces,
    pupilIds: [...new Set(faces.flatMap((f) => (f.pupilId ? [f.pupilId] : [])))].sort(),
    ...(job.sha256 ? { originalSha256: job.sha256 } : {}),
    ...(releasedSha256 ? { releasedSha256 } : {}),
  };
}

export function verdictEntry(
  job: StoredJob,
  staff: string,
  outcome: { verdict: 'released' | 'covered' | 'held' | 'cancelled'; decided: Verdict | null; reasons?: string[]; releasedSha256?: string },
): AuditData {
  const released = outcome.verdict === 'released' || outcome.verdict === 'covered';
  // In a release every face still on hold was covered: logged as covered, with whose face it was and why.
  const faces: LoggedFace[] =
    outcome.decided?.faces.map((f) => ({ index: f.index, status: released && f.status === 'hold' ? 'cover' : f.status, reason: f.reason, pupilId: f.pupilId })) ?? [];
  return {
    ...jobEntry(job, staff, faces, outcome.releasedSha256),
    kind: 'verdict',
    verdict: outcome.verdict,
    // Released: every face not ok was covered. Held: the faces that kept it back.
    counts: released
      ? { faces: faces.length, covered: faces.filter((f) => f.status !== 'ok').length, held: 0 }
      : { faces: faces.length, covered: 0, held: faces.filter((f) => f.status === 'hold').length },
    reasons: [...new Set([...(outcome.reasons ?? []), ...job.problems.map((p) => p.reason)])],
  };
}

/**
 * An override: ONE entry of kind 'override' instead of the verdict entry. `faces`: the faces covered anyway (own
 * choice or withdrawn) as 'cover', the overridden faces as 'hold' with the reason set aside (they went out visible);
 * `reasons` the hold reasons set aside, `overrideReason` the staff member's written reason (trimmed).
 */
export function overrideEntry(
  job: StoredJob,
  staff: string,
  outcome: { decided: Verdict; scope: OverrideScope; reason: string; releasedSha256?: string },
): AuditData {
  const covered = new Set(outcome.scope.cover);
  const faces: LoggedFace[] = outcome.decided.faces.map((f) => ({ index: f.index, status: covered.has(f.index) ? 'cover' : f.status, reason: f.reason, pupilId: f.pupilId }));
  return {
    ...jobEntry(job, staff, faces, outcome.releasedSha256),
    kind: 'override',
    verdict: covered.size > 0 ? 'covered' : 'released',
    counts: { faces: faces.length, covered: covered.size, held: 0 },
    reasons: [...outcome.scope.reasons],
    overrideReason: outcome.reason,
  };
}
