/** One pupil in the enrolment list: references stored, portraits to choose (only with biometric consent), results. */
import { useState } from 'preact/hooks';
import type { Strings } from './i18n';
import { errorText, type OptionsPage } from './model';
import { checkPortraitFile, uniqueNames } from './portrait-file';
import { MIN_PORTRAITS, planEnrolment, type EnrolmentPlan, type PortraitResult } from './portraits';
import type { EnrolmentRow } from './recognition';

type RowState = { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; plan: EnrolmentPlan } | { kind: 'failed'; message: string };

/** More portraits than this are not looked at (3 are kept at most). */
const MAX_FILES = 6;

function resultText(t: Strings, r: PortraitResult): string {
  return r.ok ? t.portraitOk : t.portraitProblems[r.problem];
}

export function EnrolRowView({ page, row, onEngine }: { page: OptionsPage; row: EnrolmentRow; onEngine(state: 'starting' | 'ready' | string): void }) {
  const { t } = page;
  const [state, setState] = useState<RowState>({ kind: 'idle' });
  const [inputKey, setInputKey] = useState(0);
  const inputId = `portraits-${row.id}`;

  const enrol = async (files: File[]) => {
    if (files.length === 0 || page.store === null) return;
    setState({ kind: 'checking' });
    try {
      onEngine('starting');
      const engine = await page.engine();
      const status = engine.status;
      if (!status.ready) {
        onEngine(status.error.message);
        setState({ kind: 'failed', message: t.engineFailed(status.error.message) });
        return;
      }
      onEngine('ready');
      const chosen = files.slice(0, MAX_FILES);
      const names = uniqueNames(chosen.map((f) => f.name));
      const results: PortraitResult[] = [];
      for (const [i, file] of chosen.entries()) results.push(await checkPortraitFile(engine, file, names[i]!));
      const plan = planEnrolment(results);
      if (plan.enough) {
        await page.store.setDescriptors(row.id, plan.descriptors, page.who);
        await page.refresh();
      }
      setState({ kind: 'done', plan });
    } catch (err) {
      setState({ kind: 'failed', message: errorText(err) });
    } finally {
      setInputKey((k) => k + 1);
    }
  };

  const clear = async () => {
    if (page.store === null) return;
    try {
      await page.store.setDescriptors(row.id, [], page.who);
      await page.refresh();
      setState({ kind: 'idle' });
    } catch (err) {
      setState({ kind: 'failed', message: errorText(err) });
    }
  };

  const busy = state.kind === 'checking';
  return (
    <tr data-pupil={row.id}>
      <td>
        <span class="pupil-name">{row.name}</span>
        <div class="reason">{row.group}</div>
      </td>
      <td class="nowrap" data-testid="references">
        {row.canEnrol ? t.references(row.references) : <span class="reason">{t.noBiometricConsent}</span>}
      </td>
      <td>
        <div class="row">
          <span class="file-pick">
            <input
              key={inputKey}
              id={inputId}
              type="file"
              accept="image/jpeg,image/png,image/webp"
              multiple
              disabled={!row.canEnrol || busy || page.store === null}
              aria-label={t.choosePortraitsFor(row.name)}
              onChange={(e) => void enrol(Array.from(e.currentTarget.files ?? []))}
            />
            <label class="btn small" for={inputId} title={row.canEnrol ? undefined : t.noBiometricConsent} aria-disabled={!row.canEnrol}>
              {t.choosePortraits}
            </label>
          </span>
          {row.references > 0 ? (
            <button type="button" class="link" disabled={busy} onClick={() => void clear()}>
              {t.removeReferences}
            </button>
          ) : null}
        </div>
        {state.kind === 'checking' ? <div class="reason">{t.checkingPortraits}</div> : null}
        {state.kind === 'failed' ? <div class="status-bad">{state.message}</div> : null}
        {state.kind === 'done' ? (
          <ul class="portraits" data-testid="portrait-results">
            {state.plan.results.map((r) => (
              <li key={r.name} class={r.ok ? 'ok' : 'bad'}>
                {r.ok ? '✓' : '✗'} {r.name}: {resultText(t, r)}
              </li>
            ))}
            <li class={state.plan.enough ? 'ok' : 'bad'}>
              <b>{state.plan.enough ? t.enrolStored(state.plan.descriptors.length) : t.enrolNotEnough(MIN_PORTRAITS)}</b>
            </li>
          </ul>
        ) : null}
      </td>
    </tr>
  );
}
