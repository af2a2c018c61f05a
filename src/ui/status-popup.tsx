/**
 * The toolbar popup: on this site, which channel the gate applies (or that it is not active here), the consent
 * list in force, the mode, and whether the face engine is ready. Anything that holds every photo is shown first.
 */
import { useEffect, useState } from 'preact/hooks';
import { describeReason, type PhotoReason } from '../policy/verdict';
import type { StatusReply } from '../messages/ui-to-background';

const TEXT = {
  en: {
    checking: 'Checking…',
    here: 'On this site',
    active: (c: string) => `Photos are checked for the channel “${c}”.`,
    inactive: 'ConsentGate is not active on this site.',
    list: 'Consent list',
    noList: 'No consent list imported.',
    listInfo: (n: number, d: string, s: string) => `${n} pupils, imported ${d} from ${s}`,
    mode: 'Mode',
    modes: { detect: 'detection only: the uploader says who is in each photo', recognize: 'recognition (opt-in)' },
    engine: 'Face check on this device',
    ready: (b: string) => `ready (${b})`,
    notReady: 'not available: every photo is held',
    sites: 'Sites',
    held: 'Every photo is held:',
    log: 'Open the log',
    options: 'Settings',
  },
  nl: {
    checking: 'Bezig…',
    here: 'Op deze site',
    active: (c: string) => `Foto’s worden gecontroleerd voor het kanaal “${c}”.`,
    inactive: 'ConsentGate is niet actief op deze site.',
    list: 'Toestemmingslijst',
    noList: 'Geen toestemmingslijst geïmporteerd.',
    listInfo: (n: number, d: string, s: string) => `${n} leerlingen, geïmporteerd ${d} uit ${s}`,
    mode: 'Werkwijze',
    modes: { detect: 'alleen detectie: wie uploadt, zegt wie er op de foto staat', recognize: 'herkenning (aangezet door de school)' },
    engine: 'Gezichtscontrole op dit apparaat',
    ready: (b: string) => `klaar (${b})`,
    notReady: 'niet beschikbaar: elke foto wordt tegengehouden',
    sites: 'Sites',
    held: 'Elke foto wordt tegengehouden:',
    log: 'Logboek openen',
    options: 'Instellingen',
  },
} as const;

export interface PopupLinks {
  openLog(): void;
  openOptions(): void;
}

export function StatusPopup({ lang, load, links }: { lang: 'nl' | 'en'; load: () => Promise<StatusReply>; links?: PopupLinks }) {
  const t = TEXT[lang];
  const [status, setStatus] = useState<StatusReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    load().then(setStatus, (err: unknown) => setError(String(err)));
  }, [load]);
  const box = { font: '14px/1.4 system-ui, sans-serif', width: '320px', padding: '12px', color: '#1b1b1b' };
  if (error) return <main style={box}>{error}</main>;
  if (!status) return <main style={box}>{t.checking}</main>;
  const date = status.roster ? new Date(status.roster.importedAt).toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB') : '';
  return (
    <main style={box}>
      <h1 style={{ fontSize: '16px', margin: '0 0 8px' }}>ConsentGate</h1>
      {status.problems.length > 0 || (status.engine && !status.engine.ready) ? (
        <section style={{ background: '#fdecec', border: '1px solid #e4a5a5', borderRadius: '6px', padding: '8px', marginBottom: '8px' }}>
          <strong>{t.held}</strong>
          <ul style={{ margin: '4px 0 0', paddingLeft: '18px' }}>
            {status.problems.map((p) => (
              <li key={p.reason}>{describeReason(p.reason as PhotoReason, lang)}: {p.message}</li>
            ))}
            {status.engine && !status.engine.ready ? <li>{status.engine.message}</li> : null}
          </ul>
        </section>
      ) : null}
      <p style={{ margin: '0 0 8px' }} data-status="site">
        <strong>{t.here}: </strong>
        {status.tab?.channel ? t.active(status.tab.channel) : t.inactive}
      </p>
      <p style={{ margin: '0 0 8px' }}>
        <strong>{t.list}: </strong>
        {status.roster ? t.listInfo(status.roster.pupils, date, status.roster.source) : t.noList}
      </p>
      <p style={{ margin: '0 0 8px' }}>
        <strong>{t.mode}: </strong>
        {t.modes[status.mode]}
      </p>
      <p style={{ margin: '0 0 8px' }}>
        <strong>{t.engine}: </strong>
        {status.engine?.ready ? t.ready(status.engine.backend) : t.notReady}
      </p>
      <p style={{ margin: 0 }}>
        <strong>{t.sites}: </strong>
        {status.sites.map((s) => `${s.origin} → ${s.channel}`).join(', ')}
      </p>
      {links ? (
        <p style={{ margin: '10px 0 0', display: 'flex', gap: '8px' }}>
          <button type="button" data-action="open-log" onClick={links.openLog}>
            {t.log}
          </button>
          <button type="button" data-action="open-options" onClick={links.openOptions}>
            {t.options}
          </button>
        </p>
      ) : null}
    </main>
  );
}
