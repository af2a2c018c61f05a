import type { VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit';
import { isoWeek, OUTCOMES, outcomeOf, outcomeTotals, topReasons, verdictsPerWeek, type Outcome } from '../../../src/log-page/aggregate';
import { labelEvery, OUTCOME_COLORS, ReasonsChart, WeeklyChart, type ChartLabels } from '../../../src/log-page/charts';

let seq = 0;
/** A log entry at `at` (a date is taken as noon UTC that day); a covered verdict on 'website' unless overridden. */
function entry(at: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  seq++;
  return {
    seq,
    at: at.length === 10 ? `${at}T12:00:00.000Z` : at,
    kind: 'verdict',
    staff: 'juf.anna',
    origin: 'https://school.example',
    channel: 'website',
    mode: 'recognize',
    verdict: 'covered',
    pupilIds: [],
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    ...overrides,
  };
}
const v = (at: string, verdict: NonNullable<AuditEntry['verdict']>, overrides: Partial<AuditEntry> = {}) => entry(at, { verdict, ...overrides });
const counts = (partial: Partial<Record<Outcome, number>> = {}): Record<Outcome, number> => ({ released: 0, covered: 0, held: 0, cancelled: 0, override: 0, blocked: 0, ...partial });

describe('outcomes', () => {
  it('lists the outcomes in order', () => {
    expect(OUTCOMES).toEqual(['released', 'covered', 'held', 'cancelled', 'override', 'blocked']);
  });
  it('verdict entries count their verdict, override and blocked their kind, other kinds nothing', () => {
    expect(outcomeOf(v('2025-03-03', 'released'))).toBe('released');
    expect(outcomeOf(v('2025-03-03', 'covered'))).toBe('covered');
    expect(outcomeOf(v('2025-03-03', 'held'))).toBe('held');
    expect(outcomeOf(v('2025-03-03', 'cancelled'))).toBe('cancelled');
    expect(outcomeOf(entry('2025-03-03', { kind: 'override', verdict: 'released', overrideReason: 'mail' }))).toBe('override');
    expect(outcomeOf(entry('2025-03-03', { kind: 'blocked', verdict: undefined }))).toBe('blocked');
    for (const kind of ['names_removed', 'retention', 'consent_change'] as const) expect(outcomeOf(entry('2025-03-03', { kind, verdict: undefined }))).toBeNull();
    expect(outcomeOf(entry('2025-03-03', { verdict: undefined }))).toBeNull();
  });
  it('outcomeTotals counts over all entries and ignores other kinds', () => {
    const log = [
      v('2025-03-03', 'released'),
      v('2025-03-03', 'released'),
      v('2025-04-10', 'held'),
      entry('2025-05-01', { kind: 'override' }),
      entry('2025-05-01', { kind: 'blocked', verdict: undefined }),
      entry('2025-05-01', { kind: 'retention', verdict: undefined }),
      entry('2025-05-01', { kind: 'names_removed', verdict: undefined }),
    ];
    expect(outcomeTotals(log)).toEqual(counts({ released: 2, held: 1, override: 1, blocked: 1 }));
    expect(outcomeTotals([])).toEqual(counts());
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2024-12-30', '2024-12-30', '2025-W01'],
    ['2025-01-05', '2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-12-28', '2020-W53'],
    ['2021-01-04', '2021-01-04', '2021-W01'],
    ['2020-12-31', '2020-12-28', '2020-W53'],
    ['2026-01-01', '2025-12-29', '2026-W01'],
    ['2027-01-01', '2026-12-28', '2026-W53'],
    ['2025-02-24', '2025-02-24', '2025-W09'],
    ['2025-03-02', '2025-02-24', '2025-W09'],
    ['2024-02-29', '2024-02-26', '2024-W09'],
    ['1970-01-01', '1969-12-29', '1970-W01'],
    ['2000-03-01', '2000-02-28', '2000-W09'],
    ['2008-12-29', '2008-12-29', '2009-W01'],
  ])('%s is in the week starting %s (%s)', (date, start, label) => {
    expect(isoWeek(date)).toEqual({ start, label });
    expect(isoWeek(`${date}T23:59:59.999Z`)).toEqual({ start, label });
  });
  it('matches a Date-based reference for every day of 1999–2031', () => {
    const reference = (ms: number) => {
      const d = new Date(ms);
      const weekday = (d.getUTCDay() + 6) % 7;
      const monday = new Date(ms - weekday * 86_400_000);
      const thursday = new Date(monday.getTime() + 3 * 86_400_000);
      const year = thursday.getUTCFullYear();
      const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
      return { start: monday.toISOString().slice(0, 10), label: `${year}-W${String(week).padStart(2, '0')}` };
    };
    for (let ms = Date.UTC(1999, 0, 1); ms < Date.UTC(2032, 0, 1); ms += 86_400_000) {
      const iso = new Date(ms).toISOString();
      expect(isoWeek(iso), iso).toEqual(reference(ms));
    }
  });
  it('rejects what is not a date', () => {
    for (const bad of ['', '2025-3-1', '2025-13-01', '2025-00-10', '2025-02-30', '2023-02-29', 'yesterday!', '2025/03/01']) expect(isoWeek(bad), bad).toBeNull();
  });
});

describe('verdictsPerWeek', () => {
  it('buckets by ISO week and outcome, weeks start on Monday', () => {
    const rows = verdictsPerWeek([
      v('2025-02-24T00:00:00.000Z', 'released'),
      v('2025-03-02T23:59:59.999Z', 'covered'),
      v('2025-03-02', 'covered'),
      v('2025-03-03T00:00:00.000Z', 'held'),
      entry('2025-03-05', { kind: 'override' }),
      entry('2025-03-05', { kind: 'blocked', verdict: undefined }),
      v('2025-03-06', 'cancelled'),
    ]);
    expect(rows).toEqual([
      {
        channel: 'website',
        total: 7,
        weeks: [
          { start: '2025-02-24', label: '2025-W09', counts: counts({ released: 1, covered: 2 }), total: 3 },
          { start: '2025-03-03', label: '2025-W10', counts: counts({ held: 1, override: 1, blocked: 1, cancelled: 1 }), total: 4 },
        ],
      },
    ]);
  });
  it('works across a year boundary', () => {
    const rows = verdictsPerWeek([v('2024-12-29', 'released'), v('2024-12-30', 'released'), v('2025-01-05', 'held'), v('2025-01-06', 'covered')]);
    expect(rows[0]!.weeks.map((w) => [w.start, w.label, w.total])).toEqual([
      ['2024-12-23', '2024-W52', 1],
      ['2024-12-30', '2025-W01', 2],
      ['2025-01-06', '2025-W02', 1],
    ]);
  });
  it('2021-01-03 is in 2020-W53', () => {
    const rows = verdictsPerWeek([v('2020-12-27', 'held'), v('2021-01-03', 'held'), v('2021-01-04', 'held')]);
    expect(rows[0]!.weeks.map((w) => w.label)).toEqual(['2020-W52', '2020-W53', '2021-W01']);
  });
  it('fills gap weeks with zeros', () => {
    const rows = verdictsPerWeek([v('2025-03-03', 'released'), v('2025-03-31', 'covered')]);
    const weeks = rows[0]!.weeks;
    expect(weeks.map((w) => w.start)).toEqual(['2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24', '2025-03-31']);
    expect(weeks.map((w) => w.total)).toEqual([1, 0, 0, 0, 1]);
    expect(weeks[2]!.counts).toEqual(counts());
  });
  it('every channel gets the same run of weeks, sorted by total desc then name', () => {
    const rows = verdictsPerWeek([
      v('2025-03-03', 'released', { channel: 'newsletter' }),
      v('2025-03-10', 'released', { channel: 'website' }),
      v('2025-03-10', 'covered', { channel: 'website' }),
      v('2025-03-17', 'held', { channel: 'app' }),
      v('2025-03-04', 'held', { channel: 'newsletter' }),
      v('2025-03-24', 'held', { channel: 'intranet' }),
      v('2025-03-24', 'held', { channel: 'intranet' }),
    ]);
    expect(rows.map((r) => [r.channel, r.total])).toEqual([
      ['intranet', 2],
      ['newsletter', 2],
      ['website', 2],
      ['app', 1],
    ]);
    for (const row of rows) expect(row.weeks.map((w) => w.label)).toEqual(['2025-W10', '2025-W11', '2025-W12', '2025-W13']);
    expect(rows[1]!.weeks.map((w) => w.total)).toEqual([2, 0, 0, 0]);
  });
  it('the input order does not matter', () => {
    const log = [v('2025-03-03', 'released', { channel: 'b' }), v('2025-01-20', 'held', { channel: 'a' }), v('2025-02-11', 'covered', { channel: 'b' }), entry('2025-02-11', { kind: 'override', channel: 'a' })];
    expect(verdictsPerWeek([...log].reverse())).toEqual(verdictsPerWeek(log));
  });
  it('keeps the most recent maxWeeks (default 26) and drops channels with nothing in them', () => {
    const log = [v('2024-01-01', 'released', { channel: 'old' })];
    for (let week = 0; week < 40; week++) log.push(v(new Date(Date.UTC(2024, 6, 1) + week * 7 * 86_400_000).toISOString(), 'covered'));
    const rows = verdictsPerWeek(log);
    expect(rows.map((r) => r.channel)).toEqual(['website']);
    expect(rows[0]!.weeks).toHaveLength(26);
    expect(rows[0]!.total).toBe(26);
    const last = isoWeek(log.at(-1)!.at)!;
    expect(rows[0]!.weeks.at(-1)!.label).toBe(last.label);
    const three = verdictsPerWeek(log, { maxWeeks: 3 });
    expect(three[0]!.weeks.map((w) => w.start)).toEqual(['2025-03-17', '2025-03-24', '2025-03-31']);
    expect(three[0]!.total).toBe(3);
    const all = verdictsPerWeek(log, { maxWeeks: Infinity });
    expect(all.map((r) => r.channel)).toEqual(['website', 'old']);
    expect(all[0]!.weeks[0]!.label).toBe('2024-W01');
    expect(all[0]!.weeks.length).toBe(52 + 14);
    expect(verdictsPerWeek(log, { maxWeeks: 0 })).toEqual([]);
  });
  it('a short log is not padded to maxWeeks', () => {
    expect(verdictsPerWeek([v('2025-03-05', 'held')])[0]!.weeks).toHaveLength(1);
  });
  it('ignores other kinds (they neither count nor widen the run of weeks) and unreadable dates', () => {
    const rows = verdictsPerWeek([
      entry('2025-01-06', { kind: 'retention', verdict: undefined }),
      v('2025-03-03', 'released'),
      entry('2025-03-04', { kind: 'names_removed', verdict: undefined, channel: 'names' }),
      entry('2025-03-04', { kind: 'consent_change', verdict: undefined }),
      v('not a date', 'held'),
      entry('2025-06-02', { kind: 'retention', verdict: undefined }),
    ]);
    expect(rows).toEqual([{ channel: 'website', total: 1, weeks: [{ start: '2025-03-03', label: '2025-W10', counts: counts({ released: 1 }), total: 1 }] }]);
    expect(verdictsPerWeek([])).toEqual([]);
    expect(verdictsPerWeek([entry('2025-03-04', { kind: 'retention', verdict: undefined })])).toEqual([]);
  });
});

describe('topReasons', () => {
  it('counts entries per distinct code from reasons and face reasons, plus upload_stopped for blocked', () => {
    const face = (reason: string | null, status: 'ok' | 'cover' | 'hold' = 'hold') => ({ index: 0, status, reason, pupilId: null });
    const log = [
      v('2025-03-03', 'held', { reasons: ['no_consent', 'no_consent'], faces: [face('no_consent'), face('no_consent'), face('unknown_face')] }),
      v('2025-03-03', 'covered', { reasons: [], faces: [face('unknown_face', 'cover'), face(null, 'ok')] }),
      v('2025-03-03', 'held', { reasons: ['analysis_failed'] }),
      v('2025-03-04', 'released', { faces: [face(null, 'ok')] }),
      entry('2025-03-04', { kind: 'blocked', verdict: undefined, detail: 'drag and drop' }),
      entry('2025-03-04', { kind: 'blocked', verdict: undefined, reasons: ['upload_stopped', 'video'] }),
      entry('2025-03-04', { kind: 'override', reasons: ['no_consent'], faces: [face('no_consent')] }),
      entry('2025-03-04', { kind: 'names_removed', verdict: undefined, reasons: ['name_in_caption'] }),
      entry('2025-03-04', { kind: 'consent_change', verdict: undefined, reasons: ['no_consent'] }),
      v('2025-03-04', 'held', { reasons: [''] }),
    ];
    expect(topReasons(log)).toEqual([
      { reason: 'no_consent', count: 2 },
      { reason: 'unknown_face', count: 2 },
      { reason: 'upload_stopped', count: 2 },
      { reason: 'analysis_failed', count: 1 },
      { reason: 'video', count: 1 },
    ]);
  });
  it('sorts by count desc then code and keeps the first `limit` (default 8)', () => {
    const log: AuditEntry[] = [];
    const codes = 'abcdefghijkl'.split('');
    codes.forEach((code, i) => {
      for (let n = 0; n < (i % 3) + 1; n++) log.push(v('2025-03-03', 'held', { reasons: [code] }));
    });
    const top = topReasons(log);
    expect(top).toHaveLength(8);
    expect(top.map((r) => `${r.reason}${r.count}`)).toEqual(['c3', 'f3', 'i3', 'l3', 'b2', 'e2', 'h2', 'k2']);
    expect(topReasons(log, 2).map((r) => r.reason)).toEqual(['c', 'f']);
    expect(topReasons(log, 100)).toHaveLength(12);
    expect(topReasons(log, 0)).toEqual([]);
    expect(topReasons([])).toEqual([]);
  });
});

describe('performance', () => {
  it('aggregates 100,000 entries quickly', () => {
    const kinds = ['verdict', 'verdict', 'verdict', 'verdict', 'override', 'blocked', 'retention'] as const;
    const verdicts = ['released', 'covered', 'held', 'cancelled'] as const;
    const channels = ['website', 'newsletter', 'app', 'intranet', 'social'];
    const reasons = ['no_consent', 'unknown_face', 'analysis_failed', 'video_cover_unavailable', 'no_faces_unconfirmed'];
    const start = Date.UTC(2024, 0, 1);
    const log: AuditEntry[] = Array.from({ length: 100_000 }, (_, i) =>
      entry(new Date(start + i * 9 * 60_000).toISOString(), {
        kind: kinds[i % kinds.length]!,
        verdict: verdicts[i % 4]!,
        channel: channels[i % channels.length]!,
        reasons: i % 2 ? [reasons[i % 5]!] : [],
        faces: [
          { index: 0, status: 'hold', reason: reasons[(i + 1) % 5]!, pupilId: null },
          { index: 1, status: 'ok', reason: null, pupilId: '2001' },
        ],
      }),
    );
    const time = (f: () => unknown) => {
      const t0 = performance.now();
      const result = f();
      return { ms: performance.now() - t0, result };
    };
    const weekly = time(() => verdictsPerWeek(log));
    const top = time(() => topReasons(log));
    const totals = time(() => outcomeTotals(log));
    expect(weekly.ms).toBeLessThan(1000);
    expect(top.ms).toBeLessThan(1000);
    expect(totals.ms).toBeLessThan(1000);
    const rows = weekly.result as ReturnType<typeof verdictsPerWeek>;
    expect(rows).toHaveLength(5);
    expect(rows[0]!.weeks).toHaveLength(26);
    const sum = (t: Record<Outcome, number>) => OUTCOMES.reduce((s, o) => s + t[o], 0);
    expect(sum(totals.result as Record<Outcome, number>)).toBe(log.filter((e) => e.kind !== 'retention').length);
    expect((top.result as ReturnType<typeof topReasons>).map((r) => r.reason)).toContain('upload_stopped');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The chart components, rendered to a plain tree (no DOM library): function components are called, elements kept.

interface El {
  type: string;
  props: Record<string, unknown>;
  children: (El | string)[];
}
function expand(node: unknown): (El | string)[] {
  if (node === null || node === undefined || typeof node === 'boolean') return [];
  if (Array.isArray(node)) return node.flatMap(expand);
  if (typeof node === 'string' || typeof node === 'number') return [String(node)];
  const vnode = node as VNode<Record<string, unknown>>;
  if (typeof vnode.type === 'function') return expand((vnode.type as (p: unknown) => unknown)(vnode.props));
  const { children, ...props } = vnode.props;
  return [{ type: vnode.type as string, props, children: expand(children) }];
}
function render(node: unknown): El {
  const [root] = expand(node);
  if (!root || typeof root === 'string') throw new Error('no element');
  return root;
}
function all(root: El, pred: (el: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (el: El) => {
    if (pred(el)) out.push(el);
    for (const c of el.children) if (typeof c !== 'string') walk(c);
  };
  walk(root);
  return out;
}
const text = (el: El): string => el.children.map((c) => (typeof c === 'string' ? c : text(c))).join('');

const labels: ChartLabels = {
  outcome: (o) => o,
  reason: (code) => `reason:${code}`,
  channel: (id) => id.toUpperCase(),
  weeklyTitle: 'Per week',
  reasonsTitle: 'Reasons',
  empty: 'Nothing yet',
  entries: (n) => `${n} entries`,
};

describe('charts', () => {
  it('labelEvery keeps labels apart', () => {
    expect(labelEvery(100, 60)).toBe(1);
    expect(labelEvery(20, 60)).toBe(3);
    expect(labelEvery(0, 60)).toBe(1);
  });
  it('outcome colours are distinct and dark enough on white (≥ 3:1)', () => {
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const colours = OUTCOMES.map((o) => OUTCOME_COLORS[o]);
    expect(new Set(colours).size).toBe(OUTCOMES.length);
    for (const c of colours) expect(1.05 / (lum(c) + 0.05), c).toBeGreaterThanOrEqual(3);
  });
  it('WeeklyChart: a row per channel, a segment per non-zero outcome with a title, labels on the last row', () => {
    const data = verdictsPerWeek([
      v('2025-02-24', 'covered'),
      v('2025-02-25', 'covered'),
      v('2025-02-25', 'held'),
      v('2025-03-10', 'released', { channel: 'app' }),
      entry('2025-03-11', { kind: 'blocked', verdict: undefined, channel: 'app' }),
    ]);
    const root = render(WeeklyChart({ data, labels }));
    expect(root.props['data-chart']).toBe('weekly');
    const svgs = all(root, (el) => el.type === 'svg');
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) {
      expect(svg.props.role).toBe('img');
      expect(String(svg.props['aria-label'])).toMatch(/Per week: (WEBSITE, 3|APP, 2) entries/);
      expect(String(svg.props.viewBox)).toMatch(/^0 0 \d+ \d+$/);
    }
    const segments = all(root, (el) => el.type === 'rect' && el.props['data-outcome'] !== undefined);
    expect(segments.map((s) => s.props['data-outcome'])).toEqual(['covered', 'held', 'released', 'blocked']);
    expect(segments.map((s) => text(s))).toEqual(['2025-W09 · WEBSITE · covered: 2', '2025-W09 · WEBSITE · held: 1', '2025-W11 · APP · released: 1', '2025-W11 · APP · blocked: 1']);
    // A shared y scale: the tallest week (3) fills the plot; stacked segments touch.
    const [covered, held] = segments as [El, El];
    expect(Number(covered.props.height) + Number(held.props.height)).toBeCloseTo(3 * Number(segments[2]!.props.height), 1);
    expect(Number(held.props.y) + Number(held.props.height)).toBeCloseTo(Number(covered.props.y), 1);
    expect(covered.props.fill).toBe(OUTCOME_COLORS.covered);
    const weekLabels = all(root, (el) => el.type === 'text' && String(el.props.class).includes('chart-week-label'));
    expect(weekLabels.map(text)).toEqual(['2025-W09', '2025-W10', '2025-W11']);
    expect(all(svgs[0]!, (el) => String(el.props.class ?? '').includes('chart-week-label'))).toHaveLength(0);
    const legend = all(root, (el) => el.type === 'li' && el.props['data-outcome'] !== undefined);
    expect(legend.map((l) => l.props['data-outcome'])).toEqual([...OUTCOMES]);
    expect(text(root)).toContain('3 entries');
  });
  it('WeeklyChart thins the week labels when there are many weeks, keeping the latest', () => {
    const log = Array.from({ length: 26 }, (_, i) => v(new Date(Date.UTC(2025, 0, 6) + i * 7 * 86_400_000).toISOString(), 'released'));
    const root = render(WeeklyChart({ data: verdictsPerWeek(log), labels }));
    const weekLabels = all(root, (el) => el.type === 'text' && String(el.props.class).includes('chart-week-label')).map(text);
    expect(weekLabels.length).toBeGreaterThan(3);
    expect(weekLabels.length).toBeLessThan(26);
    expect(weekLabels.at(-1)).toBe('2025-W27');
  });
  it('ReasonsChart: a row per reason, bar relative to the max', () => {
    const root = render(ReasonsChart({ data: [{ reason: 'no_consent', count: 4 }, { reason: 'upload_stopped', count: 1 }], labels }));
    expect(root.props['data-chart']).toBe('reasons');
    const rows = all(root, (el) => el.props['data-reason'] !== undefined);
    expect(rows.map((r) => r.props['data-reason'])).toEqual(['no_consent', 'upload_stopped']);
    expect(text(rows[0]!)).toBe('reason:no_consent4');
    const fills = all(root, (el) => String(el.props.class).includes('chart-reason-fill')).map((el) => Number(el.props.width));
    expect(fills).toEqual([100, 25]);
  });
  it('both show the empty text without data', () => {
    for (const root of [render(WeeklyChart({ data: [], labels })), render(ReasonsChart({ data: [], labels }))]) {
      expect(text(root)).toContain('Nothing yet');
      expect(all(root, (el) => el.type === 'rect')).toHaveLength(0);
    }
    expect(render(WeeklyChart({ data: [], labels })).props['data-chart']).toBe('weekly');
    expect(render(ReasonsChart({ data: [], labels })).props['data-chart']).toBe('reasons');
  });
});
