/**
 * A school board deploys the settings centrally: a Chromium policy file in /etc/chromium/policies/managed/ carries
 * `3rdparty.extensions.<id>`, Chromium hands it to the extension as storage.managed, and the gate applies it (here:
 * which site is the school website) without anyone touching the browser. Needs root to write the policy file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../src/demo-site/server';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from './chromium';
import { copyOfExtension, demoRoster, launchWithExtension, type WithExtension } from './extension';
import { cancel, reviewShown } from './flows';
import { sample } from './photo-fixtures';
import { ShadowPanel } from './shadow';

const POLICY_DIR = '/etc/chromium/policies/managed';
const CAN_WRITE_POLICY = process.getuid?.() === 0;
if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);
else if (!CAN_WRITE_POLICY) console.warn(`not root: cannot write ${POLICY_DIR} (skipping the managed-policy test)`);

/** Chromium's id for an unpacked extension: the SHA-256 of its absolute path, first 32 hex digits mapped to a–p. */
export function unpackedExtensionId(dir: string): string {
  return [...createHash('sha256').update(dir).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

describe.skipIf(!HAS_CHROMIUM || !CAN_WRITE_POLICY)('the school board policy (storage.managed)', () => {
  let site: DemoSite;
  let ext: WithExtension;
  let dir: string;
  const policyFile = `${POLICY_DIR}/consent-gate-test-${process.pid}.json`;

  beforeAll(async () => {
    site = await startDemoSite();
    dir = copyOfExtension();
    const policy = { sites: [{ origin: site.origins.cms, channel: 'website' }], maxListAgeDays: 14, matchThreshold: 0.9, allowOverride: false };
    mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [unpackedExtensionId(dir)]: policy } } }));
    ext = await launchWithExtension({ extensionDir: dir });
    expect(ext.extensionId).toBe(unpackedExtensionId(dir));
    await ext.worker.evaluate(async (roster) => {
      await (globalThis as unknown as { consentGateAdmin: { importRoster(r: unknown, w: string): Promise<unknown> } }).consentGateAdmin.importRoster(roster, 'test');
    }, demoRoster());
  }, 60_000);

  afterAll(async () => {
    rmSync(policyFile, { force: true });
    await ext?.close();
    await site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('arrives as storage.managed, registers the gate on the managed site, and applies its channel', async () => {
    const managed = await ext.worker.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: any }).chrome;
      for (let i = 0; i < 100; i++) {
        const v = await c.storage.managed.get();
        if (v.sites) return v;
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    });
    expect(managed).toMatchObject({ maxListAgeDays: 14 });
    // No local settings were written: the content scripts follow the managed sites.
    await expect
      .poll(
        () =>
          ext.worker.evaluate(async () => {
            const c = (globalThis as unknown as { chrome: any }).chrome;
            return (await c.scripting.getRegisteredContentScripts()).flatMap((s: { matches?: string[] }) => s.matches ?? []);
          }),
        { timeout: 10_000 },
      )
      .toContain('http://127.0.0.1/*');
    const page = await ext.context.newPage();
    await page.goto(site.urls.cms);
    const panel = await ShadowPanel.open(page);
    await page.setInputFiles('#file', sample(1));
    expect(await reviewShown(panel)).toBe(3);
    expect(await panel.text('*')).toContain('website');
    await cancel(panel);
  });

  it('shows the managed settings on the options page as set by the school board, read-only', async () => {
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
    await options.click('nav [data-section="policy"]');
    await options.waitForSelector('[data-managed="true"]');
    expect(await options.locator('input[name="maxListAgeDays"]').inputValue()).toBe('14');
    expect(await options.locator('input[name="maxListAgeDays"]').isDisabled()).toBe(true);
    // The too-loose threshold in the policy is reported and not applied.
    expect(await options.textContent('body')).toMatch(/matchThreshold/);
    expect(await options.locator('input[name="threshold"]').inputValue()).toBe('0.45');
  });
});
