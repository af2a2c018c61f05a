/**
 * A real WordPress 6.1 (Debian's package) for the browser tests, started by `sudo bash scripts/wordpress-setup.sh`
 * on http://127.0.0.1:8080 (admin / Admin-Local-123!).
 *
 * Two kinds of helpers:
 * - Playwright helpers that upload a photo through each of WordPress's upload paths, the way a person would:
 *   Media > Add New and the grid media library (plupload: hidden `input[type=file]` inside `.moxie-shim`, XHR POST to
 *   /wp-admin/async-upload.php), and the block editor (Image block's Upload button and paste; fetch POST to
 *   /wp-json/wp/v2/media). They only *trigger* the upload and return once the page received the file, because the
 *   extension under test may hold or replace it; the `waitFor...Result` helpers tell what the page then showed.
 * - Node helpers that read and reset the media library over WordPress's REST API ({@link listMedia},
 *   {@link deleteAllMedia}). They log in with the admin's password like a browser does (wp-login.php cookies, then a
 *   `wp_rest` nonce from admin-ajax.php?action=rest-nonce), so they need no database access, no root and no
 *   Application Password (which WordPress 6.1 only offers over https or on a 'local' environment type).
 *
 * Synthetic drag-and-drop does not reach plupload (it reads `webkitGetAsEntry`), so files go in with `setInputFiles`.
 */
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page, Route } from 'playwright-core';

