/**
 * Proves the WordPress helpers against a real WordPress 6.1 WITHOUT the extension: every upload path stores the
 * photo byte for byte and names the attachment after the file, which is the leak ConsentGate exists to stop.
 * Needs Debian's Chromium and `sudo bash scripts/wordpress-setup.sh`; skips with a message otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, launchChromium, type Launched } from './chromium';
import {
  NO_WORDPRESS_MESSAGE,
  WP_UPLOADS_DIR,
  deleteAllMedia,
  lockWordPress,
  insertImageBlockViaUpload,
  listMedia,
  login,
  openNewPost,
  pasteImageIntoEditor,
  recordUploadRequests,
  uploadViaGrid,
  uploadViaMediaNew,
  waitForEditorResult,
  waitForGridResult,
  waitForMedia,
  waitForMediaNewResult,
  wordpressAvailable,
  type UploadRequest,
  type WpMedia,
} from './wordpress';

const require = createRequire(import.meta.url);
const SAMPLE = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', 'sample1.jpg');
const PHOTO = readFileSync(SAMPLE);

const RUN = HAS_CHROMIUM && (await wordpressAvailable());
if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);
else if (!RUN) console.warn(NO_WORDPRESS_MESSAGE);

/** Checks what every upload path must leave behind: the file unchanged on disk, named after the upload. */
function expectStoredAsUploaded(media: WpMedia | undefined, stem: string): asserts media is WpMedia {
  expect(media, `no attachment named after ${stem}`).toBeDefined();
  if (!media) return;
  expect(media.mimeType).toBe('image/jpeg');
  expect(media.originalFilePath.startsWith(`${WP_UPLOADS_DIR}/`)).toBe(true);
  expect(readFileSync(media.originalFilePath).equals(PHOTO), 'file on disk differs from the upload').toBe(true);
  // sample1.jpg is 1920x1280 without an EXIF rotation: WordPress keeps the upload itself as the attached file.
  expect(media.filePath).toBe(media.originalFilePath);
  // The name leak: WordPress turns the filename into the title, the slug and the public URL.
  expect(media.title).toContain('Daan');
  expect(media.title).toBe(stem);
  expect(media.slug).toBe(stem.toLowerCase());
  expect(media.sourceUrl).toContain(`${stem}.jpg`);
}

/** plupload sends one XHR multipart POST to async-upload.php with the file in `async-upload` and its name in `name`. */
function expectPluploadRequest(requests: UploadRequest[], fileName: string): void {
  expect(requests).toHaveLength(1);
  const [request] = requests;
  expect(request?.kind).toBe('plupload');
  expect(request?.resourceType).toBe('xhr');
  expect(request?.fields).toEqual(expect.arrayContaining(['name', 'async-upload']));
  expect(request?.fileName).toBe(fileName);
  expect(request?.nameField).toBe(fileName);
  expect(request?.fileBytes?.equals(PHOTO)).toBe(true);
}

/** The block editor sends one fetch multipart POST to /wp-json/wp/v2/media with the file in `file`. */
function expectRestRequest(requests: UploadRequest[], fileName: string): void {
  expect(requests).toHaveLength(1);
  const [request] = requests;
  expect(request?.kind).toBe('rest');
  expect(request?.resourceType).toBe('fetch');
  expect(new URL(request?.url ?? 'http://x/').pathname).toBe('/wp-json/wp/v2/media');
  expect(request?.fields).toContain('file');
  expect(request?.fileName).toBe(fileName);
  expect(request?.fileBytes?.equals(PHOTO)).toBe(true);
}

