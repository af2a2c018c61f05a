/**
 * Trust boundaries: a content script lives in a web page and is not trusted. From the gate's own content-script world
 * (reached the way DevTools does), it cannot read the settings or the consent list, cannot open the extension's
 * database, cannot use the extension pages' messages, and cannot release a file it did not review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../src/demo-site/server';
import { ContentWorld } from '../bench/browser/world';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from './chromium';
import { demoRoster, launchWithExtension, settingsFor, type WithExtension } from './extension';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('what a content script may not do', () => {
  let site: DemoSite;
  let ext: WithExtension;
  let world: ContentWorld;

  beforeAll(async () => {
    site = await startDemoSite();
    ext = await launchWithExtension();
    await ext.configure(settingsFor({ [site.origins.cms]: 'website' }), demoRoster());
    const page = await ext.context.newPage();
    world = await ContentWorld.attach(page, 'ConsentGate');
    await page.goto(site.urls.cms);
  }, 60_000);

  afterAll(async () => {
    await world?.detach();
    await ext?.close();
    await site?.close();
  });

  it('cannot read storage.local (settings)', async () => {
    const r = await world.evaluate<string>(`chrome.storage.local.get('settings').then((v) => 'read: ' + JSON.stringify(v), (e) => 'refused: ' + e.message)`);
    expect(r).toMatch(/^refused/);
  });

  it("cannot open the extension's consent database: indexedDB there is the web page's own", async () => {
    const r = await world.evaluate<{ origin: string; stores: string[] }>(`new Promise((resolve, reject) => {
      const req = indexedDB.open('consent-gate');
      req.onsuccess = () => { const db = req.result; resolve({ origin: location.origin, stores: Array.from(db.objectStoreNames) }); db.close(); indexedDB.deleteDatabase('consent-gate'); };
      req.onerror = () => reject(req.error);
    })`);
    expect(r.origin).toBe(site.origins.cms);
    expect(r.stores).toEqual([]);
  });

  it("gets no answer to the extension pages' messages, and an error for made-up ones", async () => {
    const status = await world.evaluate<string>(`chrome.runtime.sendMessage({ type: 'ui:status', tabId: null }).then((r) => JSON.stringify(r ?? null), (e) => 'error: ' + e.message)`);
    expect(status).not.toContain('pupils');
    expect(status).not.toContain('roster');
    const madeUp = await world.evaluate<string>(`chrome.runtime.sendMessage({ type: 'cs:set-consent', pupilId: '2002', channel: 'website', state: 'yes' }).then((r) => JSON.stringify(r ?? null), (e) => 'error: ' + e.message)`);
    expect(madeUp).toMatch(/malformed|error/);
  });

  it('cannot release a file it did not review, nor drive the inference worker', async () => {
    const release = await world.evaluate<string>(`chrome.runtime.sendMessage({ type: 'cs:release', jobId: 'aaaaaaaa-0000-0000-0000-000000000000', confirmations: {}, manualFaces: [], noFacesConfirmed: true, noHarmConfirmed: true }).then((r) => JSON.stringify(r))`);
    expect(JSON.parse(release)).toEqual({ ok: false, reasons: ['not_reviewed'] });
    const worker = await world.evaluate<string>(`chrome.runtime.sendMessage({ type: 'bg:os-status', target: 'offscreen' }).then((r) => JSON.stringify(r ?? null), (e) => 'error: ' + e.message)`);
    expect(worker).not.toMatch(/"ready":true/);
  });
});
