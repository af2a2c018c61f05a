/**
 * Overrides end to end on the demo CMS, in Debian's Chromium with the built extension: where the policy allows it, a
 * held photo is published with the face without consent left visible and ONE 'override' entry in the director's log
 * carrying the written reason; where the policy forbids it, the review has no override button at all.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit';
import { startDemoSite, type DemoSite } from '../../src/demo-site/server';
import { startNodeEngine } from '../../src/faces/node';
import type { Box } from '../../src/faces/types';
import { coverRect } from '../../src/redact';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from './chromium';
import { demoRoster, launchWithExtension, settingsFor, type WithExtension } from './extension';
import { answer, cancel, reviewShown } from './flows';
import { regionStats, sample } from './photo-fixtures';
import { ShadowPanel } from './shadow';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const REASON = 'Ouders van deze leerling gaven op 3 maart per e-mail toestemming.';

describe.skipIf(!HAS_CHROMIUM)('overrides on the demo site', () => {
  let site: DemoSite;
  let ext: WithExtension;
  let faces: Box[];

  beforeAll(async () => {
    site = await startDemoSite();
    ext = await launchWithExtension();
    const engine = await startNodeEngine({ selfTest: 'detect' });
    const analysis = await engine.analyseBytes(readFileSync(sample(1)), { describe: false });
    if (!analysis.ok) throw new Error(analysis.error.message);
    faces = analysis.value.faces.map((f) => f.box);
  }, 120_000);

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  async function configure(allowOverride: boolean): Promise<void> {
    await ext.configure(settingsFor({ [site.origins.cms]: 'website' }, { allowOverride, staffName: 'Juf Anja' }), demoRoster());
  }

  async function open(): Promise<{ page: Page; panel: ShadowPanel }> {
    const page = await ext.context.newPage();
    await page.goto(site.urls.cms);
    return { page, panel: await ShadowPanel.open(page) };
  }

  const received = () => site.uploads().filter((u) => u.page === 'cms');

  /** The director's log as the background wrote it: IndexedDB 'consent-gate-audit', store 'entries'. */
  async function readLog(): Promise<AuditEntry[]> {
    return ext.worker.evaluate(async () => {
      // Never create the database here: an empty version-1 database would leave the background's log without stores.
      const db = await new Promise<IDBDatabase | null>((resolve) => {
        const req = indexedDB.open('consent-gate-audit');
        req.onupgradeneeded = () => req.transaction?.abort();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
      });
      if (db === null) return [];
      if (!db.objectStoreNames.contains('entries')) {
        db.close();
        return [];
      }
      const all = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction('entries').objectStore('entries').getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      db.close();
      return all as AuditEntry[];
    });
  }

  const disabled = (panel: ShadowPanel, selector: string): Promise<boolean> => panel.call<boolean>(selector, 'function () { return this.disabled; }');

  it('allowed: a reason, then the photo goes out with the face without consent visible, and the log has one override entry', async () => {
    await configure(true);
    const { page, panel } = await open();
    const before = received().length;
    const logBefore = (await readLog()).length;
    await page.setInputFiles('#file', sample(1));
    expect(await reviewShown(panel)).toBe(3);
    await answer(panel, { 0: '2002', 1: 'adult', 2: '2001' }); // Lotte has no website consent; Noor has

    expect(await panel.count('[data-action="override"]')).toBe(1);
    expect(await panel.text('[data-action="override"]')).toBe('Publish without covering…');
    await panel.click('[data-action="override"]');
    await panel.waitFor('[data-field="override-reason"]');
    expect(await panel.text('[data-override="form"]')).toMatch(/director’s log with your name/);
    // Too short, and the harm check not ticked: the confirm button waits.
    await panel.fill('[data-field="override-reason"]', '   te kort   ');
    expect(await panel.text('[data-override="count"]')).toBe('7 / at least 20 characters');
    expect(await disabled(panel, '[data-action="confirm-override"]')).toBe(true);
    await panel.fill('[data-field="override-reason"]', REASON);
    expect(await disabled(panel, '[data-action="confirm-override"]')).toBe(true);
    await panel.click('[data-check="no-harm"]');
    expect(await disabled(panel, '[data-action="confirm-override"]')).toBe(false);
    await page.screenshot({ path: '/tmp/override-form.png' });
    // Back keeps what was written; the normal release would still cover the face.
    await panel.click('[data-action="override-back"]');
    expect(await panel.text('[data-action="release"]')).toMatch(/Cover 1 face/);
    await panel.click('[data-action="override"]');
    expect(await panel.call<string>('[data-field="override-reason"]', 'function () { return this.value; }')).toBe(REASON);
    await panel.click('[data-action="confirm-override"]');
    await panel.waitGone().catch(async (err: unknown) => {
      throw new Error(`${String(err)}; panel: ${await panel.text('*').catch(() => '?')}`);
    });
    await expect.poll(() => received().length, { timeout: 15_000 }).toBe(before + 1);

    // No face is covered in what the page received.
    const bytes = readFileSync(received().at(-1)!.path);
    const meta = await sharp(bytes).metadata();
    for (const box of faces) {
      const r = coverRect(box, meta.width!, meta.height!);
      expect((await regionStats(bytes, { x: r.x + 4, y: r.y + 4, w: r.w - 8, h: r.h - 8 })).std).toBeGreaterThan(3);
    }

    const log = await readLog();
    expect(log.length).toBe(logBefore + 1);
    expect(log.at(-1)).toMatchObject({
      kind: 'override',
      verdict: 'released',
      staff: 'Juf Anja',
      channel: 'website',
      reasons: ['no_consent'],
      overrideReason: REASON,
      counts: { faces: 3, covered: 0, held: 0 },
    });
    expect(log.at(-1)!.pupilIds).toEqual(['2001', '2002']);
    await page.close();
  });

  it('forbidden: the review has no override button at all', async () => {
    await configure(false);
    const { page, panel } = await open();
    await page.setInputFiles('#file', sample(1));
    expect(await reviewShown(panel)).toBe(3);
    await answer(panel, { 0: '2002' });
    expect(await panel.count('[data-action="release"]')).toBe(1);
    expect(await panel.count('[data-action="override"]')).toBe(0);
    expect(await panel.count('[data-field="override-reason"]')).toBe(0);
    await cancel(panel);
    await panel.waitGone();
    await page.close();
  });
});
