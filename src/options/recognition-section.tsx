/**
 * 4. Recognition (opt-in). Off by default; on only after the two confirmations (explicit biometric consent of the
 * parents, a DPIA). When on, pupils with biometric consent can be enrolled from portraits; off again, or "delete all
 * biometric data", removes every reference.
 */
import { useState } from 'preact/hooks';
import { ConfirmDialog, type ConfirmRequest } from './confirm-dialog';
import { EnrolRowView } from './enrol-row';
import { formatDateTime } from './i18n';
import { ManagedBadge } from './managed-badge';
import { MessageBox } from './message-box';
import { errorText, type OptionsPage } from './model';
import { PupilFilter } from './pupil-filter';
import { enrolmentRows, enrolmentTotals, turnRecognitionOff, turnRecognitionOn } from './recognition';

const MAX_ROWS = 100;

export function RecognitionSection({ page }: { page: OptionsPage }) {
  const { t, local, roster } = page;
  const settings = page.effective.settings;
  const managedMode = page.effective.managed.includes('mode');
  const on = settings.mode === 'recognize' && settings.recognition !== null;
  const [biometric, setBiometric] = useState(false);
  const [dpia, setDpia] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'bad' | 'good'; text: string } | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [engine, setEngine] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState('');

  const act = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const done = await work();
      if (done) setMessage({ tone: 'good', text: done });
    } catch (err) {
      setMessage({ tone: 'bad', text: t.saveFailed(errorText(err)) });
    } finally {
      await page.refresh().catch(() => undefined);
      setBusy(false);
    }
  };

  const turnOn = () =>
    void act(async () => {
      if (local === null) return null;
      const next = turnRecognitionOn(local, { biometricConsent: biometric, dpia }, page.who, new Date());
      if (!next.ok) return null;
      await page.saveSettings(next.settings);
      return null;
    });

  const deleteAll = async (): Promise<number> => (page.store ? page.store.deleteAllBiometrics(page.who) : 0);

  const askTurnOff = () =>
    setConfirm({
      title: t.turnOffConfirmTitle,
      message: t.turnOffConfirm,
      confirmLabel: t.turnOff,
      onConfirm: () =>
        void act(async () => {
          if (local === null) return null;
          const n = await deleteAll();
          await page.saveSettings(turnRecognitionOff(local));
          setBiometric(false);
          setDpia(false);
          return t.deletedAll(n);
        }),
    });

  const askDeleteAll = () =>
    setConfirm({
      title: t.deleteAllConfirmTitle,
      message: t.deleteAllConfirm,
      confirmLabel: t.deleteAllOk,
      onConfirm: () => void act(async () => t.deletedAll(await deleteAll())),
    });

  const totals = enrolmentTotals(roster);
  const rows = enrolmentRows(roster, query, group);
  const engineText = engine === null ? null : engine === 'starting' ? t.engineStarting : engine === 'ready' ? null : t.engineFailed(engine);

  return (
    <>
      <section class="card" aria-labelledby="recognition-title" data-testid="section-recognition">
        <div class="row">
          <h2 id="recognition-title">{t.recognitionTitle}</h2>
          {managedMode ? <ManagedBadge t={t} /> : null}
        </div>
        <p class="intro">{t.recognitionIntro}</p>
        {managedMode ? (
          <MessageBox tone="info">
            <p>{on ? t.recognitionManagedOn : t.recognitionManagedOff}</p>
          </MessageBox>
        ) : on && settings.recognition ? (
          <MessageBox tone="good" testId="recognition-status">
            <p>{t.recognitionOn(settings.recognition.by, formatDateTime(settings.recognition.confirmedAt, page.lang))}</p>
          </MessageBox>
        ) : (
          <MessageBox tone="info" testId="recognition-status">
            <p>{t.recognitionOff}</p>
          </MessageBox>
        )}
        {!managedMode && !on ? (
          <div class="stack" data-testid="recognition-optin">
            <label class="check">
              <input type="checkbox" name="confirm-biometric" checked={biometric} disabled={busy || local === null} onChange={(e) => setBiometric(e.currentTarget.checked)} />
              <span>{t.confirmBiometric}</span>
            </label>
            <label class="check">
              <input type="checkbox" name="confirm-dpia" checked={dpia} disabled={busy || local === null} onChange={(e) => setDpia(e.currentTarget.checked)} />
              <span>{t.confirmDpia}</span>
            </label>
            <div class="row">
              <button type="button" class="btn primary" disabled={busy || local === null || !biometric || !dpia} onClick={turnOn}>
                {t.turnOn}
              </button>
            </div>
          </div>
        ) : null}
        {on || totals.references > 0 ? (
          <div class="row">
            {on && !managedMode ? (
              <button type="button" class="btn" disabled={busy || local === null} onClick={askTurnOff}>
                {t.turnOff}
              </button>
            ) : null}
            <button type="button" class="btn danger" disabled={busy || page.store === null} onClick={askDeleteAll}>
              {t.deleteAll}
            </button>
          </div>
        ) : null}
        {message ? (
          <MessageBox tone={message.tone}>
            <p>{message.text}</p>
          </MessageBox>
        ) : null}
      </section>
      {on ? (
        <section class="card" aria-labelledby="enrol-title" data-testid="section-enrol">
          <h2 id="enrol-title">{t.enrolTitle}</h2>
          <p class="intro">{t.enrolIntro}</p>
          {roster === null ? (
            <p class="muted">{t.pupilsNoList}</p>
          ) : (
            <>
              <p>{t.enrolTotals(totals.consented, totals.enrolled)}</p>
              {engineText ? (
                <MessageBox tone={engine === 'starting' ? 'info' : 'bad'}>
                  <p>{engineText}</p>
                </MessageBox>
              ) : null}
              <PupilFilter t={t} pupils={roster.pupils} query={query} group={group} onQuery={setQuery} onGroup={setGroup} shown={rows.length} />
              <div class="table-wrap">
                <table data-testid="enrol-table">
                  <thead>
                    <tr>
                      <th>{t.colName}</th>
                      <th>{t.colReferences}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {rows.slice(0, MAX_ROWS).map((row) => (
                      <EnrolRowView key={row.id} page={page} row={row} onEngine={setEngine} />
                    ))}
                  </tbody>
                </table>
              </div>
              {rows.length > MAX_ROWS ? <p class="muted">{t.moreRows(rows.length - MAX_ROWS)}</p> : null}
            </>
          )}
        </section>
      ) : null}
      {confirm ? <ConfirmDialog t={t} request={confirm} onClose={() => setConfirm(null)} /> : null}
    </>
  );
}
