/**
 * The log page's data: this browser's log (the newest entries first, for a quick first paint, then all of it and the
 * chain check), the current consent list for names, and a merged view of signed exports from other browsers.
 * Everything is read in the extension's own origin: a web page can open neither database.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { keyFingerprint, mergeExports, publicJwk, signExport, verifyChain, type AuditEntry, type AuditStore, type MergedBrowser } from '../audit';
import type { Roster } from '../consent/schema';
import type { ConsentStore } from '../store';
import { mark } from './perf';
import { chainWithProblems, pupilDirectory, type ChainView, type PupilDirectory } from './model';

/** Entries shown before the whole log is read. */
export const FIRST_PAINT_ENTRIES = 200;

export interface LogDeps {
  openLog(): Promise<AuditStore>;
  openConsent(): Promise<ConsentStore>;
  /** Language and staff name from this browser's settings. */
  preferences(): Promise<{ lang: 'nl' | 'en' }>;
}

export interface LocalLog {
  /** The newest entries, newest first: shown while `entries` is read. */
  first: AuditEntry[];
  /** Every valid entry, oldest first; null while reading. */
  entries: AuditEntry[] | null;
  problems: { seq: number; message: string }[];
  chain: ChainView;
  browserId: string | null;
}

/** A chosen file: its text, or why it could not be read. */
export type ImportedFile = { name: string; text: string } | { name: string; unreadable: string };

export interface MergedView {
  entries: AuditEntry[];
  /** Which browser each entry comes from. */
  browserOf: Map<AuditEntry, string>;
  browsers: MergedBrowser[];
  rejected: { name: string; errors: string[] }[];
}

export interface LogData {
  lang: 'nl' | 'en';
  error: string | null;
  local: LocalLog;
  directory: PupilDirectory;
  rosterMissing: boolean;
  merged: MergedView | null;
  importing: boolean;
  /** Open signed exports (file name and text) beside this browser's log. */
  importFiles(files: ImportedFile[]): Promise<void>;
  closeMerged(): void;
  /** This browser's whole log, signed with its own key. */
  signedExport(): Promise<{ json: string; browserId: string }>;
}

export function useLog(deps: LogDeps): LogData | null {
  const [lang, setLang] = useState<'nl' | 'en' | null>(null);
  const [store, setStore] = useState<AuditStore | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [local, setLocal] = useState<LocalLog>({ first: [], entries: null, problems: [], chain: { status: 'checking' }, browserId: null });
  const [roster, setRoster] = useState<{ roster: Roster | null } | null>(null);
  const [merged, setMerged] = useState<MergedView | null>(null);
  const [importing, setImporting] = useState(false);

  useEffect(() => {
    deps.preferences().then(
      (p) => setLang(p.lang),
      () => setLang('nl'),
    );
    deps
      .openConsent()
      .then((s) => s.read())
      .then(
        (r) => setRoster({ roster: r.roster }),
        () => setRoster({ roster: null }),
      );
    let cancelled = false;
    (async () => {
      const log = await deps.openLog();
      if (cancelled) return;
      setStore(log);
      const latest = await log.latest(FIRST_PAINT_ENTRIES);
      setLocal((l) => ({ ...l, first: latest.entries }));
      mark('cg-log-first-read');
      const all = await log.all();
      setLocal((l) => ({ ...l, entries: all.entries, problems: all.problems }));
      mark('cg-log-all-read');
      mark('cg-log-verify-start');
      const chain = await verifyChain(all.entries);
      mark('cg-log-verified');
      const pair = await log.keyPair();
      const browserId = await keyFingerprint(await publicJwk(pair.publicKey));
      setLocal((l) => ({ ...l, chain: chainWithProblems(chain, all.problems), browserId }));
    })().catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
    };
  }, [deps]);

  const signedExport = useCallback(async () => {
    if (store === null || local.entries === null) throw new Error('the log is still being read');
    const file = await signExport(local.entries, await store.keyPair());
    return { json: JSON.stringify(file), browserId: file.browserId };
  }, [store, local.entries]);

  const importFiles = useCallback(
    async (files: ImportedFile[]) => {
      setImporting(true);
      try {
        const rejected: MergedView['rejected'] = [];
        const parsed: unknown[] = [];
        const names: string[] = [];
        // This browser's own log joins the view as one more signed file, checked the same way.
        if (store !== null && local.entries !== null && local.entries.length > 0) {
          parsed.push(await signExport(local.entries, await store.keyPair()));
          names.push('');
        }
        for (const file of files) {
          if ('unreadable' in file) {
            rejected.push({ name: file.name, errors: [file.unreadable] });
            continue;
          }
          try {
            parsed.push(JSON.parse(file.text) as unknown);
            names.push(file.name);
          } catch (err) {
            rejected.push({ name: file.name, errors: [`not JSON: ${err instanceof Error ? err.message : String(err)}`] });
          }
        }
        const result = await mergeExports(parsed);
        for (const r of result.rejected) rejected.push({ name: names[r.file] ?? `#${r.file}`, errors: r.errors });
        const browserOf = new Map<AuditEntry, string>();
        for (const { browserId, entry } of result.entries) browserOf.set(entry, browserId);
        setMerged({ entries: result.entries.map((e) => e.entry), browserOf, browsers: result.browsers, rejected });
      } finally {
        setImporting(false);
      }
    },
    [store, local.entries],
  );

  const directory = useMemo(() => pupilDirectory(roster?.roster ?? null), [roster]);
  if (lang === null) return null;
  return {
    lang,
    error,
    local,
    directory,
    rosterMissing: roster !== null && roster.roster === null,
    merged,
    importing,
    importFiles,
    closeMerged: () => setMerged(null),
    signedExport,
  };
}
