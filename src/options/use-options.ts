/** The options page's state: settings (own, managed, in force), the consent store's list and change log. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { effectiveSettings } from '../admin/managed';
import type { FaceEngine } from '../faces/engine';
import { DEFAULT_SETTINGS, resolveLang, type GateSettings, type SettingsRead } from '../settings/schema';
import type { ConsentChange, ConsentStore, RosterRead } from '../store';
import type { AuditStore } from '../audit';
import { strings, type Lang } from './i18n';
import { errorText, whoFor, type OptionsPage } from './model';
import { loadLocalSettings, loadManagedPolicy, storeLocalSettings, watchSettings } from './settings-io';

/** Changes listed under "recent changes". */
const CHANGES_SHOWN = 25;

export interface OptionsDeps {
  openStore(): Promise<ConsentStore>;
  /** The director's log: consent changes made here are recorded there too (the store keeps its own change log). */
  openLog?(): Promise<AuditStore>;
  startEngine(): Promise<FaceEngine>;
  browserLanguage: string;
}

interface SettingsState {
  local: SettingsRead;
  managedRaw: unknown;
}

export function useOptionsPage(deps: OptionsDeps): OptionsPage | null {
  const [settings, setSettings] = useState<SettingsState | null>(null);
  const [store, setStore] = useState<ConsentStore | null>(null);
  const [storeError, setStoreError] = useState<string | null>(null);
  const [read, setRead] = useState<RosterRead | null>(null);
  const [changes, setChanges] = useState<ConsentChange[]>([]);
  const [changesError, setChangesError] = useState<string | null>(null);
  const engineRef = useRef<Promise<FaceEngine> | null>(null);

  const loadSettings = useCallback(async () => {
    const [local, managedRaw] = await Promise.all([loadLocalSettings(), loadManagedPolicy()]);
    setSettings({ local, managedRaw });
  }, []);

  useEffect(() => {
    void loadSettings();
    return watchSettings(() => void loadSettings());
  }, [loadSettings]);

  const refreshFrom = useCallback(async (s: ConsentStore) => {
    setRead(await s.read());
    try {
      setChanges(await s.changes(CHANGES_SHOWN));
      setChangesError(null);
    } catch (err) {
      setChangesError(errorText(err));
    }
  }, []);

  useEffect(() => {
    let opened: ConsentStore | null = null;
    let cancelled = false;
    deps.openStore().then(
      async (s) => {
        if (cancelled) return s.close();
        opened = s;
        setStore(s);
        await refreshFrom(s).catch((err: unknown) => setStoreError(errorText(err)));
      },
      (err: unknown) => setStoreError(errorText(err)),
    );
    return () => {
      cancelled = true;
      opened?.close();
    };
  }, [deps, refreshFrom]);

  const refresh = useCallback(async () => {
    if (store) await refreshFrom(store);
  }, [store, refreshFrom]);

  const saveSettings = useCallback(
    async (next: GateSettings) => {
      await storeLocalSettings(next);
      await loadSettings();
    },
    [loadSettings],
  );

  const engine = useCallback(() => {
    engineRef.current ??= deps.startEngine();
    return engineRef.current;
  }, [deps]);

  const logRef = useRef<Promise<AuditStore> | null>(null);
  const logConsentChange = useCallback(
    async (change: { pupilIds: string[]; channel: string; detail: string; who: string; mode: 'detect' | 'recognize' }) => {
      if (!deps.openLog) return;
      logRef.current ??= deps.openLog();
      try {
        await (await logRef.current).append({ at: new Date().toISOString(), kind: 'consent_change', staff: change.who, origin: '', channel: change.channel, mode: change.mode, pupilIds: change.pupilIds, detail: change.detail });
      } catch (err) {
        logRef.current = null;
        // The change itself is stored (and in the consent store's own change log); the director's log lacks it.
        console.error('ConsentGate: the consent change could not be written to the log', err);
      }
    },
    [deps],
  );

  return useMemo(() => {
    if (settings === null || (store === null && storeError === null) || (store !== null && read === null && storeError === null)) return null;
    const local = settings.local.ok ? settings.local.settings : null;
    const effective = effectiveSettings(local ?? DEFAULT_SETTINGS, settings.managedRaw);
    const lang: Lang = resolveLang(effective.settings.lang, deps.browserLanguage);
    return {
      t: strings(lang),
      lang,
      local,
      settingsProblem: settings.local.ok ? null : settings.local.problem,
      effective,
      store,
      storeError,
      roster: read?.roster ?? null,
      storeProblems: read?.problems ?? [],
      changes,
      changesError,
      who: whoFor(effective.settings),
      logConsentChange: (change) => logConsentChange({ ...change, who: whoFor(effective.settings), mode: effective.settings.mode }),
      refresh,
      saveSettings,
      engine,
    };
  }, [settings, store, storeError, read, changes, changesError, refresh, saveSettings, engine, logConsentChange, deps.browserLanguage]);
}