export const WP_URL = (process.env.WP_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const WP_ORIGIN = new URL(WP_URL).origin;
export const WP_USER = 'admin';
export const WP_PASSWORD = 'Admin-Local-123!';
/** Where WordPress keeps uploads on this machine (Debian's WP_CONTENT_DIR is /var/lib/wordpress/wp-content). */
export const WP_UPLOADS_DIR = process.env.WP_UPLOADS_DIR ?? '/var/lib/wordpress/wp-content/uploads';
/** The public URL of {@link WP_UPLOADS_DIR}. */
export const WP_UPLOADS_URL = `${WP_URL}/wp-content/uploads`;

export const NO_WORDPRESS_MESSAGE =
  `WordPress is not answering at ${WP_URL} (skipping WordPress browser tests). ` +
  'Start it with: sudo bash scripts/wordpress-setup.sh (installs Debian\'s WordPress 6.1, Apache, PHP and MariaDB ' +
  'on the first run, about a minute; afterwards it only starts what is not running).';

/** A file to upload: a path on disk, or a name, MIME type and bytes (Playwright's FilePayload). */
export type UploadFile = string | { name: string; mimeType: string; buffer: Buffer };

/** What a page showed after an upload was triggered: finished, refused with an error, or nothing (yet). */
export type UploadResult = 'uploaded' | 'error' | 'none';

/** One attachment in the media library. */
export interface WpMedia {
  id: number;
  /** Public URL of the (possibly scaled or rotated) attached file. */
  sourceUrl: string;
  /** Attachment title as stored (WordPress derives it from the filename or from IPTC/EXIF). */
  title: string;
  slug: string;
  mimeType: string;
  /** Absolute path of the attached file on disk, under {@link WP_UPLOADS_DIR}. */
  filePath: string;
  /**
   * Absolute path of the file exactly as uploaded. The same as `filePath` unless WordPress made a `-scaled` copy
   * (images over 2560 px) or a `-rotated` one (EXIF orientation), in which case it kept the upload beside it.
   */
  originalFilePath: string;
  /** Upload time, ISO 8601 in UTC. */
  date: string;
  caption: string;
  altText: string;
  /** The attachment's parent post (0 when uploaded outside a post). */
  post: number;
}

// ------------------------------------------------------------------------------------------------------------------
// Availability

/** True when a WordPress login page answers at {@link WP_URL} within 2 s. */
export async function wordpressAvailable(): Promise<boolean> {
  try {
    const res = await fetch(`${WP_URL}/wp-login.php`, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
    if (res.status !== 200) return false;
    const html = await res.text();
    return html.includes('name="log"') && html.includes('name="pwd"');
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------------------------------------------------------
// Browser: login and navigation

/** Logs `page`'s browser context in as {@link WP_USER} through the wp-login.php form; ends on the dashboard. */
export async function login(page: Page): Promise<void> {
  await page.goto(`${WP_URL}/wp-login.php`, { waitUntil: 'domcontentloaded' });
  await page.locator('#user_login').fill(WP_USER);
  await page.locator('#user_pass').fill(WP_PASSWORD);
  const loggedIn = page.waitForURL(
    (url) => !url.pathname.endsWith('/wp-login.php') || url.searchParams.get('action') === 'confirm_admin_email',
    { timeout: 30_000, waitUntil: 'domcontentloaded' },
  );
  const refused = page.locator('#login_error').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('#wp-submit').click();
  // Whichever comes first: the admin (or the e-mail check), or the login form again with an error.
  await Promise.race([loggedIn, refused]).catch(() => undefined);
  loggedIn.catch(() => undefined);
  refused.catch(() => undefined);
  // The "Administration email verification" screen (every 6 months; the setup script pushes it out, this is a guard).
  const confirm = page.locator('#correct-admin-email');
  if (await confirm.count()) {
    await Promise.all([page.waitForURL(/\/wp-admin\//, { waitUntil: 'domcontentloaded' }), confirm.click()]);
  }
  if (!new URL(page.url()).pathname.includes('/wp-admin')) {
    const error = await page.locator('#login_error').textContent().catch(() => null);
    throw new Error(`WordPress login failed at ${page.url()}${error ? `: ${error.trim()}` : ''}`);
  }
}

/** Opens a wp-admin page (path relative to /wp-admin/), logging in first when WordPress asks for it. */
export async function gotoAdmin(page: Page, path: string): Promise<void> {
  const url = `${WP_URL}/wp-admin/${path.replace(/^\/+/, '')}`;
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  if (new URL(page.url()).pathname.endsWith('/wp-login.php')) {
    await login(page);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
  }
}

/** The plupload file input (hidden, inside `.moxie-shim`) once plupload has initialised it. */
async function pluploadInput(page: Page, scope = ''): Promise<Locator> {
  const input = page.locator(`${scope} .moxie-shim input[type="file"]`.trim()).first();
  await input.waitFor({ state: 'attached', timeout: 30_000 });
  return input;
}

// ------------------------------------------------------------------------------------------------------------------
// Media > Add New (media-new.php)

/**
 * Uploads through Media > Add New: sets the file on plupload's hidden input, which starts plupload's XHR to
 * /wp-admin/async-upload.php (fields `async-upload` and `name`). Returns as soon as the input received the file; it
 * does not wait for the upload (see {@link waitForMediaNewResult}).
 */
export async function uploadViaMediaNew(page: Page, file: UploadFile): Promise<void> {
  await gotoAdmin(page, 'media-new.php');
  const input = await pluploadInput(page, '#plupload-upload-ui');
  await input.setInputFiles(file);
}

/**
 * After {@link uploadViaMediaNew}: waits for the last item in the upload list to show the upload finished
 * ('uploaded': WordPress sent the attachment's Edit link) or failed ('error': WordPress's or plupload's error box).
 * 'none' when neither happened within `timeoutMs`, e.g. because nothing was sent.
 */
export async function waitForMediaNewResult(page: Page, timeoutMs = 30_000): Promise<UploadResult> {
  return waitForState(page, timeoutMs, () => {
    const queueError = document.querySelector('#media-upload-error .error');
    if (queueError) return 'error';
    const items = document.querySelectorAll('#media-items .media-item');
    const last = items[items.length - 1];
    if (!last) return null;
    if (last.querySelector('.error-div')) return 'error';
    if (last.querySelector('a.edit-attachment, .edit-attachment')) return 'uploaded';
    return null;
  });
}

// ------------------------------------------------------------------------------------------------------------------
// Media library grid (upload.php?mode=grid)

/**
 * Uploads through the grid media library: Media > Library in grid mode, "Add New" opens the inline uploader, and
 * the file goes on its plupload input (XHR to /wp-admin/async-upload.php). Returns once the input received the file
 * (see {@link waitForGridResult}).
 */
export async function uploadViaGrid(page: Page, file: UploadFile): Promise<void> {
  await gotoAdmin(page, 'upload.php?mode=grid');
  await page.locator('.attachments-browser').first().waitFor({ state: 'visible', timeout: 30_000 });
  const inline = page.locator('.uploader-inline').first();
  if (!(await inline.isVisible())) {
    await page.locator('.page-title-action').first().click();
    await inline.waitFor({ state: 'visible', timeout: 10_000 });
  }
  const input = await pluploadInput(page);
  // Watch wp.Uploader's queue and error collections, so waitForGridResult knows about this upload only.
  await page.evaluate(() => {
    const w = window as unknown as { wp: { Uploader: WpUploaderGlobal }; __wpHelperGrid?: GridWatch };
    const watch: GridWatch = { files: [], errors: 0 };
    w.__wpHelperGrid = watch;
    w.wp.Uploader.queue.on('add', (model) => watch.files.push(model));
    w.wp.Uploader.errors.on('add', () => (watch.errors += 1));
  });
  await input.setInputFiles(file);
}

/**
 * After {@link uploadViaGrid}: 'uploaded' once every file plupload queued has come back from WordPress as an
 * attachment, 'error' when plupload or WordPress reported an upload error (the grid's error box), 'none' when
 * neither happened within `timeoutMs` (for instance because no file reached plupload).
 */
export async function waitForGridResult(page: Page, timeoutMs = 30_000): Promise<UploadResult> {
  return waitForState(page, timeoutMs, () => {
    const watch = (window as unknown as { __wpHelperGrid?: GridWatch }).__wpHelperGrid;
    if (!watch) return null;
    if (watch.errors > 0 || document.querySelector('.upload-errors .upload-error')) return 'error';
    if (watch.files.length > 0 && watch.files.every((m) => !m.get('uploading') && Number(m.get('id')) > 0)) return 'uploaded';
    return null;
  });
}

/** What uploadViaGrid leaves in the page for waitForGridResult. */
interface GridWatch {
  files: { get(key: string): unknown }[];
  errors: number;
}
interface WpUploaderGlobal {
  queue: { on(event: 'add', cb: (model: { get(key: string): unknown }) => void): void };
  errors: { on(event: 'add', cb: () => void): void };
}

// ------------------------------------------------------------------------------------------------------------------
// Block editor (post-new.php)

/**
 * Opens a new post in the block editor and waits until it is ready to take blocks. The welcome guide is off for
 * admin from the setup script (user meta `wp_persisted_preferences`); if it shows anyway it is switched off here.
 */
export async function openNewPost(page: Page): Promise<void> {
  await gotoAdmin(page, 'post-new.php');
  await page.waitForFunction(
    () => {
      const wp = (window as unknown as { wp?: WpEditorGlobal }).wp;
      return Boolean(wp?.data?.select('core/editor')?.getCurrentPostId() && document.querySelector('.block-editor-writing-flow'));
    },
    undefined,
    { timeout: 60_000 },
  );
  await page.evaluate(() => {
    const wp = (window as unknown as { wp: WpEditorGlobal }).wp;
    if (wp.data.select('core/edit-post').isFeatureActive('welcomeGuide')) {
      wp.data.dispatch('core/edit-post').toggleFeature('welcomeGuide');
    }
  });
  const guide = page.locator('.edit-post-welcome-guide');
  if (await guide.isVisible()) {
    await guide.locator('button[aria-label="Close"], .components-modal__header button').first().click();
    await guide.waitFor({ state: 'detached', timeout: 10_000 });
  }
}

/**
 * Inserts an Image block into the open editor (types "/image" + Enter in a new empty paragraph, as a person would;
 * falls back to inserting the block through the editor's data store if the slash inserter did not produce one),
 * then sets the file on the block placeholder's Upload input (hidden `input[type=file]`). The block editor uploads
 * it by fetch POST to /wp-json/wp/v2/media. Returns once the input received the file (see {@link waitForEditorResult}).
 */
export async function insertImageBlockViaUpload(page: Page, file: UploadFile): Promise<void> {
  await watchEditor(page);
  await focusNewParagraph(page);
  await page.keyboard.type('/image', { delay: 20 });
  const option = page.locator('.components-autocomplete__result.is-selected');
  let viaSlash = false;
  try {
    await option.waitFor({ state: 'visible', timeout: 5_000 });
    viaSlash = ((await option.textContent()) ?? '').trim().toLowerCase() === 'image';
  } catch {
    viaSlash = false;
  }
  if (viaSlash) {
    await page.keyboard.press('Enter');
  } else {
    await page.evaluate(() => {
      const wp = (window as unknown as { wp: WpEditorGlobal }).wp;
      const blockEditor = wp.data.select('core/block-editor');
      const selected = blockEditor.getSelectedBlockClientId();
      const block = wp.blocks.createBlock('core/image');
      if (selected && blockEditor.getBlock(selected)?.name === 'core/paragraph') {
        wp.data.dispatch('core/block-editor').replaceBlock(selected, block);
      } else {
        wp.data.dispatch('core/block-editor').insertBlock(block);
      }
    });
  }
  const clientId = await page.waitForFunction(
    () => {
      const wp = (window as unknown as { wp: WpEditorGlobal }).wp;
      const blockEditor = wp.data.select('core/block-editor');
      const id = blockEditor.getSelectedBlockClientId();
      return id && blockEditor.getBlock(id)?.name === 'core/image' ? id : null;
    },
    undefined,
    { timeout: 10_000 },
  );
  const id = (await clientId.jsonValue()) as string;
  const input = page.locator(`#block-${id} input[type="file"]`).first();
  await input.waitFor({ state: 'attached', timeout: 10_000 });
  await input.setInputFiles(file);
}

/**
 * Pastes an image file into the open editor: adds an empty paragraph, clicks into it, and dispatches a `paste`
 * ClipboardEvent whose DataTransfer holds the File (built in the page from the bytes). The block editor turns it into
 * an Image block with a blob: URL and uploads it by fetch POST to /wp-json/wp/v2/media. Returns right after the event
 * (see {@link waitForEditorResult}).
 */
export async function pasteImageIntoEditor(page: Page, bytes: Buffer, mimeType: string, name: string): Promise<void> {
  await watchEditor(page);
  await focusNewParagraph(page);
  await page.evaluate(
    ({ base64, mimeType, name }) => {
      const binary = atob(base64);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type: mimeType, lastModified: Date.now() }));
      const target = (document.activeElement as HTMLElement | null) ?? document.body;
      const event = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true, composed: true });
      target.dispatchEvent(event);
    },
    { base64: bytes.toString('base64'), mimeType, name },
  );
}

/**
 * After {@link insertImageBlockViaUpload} or {@link pasteImageIntoEditor}: 'uploaded' once an Image block holds an
 * attachment that was not in the post when the helper ran (id set, URL no longer a blob:, i.e. the REST upload
 * came back), 'error' when the editor raised an error notice since then (upload errors are snackbars in the
 * `core/notices` store, e.g. "Sorry, you are not allowed to upload this file type."), 'none' after `timeoutMs`.
 */
export async function waitForEditorResult(page: Page, timeoutMs = 30_000): Promise<UploadResult> {
  return waitForState(page, timeoutMs, () => {
    const w = window as unknown as { wp: WpEditorGlobal; __wpHelperEditor?: EditorWatch };
    const watch = w.__wpHelperEditor;
    if (!watch) return null;
    if (watch.errors.length > 0) return 'error';
    const images = w.wp.data.select('core/block-editor').getBlocks().filter((b) => b.name === 'core/image');
    for (const block of images) {
      const id = Number(block.attributes.id);
      const url = typeof block.attributes.url === 'string' ? block.attributes.url : '';
      if (id > 0 && url && !url.startsWith('blob:') && !watch.before.includes(id)) return 'uploaded';
    }
    return null;
  });
}

/** What the editor helpers leave in the page for waitForEditorResult. */
interface EditorWatch {
  /** Attachment ids of the Image blocks already in the post. */
  before: number[];
  /** Error notices raised since. */
  errors: string[];
}

/** Records the post's current images and, from now on, every error notice the editor raises. */
async function watchEditor(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { wp: WpEditorGlobal; __wpHelperEditor?: EditorWatch };
    const seen = new Set(w.wp.data.select('core/notices').getNotices().map((n) => n.id));
    const watch: EditorWatch = {
      before: w.wp.data
        .select('core/block-editor')
        .getBlocks()
        .filter((b) => b.name === 'core/image')
        .map((b) => Number(b.attributes.id))
        .filter((id) => id > 0),
      errors: [],
    };
    w.__wpHelperEditor = watch;
    w.wp.data.subscribe(() => {
      if (w.__wpHelperEditor !== watch) return;
      for (const notice of w.wp.data.select('core/notices').getNotices()) {
        if (seen.has(notice.id)) continue;
        seen.add(notice.id);
        if (notice.status === 'error') watch.errors.push(notice.content);
      }
    });
  });
}