describe.skipIf(!RUN)('WordPress 6.1 upload paths (no extension)', () => {
  let browser: Launched;
  let page: Page;
  let unlock: () => void = () => undefined;

  beforeAll(async () => {
    unlock = await lockWordPress();
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await login(page);
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (RUN) await deleteAllMedia();
    unlock();
  });

  beforeEach(async () => {
    await deleteAllMedia();
    expect(await listMedia()).toEqual([]);
  });

  it('Media > Add New (plupload XHR to async-upload.php)', { timeout: 120_000 }, async () => {
    const since = new Date().toISOString();
    const stem = 'IMG_2041_Daan_Jansen';
    const recorder = await recordUploadRequests(page);
    await uploadViaMediaNew(page, { name: `${stem}.jpg`, mimeType: 'image/jpeg', buffer: PHOTO });
    expect(await waitForMediaNewResult(page, 60_000)).toBe('uploaded');
    await recorder.stop();
    expectPluploadRequest(recorder.requests, `${stem}.jpg`);
    const media = await listMedia(since);
    expect(media).toHaveLength(1);
    expectStoredAsUploaded(media[0], stem);
    expect(media[0]?.post).toBe(0);
  });

  it('Media > Add New reports a refused file as an error', { timeout: 60_000 }, async () => {
    const since = new Date().toISOString();
    await uploadViaMediaNew(page, { name: 'Daan_Jansen.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ not a photo') });
    expect(await waitForMediaNewResult(page, 30_000)).toBe('error');
    expect(await listMedia(since)).toEqual([]);
  });

  it('the grid reports a refused file as an error', { timeout: 60_000 }, async () => {
    const since = new Date().toISOString();
    await uploadViaGrid(page, { name: 'Daan_Jansen.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ not a photo') });
    expect(await waitForGridResult(page, 30_000)).toBe('error');
    expect(await listMedia(since)).toEqual([]);
  });

  it('the grid media library (Add New, inline uploader)', { timeout: 120_000 }, async () => {
    const since = new Date().toISOString();
    const stem = 'IMG_2042_Daan_Jansen';
    const recorder = await recordUploadRequests(page);
    await uploadViaGrid(page, { name: `${stem}.jpg`, mimeType: 'image/jpeg', buffer: PHOTO });
    expect(await waitForGridResult(page, 60_000)).toBe('uploaded');
    await recorder.stop();
    expectPluploadRequest(recorder.requests, `${stem}.jpg`);
    const media = await listMedia(since);
    expect(media).toHaveLength(1);
    expectStoredAsUploaded(media[0], stem);
  });

  it('the block editor: Image block, Upload (fetch to /wp-json/wp/v2/media)', { timeout: 120_000 }, async () => {
    const since = new Date().toISOString();
    const stem = 'IMG_2043_Daan_Jansen';
    await openNewPost(page);
    const recorder = await recordUploadRequests(page);
    await insertImageBlockViaUpload(page, { name: `${stem}.jpg`, mimeType: 'image/jpeg', buffer: PHOTO });
    expect(await waitForEditorResult(page, 60_000)).toBe('uploaded');
    await recorder.stop();
    expectRestRequest(recorder.requests, `${stem}.jpg`);
    const media = await waitForMedia((m) => m.slug === stem.toLowerCase(), { sinceIso: since });
    expectStoredAsUploaded(media, stem);
    expect(await listMedia(since)).toHaveLength(1);
    // The attachment belongs to the draft the editor opened.
    expect(media.post).toBeGreaterThan(0);
  });

  it('the block editor reports a refused file as an error', { timeout: 60_000 }, async () => {
    const since = new Date().toISOString();
    await openNewPost(page);
    // Not a JPEG inside: WordPress's REST endpoint refuses it after checking the bytes.
    await insertImageBlockViaUpload(page, { name: 'Daan_Jansen.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') });
    expect(await waitForEditorResult(page, 30_000)).toBe('error');
    expect(await listMedia(since)).toEqual([]);
  });

  it('the block editor: pasting an image file', { timeout: 120_000 }, async () => {
    const since = new Date().toISOString();
    const stem = 'IMG_2044_Daan_Jansen';
    await openNewPost(page);
    const recorder = await recordUploadRequests(page);
    await pasteImageIntoEditor(page, PHOTO, 'image/jpeg', `${stem}.jpg`);
    expect(await waitForEditorResult(page, 60_000)).toBe('uploaded');
    await recorder.stop();
    expectRestRequest(recorder.requests, `${stem}.jpg`);
    const media = await waitForMedia((m) => m.slug === stem.toLowerCase(), { sinceIso: since });
    expectStoredAsUploaded(media, stem);
    expect(await listMedia(since)).toHaveLength(1);
  });

  it('a file held before the page reads it: the helpers return, the waiters say "none"', { timeout: 120_000 }, async () => {
    // What the extension may do: stop the file input's change event in the capture phase (and the paste event).
    const held = await browser.context.newPage();
    await held.addInitScript(() => {
      const hold = (event: Event): void => {
        const target = event.target;
        if (event.type === 'paste' || (target instanceof HTMLInputElement && target.type === 'file')) {
          event.stopImmediatePropagation();
          event.preventDefault();
        }
      };
      for (const type of ['input', 'change', 'paste']) window.addEventListener(type, hold, true);
    });
    try {
      const since = new Date().toISOString();
      const recorder = await recordUploadRequests(held);
      const photo = { name: 'IMG_2046_Daan_Jansen.jpg', mimeType: 'image/jpeg', buffer: PHOTO };
      await uploadViaMediaNew(held, photo);
      expect(await waitForMediaNewResult(held, 2_000)).toBe('none');
      await uploadViaGrid(held, photo);
      expect(await waitForGridResult(held, 2_000)).toBe('none');
      await openNewPost(held);
      await insertImageBlockViaUpload(held, photo);
      expect(await waitForEditorResult(held, 2_000)).toBe('none');
      await pasteImageIntoEditor(held, PHOTO, 'image/jpeg', photo.name);
      expect(await waitForEditorResult(held, 2_000)).toBe('none');
      await recorder.stop();
      expect(recorder.requests).toEqual([]);
      expect(await listMedia(since)).toEqual([]);
    } finally {
      await held.close();
    }
  });

  it('deleteAllMedia removes the rows and the files', { timeout: 120_000 }, async () => {
    const stem = 'IMG_2045_Daan_Jansen';
    await uploadViaMediaNew(page, { name: `${stem}.jpg`, mimeType: 'image/jpeg', buffer: PHOTO });
    expect(await waitForMediaNewResult(page, 60_000)).toBe('uploaded');
    const [media] = await listMedia();
    expectStoredAsUploaded(media, stem);
    await deleteAllMedia();
    expect(await listMedia()).toEqual([]);
    expect(existsSync(media.originalFilePath)).toBe(false);
  });
});
