/**
 * The built extension in Debian's Chromium: launch with it loaded, seed its settings and consent list through the
 * service worker (as the options page will), and wait until the content scripts are registered.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { importRoster } from '../../src/consent/load';
import type { Roster } from '../../src/consent/schema';
import { DEFAULT_SETTINGS, type GateSettings } from '../../src/settings/schema';
import { launchChromium, type Launched } from './chromium';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BUILT_EXTENSION = join(ROOT, '.output/chrome-mv3');

/** The fictional demo class, imported now (so the list is never stale in tests). */
export function demoRoster(): Roster {
  const result = importRoster(readFileSync(join(ROOT, 'demo/roster.csv'), 'utf8'), 'roster.csv');
  if (!result.ok) throw new Error('demo/roster.csv does not import: ' + JSON.stringify(result.errors));
  return result.roster;
}

export function settingsFor(sites: Record<string, string>, overrides: Partial<GateSettings> = {}): GateSettings {
  return { ...DEFAULT_SETTINGS, lang: 'en', ...overrides, sites: Object.entries(sites).map(([origin, channel]) => ({ origin, channel })) };
}

export interface WithExtension extends Launched {
  worker: Worker;
  extensionId: string;
  configure(settings: GateSettings, roster: Roster | null): Promise<void>;
}

/** A copy of the built extension that a test may break (remove a model, corrupt the self-test photo). */
export function copyOfExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'consent-gate-ext-'));
  cpSync(BUILT_EXTENSION, dir, { recursive: true });
  return dir;
}

async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
}

export async function launchWithExtension(options: { extensionDir?: string; headless?: boolean } = {}): Promise<WithExtension> {
  const launched = await launchChromium({ extensionDir: options.extensionDir ?? BUILT_EXTENSION, ...(options.headless === undefined ? {} : { headless: options.headless }) });
  const worker = await serviceWorker(launched.context);
  const extensionId = new URL(worker.url()).host;
  return {
    ...launched,
    worker,
    extensionId,
    configure: async (settings, roster) => {
      await worker.evaluate(
        async ({ settings, roster }) => {
          const g = globalThis as unknown as { chrome: any; consentGateAdmin: { importRoster(r: unknown, who: string): Promise<unknown> } };
          if (roster) await g.consentGateAdmin.importRoster(roster, 'test harness');
          await g.chrome.storage.local.set({ settings });
        },
        { settings, roster },
      );
      // The background re-registers its content scripts on the settings change; wait until they match.
      const want = [...new Set(settings.sites.map((s) => `${new URL(s.origin).protocol}//${new URL(s.origin).hostname}/*`))].sort();
      const deadline = Date.now() + 10_000;
      for (;;) {
        const got: string[] = await worker.evaluate(async () => {
          const c = (globalThis as unknown as { chrome: any }).chrome;
          const scripts = await c.scripting.getRegisteredContentScripts();
          return [...new Set<string>(scripts.flatMap((s: { matches?: string[] }) => s.matches ?? []))].sort();
        });
        if (JSON.stringify(got) === JSON.stringify(want) && got.length > 0) return;
        if (Date.now() > deadline) throw new Error(`content scripts not registered: want ${want.join(', ')}, got ${got.join(', ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
