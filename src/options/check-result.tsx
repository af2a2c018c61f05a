/** The outcome of "Check": every problem with its line and column (nothing stored), or the import button. */
import type { ImportIssue, Roster } from '../consent/schema';
import type { Strings } from './i18n';
import { MessageBox } from './message-box';
import { groupsOf } from './pupils';

export function ImportProblems({ t, issues }: { t: Strings; issues: readonly ImportIssue[] }) {
  return (
    <MessageBox tone="bad" title={t.checkProblemsTitle(issues.length)} testId="import-problems">
      <p>{t.checkProblemsHint}</p>
      <div class="table-wrap scroll">
        <table class="problems-table">
          <thead>
            <tr>
              <th>{t.problemLine}</th>
              <th>{t.problemColumn}</th>
              <th>{t.problemMessage}</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((issue, i) => (
              <tr key={i} data-line={issue.line ?? ''} data-column={issue.column ?? ''}>
                <td>{issue.line ?? '—'}</td>
                <td>{issue.column ?? '—'}</td>
                <td>{issue.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </MessageBox>
  );
}

export function ImportReady({ t, roster, warnings, busy, onImport }: { t: Strings; roster: Roster; warnings: readonly ImportIssue[]; busy: boolean; onImport(): void }) {
  return (
    <MessageBox tone="good" testId="import-ready">
      <p>{t.checkOk(roster.pupils.length, groupsOf(roster.pupils).length)}</p>
      <p class="muted">
        {t.listChannels}: {roster.channels.map((c) => `${c.label} (${c.id})`).join(', ')}
      </p>
      {warnings.length > 0 ? (
        <div>
          <strong>{t.checkWarnings}</strong>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="row">
        <button type="button" class="btn primary" disabled={busy} onClick={onImport} data-testid="import-button">
          {busy ? t.importing : t.importButton(roster.pupils.length)}
        </button>
      </div>
    </MessageBox>
  );
}