/** Appends an empty paragraph at the end of the post, selects it and puts the caret in it (a real click). */
async function focusNewParagraph(page: Page): Promise<void> {
  const clientId = await page.evaluate(() => {
    const wp = (window as unknown as { wp: WpEditorGlobal }).wp;
    const block = wp.blocks.createBlock('core/paragraph');
    wp.data.dispatch('core/block-editor').insertBlock(block);
    return block.clientId;
  });
  const paragraph = page.locator(`#block-${clientId}`);
  await paragraph.waitFor({ state: 'visible', timeout: 10_000 });
  await paragraph.click();
  await page.waitForFunction(
    (id) => {
      const wp = (window as unknown as { wp: WpEditorGlobal }).wp;
      const active = document.activeElement;
      return wp.data.select('core/block-editor').getSelectedBlockClientId() === id && active?.id === `block-${id}`;
    },
    clientId,
    { timeout: 10_000 },
  );
}

// ------------------------------------------------------------------------------------------------------------------
// Watching the upload requests

/** A multipart upload the page sent to WordPress. */
export interface UploadRequest {
  /** 'plupload': Media > Add New, the grid and media modals; 'rest': the block editor. */
  kind: 'plupload' | 'rest';
  url: string;
  /** Playwright's resource type: 'xhr' for plupload, 'fetch' for the block editor's apiFetch. */
  resourceType: string;
  /** Names of the multipart fields, in order (plupload: name, action, _wpnonce, async-upload; REST: file). */
  fields: string[];
  /** The filename of the multipart file part, as sent. */
  fileName: string | null;
  /** The plupload `name` field (the original filename plupload reports), when present. */
  nameField: string | null;
  /** The bytes of the file part, as sent. */
  fileBytes: Buffer | null;
  /** The whole multipart body. */
  body: Buffer | null;
}

