/**
 * What the background does for a content script: say whether the gate is active on its origin, check a file with
 * the inference worker, and release a reviewed file. Every request is parsed first and tied to the sender's tab,
 * frame and origin; a content script cannot read or change the consent list.
 */
import { browser } from 'wxt/browser';
import type { CheckReply, HelloReply, NamesReply, ReleaseReply } from '../messages/background-to-content';
import { OsAnalyseReplySchema, OsReleaseReplySchema, OsStatusReplySchema, type OsAnalyseReply } from '../messages/background-to-offscreen';
import type { Roster } from '../consent/schema';
import { metadataNamesReport, namesInMetadata } from '../metadata';
import { buildNameFinder } from '../names';
import type { StatusReply } from '../messages/ui-to-background';
import type { CsToBg } from '../messages/content-to-background';
import type { WireFrame } from '../messages/common';
import { buildGallery, matchDescriptor } from '../policy/match';
import { problemFromEngine } from '../policy/evaluate';
import { OVERRIDE_MIN_REASON } from '../policy/override';
import { resolveLang, siteFor } from '../settings/schema';
import { askWorker, ensureOffscreen, WorkerError } from './offscreen-client';
import { overrideEntry, record, recordQuietly, verdictEntry } from './audit';
import { channelLabel, planRelease, reviewPupils, standingProblems, type StoredJob } from './plan';
import { deleteJob, loadJob, loadRoster, loadSettings, nextSequence, rememberReleased, saveJob, wasReleased } from './store';

export interface Sender {
  tabId: number;
  frameId: number;
  origin: string;
}

const IMAGE_TIMEOUT_MS = 60_000;
const VIDEO_TIMEOUT_MS = 10 * 60_000;
const RELEASE_TIMEOUT_MS = 60_000;

/** Progress pushed to the tab that asked; jobs are remembered here only while they run. */
const running = new Map<string, Sender>();

export async function handleHello(sender: Sender): Promise<HelloReply> {
  const settings = await loadSettings();
  if (!settings.ok) {
    // Invalid settings: the gate stays active everywhere it was registered, and every check will hold.
    return { active: true, channel: { id: 'unknown', label: '?' }, lang: resolveLang('auto', navigator.language), mode: 'detect' };
  }
  const site = siteFor(settings.settings, sender.origin);
  if (!site) return { active: false };
  let label = site.channel;
  if (sender.frameId === 0) {
    // A configured page opened: start the worker now (models, self-test), so the first photo meets a warm engine.
    void ensureOffscreen().catch(() => undefined);
    // The toolbar button shows which consent channel the gate applies here. Only the top frame reads the list for
    // its label: every frame of the page says hello, and a check reads the list anyway.
    const roster = await loadRoster();
    label = channelLabel(roster.ok ? roster.roster : null, site.channel);
    await browser.action.setBadgeText({ tabId: sender.tabId, text: label.slice(0, 4) }).catch(() => undefined);
    await browser.action.setBadgeBackgroundColor({ tabId: sender.tabId, color: '#0b6e4f' }).catch(() => undefined);
    await browser.action.setTitle({ tabId: sender.tabId, title: `ConsentGate: ${label}` }).catch(() => undefined);
  }
  return {
    active: true,
    channel: { id: site.channel, label },
    lang: resolveLang(settings.settings.lang, navigator.language),
    mode: settings.settings.mode,
  };
}

