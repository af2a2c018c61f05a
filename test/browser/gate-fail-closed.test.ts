/**
 * Fail closed: with a model missing, a failing self-test, no consent list or a photo the browser cannot decode,
 * every upload is held with a clear message, only Cancel is offered, and nothing reaches the server.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../src/demo-site/server';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from './chromium';
import { copyOfExtension, demoRoster, launchWithExtension, settingsFor } from './extension';
import { cancel } from './flows';
import { landscape, sample } from './photo-fixtures';
import { ShadowPanel } from './shadow';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('fail closed', () => {
  let site: DemoSite;
  beforeAll(async () => {
    site = await startDemoSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  /** Picks a file on the CMS page of a browser with this extension and returns what the review says. */
  async function heldMessage(options: { extensionDir?: string; roster?: boolean; file: string | { name: string; mimeType: string; buffer: Buffer } }): Promise<string> {
    const ext = await launchWithExtension(options.extensionDir ? { extensionDir: options.extensionDir } : {});
    try {
      await ext.configure(settingsFor({ [site.origins.cms]: 'website' }), options.roster === false ? null : demoRoster());
      const page = await ext.context.newPage();
      await page.goto(site.urls.cms);
      const panel = await ShadowPanel.open(page);
      const before = site.uploads().length;
      await page.setInputFiles('#file', options.file);
      await panel.waitFor('.problems', 30_000);
      const text = await panel.text('.problems');
      // Only Cancel: no release button, or a disabled one.
      const releasable = await panel.count('[data-action="release"]:not([disabled])');
      expect(releasable).toBe(0);
      await cancel(panel);
      await panel.waitGone();
      await page.waitForTimeout(300);
      expect(site.uploads().length).toBe(before);
      expect(await page.$eval('#file', (i) => (i as HTMLInputElement).files?.length ?? 0)).toBe(0);
      return text;
    } finally {
      await ext.close();
    }
  }

  it('holds every upload when a model file is missing', async () => {
    const dir = copyOfExtension();
    rmSync(join(dir, 'models/ssd_mobilenetv1_model.bin'));
    try {
      const text = await heldMessage({ extensionDir: dir, file: sample(1) });
      expect(text).toMatch(/face detection is not available/i);
      expect(text).toMatch(/ssd_mobilenetv1_model\.bin/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds every upload when the self-test fails', async () => {
    const dir = copyOfExtension();
    // The self-test photo must yield its four recorded faces; a photo of a schoolyard yields none.
    writeFileSync(join(dir, 'models/selftest.jpg'), await landscape());
    try {
      const text = await heldMessage({ extensionDir: dir, file: sample(1) });
      expect(text).toMatch(/face detection is not available/i);
      expect(text).toMatch(/self-test|selftest/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds every upload when no consent list has been imported', async () => {
    const text = await heldMessage({ roster: false, file: sample(1) });
    expect(text).toMatch(/no consent list/i);
  });

  it('holds a photo the browser cannot decode (a HEIC or a corrupt file) with that reason', async () => {
    const text = await heldMessage({ file: { name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic not really an image') } });
    expect(text).toMatch(/could not be decoded/i);
  });
});
