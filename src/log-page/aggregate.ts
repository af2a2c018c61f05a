/**
 * Aggregations of the director's log for the review page's charts. Pure (no DOM, no Date objects per entry) and
 * linear in the number of entries: dates are read from the ISO string ('YYYY-MM-DD…') and turned into ISO weeks by
 * day arithmetic, cached per date.
 */
import type { AuditEntry } from '../audit';

/** What a bar segment counts: an entry's verdict, or 'override' for kind 'override', 'blocked' for kind 'blocked'. Other kinds are not counted. */
export type Outcome = 'released' | 'covered' | 'held' | 'cancelled' | 'override' | 'blocked';
export const OUTCOMES: readonly Outcome[] = Object.freeze(['released', 'covered', 'held', 'cancelled', 'override', 'blocked'] as const);

/** The reason code counted for a 'blocked' entry (an upload the extension stopped). */
export const UPLOAD_STOPPED = 'upload_stopped';

const DEFAULT_MAX_WEEKS = 26;
const DEFAULT_REASON_LIMIT = 8;

/** Index in OUTCOMES, or -1 when the entry is not counted. */
function outcomeIndex(entry: AuditEntry): number {
  switch (entry.kind) {
    case 'verdict':
      switch (entry.verdict) {
        case 'released':
          return 0;
        case 'covered':
          return 1;
        case 'held':
          return 2;
        case 'cancelled':
          return 3;
        default:
          return -1;
      }
    case 'override':
      return 4;
    case 'blocked':
      return 5;
    default:
      return -1;
  }
}

export function outcomeOf(entry: AuditEntry): Outcome | null {
  const i = outcomeIndex(entry);
  return i < 0 ? null : OUTCOMES[i]!;
}

