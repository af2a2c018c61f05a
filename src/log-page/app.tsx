/**
 * The director's log page: the chain's state in one sentence, filters, charts and the table of entries with their
 * details, a per-pupil report, and export (CSV, signed JSON) and import of other browsers' logs. An extension page:
 * the log lives in the extension's own IndexedDB, which no web page can open.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { filterEntries, toCsv, type AuditEntry } from '../audit';
import { MessageBox } from '../options/message-box';
import { outcomeTotals, OUTCOMES, topReasons, verdictsPerWeek } from './aggregate';
import { ReasonsChart, WeeklyChart, type ChartLabels } from './charts';
import { EntryDetails } from './details';
import { Filters } from './filters';
import { reasonLabel, strings, type Strings } from './i18n';
import { chainView, channelName, exportFileName, filterOptions, formatDate, NO_FILTER, toAuditFilter, type ChainView, type FilterState } from './model';
import { mark, measure } from './perf';
import { PupilReportView } from './pupil-report';
import { LogTable } from './table';
import { useLog, type ImportedFile, type LogData, type LogDeps } from './use-log';

type Tab = 'log' | 'pupil';

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** After the browser has painted what was just rendered. */
function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

export function LogApp({ deps }: { deps: LogDeps }) {
  const data = useLog(deps);
  if (data === null) return <p class="muted loading">…</p>;
  return <LogPage data={data} />;
}

