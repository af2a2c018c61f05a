// The director's log page in Chromium with 100,000 entries: first paint (the newest entries on screen), everything
// read and charted, the chain verified in the page, and a filter change (until the browser painted the result).
// Runs alone: `npx tsx test/bench/browser/log-page.ts` (CONSENT_GATE_SKIP_BUILD=1 reuses .output/chrome-mv3).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { appendEntry, type AuditEntry } from '../../../src/audit';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../../browser/chromium';
import { BUILT_EXTENSION, demoRoster, launchWithExtension, ROOT, settingsFor } from '../../browser/extension';
import { seedLog } from '../../browser/log-seed';
import { benchLogData } from '../audit';
import { median, runAlone, targetRow, type TargetRow } from '../stats';

const ENTRIES = 100_000;
const LOADS = 3;

async function marks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
}

async function filterChange(page: Page, change: () => Promise<unknown>): Promise<number> {
  const before = await page.evaluate(() => performance.getEntriesByName('cg-filter').length);
  await change();
  await page.waitForFunction((n) => performance.getEntriesByName('cg-filter').length > n, before, { timeout: 10_000 });
  return page.evaluate(() => performance.getEntriesByName('cg-filter').at(-1)!.duration);
}

export async function logPageBench(log: (s: string) => void = () => undefined): Promise<{ rows: TargetRow[]; skipped: string | null }> {
  if (!HAS_CHROMIUM) return { rows: [], skipped: NO_CHROMIUM_MESSAGE };
  if (process.env.CONSENT_GATE_SKIP_BUILD !== '1' || !existsSync(join(BUILT_EXTENSION, 'manifest.json'))) {
    const build = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) return { rows: [], skipped: `the extension did not build: ${build.stderr.slice(-400)}` };
  }
  log(`log page: building ${ENTRIES.toLocaleString('en')} chained entries…`);
  const chain: AuditEntry[] = [];
  let prev: AuditEntry | null = null;
  for (const item of benchLogData(ENTRIES)) chain.push((prev = await appendEntry(prev, item)));

  const ext = await launchWithExtension();
  try {
    const roster = demoRoster();
    await ext.configure(settingsFor({ 'https://www.obs-regenboog.nl': 'website' }), roster);
    const page = await ext.context.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    const url = `chrome-extension://${ext.extensionId}/log.html`;
    await page.goto(url);
    log('log page: storing the entries in the extension’s IndexedDB…');
    await seedLog(page, chain);

    const firstPaint: number[] = [];
    const ready: number[] = [];
    const verify: number[] = [];
    for (let run = 0; run < LOADS; run++) {
      await page.goto(url);
      await page.waitForSelector('.log-page[data-loaded="true"][data-chain="intact"]', { timeout: 60_000 });
      const m = await marks(page);
      firstPaint.push(m['cg-log-first-paint']!);
      ready.push(m['cg-log-ready']!);
      verify.push(m['cg-log-verified']! - m['cg-log-verify-start']!);
    }
    const count = await page.getAttribute('[data-testid="log-table"]', 'data-count');
    if (Number(count) !== ENTRIES) throw new Error(`the page shows ${count} entries, not ${ENTRIES}`);

    const filters: number[] = [];
    const channel = page.locator('select[name="channel"]');
    const outcome = page.locator('select[name="outcome"]');
    const pupil = page.locator('select[name="pupil"]');
    const pupilId = (await pupil.locator('option').nth(5).getAttribute('value'))!;
    for (let run = 0; run < 3; run++) {
      filters.push(await filterChange(page, () => channel.selectOption('website')));
      filters.push(await filterChange(page, () => outcome.selectOption('covered')));
      filters.push(await filterChange(page, () => pupil.selectOption(pupilId)));
      filters.push(await filterChange(page, () => page.fill('input[name="from"]', '2024-11-01')));
      filters.push(await filterChange(page, () => page.click('.filters .clear button')));
    }
    const n = ENTRIES.toLocaleString('en');
    return {
      skipped: null,
      rows: [
        targetRow(`log page, ${n} entries: first paint with the newest entries (navigation → painted), median of ${LOADS}`, median(firstPaint), 1000),
        targetRow(`log page, ${n} entries: everything read, filtered, charted and painted, median of ${LOADS}`, median(ready), null),
        targetRow(`log page, ${n} entries: full chain verification in the page, median of ${LOADS}`, median(verify), 2000),
        targetRow(`log page, ${n} entries: a filter change until painted (channel, outcome, pupil, date, clear; median of ${filters.length}; max ${Math.round(Math.max(...filters))} ms)`, median(filters), 200),
      ],
    };
  } finally {
    await ext.close();
  }
}

await runAlone(import.meta.url, async () => {
  const { rows, skipped } = await logPageBench((s) => process.stderr.write(`${s}\n`));
  if (skipped) console.log(`log page bench skipped: ${skipped}`);
  return { rows };
});
