/**
 * The options page for the school's privacy officer and IT administrator: the consent list (import, pupils), the
 * sites and their channels, opt-in recognition and the policy. Managed values are shown, never edited.
 */
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { ImportSection } from './import-section';
import { MessageBox } from './message-box';
import { SECTIONS, errorText, sectionFromHash, type OptionsPage, type SectionId } from './model';
import { PolicySection } from './policy-section';
import { PupilsSection } from './pupils-section';
import { listAge } from './pupils';
import { RecognitionSection } from './recognition-section';
import { SitesSection } from './sites-section';
import type { Strings } from './i18n';
import { useOptionsPage, type OptionsDeps } from './use-options';

export function OptionsApp({ deps }: { deps: OptionsDeps }) {
  const page = useOptionsPage(deps);
  const [section, setSection] = useState<SectionId>(() => sectionFromHash(location.hash));
  useEffect(() => {
    const onHash = () => setSection(sectionFromHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (page) {
      document.title = page.t.pageTitle;
      document.documentElement.lang = page.lang;
    }
  }, [page?.lang]);

  if (page === null) return <p class="muted loading">…</p>;
  const { t } = page;
  const go = (id: SectionId) => {
    history.replaceState(null, '', `#${id}`);
    setSection(id);
  };
  return (
    <>
      <header class="top">
        <span class="brand">
          <span class="logo" aria-hidden="true" />
          {t.brand}
        </span>
        <span class="subtitle">{t.subtitle}</span>
        <span class="spacer" />
        <a class="btn small" href="log.html" target="_blank" data-action="open-log">
          {t.openLog}
        </a>
        <ListPill page={page} />
      </header>
      <div class="layout">
        <nav class="nav" aria-label={t.navLabel}>
          {SECTIONS.map((id) => (
            <button type="button" key={id} aria-current={section === id ? 'page' : undefined} data-section={id} onClick={() => go(id)}>
              {navLabel(t, id)}
            </button>
          ))}
        </nav>
        <main class="content">
          <PageProblems page={page} />
          {section === 'import' ? <ImportSection page={page} /> : null}
          {section === 'pupils' ? <PupilsSection page={page} /> : null}
          {section === 'sites' ? <SitesSection page={page} /> : null}
          {section === 'recognition' ? <RecognitionSection page={page} /> : null}
          {section === 'policy' ? <PolicySection page={page} /> : null}
        </main>
      </div>
    </>
  );
}

function navLabel(t: Strings, id: SectionId): string {
  switch (id) {
    case 'import':
      return t.navImport;
    case 'pupils':
      return t.navPupils;
    case 'sites':
      return t.navSites;
    case 'recognition':
      return t.navRecognition;
    case 'policy':
      return t.navPolicy;
  }
}

/** The list in force, in the header: pupils and age, amber when stale, red when there is none. */
function ListPill({ page }: { page: OptionsPage }) {
  const { t, roster } = page;
  if (roster === null) return <span class="pill bad">{t.currentList}: —</span>;
  const age = listAge(roster.importedAt, new Date(), page.effective.settings.maxListAgeDays);
  return (
    <span class={`pill ${age.stale ? 'warn' : 'ok'}`} data-testid="list-pill">
      {t.currentList}: {roster.pupils.length} · {t.listAge(age.days)}
    </span>
  );
}

/** Problems that concern every section: invalid stored settings, an unreadable store, invalid store records. */
function PageProblems({ page }: { page: OptionsPage }) {
  const { t } = page;
  const [resetError, setResetError] = useState<string | null>(null);
  return (
    <>
      {page.settingsProblem ? (
        <MessageBox tone="bad" title={t.settingsInvalidTitle} testId="settings-problem">
          <p>{page.settingsProblem}</p>
          <p>{t.settingsInvalidHint}</p>
          <div class="row">
            <button type="button" class="btn" onClick={() => page.saveSettings(DEFAULT_SETTINGS).catch((err: unknown) => setResetError(errorText(err)))}>
              {t.settingsReset}
            </button>
            {resetError ? <span>{t.saveFailed(resetError)}</span> : null}
          </div>
        </MessageBox>
      ) : null}
      {page.storeError ? (
        <MessageBox tone="bad" title={t.storeUnavailable} testId="store-error">
          <p>{page.storeError}</p>
        </MessageBox>
      ) : null}
      {page.storeProblems.length > 0 ? (
        <MessageBox tone="bad" title={t.storeProblemsTitle(page.storeProblems.length)} testId="store-problems">
          <ul>
            {page.storeProblems.map((p, i) => (
              <li key={i}>
                <code>{p.where}</code> {p.message}
              </li>
            ))}
          </ul>
          <p>{t.storeProblemsHint}</p>
        </MessageBox>
      ) : null}
    </>
  );
}
