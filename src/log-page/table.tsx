/**
 * The log as a table, newest first. Only the rows in view are in the DOM (fixed row height), so 100,000 entries
 * scroll and filter as fast as 100. A row opens the entry's details.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditEntry } from '../audit';
import { outcomeOf } from './aggregate';
import type { Strings } from './i18n';
import { reasonLabel } from './i18n';
import { channelName, formatDateTime, siteLabel, type PupilDirectory } from './model';

export const ROW_HEIGHT = 36;
const OVERSCAN = 8;

export interface TableProps {
  t: Strings;
  lang: 'nl' | 'en';
  /** Oldest first; shown newest first. */
  entries: readonly AuditEntry[];
  directory: PupilDirectory;
  selected: AuditEntry | null;
  onSelect(entry: AuditEntry): void;
  /** Visible height in pixels. */
  height?: number;
  testId?: string;
  /** Every row in the DOM (short lists that are printed, such as a pupil's report). */
  renderAll?: boolean;
}

export function entryLabel(t: Strings, entry: AuditEntry): { text: string; tone: string } {
  const outcome = outcomeOf(entry);
  if (outcome !== null) return { text: t.outcomeLabel[outcome], tone: outcome };
  return { text: t.kindLabel[entry.kind] ?? entry.kind, tone: entry.kind };
}

/** An entry's reason codes: its own, then those of its faces, each once. */
export function reasonCodes(entry: AuditEntry): string[] {
  const codes = new Set<string>(entry.reasons ?? []);
  for (const f of entry.faces ?? []) if (f.reason) codes.add(f.reason);
  return [...codes];
}

/** The reasons of an entry as one short line (`codes` from reasonCodes); the override reason or detail otherwise. */
export function reasonLine(lang: 'nl' | 'en', entry: AuditEntry, codes = reasonCodes(entry)): string {
  if (codes.length > 0) return codes.map((c) => reasonLabel(lang, c)).join('; ');
  return entry.overrideReason ?? entry.detail ?? '';
}

export function pupilNames(directory: PupilDirectory, ids: readonly string[]): string {
  return ids.map((id) => directory.byId.get(id)?.name ?? id).join(', ');
}

export function LogTable({ t, lang, entries, directory, selected, onSelect, height = 520, testId = 'log-table', renderAll = false }: TableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const count = entries.length;
  // A new selection of entries starts at the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setTop(0);
  }, [entries]);
  const first = renderAll ? 0 : Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = renderAll ? count : Math.min(count, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++) {
    const entry = entries[count - 1 - i]!;
    const label = entryLabel(t, entry);
    const counts = entry.counts;
    const codes = reasonCodes(entry);
    const reasons = reasonLine(lang, entry, codes);
    const pupils = pupilNames(directory, entry.pupilIds);
    rows.push(
      <div
        role="row"
        key={`${entry.seq}:${entry.hash}`}
        class={`log-row${selected === entry ? ' selected' : ''}`}
        style={{ top: `${i * ROW_HEIGHT}px` }}
        tabIndex={0}
        aria-rowindex={i + 2}
        aria-selected={selected === entry}
        data-seq={entry.seq}
        data-outcome={label.tone}
        onClick={() => onSelect(entry)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onSelect(entry);
          }
        }}
      >
        <span role="cell" class="c-time">{formatDateTime(entry.at, lang)}</span>
        <span role="cell" class="c-outcome">
          <span class={`badge o-${label.tone}`}>{label.text}</span>
        </span>
        <span role="cell" class="c-channel">{entry.channel ? channelName(directory, entry.channel) : '—'}</span>
        <span role="cell" class="c-site" title={entry.origin}>{entry.origin ? siteLabel(entry.origin) : '—'}</span>
        <span role="cell" class="c-staff">{entry.staff || t.noStaff}</span>
        <span role="cell" class="c-faces">{counts ? t.facesCell(counts.faces, counts.covered, counts.held) : ''}</span>
        <span role="cell" class="c-pupils" title={pupils}>{pupils}</span>
        <span role="cell" class="c-reason" title={reasons} data-reasons={codes.join(' ')}>
          {reasons}
        </span>
      </div>,
    );
  }
  return (
    <div class="log-table" role="table" aria-rowcount={count + 1} data-testid={testId} data-count={count}>
      <div class="log-head" role="row" aria-rowindex={1}>
        <span role="columnheader" class="c-time">{t.colTime}</span>
        <span role="columnheader" class="c-outcome">{t.colOutcome}</span>
        <span role="columnheader" class="c-channel">{t.colChannel}</span>
        <span role="columnheader" class="c-site">{t.colSite}</span>
        <span role="columnheader" class="c-staff">{t.colStaff}</span>
        <span role="columnheader" class="c-faces">{t.colFaces}</span>
        <span role="columnheader" class="c-pupils">{t.colPupils}</span>
        <span role="columnheader" class="c-reason">{t.colReason}</span>
      </div>
      {count === 0 ? (
        <p class="log-empty muted">{t.noEntries}</p>
      ) : (
        <div class="log-scroll" ref={scroller} style={{ height: `${Math.min(height, count * ROW_HEIGHT + 2)}px` }} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
          <div class="log-space" style={{ height: `${count * ROW_HEIGHT}px` }}>
            {rows}
          </div>
        </div>
      )}
    </div>
  );
}
