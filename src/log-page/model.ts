/**
 * The log page's pure core: the filters as the page holds them (plain strings) and as the log understands them,
 * the choices each filter offers, the per-pupil report and the pupil directory built from the current consent list.
 * No DOM, no Preact: tested in Node.
 */
import type { AuditEntry, AuditFilter, ChainResult } from '../audit';
import { fullName, type ConsentState, type Roster } from '../consent/schema';
import { foldForSearch } from '../review/search';
import { outcomeOf, type Outcome } from './aggregate';

/** What the outcome filter can pick: an outcome of a verdict, or another kind of entry. */
export const OUTCOME_CHOICES = ['released', 'covered', 'held', 'cancelled', 'override', 'blocked', 'names_removed', 'consent_change', 'retention'] as const;
export type OutcomeChoice = (typeof OUTCOME_CHOICES)[number];

/** The page's filters; '' means "all". Dates are local calendar days ('YYYY-MM-DD'), `to` inclusive. */
export interface FilterState {
  from: string;
  to: string;
  channel: string;
  outcome: '' | OutcomeChoice;
  origin: string;
  staff: string;
  pupilId: string;
}

/** FilterState.staff '' means "anyone"; entries without a staff name are picked with this marker. */
export const NO_NAME = '\u0000';

export const NO_FILTER: FilterState = { from: '', to: '', channel: '', outcome: '', origin: '', staff: '', pupilId: '' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a 'YYYY-MM-DD' day, `plusDays` later; null for anything else. */
export function localDayStart(day: string, plusDays = 0): Date | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The page's filters as the log's filter (src/audit filterEntries). A date that is not a day is ignored. */
export function toAuditFilter(state: FilterState): AuditFilter {
  const filter: AuditFilter = {};
  const from = state.from ? localDayStart(state.from) : null;
  const to = state.to ? localDayStart(state.to, 1) : null;
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (state.channel) filter.channel = state.channel;
  if (state.origin) filter.origin = state.origin;
  if (state.staff === NO_NAME) filter.staff = '';
  else if (state.staff) filter.staff = state.staff;
  if (state.pupilId) filter.pupilId = state.pupilId;
  switch (state.outcome) {
    case '':
      break;
    case 'released':
    case 'covered':
    case 'held':
    case 'cancelled':
      filter.kind = 'verdict';
      filter.verdict = state.outcome;
      break;
    case 'override':
    case 'blocked':
    case 'names_removed':
    case 'consent_change':
    case 'retention':
      filter.kind = state.outcome;
      break;
  }
  return filter;
}


export interface FilterOptions {
  channels: string[];
  origins: string[];
  /** Staff names; '' (no name) included when some entry has none. */
  staff: string[];
  /** Pupil ids that occur in the log. */
  pupilIds: string[];
}

const byText = (a: string, b: string) => a.localeCompare(b, 'nl', { numeric: true });

/** The distinct values each filter can choose from (entries of the extension itself, such as retention, left out). */
export function filterOptions(entries: readonly AuditEntry[]): FilterOptions {
  const channels = new Set<string>();
  const origins = new Set<string>();
  const staff = new Set<string>();
  const pupils = new Set<string>();
  for (const e of entries) {
    if (e.kind === 'retention') continue;
    if (e.channel) channels.add(e.channel);
    if (e.origin) origins.add(e.origin);
    staff.add(e.staff);
    for (const id of e.pupilIds) pupils.add(id);
  }
  return { channels: [...channels].sort(byText), origins: [...origins].sort(byText), staff: [...staff].sort(byText), pupilIds: [...pupils].sort(byText) };
}

// ------------------------------------------------------------------------------------------------- pupils

export interface PupilInfo {
  id: string;
  name: string;
  group: string;
  consent: Readonly<Record<string, ConsentState>>;
}

export interface PupilDirectory {
  byId: ReadonlyMap<string, PupilInfo>;
  /** Channel ids and labels of the current list. */
  channels: readonly { id: string; label: string }[];
}

export const EMPTY_DIRECTORY: PupilDirectory = { byId: new Map(), channels: [] };

/** Names come from the current consent list: the log itself holds pupil ids only. */
export function pupilDirectory(roster: Roster | null): PupilDirectory {
  if (roster === null) return EMPTY_DIRECTORY;
  const byId = new Map<string, PupilInfo>();
  for (const p of roster.pupils) byId.set(p.id, { id: p.id, name: fullName(p), group: p.group, consent: p.consent });
  return { byId, channels: roster.channels.map((c) => ({ id: c.id, label: c.label })) };
}

export function channelName(directory: PupilDirectory, id: string): string {
  return directory.channels.find((c) => c.id === id)?.label ?? id;
}

/**
 * Pupils matching a query: every word in the name, or the id itself. Pupils that only occur in the log (no longer on
 * the list) are found by id. Sorted by name; at most `limit`.
 */
export function findPupils(directory: PupilDirectory, logPupilIds: readonly string[], query: string, limit = 30): PupilInfo[] {
  const words = foldForSearch(query).split(' ').filter((w) => w.length > 0);
  if (words.length === 0) return [];
  const out: PupilInfo[] = [];
  for (const p of directory.byId.values()) {
    const name = foldForSearch(p.name);
    if (words.every((w) => name.includes(w)) || p.id === query.trim()) out.push(p);
  }
  const id = query.trim();
  if (!directory.byId.has(id) && logPupilIds.includes(id)) out.push({ id, name: '', group: '', consent: {} });
  return out.sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id)).slice(0, limit);
}

