/**
 * The options page's settings storage: the browser's own settings (`storage.local` key `settings`, which the
 * background watches to re-register its content scripts) and the school board's managed policy (`storage.managed`,
 * which may arrive seconds after install).
 */
import { browser } from 'wxt/browser';
import { GateSettingsSchema, readSettings, type GateSettings, type SettingsRead } from '../settings/schema';

export async function loadLocalSettings(): Promise<SettingsRead> {
  const { settings } = await browser.storage.local.get('settings');
  return readSettings(settings);
}

/** The managed policy, or undefined when there is none (or the browser cannot read it). */
export async function loadManagedPolicy(): Promise<unknown> {
  try {
    const raw = await browser.storage.managed.get();
    return raw && Object.keys(raw).length > 0 ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** Checks the settings with the schema before storing them; throws with the first problem otherwise. */
export async function storeLocalSettings(next: GateSettings): Promise<void> {
  const checked = GateSettingsSchema.safeParse(next);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid settings'}`);
  }
  await browser.storage.local.set({ settings: checked.data });
}

/** Calls `onChange` when the own settings or the managed policy change; returns the unsubscribe function. */
export function watchSettings(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'managed' || (area === 'local' && 'settings' in changes)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
