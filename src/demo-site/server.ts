/**
 * The local demo site the extension is shown and tested on: a school website's media uploader, a Facebook-like post
 * composer and a newsletter editor, each on its own port so that each has its own origin (the extension maps origins
 * to consent channels). Every port serves every page; the uploads are stored on disk and listed for tests.
 *
 *   npx tsx src/demo-site/server.ts [cmsPort composerPort newsletterPort]
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PAGES, SAMPLES_DIR, SITE_DIR, TINYMCE_DIR, inside, mimeOf, pageBundles } from './assets';
import { UploadStore, dataImages, type StoredUpload, type UploadPage, type UploadRecord } from './store';

export type { UploadRecord } from './store';

type Channel = 'cms' | 'composer' | 'newsletter';

export interface DemoSite {
  urls: { cms: string; composer: string; newsletter: string; backstop: string; index: string };
  origins: { cms: string; composer: string; newsletter: string };
  uploadsDir: string;
  uploads(): UploadRecord[];
  close(): Promise<void>;
}

export interface DemoSiteOptions {
  host?: string;
  ports?: { cms?: number; composer?: number; newsletter?: number };
  /** Default: a fresh temporary folder, deleted again by close(). */
  uploadsDir?: string;
}

export const MAX_BODY_BYTES = 50 * 1024 * 1024;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function startDemoSite(options: DemoSiteOptions = {}): Promise<DemoSite> {
  const host = options.host ?? '127.0.0.1';
  const uploadsDir = options.uploadsDir ?? (await mkdtemp(join(tmpdir(), 'consent-gate-demo-site-')));
  await mkdir(uploadsDir, { recursive: true });
  const store = new UploadStore(uploadsDir);
  const scripts = await pageBundles();
  const origins: Record<Channel, string> = { cms: '', composer: '', newsletter: '' };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, { store, scripts, origins }).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) console.error('[demo-site]', err);
      if (res.headersSent) return void res.destroy();
      sendJson(res, status, { ok: false, error: err instanceof Error ? err.message : String(err) });
    });
  };

  const servers: Server[] = [];
  try {
    for (const channel of ['cms', 'composer', 'newsletter'] as const) {
      const server = createServer(handler);
      servers.push(server);
      const port = await listen(server, options.ports?.[channel] ?? 0, host);
      origins[channel] = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    }
  } catch (err) {
    await Promise.all(servers.map(stop));
    throw err;
  }

  return {
    urls: {
      cms: `${origins.cms}/cms.html`,
      composer: `${origins.composer}/composer.html`,
      newsletter: `${origins.newsletter}/newsletter.html`,
      backstop: `${origins.cms}/backstop.html`,
      index: `${origins.cms}/`,
    },
    origins: { ...origins },
    uploadsDir,
    uploads: () => store.plain(),
    close: async () => {
      await Promise.all(servers.map(stop));
      // Only a folder this call made up is ours to delete; a caller's uploadsDir is left as it is.
      if (!options.uploadsDir) await rm(uploadsDir, { recursive: true, force: true });
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Browsers keep connections alive; without this close() waits for them to time out.
    server.closeAllConnections();
  });
}

interface Context {
  store: UploadStore;
  scripts: Map<string, string>;
  origins: Record<Channel, string>;
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = safeDecode(url.pathname);
  const method = req.method ?? 'GET';
  if (method === 'POST') {
    const page = POST_ROUTES[path];
    if (!page) throw new HttpError(404, `no such endpoint: POST ${path}`);
    return sendJson(res, 200, await receive(page, req, ctx.store));
  }
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `method not allowed: ${method}`);

  if (path === '/api/uploads') return sendJson(res, 200, ctx.store.records);
  if (path === '/' || path === '/index.html') return sendHtml(res, 'index', ctx.origins);
  const page = /^\/(\w+)\.html$/.exec(path)?.[1];
  if (page && (PAGES as readonly string[]).includes(page)) return sendHtml(res, page, ctx.origins);
  if (path === '/site.css') return sendFile(res, join(SITE_DIR, 'site.css'));
  if (path === '/favicon.ico') return send(res, 204, '', 'image/x-icon');

  const script = /^\/assets\/(\w+\.js)$/.exec(path)?.[1];
  if (script && ctx.scripts.has(script)) return send(res, 200, ctx.scripts.get(script) ?? '', mimeOf(script));
  const sample = /^\/samples\/(sample[1-6]\.jpg)$/.exec(path)?.[1];
  if (sample) return sendFile(res, join(SAMPLES_DIR, sample));
  if (path.startsWith('/tinymce/')) {
    const file = inside(TINYMCE_DIR, path.slice('/tinymce/'.length));
    if (file) return sendFile(res, file);
  }
  const stored = /^\/uploads\/(\d+)\/([^/]+)$/.exec(path);
  const record = stored && ctx.store.find(stored[1] ?? '', stored[2] ?? '');
  if (record) return sendFile(res, record.path, record.contentType);
  throw new HttpError(404, `not found: ${path}`);
}

const POST_ROUTES: Record<string, UploadPage> = {
  '/api/cms/upload': 'cms',
  '/api/composer/post': 'composer',
  '/api/newsletter/save': 'newsletter',
  '/api/backstop/upload': 'backstop',
};

