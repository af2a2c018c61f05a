/**
 * The report for a parent's access or withdrawal request: find the pupil (current list, or a number that only the
 * log still knows), see their consent now and every upload that involved them, and export or print it.
 */
import { useMemo, useState } from 'preact/hooks';
import type { AuditEntry } from '../audit';
import type { Strings } from './i18n';
import { channelName, findPupils, formatDate, pupilReport, type PupilDirectory } from './model';
import { LogTable } from './table';

export interface PupilReportProps {
  t: Strings;
  lang: 'nl' | 'en';
  entries: readonly AuditEntry[];
  logPupilIds: readonly string[];
  directory: PupilDirectory;
  pupilId: string;
  onPupil(id: string): void;
  selected: AuditEntry | null;
  onSelect(entry: AuditEntry): void;
  onExport(entries: AuditEntry[], pupilId: string): void;
}

export function PupilReportView({ t, lang, entries, logPupilIds, directory, pupilId, onPupil, selected, onSelect, onExport }: PupilReportProps) {
  const [query, setQuery] = useState('');
  const found = useMemo(() => findPupils(directory, logPupilIds, query), [directory, logPupilIds, query]);
  const report = useMemo(() => (pupilId ? pupilReport(entries, pupilId) : null), [entries, pupilId]);
  const info = pupilId ? directory.byId.get(pupilId) : undefined;
  return (
    <section class="card pupil-report" data-testid="pupil-report">
      <h2>{t.pupilTitle}</h2>
      <p class="intro">{t.pupilIntro}</p>
      <div class="row no-print">
        <label class="field grow-field">
          <span>{t.pupilSearch}</span>
          <input type="search" name="pupil-search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
      </div>
      {query.trim() ? (
        found.length === 0 ? (
          <p class="muted">{t.pupilNone}</p>
        ) : (
          <ul class="chips no-print" data-testid="pupil-matches">
            {found.map((p) => (
              <li key={p.id}>
                <button type="button" class={`chip pick${p.id === pupilId ? ' on' : ''}`} data-pupil={p.id} onClick={() => onPupil(p.id)}>
                  {p.name ? `${p.name} · ${p.group} · ${p.id}` : p.id}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {report === null ? (
        <p class="muted">{t.pupilChoose}</p>
      ) : (
        <div class="stack" data-testid="pupil-result" data-pupil={pupilId}>
          <div class="row">
            <h3>{t.pupilHeading(info?.name ?? t.unknownPupil(pupilId), pupilId)}</h3>
            {info?.group ? <span class="chip">{t.pupilGroup(info.group)}</span> : null}
            <span class="spacer" />
            <button type="button" class="btn small no-print" onClick={() => onExport(report.entries, pupilId)} disabled={report.entries.length === 0}>
              {t.pupilExport}
            </button>
            <button type="button" class="btn small no-print" onClick={() => print()}>
              {t.print}
            </button>
          </div>
          {info ? (
            <div class="row">
              <b>{t.pupilConsentNow}:</b>
              <ul class="chips">
                {directory.channels.map((c) => {
                  const state = info.consent[c.id] ?? 'unknown';
                  return (
                    <li key={c.id} class={`chip consent-${state}`}>
                      {c.label}: <b>{t.consentState[state]}</b>
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : null}
          <p data-testid="pupil-count">
            {t.pupilEntries(report.entries.length)}
            {report.first && report.last ? ` · ${t.pupilFirstLast(formatDate(report.first, lang), formatDate(report.last, lang))}` : ''}
          </p>
          {report.entries.length > 0 ? (
            <div class="table-wrap">
              <table class="pupil-summary">
                <thead>
                  <tr>
                    <th>{t.colChannel}</th>
                    <th>{t.pupilPublished}</th>
                    <th>{t.pupilCovered}</th>
                    <th>{t.pupilHeld}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.byChannel.map((row) => (
                    <tr key={row.channel} data-channel={row.channel}>
                      <td>{channelName(directory, row.channel)}</td>
                      <td class="num">{row.published}</td>
                      <td class="num">{row.covered}</td>
                      <td class="num">{row.held}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <LogTable t={t} lang={lang} entries={report.entries} directory={directory} selected={selected} onSelect={onSelect} height={360} testId="pupil-table" renderAll={report.entries.length <= 2000} />
        </div>
      )}
    </section>
  );
}
