/**
 * The background's decisions, as pure functions over plain data: what a check reports, which pupils the review
 * may offer, and whether (and with which covers) a reviewed file may be released. The release decision is made
 * again here from the stored job, whatever the content script's panel showed: the page is not trusted.
 */
import { fullName, RosterSchema, type Roster } from '../consent/schema';
import type { WireFrame } from '../messages/common';
import { flattenFaces, type ManualFace, type ReviewPupil } from '../review/model';
import { buildConsentIndex, decide, type Box, type Confirmation, type Mode, type PhotoProblem, type Verdict } from '../policy/verdict';
import { OVERRIDE_MAX_REASON, OVERRIDE_MIN_REASON, overridable, overrideReasonText, type OverrideScope } from '../policy/override';
import { DEFAULT_SETTINGS, type SettingsRead } from '../settings/schema';

const DAY_MS = 24 * 60 * 60 * 1000;

export type RosterRead = { ok: true; roster: Roster } | { ok: false; problem: PhotoProblem };

export function readRoster(stored: unknown): RosterRead {
  if (stored === undefined) {
    return { ok: false, problem: { reason: 'consent_list_missing', message: 'no consent list has been imported into this browser; ask the privacy officer to import it' } };
  }
  const parsed = RosterSchema.safeParse(stored);
  if (parsed.success) return { ok: true, roster: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    problem: { reason: 'consent_list_missing', message: `the stored consent list is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}; import it again` },
  };
}

/** Problems that hold every photo before any face is looked at. */
export function standingProblems(settings: SettingsRead, roster: RosterRead, now: number): PhotoProblem[] {
  const problems: PhotoProblem[] = [];
  if (!settings.ok) problems.push({ reason: 'settings_invalid', message: settings.problem });
  if (!roster.ok) problems.push(roster.problem);
  else {
    const maxDays = settings.ok ? settings.settings.maxListAgeDays : DEFAULT_SETTINGS.maxListAgeDays;
    const ageDays = (now - Date.parse(roster.roster.importedAt)) / DAY_MS;
    if (!(ageDays <= maxDays)) {
      problems.push({
        reason: 'consent_list_stale',
        message: `the consent list was imported ${Math.floor(ageDays)} days ago (at most ${maxDays} allowed); import the current list`,
      });
    }
  }
  return problems;
}

/** The pupils the uploader may pick from, with their consent for this channel only. */
export function reviewPupils(roster: Roster, channel: string): ReviewPupil[] {
  return roster.pupils
    .map((p) => ({ id: p.id, name: fullName(p), group: p.group, consent: p.consent[channel] ?? ('unknown' as const) }))
    .sort((a, b) => a.group.localeCompare(b.group, 'nl') || a.name.localeCompare(b.name, 'nl'));
}

export function channelLabel(roster: Roster | null, channel: string): string {
  return roster?.channels.find((c) => c.id === channel)?.label ?? channel;
}

export interface StoredJob {
  jobId: string;
  tabId: number;
  frameId: number;
  origin: string;
  channel: { id: string; label: string };
  mode: Mode;
  kind: 'image' | 'video';
  blobUrl: string;
  name: string;
  mimeType: string;
  sha256: string | null;
  frames: WireFrame[];
  problems: PhotoProblem[];
  createdAt: number;
  /** The released file's blob: URL in the worker, revoked once the content script has it. */
  releasedUrl?: string;
}

export interface ReleaseRequest {
  confirmations: Record<string, Confirmation>;
  manualFaces: ManualFace[];
  noFacesConfirmed: boolean;
  noHarmConfirmed: boolean;
  /** Publish anyway, with a written reason: the faces held for an overridable reason stay visible. */
  override?: { reason: string };
}

/** What the school's policy says about this release (from the settings in force now). */
export interface ReleasePolicy {
  allowOverride: boolean;
  /** Who is releasing: an override needs a name, because the log must say who set a hold aside. */
  staffName?: string;
}