export function emptyCounts(): Record<Outcome, number> {
  return { released: 0, covered: 0, held: 0, cancelled: 0, override: 0, blocked: 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, days since 1970-01-01; after H. Hinnant's civil calendar algorithms).

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Week number of a date: weeks counted from the ISO week of 1970-01-01 (week 0, starting Monday 1969-12-29).
 * Consecutive ISO weeks have consecutive numbers. NaN when `iso` does not start with a valid 'YYYY-MM-DD'.
 */
function weekNumber(iso: string): number {
  if (iso.length < 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return NaN;
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 7);
  const day = digits(iso, 8, 10);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return NaN; // NaN fails too
  const days = daysFromCivil(year, month, day);
  if (civilFromDays(days)[1] !== month) return NaN; // 2025-02-30 and the like
  const weekday = (((days + 3) % 7) + 7) % 7; // Monday 0 … Sunday 6 (1970-01-01 was a Thursday)
  return (days - weekday + 3) / 7;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function ymd(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Start ('YYYY-MM-DD', Monday) and ISO label ('YYYY-Www') of a week number from weekNumber(). */
function weekInfo(week: number): { start: string; label: string } {
  const monday = week * 7 - 3;
  const thursday = monday + 3; // the ISO year is the year of the week's Thursday
  const [year] = civilFromDays(thursday);
  const w = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
  return { start: ymd(monday), label: `${pad(year, 4)}-W${pad(w, 2)}` };
}

/** The ISO week of a date or ISO timestamp ('2024-12-30' → { start: '2024-12-30', label: '2025-W01' }); null when it does not start with a valid date. */
export function isoWeek(dateOrIso: string): { start: string; label: string } | null {
  const week = weekNumber(dateOrIso);
  return Number.isNaN(week) ? null : weekInfo(week);
}

// ---------------------------------------------------------------------------------------------------------------

export interface WeekBucket {
  /** Monday 00:00 UTC of the ISO week, 'YYYY-MM-DD'. */
  start: string;
  /** ISO week 'YYYY-Www', e.g. '2025-W09'. */
  label: string;
  counts: Record<Outcome, number>;
  total: number;
}

export interface ChannelWeeks {
  channel: string;
  weeks: WeekBucket[];
  total: number;
}

function positiveInt(value: number | undefined, fallback: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return value === Infinity ? Infinity : Math.max(0, Math.floor(value));
}

/**
 * One row per channel (sorted by total desc, then name), each with the same consecutive run of ISO weeks (no gaps)
 * from the first to the last week that has an entry — at most `maxWeeks` (default 26) most recent weeks.
 * Only counted entries (see outcomeOf) place weeks; a channel with no counted entry in those weeks has no row.
 * Entries whose `at` does not start with a valid date are skipped.
 */
export function verdictsPerWeek(entries: readonly AuditEntry[], options: { maxWeeks?: number } = {}): ChannelWeeks[] {
  const maxWeeks = positiveInt(options.maxWeeks, DEFAULT_MAX_WEEKS);
  if (maxWeeks === 0) return [];
  const weekOfDay = new Map<string, number>();
  // channel → week number → counts by outcome index
  const channels = new Map<string, Map<number, number[]>>();
  let first = Infinity;
  let last = -Infinity;
  let lastDay = '';
  let lastWeek = NaN;
  let lastChannel: string | null = null;
  let lastWeeks: Map<number, number[]> | undefined;

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const oi = outcomeIndex(entry);
    if (oi < 0) continue;
    const day = entry.at.slice(0, 10);
    let week: number;
    if (day === lastDay) week = lastWeek;
    else {
      const cached = weekOfDay.get(day);
      if (cached === undefined) {
        week = weekNumber(day);
        weekOfDay.set(day, week);
      } else week = cached;
      lastDay = day;
      lastWeek = week;
    }
    if (Number.isNaN(week)) continue;
    if (week < first) first = week;
    if (week > last) last = week;

    let weeks: Map<number, number[]>;
    if (entry.channel === lastChannel && lastWeeks) weeks = lastWeeks;
    else {
      const known = channels.get(entry.channel);
      if (known) weeks = known;
      else {
        weeks = new Map();
        channels.set(entry.channel, weeks);
      }
      lastChannel = entry.channel;
      lastWeeks = weeks;
    }
    let counts = weeks.get(week);
    if (!counts) {
      counts = [0, 0, 0, 0, 0, 0];
      weeks.set(week, counts);
    }
    counts[oi]!++;
  }
  if (last === -Infinity) return [];

  const from = Math.max(first, last - maxWeeks + 1);
  const infos: { start: string; label: string }[] = [];
  for (let w = from; w <= last; w++) infos.push(weekInfo(w));

  const rows: ChannelWeeks[] = [];
  for (const [channel, byWeek] of channels) {
    let total = 0;
    const weeks: WeekBucket[] = infos.map((info, k) => {
      const c = byWeek.get(from + k);
      const counts = emptyCounts();
      let sum = 0;
      if (c) {
        for (let o = 0; o < OUTCOMES.length; o++) {
          counts[OUTCOMES[o]!] = c[o]!;
          sum += c[o]!;
        }
      }
      total += sum;
      return { start: info.start, label: info.label, counts, total: sum };
    });
    if (total > 0) rows.push({ channel, weeks, total });
  }
  rows.sort((a, b) => b.total - a.total || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  return rows;
}

/**
 * Why uploads were held, covered or stopped: per counted entry (see outcomeOf), the distinct reason codes in
 * entry.reasons ∪ faces[].reason (non-null, non-empty) ∪ {'upload_stopped'} for kind 'blocked'; counts entries per
 * reason; sorted by count desc then code; the first `limit` (default 8).
 */
export function topReasons(entries: readonly AuditEntry[], limit: number = DEFAULT_REASON_LIMIT): { reason: string; count: number }[] {
  const max = positiveInt(limit, DEFAULT_REASON_LIMIT);
  if (max === 0) return [];
  // code → [count, index of the last entry that counted it] (dedup per entry without a Set per entry)
  const tally = new Map<string, [count: number, lastEntry: number]>();
  const add = (code: string | null, i: number): void => {
    if (!code) return;
    const t = tally.get(code);
    if (!t) tally.set(code, [1, i]);
    else if (t[1] !== i) {
      t[0]++;
      t[1] = i;
    }
  };
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (outcomeIndex(entry) < 0) continue;
    if (entry.kind === 'blocked') add(UPLOAD_STOPPED, i);
    const reasons = entry.reasons;
    if (reasons) for (let r = 0; r < reasons.length; r++) add(reasons[r]!, i);
    const faces = entry.faces;
    if (faces) for (let f = 0; f < faces.length; f++) add(faces[f]!.reason, i);
  }
  const out: { reason: string; count: number }[] = [];
  for (const [reason, [count]] of tally) out.push({ reason, count });
  out.sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  return max >= out.length ? out : out.slice(0, max);
}

/** Totals per outcome over all entries. */
export function outcomeTotals(entries: readonly AuditEntry[]): Record<Outcome, number> {
  const c = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < entries.length; i++) {
    const oi = outcomeIndex(entries[i]!);
    if (oi >= 0) c[oi]!++;
  }
  const totals = emptyCounts();
  for (let o = 0; o < OUTCOMES.length; o++) totals[OUTCOMES[o]!] = c[o]!;
  return totals;
}