/**
 * Records every multipart POST to /wp-admin/async-upload.php or the REST media route (`/wp-json/wp/v2/media`,
 * or `rest_route=/wp/v2/media`) that `page` sends, until `stop()`. It reads the bodies through Playwright request
 * interception (`page.route`, handing every request on with `route.fallback()` unchanged): Chromium's network events
 * leave out file-backed multipart bodies, interception does not.
 */
export async function recordUploadRequests(page: Page): Promise<{ requests: UploadRequest[]; stop(): Promise<void> }> {
  const requests: UploadRequest[] = [];
  const handler = async (route: Route): Promise<void> => {
    const request = route.request();
    const kind = uploadKind(request.url());
    const type = request.headers()['content-type'] ?? '';
    if (kind && request.method() === 'POST' && type.startsWith('multipart/form-data')) {
      const body = request.postDataBuffer();
      const parts = body ? parseMultipart(body, type) : [];
      const file = parts.find((p) => p.fileName !== null);
      const nameField = parts.find((p) => p.name === 'name' && p.fileName === null);
      requests.push({
        kind,
        url: request.url(),
        resourceType: request.resourceType(),
        fields: parts.map((p) => p.name),
        fileName: file?.fileName ?? null,
        nameField: nameField ? nameField.value.toString('utf8') : null,
        fileBytes: file ? Buffer.from(file.value) : null,
        body,
      });
    }
    await route.fallback();
  };
  const matcher = (url: URL): boolean => uploadKind(url.href) !== null;
  await page.route(matcher, handler);
  return { requests, stop: () => page.unroute(matcher, handler) };
}