export async function handleCheck(message: Extract<CsToBg, { type: 'cs:check' }>, sender: Sender): Promise<CheckReply> {
  const [settings, roster] = await Promise.all([loadSettings(), loadRoster()]);
  const site = settings.ok ? siteFor(settings.settings, sender.origin) : null;
  const channelId = site?.channel ?? 'unknown';
  const mode = settings.ok ? settings.settings.mode : 'detect';
  const lang = resolveLang(settings.ok ? settings.settings.lang : 'auto', navigator.language);
  const problems = standingProblems(settings, roster, Date.now());
  let frames: WireFrame[] = [];
  let video: CheckReply['video'];
  let sha256: string | null = null;
  let timings: Record<string, number> = {};
  const removed: string[] = [];

  running.set(message.jobId, sender);
  try {
    const reply = await askWorker(
      { type: 'bg:os-analyse', target: 'offscreen', jobId: message.jobId, kind: message.kind, blobUrl: message.blobUrl, describe: mode === 'recognize' },
      OsAnalyseReplySchema,
      message.kind === 'video' ? VIDEO_TIMEOUT_MS : IMAGE_TIMEOUT_MS,
    );
    if (!reply.ok) problems.push(problemFromEngine(reply.error));
    else {
      sha256 = reply.sha256;
      timings = reply.timings;
      video = reply.video;
      if (reply.metadata) removed.push(...metadataRemovals(reply.metadata, roster.ok ? roster.roster : null, channelId, lang));
      const gallery = mode === 'recognize' && roster.ok ? buildGallery(roster.roster.pupils) : null;
      const match = settings.ok ? settings.settings.match : { threshold: 0.45, margin: 0.08 };
      // Descriptors stop here: only the match result travels on to the page and the job record.
      frames = reply.frames.map((frame) => ({
        time: frame.time,
        width: frame.width,
        height: frame.height,
        ...(frame.previewUrl ? { previewUrl: frame.previewUrl } : {}),
        faces: frame.faces.map((face) => ({
          box: face.box,
          score: face.score,
          ...(gallery && face.descriptor ? { match: matchDescriptor(face.descriptor, gallery, match) } : {}),
        })),
      }));
    }
  } catch (err) {
    const code = err instanceof WorkerError ? err.code : 'engine_not_ready';
    problems.push(problemFromEngine({ code: code === 'timeout' ? 'timeout' : 'engine_not_ready', message: err instanceof Error ? err.message : String(err) }));
  } finally {
    running.delete(message.jobId);
  }

  const channel = { id: channelId, label: channelLabel(roster.ok ? roster.roster : null, channelId) };
  const job: StoredJob = {
    jobId: message.jobId,
    ...sender,
    channel,
    mode,
    kind: message.kind,
    blobUrl: message.blobUrl,
    name: message.name,
    mimeType: message.mimeType,
    sha256,
    frames,
    problems,
    createdAt: Date.now(),
  };
  await saveJob(job);
  return {
    jobId: message.jobId,
    kind: message.kind,
    channel,
    mode,
    lang,
    frames,
    ...(video ? { video } : {}),
    pupils: roster.ok ? reviewPupils(roster.roster, channelId) : [],
    problems,
    timings,
    ...(removed.length > 0 ? { removed } : {}),
    // Invalid settings allow nothing; the background checks again on release.
    override: { allowed: settings.ok && settings.settings.allowOverride, minReason: OVERRIDE_MIN_REASON },
  };
}

/** Names of pupils in the photo's own metadata (and a GPS position): the released file carries none of it; say so. */
function metadataRemovals(metadata: NonNullable<Extract<OsAnalyseReply, { ok: true }>['metadata']>, roster: Roster | null, channel: string, lang: 'nl' | 'en'): string[] {
  const lines: string[] = [];
  if (roster) {
    const found = namesInMetadata(metadata.fields, buildNameFinder(roster.pupils), { channel });
    const line = metadataNamesReport(found, lang, { removed: true });
    if (line) lines.push(line);
  }
  if (metadata.gps) lines.push(lang === 'nl' ? 'De locatie (GPS) in deze foto is verwijderd.' : 'The location (GPS) in this photo was removed.');
  return lines;
}

export async function handleRelease(message: Extract<CsToBg, { type: 'cs:release' }>, sender: Sender): Promise<ReleaseReply> {
  const job = await loadJob(message.jobId);
  if (!job || job.tabId !== sender.tabId || job.frameId !== sender.frameId || job.origin !== sender.origin) {
    return { ok: false, reasons: ['not_reviewed'] };
  }
  const [settings, roster] = await Promise.all([loadSettings(), loadRoster()]);
  // The consent list is read again: a withdrawal made while the uploader was reviewing applies to this release.
  const standing = standingProblems(settings, roster, Date.now());
  const staff = settings.ok ? settings.settings.staffName : '';
  const plan = planRelease(
    { ...job, problems: [...job.problems, ...standing.filter((p) => !job.problems.some((q) => q.reason === p.reason))] },
    message,
    roster.ok ? roster.roster : null,
    // The policy as it is now: an override allowed when the review began is refused once the board forbids it.
    { allowOverride: settings.ok && settings.settings.allowOverride, staffName: staff },
  );
  if (!plan.ok) {
    await recordQuietly(verdictEntry(job, staff, { verdict: 'held', decided: plan.verdict, reasons: plan.reasons }));
    return { ok: false, reasons: plan.reasons };
  }
  const now = new Date();
  try {
    const reply = await askWorker(
      {
        type: 'bg:os-release',
        target: 'offscreen',
        jobId: job.jobId,
        kind: job.kind,
        blobUrl: job.blobUrl,
        mimeType: job.mimeType,
        covers: plan.covers,
        style: settings.ok ? settings.settings.coverStyle : 'solid',
        date: now.toISOString(),
        sequence: await nextSequence(now),
      },
      OsReleaseReplySchema,
      RELEASE_TIMEOUT_MS,
    );
    if (!reply.ok) return { ok: false, reasons: [reply.error.code] };
    try {
      // Nothing goes out unrecorded: a log that cannot be written holds the release.
      await record(
        plan.override
          ? overrideEntry(job, staff, { decided: plan.verdict, scope: plan.override.scope, reason: plan.override.reason, releasedSha256: reply.sha256 })
          : verdictEntry(job, staff, { verdict: plan.covers.length > 0 ? 'covered' : 'released', decided: plan.verdict, releasedSha256: reply.sha256 }),
      );
    } catch (err) {
      console.error('ConsentGate: the release could not be logged, so it is held', err);
      await browser.runtime.sendMessage({ type: 'bg:os-revoke', target: 'offscreen', urls: [reply.blobUrl] }).catch(() => undefined);
      return { ok: false, reasons: ['log_unavailable'] };
    }
    await saveJob({ ...job, releasedUrl: reply.blobUrl });
    await rememberReleased(sender.tabId, reply.sha256);
    return { ok: true, blobUrl: reply.blobUrl, name: reply.name, mimeType: reply.mimeType, sha256: reply.sha256, covered: reply.covered };
  } catch (err) {
    return { ok: false, reasons: [err instanceof WorkerError ? err.code : 'release_failed'] };
  }
}

