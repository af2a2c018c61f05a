/** What every section of the options page is handed: the settings in force, the consent list and the actions. */
import type { Effective } from '../admin/managed';
import type { Roster } from '../consent/schema';
import type { FaceEngine } from '../faces/engine';
import type { GateSettings } from '../settings/schema';
import type { ConsentChange, ConsentStore, StoreProblem } from '../store';
import type { Lang, Strings } from './i18n';

/** Who the store's change log names when this browser's settings do not name anyone. */
export const DEFAULT_WHO = 'privacy officer';

export function whoFor(settings: GateSettings): string {
  return settings.staffName.trim() || DEFAULT_WHO;
}

export interface OptionsPage {
  t: Strings;
  lang: Lang;
  /** The browser's own settings; null while the stored record is invalid (see `settingsProblem`). */
  local: GateSettings | null;
  settingsProblem: string | null;
  /** The settings in force (own settings with the school board's managed values on top). */
  effective: Effective;
  /** The consent store; null when it could not be opened (see `storeError`). */
  store: ConsentStore | null;
  storeError: string | null;
  roster: Roster | null;
  storeProblems: StoreProblem[];
  changes: ConsentChange[];
  /** The change log could not be read (a log record failed validation). */
  changesError: string | null;
  /** For the store's change log. */
  who: string;
  /** Records a consent change in the director's log (never throws: the change itself is already stored). */
  logConsentChange(change: { pupilIds: string[]; channel: string; detail: string }): Promise<void>;
  /** Reads the consent list and the recent changes again. */
  refresh(): Promise<void>;
  /** Stores the browser's own settings (checked by the schema); throws when they are invalid or storing fails. */
  saveSettings(next: GateSettings): Promise<void>;
  /** The face engine for enrolment, started on first use (tfjs and the models load only then). */
  engine(): Promise<FaceEngine>;
}

export type SectionId = 'import' | 'pupils' | 'sites' | 'recognition' | 'policy';
export const SECTIONS: readonly SectionId[] = ['import', 'pupils', 'sites', 'recognition', 'policy'];

export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#/, '');
  return (SECTIONS as readonly string[]).includes(id) ? (id as SectionId) : 'import';
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
