/**
 * The privacy officer's day, end to end: import the school's CSV through the options page, a parent withdraws
 * consent, the officer changes it, and the very next upload of that pupil's photo in a tab that was already open is
 * held for that face (no reload). Also: a school board policy shows on the options page as managed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../src/demo-site/server';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from './chromium';
import { ROOT, launchWithExtension, settingsFor, type WithExtension } from './extension';
import { answer, cancel, reviewShown } from './flows';
import { sample } from './photo-fixtures';
import { ShadowPanel } from './shadow';
import { readLog } from './log-seed';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('consent list: import, withdraw, next upload held', () => {
  let site: DemoSite;
  let ext: WithExtension;

  beforeAll(async () => {
    site = await startDemoSite();
    ext = await launchWithExtension();
    // Sites only: the consent list comes in through the options page below.
    await ext.configure(settingsFor({ [site.origins.cms]: 'website' }), null);
  }, 60_000);

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('imports the CSV in the options page; a withdrawal there holds the next upload in an open tab', async () => {
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
    await options.setInputFiles('#roster-file', join(ROOT, 'demo/roster.csv'));
    await options.waitForSelector('[data-testid="csv-preview"]');
    await options.click('[data-testid="check-button"]');
    await options.click('[data-testid="import-button"]');
    await options.waitForSelector('[data-testid="import-done"]');

    // A tab that is open before the withdrawal, and stays open.
    const tab = await ext.context.newPage();
    await tab.goto(site.urls.cms);
    const panel = await ShadowPanel.open(tab);
    await tab.setInputFiles('#file', sample(1));
    expect(await reviewShown(panel)).toBe(3);
    await answer(panel, { 0: '2001', 1: 'adult', 2: 'adult' });
    expect(await panel.text('[data-action="release"]')).toMatch(/^Continue/);
    await cancel(panel);
    await panel.waitGone();

    // Noor's parents withdraw consent for the website.
    await options.bringToFront();
    await options.click('nav [data-section="pupils"]');
    await options.selectOption('tr[data-pupil="2001"] select[data-channel="website"]', 'withdrawn');
    await options.locator('[data-testid="recent-changes"] li[data-what="consent"][data-pupil="2001"]').waitFor();
    // The director's log has the import and the withdrawal too (ids and states only, no names).
    const logged = (await readLog(options)).filter((e) => e.kind === 'consent_change');
    expect(logged.map((e) => [e.pupilIds, e.channel, e.detail])).toEqual([
      [[], '', expect.stringMatching(/^consent list imported from .*\.csv: \d+ pupils$/)],
      [['2001'], 'website', 'consent for website: yes → withdrawn'],
    ]);

    // The next upload of her photo in the open tab, without a reload.
    await tab.bringToFront();
    await tab.setInputFiles('#file', sample(1));
    expect(await reviewShown(panel)).toBe(3);
    await answer(panel, { 0: '2001', 1: 'adult', 2: 'adult' });
    expect(await panel.text('[data-pupil="2001"]')).toMatch(/withdrawn/i);
    expect(await panel.text('[data-action="release"]')).toMatch(/Cover 1 face/);
    await cancel(panel);
  });
});