function LogPage({ data }: { data: LogData }) {
  const { lang, local, merged, directory } = data;
  const t = strings(lang);
  const [tab, setTab] = useState<Tab>(() => (location.hash === '#pupil' ? 'pupil' : 'log'));
  const [filter, setFilterState] = useState<FilterState>(NO_FILTER);
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const [pupilId, setPupilId] = useState('');
  const [notice, setNotice] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  const filterStarted = useRef(false);

  useEffect(() => {
    document.title = t.pageTitle;
    document.documentElement.lang = lang;
  }, [lang]);

  const all: readonly AuditEntry[] | null = merged ? merged.entries : local.entries;
  const loaded = all !== null;
  const shown = useMemo(() => (all === null ? null : filterEntries(all, toAuditFilter(filter))), [all, filter]);
  const options = useMemo(() => filterOptions(all ?? []), [all]);
  const weekly = useMemo(() => (shown ? verdictsPerWeek(shown) : []), [shown]);
  const reasons = useMemo(() => (shown ? topReasons(shown) : []), [shown]);
  const totals = useMemo(() => (shown ? outcomeTotals(shown) : null), [shown]);
  // The first paint shows the newest entries (newest first in `first`; the table wants oldest first).
  const firstRows = useMemo(() => [...local.first].reverse(), [local.first]);

  const setFilter = (next: FilterState) => {
    mark('cg-filter-start');
    filterStarted.current = true;
    setFilterState(next);
    setSelected(null);
  };
  useLayoutEffect(() => {
    if (!filterStarted.current) return;
    filterStarted.current = false;
    afterPaint(() => {
      mark('cg-filter-end');
      measure('cg-filter', 'cg-filter-start', 'cg-filter-end');
    });
  }, [shown]);
  useEffect(() => {
    if (local.first.length > 0 || local.entries !== null) afterPaint(() => mark('cg-log-first-paint'));
  }, [local.first.length > 0 || local.entries !== null]);
  useEffect(() => {
    if (loaded) afterPaint(() => mark('cg-log-ready'));
  }, [loaded]);

  const chartLabels: ChartLabels = {
    outcome: (o) => t.outcomeLabel[o],
    reason: (code) => reasonLabel(lang, code),
    channel: (id) => channelName(directory, id),
    weeklyTitle: t.weeklyTitle,
    reasonsTitle: t.reasonsTitle,
    empty: t.chartEmpty,
    entries: t.entries,
  };
  const names = (id: string) => directory.byId.get(id)?.name;
  const browserId = local.browserId ?? 'browser';

  const exportCsv = (entries: readonly AuditEntry[], suffix = '') => {
    const name = exportFileName('csv', merged ? 'merged' : browserId, new Date(), suffix);
    download(name, 'text/csv;charset=utf-8', `\ufeff${toCsv(entries, names)}`);
    setNotice({ tone: 'good', text: t.exported(name) });
  };
  const exportJson = async () => {
    try {
      const file = await data.signedExport();
      const name = exportFileName('json', file.browserId, new Date());
      download(name, 'application/json', file.json);
      setNotice({ tone: 'good', text: t.exported(name) });
    } catch (err) {
      setNotice({ tone: 'bad', text: t.exportFailed(err instanceof Error ? err.message : String(err)) });
    }
  };
  const importChosen = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const files = await Promise.all(
      [...list].map((f): Promise<ImportedFile> => f.text().then((text) => ({ name: f.name, text }), (err: unknown) => ({ name: f.name, unreadable: t.fileUnreadable(err instanceof Error ? err.message : String(err)) }))),
    );
    await data.importFiles(files);
    setSelected(null);
    setFilterState(NO_FILTER);
  };

  const go = (next: Tab) => {
    history.replaceState(null, '', next === 'pupil' ? '#pupil' : '#');
    setTab(next);
    setSelected(null);
  };

  return (
    <div class="log-page" data-loaded={loaded ? 'true' : 'false'} data-chain={local.chain.status} data-source={merged ? 'merged' : 'local'}>
      <header class="top">
        <span class="brand">
          <span class="logo" aria-hidden="true" />
          {t.brand}
        </span>
        <span class="subtitle">{t.subtitle}</span>
        <span class="spacer" />
        <span class="pill">{merged ? t.sourceMerged(merged.browsers.length) : t.sourceLocal}</span>
      </header>
      <main class="log-main">
        {data.error ? <MessageBox tone="bad" title={t.storeError(data.error)} testId="log-error" /> : null}
        {merged ? <MergedChains t={t} lang={lang} data={data} /> : <ChainBanner t={t} lang={lang} chain={local.chain} testId="chain-state" />}
        {!merged && local.problems.length > 0 ? (
          <MessageBox tone="bad" title={t.problemsTitle(local.problems.length)} testId="log-problems">
            <ul>
              {local.problems.slice(0, 20).map((p) => (
                <li key={p.seq}>
                  <code>seq {p.seq}</code> {p.message}
                </li>
              ))}
            </ul>
            <p>{t.problemsHint}</p>
          </MessageBox>
        ) : null}
        {data.rosterMissing ? <MessageBox tone="warn" title={t.rosterMissing} /> : null}
        {notice ? (
          <MessageBox tone={notice.tone} testId="log-notice">
            <p>{notice.text}</p>
          </MessageBox>
        ) : null}

        <div class="toolbar row">
          <nav class="tabs" aria-label={t.tabsLabel}>
            <button type="button" aria-current={tab === 'log' ? 'page' : undefined} data-tab="log" onClick={() => go('log')}>
              {t.tabEntries}
            </button>
            <button type="button" aria-current={tab === 'pupil' ? 'page' : undefined} data-tab="pupil" onClick={() => go('pupil')}>
              {t.tabPupil}
            </button>
          </nav>
          <span class="spacer" />
          <button type="button" class="btn small" data-action="export-csv" disabled={!shown} onClick={() => shown && exportCsv(shown)}>
            {t.exportCsv}
          </button>
          <button
            type="button"
            class="btn small"
            data-action="export-json"
            disabled={local.entries === null || merged !== null}
            title={merged ? t.exportJsonMergedHint : undefined}
            onClick={() => void exportJson()}
          >
            {t.exportJson}
          </button>
          {merged ? (
            <button type="button" class="btn small" data-action="back-to-local" onClick={data.closeMerged}>
              {t.backToLocal}
            </button>
          ) : null}
          <span class="file-pick">
            <input id="log-import" type="file" accept=".json,application/json" multiple disabled={!loaded || data.importing} data-action="import" onChange={(e) => void importChosen(e.currentTarget.files).finally(() => ((e.target as HTMLInputElement).value = ''))} />
            <label class="btn small" for="log-import" title={t.importHint}>
              {data.importing ? t.importing : t.importFiles}
            </label>
          </span>
        </div>

        {tab === 'log' ? (
          <>
            <Filters t={t} value={filter} options={options} directory={directory} disabled={!loaded} onChange={setFilter} />
            {!loaded ? (
              <p class="muted" data-testid="log-loading">
                {local.first.length > 0 ? t.loadingAll(local.first.length) : t.loading}
              </p>
            ) : (
              <>
                <Totals t={t} totals={totals!} shown={shown!.length} total={all!.length} />
                <div class="charts">
                  <div class="card">
                    <WeeklyChart data={weekly} labels={chartLabels} />
                  </div>
                  <div class="card">
                    <ReasonsChart data={reasons} labels={chartLabels} />
                  </div>
                </div>
              </>
            )}
            <div class={`entries${selected ? ' with-details' : ''}`}>
              <div class="card table-card">
                <LogTable t={t} lang={lang} entries={shown ?? firstRows} directory={directory} selected={selected} onSelect={setSelected} />
              </div>
              {selected ? (
                <EntryDetails t={t} lang={lang} entry={selected} directory={directory} browserId={merged?.browserOf.get(selected)} onClose={() => setSelected(null)} />
              ) : null}
            </div>
          </>
        ) : (
          <div class={`entries${selected ? ' with-details' : ''}`}>
            <PupilReportView
              t={t}
              lang={lang}
              entries={all ?? firstRows}
              logPupilIds={options.pupilIds}
              directory={directory}
              pupilId={pupilId}
              onPupil={(id) => {
                setPupilId(id);
                setSelected(null);
              }}
              selected={selected}
              onSelect={setSelected}
              onExport={(entries, id) => exportCsv(entries, `-pupil-${id}`)}
            />
            {selected ? (
              <EntryDetails t={t} lang={lang} entry={selected} directory={directory} browserId={merged?.browserOf.get(selected)} onClose={() => setSelected(null)} />
            ) : null}
          </div>
        )}
      </main>
    </div>
  );
}

