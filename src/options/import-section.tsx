/**
 * 1. Consent list — import. Pick a CSV (preview, column mapping) or a saved roster JSON; "Check" lists every problem
 * with line and column and stores nothing; only a file without problems can be imported, and until then the
 * current list stays in force.
 */
import { useMemo, useState } from 'preact/hooks';
import { importRosterCsv } from '../consent/csv';
import { importRoster } from '../consent/load';
import { previewCsv, type CsvPreview } from '../consent/mapping';
import type { ImportResult } from '../consent/schema';
import { ImportProblems, ImportReady } from './check-result';
import { CsvPreviewTable } from './csv-preview';
import { CurrentList } from './current-list';
import { MappingEditor } from './mapping-editor';
import { formFromMapping, toColumnMapping, unusedColumns, validateMapping, type MappingForm } from './mapping-form';
import { MessageBox } from './message-box';
import { errorText, type OptionsPage } from './model';

interface Chosen {
  name: string;
  text: string;
  json: boolean;
  preview: CsvPreview | null;
  previewError: string | null;
}

function readChosen(name: string, text: string): Chosen {
  const json = /\.json$/i.test(name.trim());
  if (json) return { name, text, json, preview: null, previewError: null };
  try {
    return { name, text, json, preview: previewCsv(text, 5), previewError: null };
  } catch (err) {
    return { name, text, json, preview: null, previewError: errorText(err) };
  }
}

export function ImportSection({ page }: { page: OptionsPage }) {
  const { t } = page;
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [form, setForm] = useState<MappingForm | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ pupils: number; kept: number; dropped: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);

  const headers = chosen?.preview?.headers ?? [];
  const mapped = chosen !== null && !chosen.json && form !== null && headers.length > 0;
  const issues = useMemo(() => (mapped && form ? validateMapping(form, headers) : []), [mapped, form, headers]);

  const onFile = async (file: File | undefined) => {
    setResult(null);
    setDone(null);
    setError(null);
    setChosen(null);
    setForm(null);
    if (!file) return;
    try {
      const next = readChosen(file.name, await file.text());
      setChosen(next);
      setForm(next.preview ? formFromMapping(next.preview.guess) : null);
    } catch (err) {
      setError(t.fileUnreadable(errorText(err)));
    }
  };

  const run = (now: Date): ImportResult => {
    if (chosen === null) throw new Error('no file');
    if (chosen.json) return importRoster(chosen.text, chosen.name);
    return importRosterCsv(chosen.text, { sourceName: chosen.name, now, ...(mapped && form ? { mapping: toColumnMapping(form) } : {}) });
  };

  const check = () => {
    setDone(null);
    setError(null);
    try {
      setResult(run(new Date()));
    } catch (err) {
      setError(errorText(err));
    }
  };

  const store = async () => {
    if (page.store === null) return;
    setBusy(true);
    setError(null);
    try {
      // Checked again at the moment of import, so the stored import time is now.
      const fresh = run(new Date());
      if (!fresh.ok) {
        setResult(fresh);
        return;
      }
      const { keptDescriptors, droppedDescriptors } = await page.store.replaceRoster(fresh.roster, page.who);
      await page.logConsentChange({ pupilIds: [], channel: '', detail: `consent list imported from ${fresh.roster.source.name}: ${fresh.roster.pupils.length} pupils` });
      setDone({ pupils: fresh.roster.pupils.length, kept: keptDescriptors, dropped: droppedDescriptors });
      setChosen(null);
      setForm(null);
      setResult(null);
      setInputKey((k) => k + 1);
      await page.refresh();
    } catch (err) {
      setError(t.saveFailed(errorText(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="import-title" data-testid="section-import">
      <h2 id="import-title">{t.importTitle}</h2>
      <p class="intro">{t.importIntro}</p>
      <CurrentList page={page} />
      {done ? (
        <MessageBox tone="good" testId="import-done">
          <p>{t.imported(done.pupils, done.kept, done.dropped)}</p>
        </MessageBox>
      ) : null}
      <div class="row">
        <span class="file-pick">
          <input
            key={inputKey}
            id="roster-file"
            type="file"
            accept=".csv,.json,.txt,text/csv,application/json"
            disabled={busy || page.store === null}
            onChange={(e) => void onFile(e.currentTarget.files?.[0])}
          />
          <label class="btn" for="roster-file">
            {t.chooseFile}
          </label>
        </span>
        {chosen ? <span class="muted" data-testid="chosen-file">{t.fileChosen(chosen.name)}</span> : null}
      </div>
      {error ? (
        <MessageBox tone="bad">
          <p>{error}</p>
        </MessageBox>
      ) : null}
      {chosen?.previewError ? (
        <MessageBox tone="warn">
          <p>{t.previewFailed(chosen.previewError)}</p>
        </MessageBox>
      ) : null}
      {chosen?.preview && chosen.preview.headers.length > 0 ? <CsvPreviewTable t={t} preview={chosen.preview} form={form} /> : null}
      {mapped && form ? (
        <MappingEditor
          t={t}
          headers={headers}
          form={form}
          issues={issues}
          disabled={busy}
          onChange={(next) => {
            setForm(next);
            setResult(null);
          }}
        />
      ) : null}
      {mapped && form && unusedColumns(form, headers).length > 0 ? (
        <MessageBox tone="warn" testId="unused-columns">
          <p>{t.unusedColumns(unusedColumns(form, headers).join(', '))}</p>
        </MessageBox>
      ) : null}
      {chosen ? (
        <div class="row">
          <button type="button" class="btn primary" disabled={busy || issues.length > 0} onClick={check} data-testid="check-button">
            {t.check}
          </button>
        </div>
      ) : null}
      {result && !result.ok ? <ImportProblems t={t} issues={result.errors} /> : null}
      {result && result.ok ? <ImportReady t={t} roster={result.roster} warnings={result.warnings} busy={busy} onImport={() => void store()} /> : null}
    </section>
  );
}
