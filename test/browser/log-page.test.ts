/**
 * The director's log end to end: uploads on the demo site (one covered, one released as it is, one cancelled, one
 * stopped by the backstop) appear on the log page with the right outcomes and reasons; the charts draw them; the
 * per-pupil report finds the child's uploads; a signed export opens again beside the log and a tampered copy is
 * refused; and a web page can reach neither the page nor the log.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../src/demo-site/server';
import { OUTCOME_COLORS } from '../../src/log-page/charts';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from './chromium';
import { demoRoster, launchWithExtension, settingsFor, type WithExtension } from './extension';
import { answer, cancel, confirmAndRelease, reviewShown } from './flows';
import { readLog } from './log-seed';
import { sample } from './photo-fixtures';
import { ShadowPanel } from './shadow';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

/** Pixels of a PNG within `tolerance` of a #rrggbb colour. */
async function pixelsOf(png: Buffer, hex: string, tolerance = 24): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < info.width * info.height * 3; i += 3) {
    if (Math.abs(data[i]! - r!) <= tolerance && Math.abs(data[i + 1]! - g!) <= tolerance && Math.abs(data[i + 2]! - b!) <= tolerance) n++;
  }
  return n;
}

describe.skipIf(!HAS_CHROMIUM)('the director’s log page', () => {
  let site: DemoSite;
  let ext: WithExtension;
  let log: Page;
  let logUrl: string;

  beforeAll(async () => {
    site = await startDemoSite();
    ext = await launchWithExtension();
    await ext.configure(settingsFor({ [site.origins.cms]: 'website', [site.origins.composer]: 'social' }, { staffName: 'juf Anna' }), demoRoster());
    logUrl = `chrome-extension://${ext.extensionId}/log.html`;

    const page = await ext.context.newPage();
    await page.goto(site.urls.cms);
    const panel = await ShadowPanel.open(page);
    // Covered: Noor (website consent) and an adult answered; the third face is unconfirmed and covered.
    await page.setInputFiles('#file', sample(1));
    expect(await reviewShown(panel)).toBe(3);
    await answer(panel, { 0: '2001', 1: 'adult' });
    await confirmAndRelease(panel);
    await panel.waitGone();
    // Released as it is: every face accounted for with consent.
    await page.setInputFiles('#file', sample(1));
    await reviewShown(panel);
    await answer(panel, { 0: '2001', 1: 'adult', 2: '2003' });
    expect(await confirmAndRelease(panel)).toMatch(/Continue/);
    await panel.waitGone();
    // Cancelled by the uploader.
    await page.setInputFiles('#file', sample(2));
    await reviewShown(panel);
    await cancel(panel);
    await panel.waitGone();
    // Stopped: a script sends a photo that was never reviewed.
    await page.goto(site.urls.backstop);
    await page.click('#send-fetch');
    await page.waitForFunction(() => /ConsentGate stopped this upload/.test(document.querySelector('#result')?.textContent ?? ''), null, { timeout: 15_000 });
    await page.close();

    log = await ext.context.newPage();
    await log.setViewportSize({ width: 1400, height: 1200 });
    await log.goto(logUrl);
    for (let i = 0; (await readLog(log)).length < 4; i++) {
      if (i > 150) throw new Error('the log did not get four entries');
      await log.waitForTimeout(100);
    }
    await log.reload();
    await log.waitForSelector('.log-page[data-loaded="true"][data-chain="intact"]', { timeout: 20_000 });
  }, 180_000);

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  const row = (outcome: string) => log.locator(`[data-testid="log-table"] .log-row[data-outcome="${outcome}"]`);

  it('lists each upload with its outcome, staff member and reasons, and says the chain is intact', async () => {
    expect(await log.textContent('[data-testid="chain-state"]')).toMatch(/Chain intact since .* · \d+ entr/);
    for (const outcome of ['covered', 'released', 'cancelled', 'blocked']) expect(await row(outcome).count(), outcome).toBe(1);
    const covered = row('covered');
    expect(await covered.locator('.c-reason').getAttribute('data-reasons')).toBe('unconfirmed');
    expect(await covered.locator('.c-reason').textContent()).toBe('nobody has confirmed who this is');
    expect(await covered.locator('.c-staff').textContent()).toBe('juf Anna');
    expect(await covered.locator('.c-pupils').textContent()).toBe('Noor Jansen');
    expect(await row('released').locator('.c-pupils').textContent()).toBe('Noor Jansen, Fenna van Dijk');
    expect(await row('blocked').locator('.c-reason').textContent()).toMatch(/fetch to .*upload/);

    // Details: every face with its pupil and what happened to it, the hashes, no image.
    await covered.click();
    const details = log.locator('[data-testid="entry-details"]');
    await expect.poll(() => details.textContent()).toMatch(/Face 1 · Noor Jansen \(2001\) · may be shown/);
    expect(await details.textContent()).toMatch(/Face 3 · — · covered · nobody has confirmed who this is/);
    expect(await details.textContent()).toMatch(/SHA-256 of the published file[0-9a-f]{64}/);
  });

  it('filters by outcome and by pupil', async () => {
    await log.selectOption('select[name="outcome"]', 'covered');
    await expect.poll(() => log.getAttribute('[data-testid="log-table"]', 'data-count')).toBe('1');
    await log.selectOption('select[name="outcome"]', '');
    await log.selectOption('select[name="pupil"]', '2003');
    await expect.poll(() => log.getAttribute('[data-testid="log-table"]', 'data-count')).toBe('1');
    expect(await row('released').count()).toBe(1);
    await log.click('.filters .clear button');
    await expect.poll(() => log.getAttribute('[data-testid="log-table"]', 'data-count')).not.toBe('1');
  });

  it('draws the outcomes per week and the reasons', async () => {
    const weekly = log.locator('[data-chart="weekly"]');
    expect(await weekly.locator('rect[data-outcome="covered"]').count()).toBeGreaterThan(0);
    expect(await log.locator('[data-chart="reasons"] [data-reason="unconfirmed"]').count()).toBe(1);
    expect(await log.locator('[data-chart="reasons"] [data-reason="upload_stopped"]').count()).toBe(1);
    // The screenshot has the bars in their colours, not just an empty frame.
    const shot = await weekly.screenshot();
    const meta = await sharp(shot).metadata();
    expect(meta.width!).toBeGreaterThan(300);
    for (const outcome of ['released', 'covered', 'cancelled', 'blocked'] as const) {
      expect(await pixelsOf(shot, OUTCOME_COLORS[outcome]), outcome).toBeGreaterThan(20);
    }
    const reasons = await log.locator('[data-chart="reasons"]').screenshot();
    expect(await pixelsOf(reasons, '#0f766e', 40) + (await pixelsOf(reasons, OUTCOME_COLORS.covered, 40))).toBeGreaterThan(0);
  });

  it('the per-pupil report finds every upload of the child, by name from the current list', async () => {
    await log.click('[data-tab="pupil"]');
    await log.fill('input[name="pupil-search"]', 'noor');
    await log.click('[data-pupil="2001"]');
    const result = log.locator('[data-testid="pupil-result"]');
    expect(await result.locator('h3').textContent()).toBe('Noor Jansen (2001)');
    expect(await log.textContent('[data-testid="pupil-count"]')).toMatch(/^2 entries in the log/);
    expect(await log.getAttribute('[data-testid="pupil-table"]', 'data-count')).toBe('2');
    expect(await result.locator('tr[data-channel="website"]').textContent()).toMatch(/website\s*2\s*0\s*0/);
    expect(await result.textContent()).toMatch(/website: yes/);
    await log.click('[data-tab="log"]');
  });

  it('a signed export opens again beside this browser’s log; a tampered copy is refused with the reason', async () => {
    const [download] = await Promise.all([log.waitForEvent('download'), log.click('[data-action="export-json"]')]);
    expect(download.suggestedFilename()).toMatch(/^consentgate-log-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.json$/);
    const path = join(tmpdir(), download.suggestedFilename());
    await download.saveAs(path);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { entries: { staff: string }[] };
    expect(file.entries.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(file)).not.toMatch(/Noor|Jansen|data:image|descriptor/);
    file.entries[0]!.staff = 'someone else';
    const tampered = join(tmpdir(), 'tampered-log.json');
    writeFileSync(tampered, JSON.stringify(file));

    await log.setInputFiles('input[data-action="import"]', [path, tampered]);
    await log.waitForSelector('.log-page[data-source="merged"]');
    const chains = log.locator('[data-testid="merged-chains"]');
    // The same browser's file and its own log merge into one chain, which verifies.
    expect(await chains.locator('.chain.intact').count()).toBe(1);
    expect(await log.textContent('[data-testid="rejected-files"]')).toMatch(/tampered-log\.json: signature does not match/);
    await log.click('[data-action="back-to-local"]');
    await log.waitForSelector('.log-page[data-source="local"]');
  });

  it('the CSV export holds the filtered entries with names from the list', async () => {
    await log.selectOption('select[name="outcome"]', 'covered');
    await expect.poll(() => log.getAttribute('[data-testid="log-table"]', 'data-count')).toBe('1');
    const [download] = await Promise.all([log.waitForEvent('download'), log.click('[data-action="export-csv"]')]);
    const path = join(tmpdir(), download.suggestedFilename());
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/,verdict,juf Anna,.*,covered,3,1,0,Noor Jansen \(2001\),/);
    await log.click('.filters .clear button');
  });

  it('a web page can reach neither the log page nor the log', async () => {
    const page = await ext.context.newPage();
    await page.goto(site.urls.cms);
    const fetched = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'fetched';
      } catch {
        return 'refused';
      }
    }, logUrl);
    expect(fetched).toBe('refused');
    // The page's own IndexedDB has no log: the log lives in the extension's origin.
    const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(names).not.toContain('consent-gate-audit');
    // Nor can it be framed.
    await page.evaluate((url) => {
      const frame = document.createElement('iframe');
      frame.src = url;
      document.body.append(frame);
    }, logUrl);
    await page.waitForTimeout(500);
    const frame = page.frames().find((f) => f.url().startsWith('chrome-extension://'));
    const framed = frame ? await frame.evaluate(() => document.querySelector('.log-page') !== null).catch(() => false) : false;
    expect(framed).toBe(false);
    await page.close();
  });
});
