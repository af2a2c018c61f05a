/** The store's change log, newest first: who changed what, for which pupil, from what to what. */
import type { Roster } from '../consent/schema';
import type { ConsentChange } from '../store';
import { MessageBox } from './message-box';
import { formatDateTime, type Lang, type Strings } from './i18n';
import { pupilName } from './pupils';
import { channelLabel } from './sites-form';

function valueText(t: Strings, change: ConsentChange, value: string | undefined): string {
  if (value === undefined) return '';
  if ((change.what === 'consent' || change.what === 'biometric_consent') && (value === 'yes' || value === 'no' || value === 'withdrawn')) {
    return t.consentStates[value];
  }
  return value;
}

export function RecentChanges({ t, lang, changes, error, roster }: { t: Strings; lang: Lang; changes: readonly ConsentChange[]; error: string | null; roster: Roster | null }) {
  return (
    <div class="card" data-testid="recent-changes">
      <h3>{t.changesTitle}</h3>
      {error ? (
        <MessageBox tone="bad">
          <p>{error}</p>
        </MessageBox>
      ) : null}
      {changes.length === 0 && !error ? <p class="muted">{t.changesNone}</p> : null}
      <ul class="changes">
        {changes.map((c, i) => {
          const name = pupilName(roster, c.pupilId) ?? c.pupilId;
          const from = valueText(t, c, c.from);
          const to = valueText(t, c, c.to);
          return (
            <li key={`${c.at}-${i}`} data-what={c.what} data-pupil={c.pupilId ?? ''}>
              <span class="when">{formatDateTime(c.at, lang)}</span>
              <span class="what">
                <b>{t.changeWhat[c.what] ?? c.what}</b>
                {name ? <> · {name}</> : null}
                {c.channel ? <> · {channelLabel(roster?.channels ?? null, c.channel)}</> : null}
                {from || to ? (
                  <>
                    {' '}
                    · <span class="from-to">{from ? `${from} → ${to}` : to}</span>
                  </>
                ) : null}
                {c.detail ? <span class="muted"> · {c.detail}</span> : null}
                <span class="muted"> · {t.changeBy(c.who)}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
