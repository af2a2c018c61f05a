/**
 * Debian's Chromium driven by playwright-core, optionally with the built extension loaded. Never downloads a
 * browser: tests skip with a message when /usr/bin/chromium is missing (CI installs it, see .ci/run).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const NO_CHROMIUM_MESSAGE = `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (skipping browser tests)`;

/** Flags that keep Chromium off this machine's closed network and make it run as root in a container. */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

export interface Launched {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

export async function launchChromium(options: { extensionDir?: string; headless?: boolean; args?: string[] } = {}): Promise<Launched> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'consent-gate-chromium-'));
  const args = [...QUIET_FLAGS, ...(options.args ?? [])];
  if (options.extensionDir) args.push(`--disable-extensions-except=${options.extensionDir}`, `--load-extension=${options.extensionDir}`);
  const headless = options.headless ?? true;
  // Extensions need the new headless mode, which Playwright selects with --headless=new when headless is false.
  if (headless) args.push('--headless=new');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    args,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    userDataDir,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