const bytesOf = async (file: File) => new Uint8Array(await file.arrayBuffer());
const link = ({ id, url, filename, size }: StoredUpload) => ({ id, url, filename, size });

async function receive(page: UploadPage, req: IncomingMessage, store: UploadStore): Promise<object> {
  const type = req.headers['content-type'] ?? '';
  const body = await readBody(req, MAX_BODY_BYTES);
  switch (page) {
    case 'cms': {
      // WordPress's plupload sends the file as `async-upload` and the original name separately as `name`.
      const form = await parseForm(type, body);
      const file = fileField(form, 'async-upload');
      const name = form.get('name');
      const saved = await store.save('cms', 'async-upload', typeof name === 'string' && name ? name : file.name, file.type, await bytesOf(file));
      return { ok: true, id: saved.id, url: saved.url };
    }
    case 'backstop': {
      const file = fileField(await parseForm(type, body), 'file');
      return { ok: true, ...link(await store.save('backstop', 'file', file.name, file.type, await bytesOf(file))) };
    }
    case 'composer': {
      const form = await parseForm(type, body);
      const text = String(form.get('text') ?? '');
      const photos = form.getAll('photo').filter((v): v is File => typeof v !== 'string');
      const saved: StoredUpload[] = [];
      // Each photo carries the post's text; a post without photos is kept as a text record so it is not lost.
      for (const photo of photos) saved.push(await store.save('composer', 'photo', photo.name, photo.type, await bytesOf(photo), text));
      if (!photos.length) saved.push(await store.save('composer', 'text', 'post.txt', 'text/plain; charset=utf-8', Buffer.from(text), text));
      return { ok: true, text, photos: saved.filter((r) => r.field === 'photo').map(link) };
    }
    case 'newsletter': {
      const html = await newsletterHtml(type, body);
      const page = await store.save('newsletter', 'html', 'newsletter.html', 'text/html; charset=utf-8', Buffer.from(html), html);
      const images: StoredUpload[] = [];
      for (const [i, img] of dataImages(html).entries()) {
        images.push(await store.save('newsletter', 'data-url', `inline-${i + 1}.${img.ext}`, img.contentType, img.bytes));
      }
      return { ok: true, ...link(page), images: images.map(link) };
    }
  }
}

async function newsletterHtml(type: string, body: Buffer): Promise<string> {
  let html: unknown;
  if (/^application\/json/i.test(type)) {
    try {
      html = (JSON.parse(body.toString('utf8')) as { html?: unknown } | null)?.html;
    } catch {
      throw new HttpError(400, 'body is not valid JSON');
    }
  } else {
    html = (await parseForm(type, body)).get('html');
  }
  if (typeof html !== 'string') throw new HttpError(400, 'missing field: html');
  return html;
}

/** Multipart or urlencoded, parsed by the Fetch API's own parser (Node 20 has it built in). */
async function parseForm(type: string, body: Buffer): Promise<FormData> {
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)) throw new HttpError(415, `expected a form, got ${type || 'no content type'}`);
  try {
    return await new Request('http://demo.invalid/', { method: 'POST', headers: { 'content-type': type }, body: body as Uint8Array<ArrayBuffer> }).formData();
  } catch (err) {
    throw new HttpError(400, `malformed form body: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function fileField(form: FormData, field: string): File {
  const value = form.get(field);
  if (value === null || typeof value === 'string') throw new HttpError(400, `missing file field: ${field}`);
  return value;
}

/**
 * The body, or a 413 once it is over `limit`. The rest is read and dropped before answering: a server that answers
 * and closes mid-upload makes clients (undici, Chromium) report a reset connection instead of the 413.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > 4 * limit) req.destroy(); // not an upload any more: stop listening
    });
    req.on('end', () => (size > limit ? reject(new HttpError(413, `body over ${limit} bytes`)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => size > 4 * limit && reject(new HttpError(413, `body over ${limit} bytes`)));
  });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new HttpError(400, 'bad URL encoding');
  }
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown) => send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

async function sendFile(res: ServerResponse, file: string, type = mimeOf(file)): Promise<void> {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    throw new HttpError(404, 'not found');
  }
  send(res, 200, body, type);
}

/** The pages link to each other across origins; the ports are only known once the servers listen. */
async function sendHtml(res: ServerResponse, page: string, origins: Record<Channel, string>): Promise<void> {
  const html = await readFile(join(SITE_DIR, `${page}.html`), 'utf8');
  send(res, 200, html.replace(/\{\{(cms|composer|newsletter)\}\}/g, (_, c: Channel) => origins[c]), 'text/html; charset=utf-8');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [cms, composer, newsletter] = process.argv.slice(2).map(Number);
  const site = await startDemoSite({ ports: { cms: cms ?? 0, composer: composer ?? 0, newsletter: newsletter ?? 0 } });
  console.log(`ConsentGate demo site: ${site.urls.index}\n  cms        ${site.urls.cms}\n  composer   ${site.urls.composer}\n  newsletter ${site.urls.newsletter}\n  backstop   ${site.urls.backstop}\n  uploads in ${site.uploadsDir}`);
}
