/**
 * The options page in the built extension: import the consent list through the page (saved JSON, then the demo
 * CSV with its preview and column mapping), a CSV with bad rows (every problem listed with line and column, the
 * list in force unchanged), consent changes in the pupils section (stored at once, listed as recent changes),
 * sites, policy, and opt-in recognition with enrolment of Noor (2001) from two portraits cut from sample1.jpg.
 * Screenshots go to /tmp/options-*.png.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeRoster } from '../../src/consent/json';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from './chromium';
import { ROOT, demoRoster, launchWithExtension, settingsFor, type WithExtension } from './extension';
import { sample } from './photo-fixtures';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const DEMO_CSV = join(ROOT, 'demo/roster.csv');
const SITE = 'https://school.example';

describe.skipIf(!HAS_CHROMIUM)('the options page', () => {
  let ext: WithExtension;
  let page: Page;
  let dir: string;

  const storedSettings = () =>
    ext.worker.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: any }).chrome;
      return (await c.storage.local.get('settings')).settings;
    });
  const nav = async (section: string) => {
    await page.click(`nav [data-section="${section}"]`);
    await page.waitForSelector(`[data-testid="section-${section}"]`);
  };
  const shot = async (name: string) => {
    // From the top, so the sticky navigation is where a reader of the page first sees it.
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: `/tmp/options-${name}.png`, fullPage: true });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'consent-gate-options-'));
    ext = await launchWithExtension();
    await ext.configure(settingsFor({ [SITE]: 'website' }), null);
    page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
    await page.waitForSelector('[data-testid="section-import"]');
  }, 120_000);

  afterAll(async () => {
    await ext?.close();
  });

  it('opens on the consent list, with no list yet', async () => {
    expect(await page.title()).toBe('ConsentGate — options');
    expect(await page.textContent('[data-testid="current-list"]')).toContain('No consent list has been imported yet');
  });

  it('imports a saved roster (JSON) and warns that it is older than the policy allows', async () => {
    const old = { ...demoRoster(), importedAt: new Date(Date.now() - 45 * 86_400_000).toISOString(), source: { kind: 'csv' as const, name: 'groep8-2025.csv' } };
    const file = join(dir, 'saved-roster.json');
    writeFileSync(file, serializeRoster(old));
    await page.setInputFiles('#roster-file', file);
    // No preview or mapping for a saved roster: it is checked as a whole.
    expect(await page.$('[data-testid="csv-preview"]')).toBeNull();
    await page.click('[data-testid="check-button"]');
    await page.click('[data-testid="import-button"]');
    await page.waitForSelector('[data-testid="import-done"]');
    expect(await page.textContent('[data-testid="list-source"]')).toBe('groep8-2025.csv');
    expect(await page.textContent('[data-testid="list-stale"]')).toMatch(/45 days old; the policy allows at most 30 days/);
  });

  it('imports demo/roster.csv through the preview and the column mapping', async () => {
    await page.setInputFiles('#roster-file', DEMO_CSV);
    await page.waitForSelector('[data-testid="csv-preview"]');
    // The first rows as a table, each column tagged with what it is read as.
    const headers = await page.$$eval('[data-testid="csv-preview"] th', (ths) => ths.map((th) => th.firstChild?.textContent));
    expect(headers).toEqual(['leerlingnummer', 'roepnaam', 'tussenvoegsel', 'achternaam', 'groep', 'biometrie', 'website', 'social', 'nieuwsbrief', 'voornaam_nieuwsbrief']);
    expect(await page.$$eval('[data-testid="csv-preview"] tbody tr', (rows) => rows.length)).toBe(5);
    // The mapping is pre-filled from the guess.
    expect(await page.inputValue('#map-pupil_id')).toBe('leerlingnummer');
    expect(await page.inputValue('#map-biometric_consent')).toBe('biometrie');
    expect(await page.$$eval('[data-testid="channels"] input[name="channel-id"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['website', 'social', 'nieuwsbrief']);
    // The admin names the channels.
    const labels = await page.$$('[data-testid="channels"] input[name="channel-label"]');
    await labels[0]!.fill('Schoolwebsite');
    await labels[2]!.fill('Nieuwsbrief');
    await shot('import-mapping');

    await page.click('[data-testid="check-button"]');
    expect(await page.textContent('[data-testid="import-ready"]')).toContain('The file is valid: 5 pupils in 1 group.');
    // Checked, not stored: the old list is still in force.
    expect(await page.textContent('[data-testid="list-source"]')).toBe('groep8-2025.csv');
    expect(await page.textContent('[data-testid="import-button"]')).toBe('Import 5 pupils');
    await page.click('[data-testid="import-button"]');
    await page.waitForSelector('[data-testid="import-done"]');
    expect(await page.textContent('[data-testid="import-done"]')).toContain('5 pupils imported. References for recognition: 0 kept, 0 dropped.');
    expect(await page.textContent('[data-testid="list-source"]')).toBe('roster.csv');
    expect(await page.$('[data-testid="list-stale"]')).toBeNull();
    const list = await page.textContent('[data-testid="current-list"]');
    expect(list).toContain('8B: 5');
    expect(list).toContain('Schoolwebsite');
    expect(list).toContain('3 with biometric consent, 0 enrolled');
    await shot('import-done');
  });

  it('lists every problem of a bad CSV with line and column, and keeps the list in force', async () => {
    const lines = readFileSync(DEMO_CSV, 'utf8').trimEnd().split('\n');
    lines[2] = lines[2]!.replace('2002,Lotte,de,Vries,8B,ja,nee,', '2002,Lotte,de,Vries,8B,ja,misschien,');
    lines[4] = '2004,Zoë,,,8B,ja,ingetrokken,nee,ja,nee';
    lines.push('2001,Noor,,Jansen,8B,ja,ja,nee,ja,ja');
    const bad = join(dir, 'groep8-fout.csv');
    writeFileSync(bad, lines.join('\n') + '\n');
    await page.setInputFiles('#roster-file', bad);
    await page.waitForSelector('[data-testid="csv-preview"]');
    // "misschien" is no consent word, so the guess does not take "website" for a channel; the page says the column
    // is not read, and the admin adds the channel back.
    expect(await page.textContent('[data-testid="unused-columns"]')).toContain('These columns are not read: website.');
    await page.click('button:has-text("Add a channel")');
    expect(await page.$$eval('[data-testid="channels"] input[name="channel-id"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['social', 'nieuwsbrief', 'website']);
    expect(await page.$('[data-testid="unused-columns"]')).toBeNull();
    await page.click('[data-testid="check-button"]');
    await page.waitForSelector('[data-testid="import-problems"]');
    const problems = await page.$$eval('[data-testid="import-problems"] tbody tr', (rows) =>
      rows.map((r) => ({ line: r.getAttribute('data-line'), column: r.getAttribute('data-column'), text: r.textContent })),
    );
    expect(problems).toEqual([
      expect.objectContaining({ line: '3', column: 'website', text: expect.stringContaining('"misschien" is not a consent value') }),
      expect.objectContaining({ line: '5', column: 'achternaam', text: expect.stringContaining('the family name is empty') }),
      expect.objectContaining({ line: '7', column: 'leerlingnummer', text: expect.stringContaining('pupil id "2001" is used twice: on line 2 and on line 7') }),
    ]);
    expect(await page.textContent('[data-testid="import-problems"]')).toContain('3 problems found — nothing was stored');
    expect(await page.$('[data-testid="import-button"]')).toBeNull();
    // The list in force is unchanged.
    expect(await page.textContent('[data-testid="list-source"]')).toBe('roster.csv');
    expect(await page.textContent('[data-testid="list-count"]')).toBe('5');
    await shot('import-problems');
  });

  it('withdraws a pupil’s website consent in the pupils section and lists the change', async () => {
    await nav('pupils');
    expect(await page.$$eval('[data-testid="pupil-table"] tbody tr', (rows) => rows.length)).toBe(5);
    await page.fill('input[name="pupil-search"]', 'zoe');
    expect(await page.$$eval('[data-testid="pupil-table"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-pupil')))).toEqual(['2004']);
    await page.fill('input[name="pupil-search"]', '');

    const select = 'tr[data-pupil="2001"] select[data-channel="website"]';
    expect(await page.inputValue(select)).toBe('yes');
    await page.selectOption(select, 'withdrawn');
    const change = page.locator('[data-testid="recent-changes"] li[data-what="consent"][data-pupil="2001"]');
    await change.waitFor();
    const text = await change.textContent();
    expect(text).toContain('consent changed');
    expect(text).toContain('Noor Jansen');
    expect(text).toContain('Schoolwebsite');
    expect(text).toContain('yes → withdrawn');
    expect(text).toContain('by privacy officer');
    await shot('pupils');

    // Stored, not just shown: a fresh page reads it back from the store.
    await page.reload();
    await page.waitForSelector('[data-testid="pupil-table"]');
    expect(await page.inputValue(select)).toBe('withdrawn');
  });

  it('adds a site for a channel of the list and refuses an invalid origin', async () => {
    await nav('sites');
    await page.fill('input[name="origin"]', 'ftp://nieuws.school.example');
    await page.selectOption('select[name="channel"]', 'nieuwsbrief');
    await page.click('[data-testid="add-site"] button[type="submit"]');
    expect(await page.textContent('[data-testid="site-issue"]')).toContain('Enter an address such as');
    await page.fill('input[name="origin"]', 'nieuws.school.example/editor');
    await page.click('[data-testid="add-site"] button[type="submit"]');
    await page.waitForSelector('tr[data-origin="https://nieuws.school.example"]');
    expect((await storedSettings()).sites).toContainEqual({ origin: 'https://nieuws.school.example', channel: 'nieuwsbrief' });
    expect(await page.textContent('tr[data-origin="https://nieuws.school.example"]')).toContain('Nieuwsbrief');
    await shot('sites');
  });

  it('stores the policy within its bounds', async () => {
    await nav('policy');
    await page.fill('input[name="threshold"]', '0.6');
    await page.fill('input[name="maxListAgeDays"]', '14');
    await page.click('[data-testid="policy-save"]');
    expect(await page.textContent('[data-testid="section-policy"]')).toContain('Enter a number above 0 and at most 0.5.');
    expect((await storedSettings()).maxListAgeDays).toBe(30);
    await page.fill('input[name="threshold"]', '0.4');
    await page.fill('input[name="staffName"]', 'Juf Anja');
    await page.click('[data-testid="policy-save"]');
    await page.waitForSelector('text=Saved.');
    expect(await storedSettings()).toMatchObject({ maxListAgeDays: 14, staffName: 'Juf Anja', match: { threshold: 0.4, margin: 0.08 } });
    await shot('policy');
  });

  it('turns recognition on only after both confirmations, enrols Noor from portraits, and deletes it all again', async () => {
    await nav('recognition');
    const turnOn = page.locator('button', { hasText: 'Turn recognition on' });
    expect(await turnOn.isDisabled()).toBe(true);
    await page.check('input[name="confirm-biometric"]');
    expect(await turnOn.isDisabled()).toBe(true);
    await page.check('input[name="confirm-dpia"]');
    await turnOn.click();
    await page.waitForSelector('[data-testid="section-enrol"]');
    expect(await storedSettings()).toMatchObject({ mode: 'recognize', recognition: { biometricConsentConfirmed: true, dpiaConfirmed: true, by: 'Juf Anja' } });

    // Fenna (2003) has no biometric consent on the list: she cannot be enrolled.
    expect(await page.isDisabled('#portraits-2003')).toBe(true);
    expect(await page.textContent('[data-testid="enrol-table"] tr[data-pupil="2003"]')).toContain('No biometric consent on the list');

    // Two portraits of Noor (the first face of sample1.jpg) and a blurred one.
    const photo = readFileSync(sample(1));
    const [x, y, w, h] = [1461, 221, 229, 213];
    const crop = (k: number) => sharp(photo).extract({ left: Math.round(x - w * k), top: Math.round(y - h * k), width: Math.round(w * (1 + 2 * k)), height: Math.round(h * (1 + 2 * k)) });
    const smear = (n: number) => ({ width: n, height: 3, kernel: [...new Array<number>(n).fill(0), ...new Array<number>(n).fill(1), ...new Array<number>(n).fill(0)] });
    const files = [
      { name: 'noor-1.jpg', mimeType: 'image/jpeg', buffer: await crop(0.7).jpeg({ quality: 92 }).toBuffer() },
      { name: 'noor-2.jpg', mimeType: 'image/jpeg', buffer: await crop(0.45).resize({ width: 400 }).jpeg({ quality: 88 }).toBuffer() },
      // A camera moved by 15 px: the detector still finds the face, the blur check rejects it.
      { name: 'noor-blurred.png', mimeType: 'image/png', buffer: await sharp(await crop(0.6).png().toBuffer()).convolve(smear(15)).png().toBuffer() },
    ];
    await page.setInputFiles('#portraits-2001', files);
    const results = page.locator('tr[data-pupil="2001"] [data-testid="portrait-results"]');
    await results.waitFor({ timeout: 120_000 });
    const resultText = await results.textContent();
    expect(resultText).toContain('noor-1.jpg: usable');
    expect(resultText).toContain('noor-2.jpg: usable');
    expect(resultText).toContain('noor-blurred.png: the face is blurred');
    expect(resultText).toContain('2 references stored.');
    await page.waitForFunction(() => document.querySelector('tr[data-pupil="2001"] [data-testid="references"]')?.textContent === '2 references');
    await shot('recognition');

    // The store holds descriptors only, and the change log says so.
    await nav('pupils');
    expect(await page.textContent('[data-testid="recent-changes"] li[data-what="descriptors"]')).toContain('Noor Jansen');

    await nav('recognition');
    await page.click('button:has-text("Delete all biometric data")');
    await page.waitForSelector('[role="alertdialog"]');
    await shot('recognition-confirm');
    await page.click('[role="alertdialog"] button:has-text("Delete")');
    await page.waitForSelector('text=The references of 1 pupil were deleted.');
    await page.waitForFunction(() => document.querySelector('tr[data-pupil="2001"] [data-testid="references"]')?.textContent === '0 references');

    await page.click('button:has-text("Turn recognition off")');
    await page.click('[role="alertdialog"] button:has-text("Turn recognition off")');
    await page.waitForSelector('text=Recognition is off.');
    expect(await storedSettings()).toMatchObject({ mode: 'detect', recognition: null });
  }, 180_000);

  it('switches to Dutch when the language is set to Nederlands', async () => {
    await nav('policy');
    await page.selectOption('select[name="lang"]', 'nl');
    await page.click('[data-testid="policy-save"]');
    await page.waitForSelector('text=Opgeslagen.');
    expect(await page.title()).toBe('ConsentGate — instellingen');
    await nav('pupils');
    expect(await page.textContent('[data-testid="section-pupils"]')).toContain('Leerlingen');
    expect(await page.inputValue('tr[data-pupil="2001"] select[data-channel="website"]')).toBe('withdrawn');
    expect(await page.textContent('tr[data-pupil="2001"] select[data-channel="website"] option:checked')).toBe('ingetrokken');
    await shot('pupils-nl');
  });
});
