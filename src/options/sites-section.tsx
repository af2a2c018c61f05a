/**
 * 3. Sites and channels: which consent channel applies on which site. Managed sites (school board policy) are shown
 * read-only; the browser's own sites can be added and removed, each origin checked with `normalizeOrigin`.
 */
import { useState } from 'preact/hooks';
import type { SiteRule } from '../settings/schema';
import type { Strings } from './i18n';
import { ManagedBadge } from './managed-badge';
import { MessageBox } from './message-box';
import { errorText, type OptionsPage } from './model';
import { addSite, channelLabel, orphanedSites, removeSite, type SiteIssue } from './sites-form';

function siteIssueText(t: Strings, issue: SiteIssue, origin: string | null): string {
  switch (issue) {
    case 'bad_origin':
      return t.siteIssues.bad_origin;
    case 'duplicate':
      return t.siteIssues.duplicate(origin ?? '');
    case 'no_channel':
      return t.siteIssues.no_channel;
    case 'unknown_channel':
      return t.siteIssues.unknown_channel;
  }
}

export function SitesSection({ page }: { page: OptionsPage }) {
  const { t, roster, local } = page;
  const managed = page.effective.managed.includes('sites');
  const sites = page.effective.settings.sites;
  const channels = roster?.channels ?? null;
  const orphans = new Set(orphanedSites(sites, channels).map((s) => s.origin));
  const [origin, setOrigin] = useState('');
  const [channel, setChannel] = useState('');
  const [issue, setIssue] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = !managed && local !== null;

  const save = async (next: SiteRule[], done: string | null) => {
    if (local === null) return;
    setBusy(true);
    try {
      await page.saveSettings({ ...local, sites: next });
      setNote(done);
      setIssue(null);
    } catch (err) {
      setIssue(t.saveFailed(errorText(err)));
    } finally {
      setBusy(false);
    }
  };

  const add = (e: Event) => {
    e.preventDefault();
    setNote(null);
    if (local === null) return;
    const result = addSite(local.sites, origin, channel, channels);
    if (!result.ok) {
      setIssue(siteIssueText(t, result.issue, result.origin));
      return;
    }
    setOrigin('');
    void save(result.sites, t.siteAdded(result.origin));
  };

  return (
    <section class="card" aria-labelledby="sites-title" data-testid="section-sites">
      <div class="row">
        <h2 id="sites-title">{t.sitesTitle}</h2>
        {managed ? <ManagedBadge t={t} /> : null}
      </div>
      <p class="intro">{t.sitesIntro}</p>
      {sites.length === 0 ? (
        <MessageBox tone="warn">
          <p>{t.sitesNone}</p>
        </MessageBox>
      ) : (
        <div class="table-wrap">
          <table data-testid="site-table">
            <thead>
              <tr>
                <th>{t.colOrigin}</th>
                <th>{t.colChannel}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sites.map((s) => (
                <tr key={s.origin} data-origin={s.origin}>
                  <td>{s.origin}</td>
                  <td>
                    {channelLabel(channels, s.channel)} <span class="muted">({s.channel})</span>
                    {orphans.has(s.origin) ? <div class="err status-bad">{t.siteOrphan(s.channel)}</div> : null}
                  </td>
                  <td class="actions">
                    {editable ? (
                      <button type="button" class="btn small" disabled={busy} aria-label={`${t.remove}: ${s.origin}`} onClick={() => void save(removeSite(local.sites, s.origin), null)}>
                        {t.remove}
                      </button>
                    ) : managed ? (
                      <ManagedBadge t={t} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable ? (
        <form class="stack" onSubmit={add} data-testid="add-site">
          <h3>{t.addSite}</h3>
          <div class="row bottom">
            <label class="field grow-field">
              <span>{t.originLabel}</span>
              <input type="text" name="origin" inputMode="url" spellcheck={false} placeholder={t.originPlaceholder} value={origin} onInput={(e) => setOrigin(e.currentTarget.value)} />
            </label>
            <label class="field fixed-field">
              <span>{channels ? t.channelSelect : t.channelFree}</span>
              {channels ? (
                <select name="channel" value={channel} onChange={(e) => setChannel(e.currentTarget.value)}>
                  <option value="">{t.channelPick}</option>
                  {channels.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label} ({c.id})
                    </option>
                  ))}
                </select>
              ) : (
                <input type="text" name="channel" spellcheck={false} value={channel} onInput={(e) => setChannel(e.currentTarget.value.trim())} />
              )}
            </label>
            <button type="submit" class="btn primary" disabled={busy}>
              {t.addSite}
            </button>
          </div>
        </form>
      ) : null}
      {issue ? (
        <MessageBox tone="bad" testId="site-issue">
          <p>{issue}</p>
        </MessageBox>
      ) : null}
      {note ? (
        <MessageBox tone="good">
          <p>{note}</p>
        </MessageBox>
      ) : null}
    </section>
  );
}