/** Which upload endpoint a URL is, if any. */
function uploadKind(url: string): UploadRequest['kind'] | null {
  if (/\/wp-admin\/async-upload\.php(?:[?#]|$)/.test(url)) return 'plupload';
  if (/\/wp-json\/wp\/v2\/media(?:[/?#]|$)|[?&]rest_route=(?:%2F|\/)wp(?:%2F|\/)v2(?:%2F|\/)media(?:[&#]|$)/i.test(url)) return 'rest';
  return null;
}

/** Splits a multipart/form-data body into its parts (enough for assertions, not a general parser). */
function parseMultipart(body: Buffer, contentType: string): { name: string; fileName: string | null; value: Buffer }[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return [];
  const delimiter = Buffer.from(`--${marker}`);
  const parts: { name: string; fileName: string | null; value: Buffer }[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const chunk = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      const fileName = /filename="([^"]*)"/i.exec(headers)?.[1] ?? null;
      parts.push({ name, fileName, value: chunk.subarray(headerEnd + 4) });
    }
    start = next;
  }
  return parts;
}

// ------------------------------------------------------------------------------------------------------------------
// Media library over REST (Node side)

interface RestSession {
  cookie: string;
  nonce: string;
}

let session: RestSession | undefined;

/** Logs in like a browser (wp-login.php form with the test cookie) and fetches a `wp_rest` nonce for the REST API. */
async function restLogin(): Promise<RestSession> {
  const res = await fetch(`${WP_URL}/wp-login.php`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'wordpress_test_cookie=WP%20Cookie%20check' },
    body: new URLSearchParams({ log: WP_USER, pwd: WP_PASSWORD, 'wp-submit': 'Log In', redirect_to: `${WP_URL}/wp-admin/`, testcookie: '1' }),
    signal: AbortSignal.timeout(30_000),
  });
  const cookies = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.startsWith('wordpress_') && !c.endsWith('=deleted'));
  if (res.status !== 302 || !cookies.some((c) => c.startsWith('wordpress_logged_in_'))) {
    throw new Error(`REST login to ${WP_URL} failed: HTTP ${res.status} without a logged-in cookie`);
  }
  const cookie = cookies.join('; ');
  const nonceRes = await fetch(`${WP_URL}/wp-admin/admin-ajax.php?action=rest-nonce`, {
    headers: { cookie },
    signal: AbortSignal.timeout(30_000),
  });
  const nonce = (await nonceRes.text()).trim();
  if (!nonceRes.ok || !/^[0-9a-f]{6,}$/i.test(nonce)) throw new Error(`no REST nonce from ${WP_URL} (HTTP ${nonceRes.status}: ${nonce.slice(0, 80)})`);
  return { cookie, nonce };
}

