/** The consent list in force: source, import time and age (warned when stale), pupils per group, channels. */
import { formatDateTime } from './i18n';
import { MessageBox } from './message-box';
import type { OptionsPage } from './model';
import { countByGroup, listAge } from './pupils';
import { enrolmentTotals } from './recognition';

export function CurrentList({ page }: { page: OptionsPage }) {
  const { t, roster, lang } = page;
  if (roster === null) {
    return (
      <div class="stack" data-testid="current-list">
        <h3>{t.currentList}</h3>
        <MessageBox tone="warn">
          <p>{t.noList}</p>
        </MessageBox>
      </div>
    );
  }
  const max = page.effective.settings.maxListAgeDays;
  const age = listAge(roster.importedAt, new Date(), max);
  const bio = enrolmentTotals(roster);
  return (
    <div class="stack" data-testid="current-list">
      <h3>{t.currentList}</h3>
      {age.stale ? (
        <MessageBox tone="warn" testId="list-stale">
          <p>{t.listStale(age.days, max)}</p>
        </MessageBox>
      ) : null}
      <dl class="facts">
        <dt>{t.listSource}</dt>
        <dd data-testid="list-source">{roster.source.name}</dd>
        <dt>{t.listImportedAt}</dt>
        <dd>
          {formatDateTime(roster.importedAt, lang)} ({t.listAge(age.days)})
        </dd>
        <dt>{t.listPupils}</dt>
        <dd data-testid="list-count">{roster.pupils.length}</dd>
        <dt>{t.listGroups}</dt>
        <dd>
          <span class="chips">
            {countByGroup(roster.pupils).map(([group, n]) => (
              <span class="chip" key={group}>
                {group || t.noGroup}: <b>{n}</b>
              </span>
            ))}
          </span>
        </dd>
        <dt>{t.listChannels}</dt>
        <dd>
          <span class="chips">
            {roster.channels.map((c) => (
              <span class="chip" key={c.id} title={c.id}>
                {c.label}
              </span>
            ))}
          </span>
        </dd>
        <dt>{t.listBiometrics}</dt>
        <dd>{t.listBiometricsValue(bio.consented, bio.enrolled)}</dd>
      </dl>
    </div>
  );
}