/** The content script is done with a job (file collected, or upload cancelled): forget it, free its blobs. */
export async function handleDone(jobId: string, sender: Sender, cancelled = false): Promise<void> {
  const job = await loadJob(jobId);
  if (!job || job.tabId !== sender.tabId) return;
  if (cancelled && !job.releasedUrl) {
    const settings = await loadSettings();
    // A cancel after problems is a hold the director must see; otherwise the uploader changed their mind.
    await recordQuietly(verdictEntry(job, settings.ok ? settings.settings.staffName : '', { verdict: job.problems.length > 0 ? 'held' : 'cancelled', decided: null }));
  }
  await deleteJob(jobId);
  const revoke = [...(job.releasedUrl ? [job.releasedUrl] : []), ...job.frames.flatMap((f) => (f.previewUrl ? [f.previewUrl] : []))];
  if (revoke.length > 0) await browser.runtime.sendMessage({ type: 'bg:os-revoke', target: 'offscreen', urls: revoke }).catch(() => undefined);
}

/** The name parts of the consent list, for the content script's text check on a configured site (none elsewhere). */
export async function handleNames(sender: Sender): Promise<NamesReply> {
  const [settings, roster] = await Promise.all([loadSettings(), loadRoster()]);
  const site = settings.ok ? siteFor(settings.settings, sender.origin) : null;
  if (!site || !roster.ok) return { channel: site?.channel ?? 'unknown', pupils: [] };
  return {
    channel: site.channel,
    pupils: roster.roster.pupils.map((p) => ({ id: p.id, givenName: p.givenName, namePrefix: p.namePrefix, familyName: p.familyName, nicknames: p.nicknames, firstNameAllowed: p.firstNameAllowed })),
  };
}

/** A stopped upload or removed names: one log entry each (metadata only). */
export async function recordEvent(kind: 'blocked' | 'names_removed', sender: Sender, detail: string): Promise<void> {
  const settings = await loadSettings();
  const site = settings.ok ? siteFor(settings.settings, sender.origin) : null;
  await recordQuietly({
    at: new Date().toISOString(),
    kind,
    staff: settings.ok ? settings.settings.staffName : '',
    origin: sender.origin,
    channel: site?.channel ?? 'unknown',
    mode: settings.ok ? settings.settings.mode : 'detect',
    pupilIds: [],
    detail: detail.slice(0, 500),
  });
}

export async function handleReleasedQuery(sha256: string, sender: Sender): Promise<{ released: boolean }> {
  return { released: await wasReleased(sender.tabId, sha256) };
}

export function progressTarget(jobId: string): Sender | undefined {
  return running.get(jobId);
}

/** The popup's view: what is set up, what holds every photo, and where the current tab stands. */
export async function handleStatus(tabId: number | null): Promise<StatusReply> {
  const [settings, roster] = await Promise.all([loadSettings(), loadRoster()]);
  let tab: StatusReply['tab'] = null;
  if (tabId !== null) {
    const url = (await browser.tabs.get(tabId).catch(() => null))?.url;
    const origin = url ? safeOrigin(url) : null;
    if (origin) tab = { origin, channel: settings.ok ? (siteFor(settings.settings, origin)?.channel ?? null) : null };
  }
  let engine: StatusReply['engine'] = null;
  try {
    const status = await askWorker({ type: 'bg:os-status', target: 'offscreen' }, OsStatusReplySchema, 20_000);
    engine = { ready: status.ready, backend: status.backend, message: status.error?.message ?? null };
  } catch (err) {
    engine = { ready: false, backend: 'none', message: err instanceof Error ? err.message : String(err) };
  }
  return {
    problems: standingProblems(settings, roster, Date.now()),
    roster: roster.ok ? { importedAt: roster.roster.importedAt, source: roster.roster.source.name, pupils: roster.roster.pupils.length, channels: roster.roster.channels.map((c) => c.label) } : null,
    mode: settings.ok ? settings.settings.mode : 'detect',
    sites: settings.ok ? settings.settings.sites : [],
    tab,
    engine,
  };
}

function safeOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}