/** A REST call as the admin (cookie + X-WP-Nonce); logs in again once if WordPress refuses the session. */
async function rest(path: string, init: { method?: string } = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    session ??= await restLogin();
    // ?rest_route= works with any permalink setting (/wp-json/ needs pretty permalinks, which the setup script enables).
    const [route, query] = path.split('?') as [string, string | undefined];
    const res = await fetch(`${WP_URL}/?rest_route=${encodeURIComponent(route)}${query ? `&${query}` : ''}`, {
      method: init.method ?? 'GET',
      headers: { cookie: session.cookie, 'x-wp-nonce': session.nonce, accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
    if ((res.status === 401 || res.status === 403) && attempt === 0) {
      session = undefined;
      continue;
    }
    return res;
  }
}

interface RestMedia {
  id: number;
  date_gmt: string;
  slug: string;
  post: number | null;
  source_url: string;
  mime_type: string;
  title: { raw?: string; rendered: string };
  caption: { raw?: string; rendered: string };
  alt_text: string;
  media_details?: { file?: string; original_image?: string };
}

function toWpMedia(m: RestMedia): WpMedia {
  // media_details.file is relative to the uploads folder (images); other types only have the URL to go by.
  const relative =
    m.media_details?.file ??
    (m.source_url.startsWith(`${WP_UPLOADS_URL}/`) ? decodeURIComponent(m.source_url.slice(WP_UPLOADS_URL.length + 1)) : basename(m.source_url));
  const filePath = join(WP_UPLOADS_DIR, relative);
  const original = m.media_details?.original_image;
  return {
    id: m.id,
    sourceUrl: m.source_url,
    title: m.title.raw ?? m.title.rendered,
    slug: m.slug,
    mimeType: m.mime_type,
    filePath,
    originalFilePath: original ? join(filePath, '..', original) : filePath,
    date: new Date(`${m.date_gmt}Z`).toISOString(),
    caption: m.caption.raw ?? m.caption.rendered,
    altText: m.alt_text,
    post: m.post ?? 0,
  };
}

/**
 * Every attachment in the media library, oldest first, read over REST (`/wp-json/wp/v2/media?context=edit`, so titles
 * are the raw stored values). With `sinceIso`, only those uploaded at or after that time (second precision, as
 * WordPress stores it).
 */
export async function listMedia(sinceIso?: string): Promise<WpMedia[]> {
  const since = sinceIso === undefined ? undefined : Math.floor(Date.parse(sinceIso) / 1000) * 1000;
  if (since !== undefined && Number.isNaN(since)) throw new Error(`listMedia: not a date: ${sinceIso}`);
  const all: WpMedia[] = [];
  for (let page = 1; ; page++) {
    const res = await rest(`/wp/v2/media?context=edit&per_page=100&page=${page}&orderby=id&order=asc&status=inherit,private`);
    if (res.status === 400 && page > 1) break; // past the last page
    if (!res.ok) throw new Error(`listMedia: HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const items = (await res.json()) as RestMedia[];
    all.push(...items.map(toWpMedia));
    const pages = Number(res.headers.get('x-wp-totalpages') ?? '1');
    if (items.length === 0 || page >= pages) break;
  }
  return since === undefined ? all : all.filter((m) => Date.parse(m.date) >= since);
}

/**
 * Polls {@link listMedia} until `predicate` matches an attachment uploaded since `sinceIso`; returns it, or
 * undefined after `timeoutMs`.
 */
export async function waitForMedia(
  predicate: (m: WpMedia) => boolean,
  options: { sinceIso?: string; timeoutMs?: number } = {},
): Promise<WpMedia | undefined> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const found = (await listMedia(options.sinceIso)).find(predicate);
    if (found || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Empties the media library: deletes every attachment over REST with `force=true` (WordPress removes the row, its
 * meta and every file it made for it), then, when the uploads folder is on this machine and writable, removes any
 * files left in its year/month folders (e.g. from an upload that died half-way). Throws if attachments remain.
 */
export async function deleteAllMedia(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const media = await listMedia();
    if (media.length === 0) break;
    for (const m of media) {
      const res = await rest(`/wp/v2/media/${m.id}?force=true`, { method: 'DELETE' });
      if (!res.ok && res.status !== 404 && res.status !== 410) {
        throw new Error(`deleteAllMedia: DELETE media ${m.id}: HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
      }
    }
  }
  const left = await listMedia();
  if (left.length) throw new Error(`deleteAllMedia: ${left.length} attachments remain (ids ${left.map((m) => m.id).join(', ')})`);
  sweepUploadsFolder();
}

/** Removes the year/month folders under the local uploads folder, if it is this machine's and we may. */
function sweepUploadsFolder(): void {
  const host = new URL(WP_URL).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) return;
  let entries: string[];
  try {
    entries = readdirSync(WP_UPLOADS_DIR);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!/^\d{4}$/.test(entry)) continue;
    const dir = join(WP_UPLOADS_DIR, entry);
    try {
      if (statSync(dir).isDirectory()) rmSync(dir, { recursive: true, force: true });
    } catch {
      // not ours to remove (tests not run as root): the REST deletes already removed what WordPress knew of
    }
  }
}

