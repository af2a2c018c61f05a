#!/usr/bin/env -S npx tsx
/**
 * npm start: builds the extension and opens Debian's Chromium with it loaded, the fictional demo class imported as
 * the consent list, and the local demo site (a school CMS upload page, a Lexical post composer, a TinyMCE
 * newsletter) configured as the school's website, social media and newsletter. Pick, drop or paste a photo there.
 *
 *   npm start                   build, then open the browser (headless when there is no display)
 *   npm start -- --no-build     reuse .output/chrome-mv3
 *   npm start -- --smoke FILE   headless: pick face-api's sample1.jpg on the CMS page, screenshot the review to FILE, exit
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startDemoSite } from '../src/demo-site/server';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../test/browser/chromium';
import { demoRoster, launchWithExtension, settingsFor } from '../test/browser/extension';
import { sample } from '../test/browser/photo-fixtures';
import { ShadowPanel } from '../test/browser/shadow';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const smoke = args.includes('--smoke') ? (args[args.indexOf('--smoke') + 1] ?? join(ROOT, 'review.png')) : null;

if (!HAS_CHROMIUM) {
  console.error(NO_CHROMIUM_MESSAGE);
  process.exit(1);
}
if (!args.includes('--no-build')) {
  console.log('Building the extension…');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const site = await startDemoSite({ ports: { cms: port('CMS_PORT', 5701), composer: port('COMPOSER_PORT', 5702), newsletter: port('NEWSLETTER_PORT', 5703) } });
const headless = smoke !== null || !process.env.DISPLAY;
const browser = await launchWithExtension({ headless });
const roster = demoRoster();
await browser.configure(
  settingsFor({ [site.origins.cms]: 'website', [site.origins.composer]: 'social', [site.origins.newsletter]: 'nieuwsbrief' }, { lang: 'auto' }),
  roster,
);

console.log(`
ConsentGate is loaded with the demo class (${roster.pupils.length} fictional pupils of group 8B, demo/roster.csv):
  school website (CMS upload)  ${site.urls.cms}        → channel "website"
  Facebook-like composer       ${site.urls.composer}   → channel "social"
  newsletter (TinyMCE)         ${site.urls.newsletter} → channel "nieuwsbrief"
Photos to try: ${join(ROOT, 'node_modules/@vladmandic/face-api/demo')}/sample1.jpg … sample6.jpg
`);

if (smoke) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(site.urls.cms);
  const t0 = performance.now();
  await page.setInputFiles('#file', sample(1));
  const panel = await ShadowPanel.open(page);
  await panel.waitFor('[data-face]', 30_000);
  console.log(`Review shown ${Math.round(performance.now() - t0)} ms after the pick (cold worker).`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: smoke });
  console.log(`Screenshot: ${smoke}`);
  await browser.close();
  await site.close();
} else {
  const pages = [site.urls.index, site.urls.cms, site.urls.composer, site.urls.newsletter];
  for (const url of pages) await (await browser.context.newPage()).goto(url);
  for (const p of browser.context.pages()) if (p.url() === 'about:blank') await p.close();
  console.log(headless ? 'No display found: Chromium runs headless. Set DISPLAY (or use a desktop) to see it.' : 'Close the browser window or press Ctrl-C to stop.');
  const stop = async (): Promise<void> => {
    await browser.close();
    await site.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  browser.context.on('close', () => void stop());
}