export interface PupilReport {
  pupilId: string;
  /** Entries naming this pupil, oldest first. */
  entries: AuditEntry[];
  /** Uploads released with this pupil's face visible. */
  published: number;
  /** Uploads released with this pupil's face covered. */
  covered: number;
  /** Uploads held or cancelled. */
  held: number;
  byChannel: { channel: string; published: number; covered: number; held: number }[];
  first: string | null;
  last: string | null;
}

type Fate = 'published' | 'covered' | 'held' | null;

/** What happened to this pupil's face in one entry. */
export function pupilFate(entry: AuditEntry, pupilId: string): Fate {
  const outcome: Outcome | null = outcomeOf(entry);
  if (outcome === 'held' || outcome === 'cancelled' || outcome === 'blocked') return 'held';
  if (outcome !== 'released' && outcome !== 'covered' && outcome !== 'override') return null;
  const faces = (entry.faces ?? []).filter((f) => f.pupilId === pupilId);
  if (faces.length === 0) return null;
  // Any visible face of the pupil makes the upload a visible one; in an override a face on 'hold' went out visible.
  return faces.some((f) => f.status === 'ok' || (outcome === 'override' && f.status === 'hold')) ? 'published' : 'covered';
}

export function pupilReport(entries: readonly AuditEntry[], pupilId: string): PupilReport {
  const mine = entries.filter((e) => e.pupilIds.includes(pupilId));
  const channels = new Map<string, { channel: string; published: number; covered: number; held: number }>();
  const report: PupilReport = { pupilId, entries: mine, published: 0, covered: 0, held: 0, byChannel: [], first: mine[0]?.at ?? null, last: mine[mine.length - 1]?.at ?? null };
  for (const e of mine) {
    const fate = pupilFate(e, pupilId);
    if (fate === null) continue;
    report[fate]++;
    let row = channels.get(e.channel);
    if (!row) channels.set(e.channel, (row = { channel: e.channel, published: 0, covered: 0, held: 0 }));
    row[fate]++;
  }
  report.byChannel = [...channels.values()].sort((a, b) => byText(a.channel, b.channel));
  return report;
}

// ------------------------------------------------------------------------------------------------- chain

export type ChainView =
  | { status: 'checking' }
  | { status: 'intact'; since: string | null; count: number }
  | { status: 'broken'; brokenAt: number; problem: Extract<ChainResult, { ok: false }>['problem']; message: string };

export function chainView(result: ChainResult): ChainView {
  return result.ok ? { status: 'intact', since: result.since, count: result.count } : { status: 'broken', brokenAt: result.brokenAt, problem: result.problem, message: result.message };
}

/** A stored log with invalid records is broken at the first of them, whatever the valid ones say. */
export function chainWithProblems(result: ChainResult, problems: readonly { seq: number; message: string }[]): ChainView {
  const first = [...problems].sort((a, b) => a.seq - b.seq)[0];
  if (first !== undefined && (result.ok || first.seq <= result.brokenAt)) return { status: 'broken', brokenAt: first.seq, problem: 'invalid', message: `seq ${first.seq}: ${first.message}` };
  return chainView(result);
}

// ------------------------------------------------------------------------------------------------- files

/** 'consentgate-log-2026-11-23-1a2b3c4d.json' */
export function exportFileName(kind: 'csv' | 'json', browserId: string, now: Date, suffix = ''): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `consentgate-log-${day}-${browserId.slice(0, 8)}${suffix}.${kind}`;
}

export function formatDateTime(iso: string, lang: 'nl' | 'en'): string {
  return new Date(iso).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function formatDate(iso: string, lang: 'nl' | 'en'): string {
  return new Date(iso).toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric' });
}

/** The host of an origin for a narrow column ("https://www.school.nl" → "www.school.nl"). */
export function siteLabel(origin: string): string {
  try {
    return new URL(origin).host || origin;
  } catch {
    return origin;
  }
}