export type ReleasePlan =
  | {
      ok: true;
      verdict: Verdict;
      covers: Box[];
      /** Present for an override: the trimmed reason and which faces it releases uncovered. */
      override?: { reason: string; scope: OverrideScope };
    }
  | { ok: false; verdict: Verdict | null; reasons: string[] };

/** The reasons a verdict holds the photo: photo problems first, then each held face's reason. */
function holdReasons(verdict: Verdict): string[] {
  return [...verdict.photoReasons.map((p) => p.reason), ...verdict.faces.filter((f) => f.status === 'hold' && f.reason).map((f) => f.reason!)];
}

/**
 * Whether the reviewed file may be released, and which boxes to cover first. Default: no.
 *
 * With `request.override` the decision is made again for an override: the policy must allow it, the trimmed reason
 * must be at least `OVERRIDE_MIN_REASON` characters, and `overridable()` must hold for the verdict decided now. Covered
 * are only the faces the uploader chose to cover and withdrawn faces; the other held faces stay visible.
 */
export function planRelease(job: StoredJob, request: ReleaseRequest, roster: Roster | null, policy: ReleasePolicy = { allowOverride: false }): ReleasePlan {
  if (roster === null) return { ok: false, verdict: null, reasons: ['consent_list_missing'] };
  let faces: ReturnType<typeof flattenFaces>;
  try {
    faces = flattenFaces(job.frames, request.manualFaces);
  } catch {
    // A face drawn on a frame that does not exist: the request does not describe this job.
    return { ok: false, verdict: null, reasons: ['analysis_failed'] };
  }
  const confirmations: Record<number, Confirmation> = {};
  for (const [key, value] of Object.entries(request.confirmations)) {
    const i = Number(key);
    if (Number.isInteger(i) && i >= 0 && i < faces.length) confirmations[i] = value;
  }
  const problems = [...job.problems];
  if (!request.noHarmConfirmed) problems.push({ reason: 'not_reviewed', message: 'the uploader has not confirmed that the photo shows no pupil in a harmful or embarrassing situation' });
  const verdict = decide({
    channel: job.channel.id,
    mode: job.mode,
    faces,
    index: buildConsentIndex(roster),
    confirmations,
    noFacesConfirmed: request.noFacesConfirmed,
    problems,
  });
  if (request.override !== undefined) return planOverride(job, verdict, faces, request.override.reason, policy);
  // "Cover faces without consent": every face still on hold is covered, as long as covering fixes everything.
  if (verdict.verdict === 'hold' && !verdict.coverFixesAll) {
    return { ok: false, verdict, reasons: holdReasons(verdict) };
  }
  const covers = verdict.cover.map((i) => faces[i]!.box);
  if (job.kind === 'video' && covers.length > 0) return { ok: false, verdict, reasons: ['video_cover_unavailable'] };
  return { ok: true, verdict, covers };
}

function planOverride(job: StoredJob, verdict: Verdict, faces: readonly { box: Box }[], reason: string, policy: ReleasePolicy): ReleasePlan {
  if (!policy.allowOverride) return { ok: false, verdict, reasons: ['override_forbidden'] };
  if (!policy.staffName?.trim()) return { ok: false, verdict, reasons: ['override_needs_name'] };
  const text = overrideReasonText(typeof reason === 'string' ? reason : '');
  if (text.length < OVERRIDE_MIN_REASON) return { ok: false, verdict, reasons: ['override_reason_too_short'] };
  if (text.length > OVERRIDE_MAX_REASON) return { ok: false, verdict, reasons: ['override_reason_too_long'] };
  const canCover = job.kind === 'image';
  const scope = overridable(verdict, { canCover });
  if (!scope.ok) {
    const reasons = holdReasons(verdict);
    if (!canCover && scope.cover.length > 0) reasons.push('video_cover_unavailable');
    // Nothing on hold that an override could set aside (the photo is allowed, or only withdrawals hold it).
    if (scope.release.length === 0) reasons.push('nothing_to_override');
    return { ok: false, verdict, reasons: [...new Set(reasons)] };
  }
  return { ok: true, verdict, covers: scope.cover.map((i) => faces[i]!.box), override: { reason: text, scope } };
}
