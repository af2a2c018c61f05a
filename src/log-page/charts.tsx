/**
 * The review page's charts: verdicts per week per channel (small multiples of stacked bars) and the most frequent
 * reasons (horizontal bars). Inline SVG, no chart library; the data comes from ./aggregate.
 */
import type { JSX } from 'preact';
import { OUTCOMES, type ChannelWeeks, type Outcome } from './aggregate';

export interface ChartLabels {
  outcome(o: Outcome): string;
  reason(code: string): string;
  channel(id: string): string;
  weeklyTitle: string;
  reasonsTitle: string;
  empty: string;
  /** e.g. '12 entries' */
  entries(n: number): string;
}

/** Fixed colour per outcome; every one has at least 3:1 contrast against white (WCAG non-text contrast). */
export const OUTCOME_COLORS: Readonly<Record<Outcome, string>> = Object.freeze({
  released: '#15803d', // green 700
  covered: '#2563eb', // blue 600
  held: '#dc2626', // red 600
  cancelled: '#64748b', // slate 500
  override: '#d97706', // amber 600
  blocked: '#7e22ce', // purple 700
});

// Geometry of one row of the weekly chart, in viewBox units (the svg scales to the width of its container).
const VIEW_WIDTH = 640;
const PAD_LEFT = 34; // y axis labels
const PAD_RIGHT = 26; // half a week label may stick out past the last bar
const PAD_TOP = 8;
const PLOT_HEIGHT = 56;
const AXIS_HEIGHT = 18; // week labels under the last row
const FONT_SIZE = 10;
/** Rough width of a week label ('2025-W09') at FONT_SIZE, plus a gap. */
const WEEK_LABEL_WIDTH = 8 * FONT_SIZE * 0.62 + 10;

/** Show every n-th week label so that labels `labelWidth` wide fit in bands `band` wide. */
export function labelEvery(band: number, labelWidth: number = WEEK_LABEL_WIDTH): number {
  return band <= 0 ? 1 : Math.max(1, Math.ceil(labelWidth / band));
}

function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function WeeklyChart({ data, labels }: { data: ChannelWeeks[]; labels: ChartLabels }): JSX.Element {
  const rows = data.filter((row) => row.weeks.length > 0);
  if (rows.length === 0) {
    return (
      <section class="chart chart-weekly chart-is-empty" data-chart="weekly">
        <h3 class="chart-title">{labels.weeklyTitle}</h3>
        <p class="chart-empty">{labels.empty}</p>
      </section>
    );
  }
  const weekCount = Math.max(...rows.map((row) => row.weeks.length));
  let max = 0;
  for (const row of rows) for (const week of row.weeks) if (week.total > max) max = week.total;
  max = Math.max(1, max);
  const plotWidth = VIEW_WIDTH - PAD_LEFT - PAD_RIGHT;
  const band = plotWidth / weekCount;
  const barWidth = Math.max(1, Math.min(band * 0.72, band - 1, 40));
  const every = labelEvery(band);
  const scale = PLOT_HEIGHT / max;
  const base = PAD_TOP + PLOT_HEIGHT;

  return (
    <section class="chart chart-weekly" data-chart="weekly">
      <h3 class="chart-title">{labels.weeklyTitle}</h3>
      <ul class="chart-legend">
        {OUTCOMES.map((o) => (
          <li key={o} class="chart-legend-item" data-outcome={o}>
            <span class="chart-swatch" style={{ background: OUTCOME_COLORS[o] }} aria-hidden="true" />
            {labels.outcome(o)}
          </li>
        ))}
      </ul>
      <div class="chart-rows">
        {rows.map((row, r) => {
          const lastRow = r === rows.length - 1;
          const height = base + (lastRow ? AXIS_HEIGHT : 4);
          const channel = labels.channel(row.channel);
          return (
            <div key={row.channel} class="chart-row" data-channel={row.channel}>
              <div class="chart-row-head">
                <span class="chart-row-label">{channel}</span>
                <span class="chart-row-total">{labels.entries(row.total)}</span>
              </div>
              <svg
                class="chart-svg"
                viewBox={`0 0 ${VIEW_WIDTH} ${height}`}
                width="100%"
                preserveAspectRatio="xMidYMid meet"
                role="img"
                aria-label={`${labels.weeklyTitle}: ${channel}, ${labels.entries(row.total)}`}
              >
                <line class="chart-grid" x1={PAD_LEFT} x2={VIEW_WIDTH - PAD_RIGHT} y1={PAD_TOP} y2={PAD_TOP} />
                <line class="chart-baseline" x1={PAD_LEFT} x2={VIEW_WIDTH - PAD_RIGHT} y1={base} y2={base} />
                <text class="chart-axis" x={PAD_LEFT - 6} y={PAD_TOP} dy="0.35em" text-anchor="end" font-size={FONT_SIZE}>
                  {max}
                </text>
                <text class="chart-axis" x={PAD_LEFT - 6} y={base} dy="0.35em" text-anchor="end" font-size={FONT_SIZE}>
                  0
                </text>
                {row.weeks.map((week, i) => {
                  const x = PAD_LEFT + i * band + (band - barWidth) / 2;
                  let below = 0;
                  return (
                    <g key={week.start} class="chart-week" data-week={week.label}>
                      {OUTCOMES.map((o) => {
                        const count = week.counts[o];
                        if (!count) return null;
                        const y0 = base - below * scale;
                        below += count;
                        const y1 = base - below * scale;
                        return (
                          <rect key={o} class="chart-seg" data-outcome={o} x={fmt(x)} y={fmt(y1)} width={fmt(barWidth)} height={fmt(y0 - y1)} fill={OUTCOME_COLORS[o]}>
                            <title>{`${week.label} · ${channel} · ${labels.outcome(o)}: ${count}`}</title>
                          </rect>
                        );
                      })}
                      {lastRow && (weekCount - 1 - i) % every === 0 ? (
                        <text class="chart-axis chart-week-label" x={fmt(PAD_LEFT + (i + 0.5) * band)} y={base + 13} text-anchor="middle" font-size={FONT_SIZE}>
                          {week.label}
                        </text>
                      ) : null}
                    </g>
                  );
                })}
              </svg>
            </div>
          );
        })}
      </div>
    </section>
  );
}

export function ReasonsChart({ data, labels }: { data: { reason: string; count: number }[]; labels: ChartLabels }): JSX.Element {
  const rows = data.filter((d) => d.count > 0);
  if (rows.length === 0) {
    return (
      <section class="chart chart-reasons chart-is-empty" data-chart="reasons">
        <h3 class="chart-title">{labels.reasonsTitle}</h3>
        <p class="chart-empty">{labels.empty}</p>
      </section>
    );
  }
  const max = Math.max(...rows.map((d) => d.count));
  return (
    <section class="chart chart-reasons" data-chart="reasons">
      <h3 class="chart-title">{labels.reasonsTitle}</h3>
      <ul class="chart-reason-list">
        {rows.map((d) => {
          const label = labels.reason(d.reason);
          const width = (d.count / max) * 100;
          return (
            <li key={d.reason} class="chart-reason" data-reason={d.reason} title={`${label}: ${d.count}`}>
              <span class="chart-reason-label">{label}</span>
              <svg class="chart-reason-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect class="chart-reason-track" x="0" y="0" width="100" height="10" />
                <rect class="chart-reason-fill" x="0" y="0" width={fmt(Math.max(width, 0.5))} height="10" />
              </svg>
              <span class="chart-reason-count">{d.count}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
