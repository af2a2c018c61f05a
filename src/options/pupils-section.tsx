/**
 * 2. Pupils. Find a pupil by name (accent-insensitive) or group and change their consent per channel or their
 * biometric consent: stored at once, and listed under recent changes.
 */
import { useState } from 'preact/hooks';
import { fullName, type ConsentState, type Pupil } from '../consent/schema';
import { ConfirmDialog, type ConfirmRequest } from './confirm-dialog';
import { MessageBox } from './message-box';
import { errorText, type OptionsPage } from './model';
import { PupilFilter } from './pupil-filter';
import { filterPupils } from './pupils';
import { RecentChanges } from './recent-changes';

/** Rows drawn at once; a school's list runs to hundreds, and search or a group narrows it down. */
const MAX_ROWS = 150;
const STATES: readonly ConsentState[] = ['yes', 'no', 'withdrawn'];

export function PupilsSection({ page }: { page: OptionsPage }) {
  const { t, roster } = page;
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  const change = async (pupilId: string, work: () => Promise<void>) => {
    setBusy(pupilId);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(t.changeFailed(errorText(err)));
    } finally {
      await page.refresh().catch(() => undefined);
      setBusy(null);
    }
  };
  const setConsent = (p: Pupil, channel: string, state: ConsentState) =>
    void change(p.id, async () => {
      const from = p.consent[channel] ?? 'no';
      await page.store!.setConsent(p.id, channel, state, page.who);
      if (from !== state) await page.logConsentChange({ pupilIds: [p.id], channel, detail: `consent for ${channel}: ${from} → ${state}` });
    });
  const setBiometric = (p: Pupil, value: boolean) => {
    const run = () => void change(p.id, () => page.store!.setBiometricConsent(p.id, value, page.who));
    if (!value && p.descriptors.length > 0) {
      setConfirm({ title: t.biometricOffConfirmTitle, message: t.biometricOffConfirm(fullName(p), p.descriptors.length), confirmLabel: t.biometricOffOk, onConfirm: run });
    } else run();
  };

  if (roster === null) {
    return (
      <>
        <section class="card" data-testid="section-pupils">
          <h2>{t.pupilsTitle}</h2>
          <p class="muted">{t.pupilsNoList}</p>
        </section>
        <RecentChanges t={t} lang={page.lang} changes={page.changes} error={page.changesError} roster={null} />
      </>
    );
  }
  const found = filterPupils(roster.pupils, query, group);
  const shown = found.slice(0, MAX_ROWS);
  return (
    <>
      <section class="card" aria-labelledby="pupils-title" data-testid="section-pupils">
        <h2 id="pupils-title">{t.pupilsTitle}</h2>
        <p class="intro">{t.pupilsIntro}</p>
        <PupilFilter t={t} pupils={roster.pupils} query={query} group={group} onQuery={setQuery} onGroup={setGroup} shown={found.length} />
        {error ? (
          <MessageBox tone="bad">
            <p>{error}</p>
          </MessageBox>
        ) : null}
        {found.length === 0 ? (
          <p class="muted">{t.noPupilsFound}</p>
        ) : (
          <div class="table-wrap scroll">
            <table data-testid="pupil-table">
              <thead>
                <tr>
                  <th>{t.colName}</th>
                  <th>{t.colGroup}</th>
                  <th>{t.colNumber}</th>
                  {roster.channels.map((c) => (
                    <th key={c.id} title={c.id}>
                      {c.label}
                    </th>
                  ))}
                  <th>{t.colBiometric}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((p) => {
                  const name = fullName(p);
                  return (
                    <tr key={p.id} data-pupil={p.id} class={busy === p.id ? 'busy' : undefined}>
                      <td>
                        <span class="pupil-name">{name}</span>
                        {p.nicknames.length > 0 ? <span class="nick"> ({p.nicknames.join(', ')})</span> : null}
                      </td>
                      <td class="nowrap">{p.group || '—'}</td>
                      <td class="num">{p.id}</td>
                      {roster.channels.map((c) => {
                        const state = p.consent[c.id] ?? 'no';
                        return (
                          <td key={c.id}>
                            <select
                              class={`consent c-${state}`}
                              data-channel={c.id}
                              aria-label={t.consentLabel(name, c.label)}
                              value={state}
                              disabled={busy !== null || page.store === null}
                              onChange={(e) => setConsent(p, c.id, e.currentTarget.value as ConsentState)}
                            >
                              {STATES.map((s) => (
                                <option key={s} value={s}>
                                  {t.consentStates[s]}
                                </option>
                              ))}
                            </select>
                          </td>
                        );
                      })}
                      <td>
                        <select
                          class={`consent c-${p.biometricConsent ? 'yes' : 'no'}`}
                          data-channel="biometric"
                          aria-label={t.biometricLabel(name)}
                          value={p.biometricConsent ? 'yes' : 'no'}
                          disabled={busy !== null || page.store === null}
                          onChange={(e) => setBiometric(p, e.currentTarget.value === 'yes')}
                        >
                          <option value="yes">{t.yes}</option>
                          <option value="no">{t.no}</option>
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {found.length > shown.length ? <p class="muted">{t.moreRows(found.length - shown.length)}</p> : null}
      </section>
      <RecentChanges t={t} lang={page.lang} changes={page.changes} error={page.changesError} roster={roster} />
      {confirm ? <ConfirmDialog t={t} request={confirm} onClose={() => setConfirm(null)} /> : null}
    </>
  );
}
