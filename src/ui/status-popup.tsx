const TEXT = {
  en: {
    title: 'ConsentGate',
    body: 'The upload gate is not active on any site yet. Photos are not checked until the school has set up its sites and consent list.',
  },
  nl: {
    title: 'ConsentGate',
    body: 'De uploadcontrole is nog op geen enkele site actief. Foto’s worden pas gecontroleerd als de school haar sites en toestemmingslijst heeft ingesteld.',
  },
} as const;

/** Honest status until the gate's features land: says plainly that nothing is being checked yet. */
export function StatusPopup({ lang }: { lang: 'nl' | 'en' }) {
  const t = TEXT[lang];
  return (
    <main style={{ font: '14px system-ui, sans-serif', width: '280px', padding: '12px' }}>
      <h1 style={{ fontSize: '16px', margin: '0 0 8px' }}>{t.title}</h1>
      <p style={{ margin: 0 }}>{t.body}</p>
    </main>
  );
}
