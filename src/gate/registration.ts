/**
 * The content scripts run only on the origins the school configured: they are registered at run time from the
 * settings (and re-registered when the settings change), not listed in the manifest for every site.
 */
import { browser } from 'wxt/browser';
import { matchPatterns, type GateSettings } from '../settings/schema';

const SCRIPTS = [
  // The gate (isolated world) in every frame, including editors' about:blank frames (TinyMCE's iframe).
  { id: 'consent-gate', js: ['content-scripts/gate.js'], world: 'ISOLATED' },
  // The backstop in the page's own world, before any page script can keep a reference to fetch or XHR.
  { id: 'consent-gate-backstop', js: ['content-scripts/backstop.js'], world: 'MAIN' },
] as const;

export async function syncContentScripts(settings: GateSettings): Promise<string[]> {
  const patterns = matchPatterns(settings);
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: SCRIPTS.map((s) => s.id) });
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: registered.map((s) => s.id) });
  if (patterns.length === 0) return [];
  await browser.scripting.registerContentScripts(
    SCRIPTS.map((s) => ({
      id: s.id,
      js: [...s.js],
      world: s.world,
      matches: patterns,
      runAt: 'document_start',
      allFrames: true,
      matchOriginAsFallback: true,
      persistAcrossSessions: true,
    })),
  );
  return patterns;
}