/** The bytes and name of an {@link UploadFile}. */
export function readUploadFile(file: UploadFile): { name: string; mimeType: string; buffer: Buffer } {
  if (typeof file !== 'string') return file;
  const name = basename(file);
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  const mimeType =
    ({ jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' } as Record<string, string>)[ext] ??
    'application/octet-stream';
  return { name, mimeType, buffer: readFileSync(file) };
}

// ------------------------------------------------------------------------------------------------------------------
// Internals

/** Polls `probe` in the page until it returns a result; 'none' on timeout or when the page went away. */
async function waitForState(
  page: Page,
  timeoutMs: number,
  probe: (arg: number) => 'uploaded' | 'error' | null,
  arg = 0,
): Promise<UploadResult> {
  try {
    const handle = await page.waitForFunction(probe, arg, { timeout: timeoutMs, polling: 200 });
    return (await handle.jsonValue()) as UploadResult;
  } catch (error) {
    if (error instanceof Error && /Timeout|closed|destroyed/i.test(error.message)) return 'none';
    throw error;
  }
}

/** The parts of the block editor's `window.wp` the helpers use (WordPress 6.1). */
interface WpBlock {
  clientId: string;
  name: string;
  attributes: Record<string, unknown>;
}
interface WpEditorGlobal {
  blocks: { createBlock(name: string, attributes?: Record<string, unknown>): WpBlock };
  data: {
    select(store: 'core/editor'): { getCurrentPostId(): number | null } | undefined;
    select(store: 'core/edit-post'): { isFeatureActive(feature: string): boolean };
    select(store: 'core/notices'): { getNotices(): { id: string; status: string; content: string }[] };
    select(store: 'core/block-editor'): {
      getSelectedBlockClientId(): string | null;
      getBlock(clientId: string): WpBlock | null;
      getBlocks(): WpBlock[];
    };
    subscribe(listener: () => void): () => void;
    dispatch(store: 'core/edit-post'): { toggleFeature(feature: string): void };
    dispatch(store: 'core/block-editor'): { insertBlock(block: WpBlock): void; replaceBlock(clientId: string, block: WpBlock): void };
  };
}

// ------------------------------------------------------------------------------------------------------------------
// One test file at a time

/**
 * The test files that use WordPress share one media library and empty it between tests, so they must not run at the
 * same time (vitest runs files in parallel). A directory lock in the temp folder, taken in beforeAll and released in
 * afterAll; a lock left by a dead process is taken over.
 */
export async function lockWordPress(timeoutMs = 300_000): Promise<() => void> {
  const { mkdirSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = `${tmpdir()}/consent-gate-wordpress.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(`${dir}/pid`, String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = 0;
      try {
        owner = Number(readFileSync(`${dir}/pid`, 'utf8'));
      } catch {
        // being written right now
      }
      let alive = true;
      try {
        if (owner > 0) process.kill(owner, 0);
      } catch {
        alive = false;
      }
      if (!alive) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`WordPress is used by another test file (pid ${owner}) for too long`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