function Totals({ t, totals, shown, total }: { t: Strings; totals: Record<(typeof OUTCOMES)[number], number>; shown: number; total: number }) {
  return (
    <div class="totals row" data-testid="totals">
      <b>{t.matches(shown, total)}</b>
      {OUTCOMES.filter((o) => totals[o] > 0).map((o) => (
        <span key={o} class={`badge o-${o}`} data-total={o}>
          {t.outcomeLabel[o]}: {totals[o].toLocaleString()}
        </span>
      ))}
    </div>
  );
}

export function ChainBanner({ t, lang, chain, testId, title }: { t: Strings; lang: 'nl' | 'en'; chain: ChainView; testId?: string; title?: string }) {
  if (chain.status === 'checking') {
    return (
      <div class="chain checking" data-testid={testId} role="status">
        {title ? <b>{title}: </b> : null}
        {t.chainChecking}
      </div>
    );
  }
  if (chain.status === 'intact') {
    return (
      <div class="chain intact" data-testid={testId} data-state="intact" role="status">
        <span class="chain-icon" aria-hidden="true">✓</span>
        {title ? <b>{title}: </b> : null}
        {chain.since === null ? t.chainEmpty : t.chainIntact(formatDate(chain.since, lang), chain.count)}
      </div>
    );
  }
  return (
    <div class="chain broken" data-testid={testId} data-state="broken" data-broken-at={chain.brokenAt} role="alert">
      <span class="chain-icon" aria-hidden="true">!</span>
      <div>
        <p>
          {title ? <b>{title}: </b> : null}
          <b>{t.chainBroken(chain.brokenAt)}.</b> {t.chainProblem(chain.problem)}
        </p>
        <p>{t.chainHint}</p>
        <details>
          <summary>{t.technical}</summary>
          <code>{chain.message}</code>
        </details>
      </div>
    </div>
  );
}

function MergedChains({ t, lang, data }: { t: Strings; lang: 'nl' | 'en'; data: LogData }) {
  const merged = data.merged!;
  return (
    <div class="stack" data-testid="merged-chains">
      {merged.browsers.map((b) => (
        <ChainBanner
          key={b.browserId}
          t={t}
          lang={lang}
          title={`${t.chainOf(b.browserId.slice(0, 8))}${b.browserId === data.local.browserId ? ` (${t.sourceLocal.toLowerCase()})` : ''}`}
          chain={chainView(b.chain)}
          testId={`chain-${b.browserId.slice(0, 8)}`}
        />
      ))}
      {merged.rejected.length > 0 ? (
        <MessageBox tone="bad" title={t.rejectedTitle(merged.rejected.length)} testId="rejected-files">
          <ul>
            {merged.rejected.map((r, i) => (
              <li key={i}>
                <b>{r.name}</b>: {r.errors.slice(0, 5).join('; ')}
              </li>
            ))}
          </ul>
        </MessageBox>
      ) : null}
    </div>
  );
}
