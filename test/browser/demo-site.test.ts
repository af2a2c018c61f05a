/**
 * The demo site in Debian's Chromium without the extension: every upload path must really deliver the photo, so that
 * the extension's tests can tell "blocked by ConsentGate" from "the page never uploaded".
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LexicalEditor } from 'lexical';
import type { Page } from 'playwright-core';
import type { Editor } from 'tinymce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite, type UploadRecord } from '../../src/demo-site/server';
import { sample } from '../integration/helpers';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, launchChromium, type Launched } from './chromium';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

/** What the pages expose for tests (demo/site/composer.ts and newsletter.ts). */
declare global {
  interface Window {
    __composer?: { editor: LexicalEditor; attachments(): File[] };
    __newsletter?: { editor: Editor };
  }
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const sampleSha = (n: number) => sha(readFileSync(sample(n)));
const storedSha = (r: UploadRecord | undefined) => sha(readFileSync(r?.path ?? '/nonexistent'));

describe.skipIf(!HAS_CHROMIUM)('demo site in Chromium, no extension', () => {
  let site: DemoSite;
  let browser: Launched;
  const errors: string[] = [];

  beforeAll(async () => {
    site = await startDemoSite();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function open(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (err) => errors.push(`${url}: ${err.message}`));
    await page.goto(url);
    return page;
  }
  const received = (page: UploadRecord['page']) => site.uploads().filter((r) => r.page === page);
  /** Waits until the server holds `count` more records for `page` than before, and returns the new ones. */
  async function arrived(page: UploadRecord['page'], before: number, count: number): Promise<UploadRecord[]> {
    await expect.poll(() => received(page).length, { timeout: 20_000 }).toBe(before + count);
    return received(page).slice(before);
  }

  it('index links to each page on its own origin', async () => {
    const page = await open(site.urls.index);
    const hrefs = await page.$$eval('nav a', (links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs).toEqual([site.urls.cms, site.urls.composer, site.urls.newsletter, site.urls.backstop]);
    await page.close();
  }, 60_000);

  it('cms: the hidden input, the button and the drop zone each upload the photo byte for byte by XHR', async () => {
    const page = await open(site.urls.cms);
    const before = received('cms').length;
    await page.setInputFiles('#file', sample(1));
    const [viaInput] = await arrived('cms', before, 1);
    expect(viaInput).toMatchObject({ field: 'async-upload', filename: 'sample1.jpg', contentType: 'image/jpeg' });
    expect(storedSha(viaInput)).toBe(sampleSha(1));

    // The visible button opens the hidden input's file chooser, as plupload's "Select Files" does.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#pick')]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(sample(2));
    expect(storedSha((await arrived('cms', before + 1, 1))[0])).toBe(sampleSha(2));

    await page.evaluate(async () => {
      const blob = await (await fetch('/samples/sample3.jpg')).blob();
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'gesleept.jpg', { type: 'image/jpeg' }));
      document.getElementById('dropzone')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    const [dropped] = await arrived('cms', before + 2, 1);
    expect(dropped?.filename).toBe('gesleept.jpg');
    expect(storedSha(dropped)).toBe(sampleSha(3));

    await page.locator('#received [data-filename="gesleept.jpg"] img').waitFor();
    expect(await page.locator('#progress li[data-state="done"]').count()).toBe(3);
    await page.close();
  }, 60_000);

  it('composer: typed text plus a picked, a pasted and a dropped photo are posted together', async () => {
    const page = await open(site.urls.composer);
    const before = received('composer').length;
    await page.click('#editor');
    await page.keyboard.type('Groep 5 op schoolreis');
    await page.setInputFiles('#file', sample(1));
    await page.evaluate(async () => {
      const file = async (n: number, name: string) => new File([await (await fetch(`/samples/sample${n}.jpg`)).blob()], name, { type: 'image/jpeg' });
      const editor = document.getElementById('editor') as HTMLElement;
      const pasted = new DataTransfer();
      pasted.items.add(await file(2, 'geplakt.jpg'));
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
      const dropped = new DataTransfer();
      dropped.items.add(await file(3, 'gesleept.jpg'));
      editor.dispatchEvent(new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, cancelable: true }));
      editor.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    });
    expect(await page.evaluate(() => window.__composer?.attachments().map((f) => f.name))).toEqual(['sample1.jpg', 'geplakt.jpg', 'gesleept.jpg']);
    expect(await page.locator('#tray img').count()).toBe(3);
    // Files must not have leaked into the text as names or as a second paste.
    expect(await page.locator('#editor').innerText()).toBe('Groep 5 op schoolreis');

    await page.click('#post');
    const posted = await arrived('composer', before, 3);
    expect(posted.map((r) => [r.field, r.filename, r.text])).toEqual([
      ['photo', 'sample1.jpg', 'Groep 5 op schoolreis'],
      ['photo', 'geplakt.jpg', 'Groep 5 op schoolreis'],
      ['photo', 'gesleept.jpg', 'Groep 5 op schoolreis'],
    ]);
    expect(posted.map(storedSha)).toEqual([sampleSha(1), sampleSha(2), sampleSha(3)]);
    await expect.poll(() => page.locator('#tray > *').count()).toBe(0);
    // An emptied Lexical editor keeps one <p><br></p>, whose innerText is a newline.
    await expect.poll(() => page.locator('#editor').textContent()).toBe('');
    await page.locator('#received [data-filename="gesleept.jpg"] img').waitFor();
    await page.close();
  }, 60_000);

  it('composer: pasted text still goes into the Lexical editor', async () => {
    const page = await open(site.urls.composer);
    await page.click('#editor');
    await page.keyboard.type('Hallo');
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', ' ouders!');
      document.getElementById('editor')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.locator('#editor').innerText()).toBe('Hallo ouders!');
    expect(await page.evaluate(() => window.__composer?.attachments().length)).toBe(0);
    await page.close();
  }, 60_000);

  it('newsletter: inserted, pasted and picked images are inlined as data: URLs and extracted by the server', async () => {
    const page = await open(site.urls.newsletter);
    await page.locator('body[data-ready="1"]').waitFor({ timeout: 30_000 });
    const before = received('newsletter').length;
    const b64 = readFileSync(sample(3)).toString('base64');
    await page.evaluate((b64) => window.__newsletter?.editor.insertContent(`<p><img src="data:image/jpeg;base64,${b64}" alt="ingevoegd"></p>`), b64);

    // TinyMCE reads pasted files itself (paste_data_images) and inserts them as blob: images it serializes as data:.
    await page.evaluate(async () => {
      const editor = window.__newsletter!.editor;
      const win = editor.getWin() as Window & typeof globalThis;
      const blob = await (await fetch('/samples/sample4.jpg')).blob();
      const dt = new win.DataTransfer();
      dt.items.add(new win.File([blob], 'geplakt.jpg', { type: 'image/jpeg' }));
      editor.getBody().dispatchEvent(new win.ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.evaluate(() => window.__newsletter!.editor.getContent().match(/src="data:image\/jpeg;base64,/g)?.length ?? 0)).toBe(2);

    // The image dialog's browse button goes through file_picker_callback and a real file chooser.
    await page.evaluate(() => window.__newsletter!.editor.execCommand('mceImage'));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.tox-dialog .tox-browse-url').click()]);
    await chooser.setFiles(sample(5));
    await expect.poll(() => page.locator('.tox-dialog input.tox-textfield').first().inputValue()).toMatch(/^data:image\/jpeg;base64,/);
    await page.locator('.tox-dialog button[data-mce-name="Save"], .tox-dialog button:has-text("Save")').first().click();
    await expect.poll(() => page.evaluate(() => window.__newsletter!.editor.getContent().match(/src="data:image\/jpeg;base64,/g)?.length ?? 0)).toBe(3);

    await page.click('#save');
    const [html, ...images] = await arrived('newsletter', before, 4);
    expect(html).toMatchObject({ field: 'html', filename: 'newsletter.html' });
    expect(html?.text).toContain(`src="data:image/jpeg;base64,${b64}"`);
    expect(images.map((r) => [r.field, r.filename, r.contentType])).toEqual([1, 2, 3].map((i) => ['data-url', `inline-${i}.jpg`, 'image/jpeg']));
    // Document order depends on where the caret was; the set of photos must be exact.
    expect(images.map(storedSha).sort()).toEqual([sampleSha(3), sampleSha(4), sampleSha(5)].sort());
    await page.locator('#received [data-filename="inline-3.jpg"] img').waitFor();
    await page.close();
  }, 60_000);

  it('backstop: both the fetch and the XHR button deliver the photo', async () => {
    const page = await open(site.urls.backstop);
    const before = received('backstop').length;
    await page.click('#send-fetch');
    await expect.poll(() => page.locator('#result').innerText()).toMatch(/^200 /);
    await page.click('#send-xhr');
    await expect.poll(() => page.locator('#result').innerText()).toMatch(/^200 /);
    const sent = await arrived('backstop', before, 2);
    expect(sent.map((r) => [r.field, r.filename])).toEqual([['file', 'sample1.jpg'], ['file', 'sample1.jpg']]);
    expect(sent.map(storedSha)).toEqual([sampleSha(1), sampleSha(1)]);
    await page.close();
  }, 60_000);

  it('no page threw', () => {
    expect(errors).toEqual([]);
  });
});
