/**
 * The page-world backstop (src/intercept/backstop.ts) in Debian's Chromium, without the extension: the module is
 * bundled with esbuild, injected before the page's own scripts, and a small local server counts what really reaches
 * the network. A stopped upload must not put a single request on the wire, not even an empty one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, launchChromium, type Launched } from './chromium';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const ROOT = join(import.meta.dirname, '..', '..');
const JPEG = readFileSync(join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg'));
const JPEG_SHA = createHash('sha256').update(JPEG).digest('hex');
const STOPPED = 'ConsentGate stopped this upload';

interface Received {
  method: string;
  path: string;
  type: string;
  body: Buffer;
}

interface Outcome {
  ok: boolean;
  status?: number;
  text?: string;
  name?: string;
  message?: string;
  isTypeError?: boolean;
}

interface XhrOutcome {
  events: string[];
  status: number;
  readyState: number;
  thrown: { name: string; message: string } | null;
}

interface Blocked {
  via: string;
  url: string;
  reason: string;
}

declare global {
  interface Window {
    blocked: Blocked[];
    savedFetch: typeof fetch;
    pageFetchCalls: number;
    pageSendCalls: number;
    backstopFirst: boolean;
    sample(): Promise<Uint8Array<ArrayBuffer>>;
    dataUrl(bytes: Uint8Array, type?: string): string;
    tryFetch(input: RequestInfo | URL, init?: RequestInit, via?: typeof fetch): Promise<Outcome>;
    xhrSend(body: unknown, opts?: { sync?: boolean; path?: string }): Promise<XhrOutcome>;
    release(hash: unknown): void;
  }
}

/**
 * The page's own script, which runs after the backstop: it records stop reports, and keeps and replaces fetch and
 * XMLHttpRequest.prototype.send the way analytics and editor scripts do.
 */
const PAGE_SCRIPT = String.raw`
window.backstopFirst = window[Symbol.for('consent-gate.backstop')] === true;
window.blocked = [];
document.addEventListener('consent-gate:blocked', (e) => window.blocked.push(JSON.parse(e.detail)));

window.savedFetch = window.fetch;
window.pageFetchCalls = 0;
const pageOriginalFetch = window.fetch;
window.fetch = function pageFetch(input, init) {
  window.pageFetchCalls++;
  return pageOriginalFetch.call(this, input, init);
};
window.pageSendCalls = 0;
const pageOriginalSend = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.send = function pageSend(body) {
  window.pageSendCalls++;
  return pageOriginalSend.call(this, body);
};

window.sample = async () => new Uint8Array(await (await fetch('/sample.jpg')).arrayBuffer());
window.dataUrl = (bytes, type = 'image/jpeg') => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return 'data:' + type + ';base64,' + btoa(s);
};
window.release = (hash) => document.dispatchEvent(new CustomEvent('consent-gate:released', { detail: hash }));
window.tryFetch = async (input, init, via = window.fetch) => {
  try {
    const res = await via(input, init);
    return { ok: true, status: res.status, text: await res.text() };
  } catch (err) {
    return { ok: false, name: err.name, message: err.message, isTypeError: err instanceof TypeError };
  }
};
window.xhrSend = (body, { sync = false, path = '/upload' } = {}) =>
  new Promise((resolve) => {
    const events = [];
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path, !sync);
    if (!sync) {
      for (const type of ['loadstart', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend']) {
        xhr.addEventListener(type, () => events.push('xhr:' + type));
        xhr.upload.addEventListener(type, () => events.push('upload:' + type));
      }
      xhr.onerror = () => events.push('xhr:onerror');
    }
    const done = (thrown) => setTimeout(() => resolve({ events, status: xhr.status, readyState: xhr.readyState, thrown }), 50);
    xhr.addEventListener('loadend', () => done(null));
    try {
      xhr.send(body);
      if (sync) done(null);
    } catch (err) {
      done({ name: err.name, message: err.message });
    }
  });
`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>upload</title><script>${PAGE_SCRIPT}</script></head><body><p>upload page</p></body></html>`;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const GATE_STAND_IN = `
  document.addEventListener('consent-gate:scrub', (e) => {
    const r = JSON.parse(e.detail);
    const texts = r.texts.map((t) => t.split('Noor Jansen').join('').replace(/  +/g, ' '));
    document.dispatchEvent(new CustomEvent('consent-gate:scrubbed', { detail: JSON.stringify({ id: r.id, texts, removed: [] }) }));
  });
  const ready = () => document.dispatchEvent(new CustomEvent('consent-gate:state', { detail: 'ready' }));
  document.addEventListener('consent-gate:state?', ready);
  ready();
`;

describe.skipIf(!HAS_CHROMIUM)('the backstop in the page world', () => {
  let server: Server;
  let base: string;
  let browser: Launched;
  let page: Page;
  let received: Received[] = [];
  let bundleText = '';
  const errors: string[] = [];

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: "import { installBackstop } from './src/intercept/backstop';\ninstallBackstop();\n", resolveDir: ROOT, loader: 'ts', sourcefile: 'backstop-entry.ts' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      write: false,
    });
    bundleText = bundle.outputFiles[0]!.text;
    server = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        const path = req.url ?? '/';
        if (req.method === 'GET' && path === '/') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
        } else if (req.method === 'GET' && path === '/sample.jpg') {
          res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG);
        } else if (req.method === 'GET') {
          res.writeHead(404).end();
        } else {
          received.push({ method: req.method ?? '', path, type: req.headers['content-type'] ?? '', body });
          res.writeHead(200, { 'content-type': 'text/plain' }).end(`received ${body.length}`);
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    await browser.context.addInitScript({ content: bundleText });
    // Stands in for the gate's content script: the page is a configured site, and its name check removes "Noor Jansen".
    await browser.context.addInitScript({ content: GATE_STAND_IN });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    expect(errors).toEqual([]);
  });

  beforeEach(async () => {
    received = [];
    page = await browser.context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${base}/`);
    expect(await page.evaluate(() => window.isSecureContext && !!crypto.subtle)).toBe(true);
  });

  afterEach(async () => {
    await page.close();
  });

  /** Everything that reached the server for `path`, once a later request has made it there. */
  async function arrived(path = '/upload'): Promise<Received[]> {
    const before = received.length;
    expect(await page.evaluate(() => window.tryFetch('/sentinel', { method: 'POST', body: 'sentinel' }))).toMatchObject({ ok: true });
    await expect.poll(() => received.slice(before).some((r) => r.path === '/sentinel')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    return received.filter((r) => r.path === path);
  }

  async function waitFor(path: string, count = 1): Promise<Received[]> {
    await expect.poll(() => received.filter((r) => r.path === path).length).toBe(count);
    return received.filter((r) => r.path === path);
  }

  const blocked = (): Promise<Blocked[]> => page.evaluate(() => window.blocked);

  function expectStopped(outcome: Outcome): void {
    expect(outcome.ok).toBe(false);
    expect(outcome.isTypeError).toBe(true);
    expect(outcome.name).toBe('TypeError');
    expect(outcome.message?.startsWith(STOPPED)).toBe(true);
  }

  function expectXhrStopped(outcome: XhrOutcome): void {
    expect(outcome.thrown).toBeNull();
    expect([...outcome.events].sort()).toEqual(['upload:error', 'upload:loadend', 'xhr:error', 'xhr:loadend', 'xhr:onerror']);
    expect(outcome.status).toBe(0);
  }

  it('is installed before the page scripts run, on a secure context', async () => {
    expect(await page.evaluate(() => window.backstopFirst)).toBe(true);
  });

  describe('fetch', () => {
    it('stops an image Blob body', async () => {
      const r = await page.evaluate(async () => window.tryFetch('/upload', { method: 'POST', body: new Blob([await window.sample()], { type: 'image/jpeg' }) }));
      expectStopped(r);
      expect(r.message).toContain('photo');
      expect(await arrived()).toEqual([]);
    });

    it('stops an image File in FormData', async () => {
      const r = await page.evaluate(async () => {
        const form = new FormData();
        form.append('title', 'Schoolreis');
        form.append('file', new File([await window.sample()], 'IMG_0001.JPG', { type: 'image/jpeg' }));
        return window.tryFetch('/upload', { method: 'POST', body: form });
      });
      expectStopped(r);
      expect(r.message).toContain('IMG_0001.JPG');
      expect(await arrived()).toEqual([]);
    });

    it('stops a Request object with a FormData body', async () => {
      const r = await page.evaluate(async () => {
        const form = new FormData();
        form.append('file', new File([await window.sample()], 'IMG_0002.JPG', { type: 'image/jpeg' }));
        return window.tryFetch(new Request('/upload', { method: 'POST', body: form }));
      });
      expectStopped(r);
      expect(await arrived()).toEqual([]);
    });

    it('stops a Request object with an image Blob body', async () => {
      const r = await page.evaluate(async () => window.tryFetch(new Request('/upload', { method: 'PUT', body: new Blob([await window.sample()], { type: 'image/jpeg' }) })));
      expectStopped(r);
      expect(await arrived()).toEqual([]);
    });

    it('stops an ArrayBuffer with JPEG magic and no type, and a Uint8Array view of it', async () => {
      const r = await page.evaluate(async () => {
        const bytes = await window.sample();
        return [await window.tryFetch('/upload', { method: 'POST', body: bytes.buffer }), await window.tryFetch('/upload', { method: 'POST', body: bytes })];
      });
      for (const outcome of r) {
        expectStopped(outcome);
        expect(outcome.message).toContain('binary body');
      }
      expect(await arrived()).toEqual([]);
    });

    it('stops photos whose type does not say so: an untyped File named .heic, a Blob typed octet-stream', async () => {
      const r = await page.evaluate(async () => {
        const bytes = await window.sample();
        const form = new FormData();
        form.append('file', new File([bytes], 'IMG_0003.HEIC'));
        return [
          await window.tryFetch('/upload', { method: 'POST', body: form }),
          await window.tryFetch('/upload', { method: 'POST', body: new Blob([bytes], { type: 'application/octet-stream' }) }),
          await window.tryFetch('/upload', { method: 'POST', body: new Blob([bytes], { type: 'text/plain' }) }),
        ];
      });
      r.forEach(expectStopped);
      expect(await arrived()).toEqual([]);
    });

    it('stops a streamed body it cannot look into', async () => {
      const r = await page.evaluate(() =>
        window.tryFetch('/upload', {
          method: 'POST',
          body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('x')), c.close()) }),
          duplex: 'half',
        } as RequestInit),
      );
      expectStopped(r);
      expect(r.message).toContain('streams its body');
      expect(await arrived()).toEqual([]);
    });

    it('reports each stop on document as JSON with via, url and reason', async () => {
      await page.evaluate(async () => {
        const bytes = await window.sample();
        await window.tryFetch('/upload', { method: 'POST', body: new Blob([bytes], { type: 'image/jpeg' }) });
        await window.tryFetch(new Request('/upload?x=1', { method: 'POST', body: new Blob([bytes], { type: 'image/png' }) }));
      });
      const reports = await blocked();
      expect(reports).toHaveLength(2);
      for (const report of reports) {
        expect(Object.keys(report).sort()).toEqual(['reason', 'url', 'via']);
        expect(report.via).toBe('fetch');
        expect(report.reason).toMatch(/^a photo \(.*\) that was not checked by ConsentGate$/);
      }
      expect(reports[0]!.url).toBe('/upload');
      expect(reports[1]!.url).toBe(`${base}/upload?x=1`);
    });
  });

  describe('XMLHttpRequest', () => {
    it('stops an image Blob: error and loadend on xhr and xhr.upload, nothing on the network', async () => {
      const r = await page.evaluate(async () => window.xhrSend(new Blob([await window.sample()], { type: 'image/jpeg' })));
      expectXhrStopped(r);
      expect(await arrived()).toEqual([]);
      expect(await blocked()).toEqual([{ via: 'xhr', url: '/upload', reason: 'a photo (file) that was not checked by ConsentGate' }]);
    });

    it('stops an image File in FormData, and an ArrayBuffer with JPEG magic', async () => {
      const r = await page.evaluate(async () => {
        const bytes = await window.sample();
        const form = new FormData();
        form.append('file', new File([bytes], 'IMG_0001.JPG', { type: 'image/jpeg' }));
        return [await window.xhrSend(form), await window.xhrSend(bytes.buffer)];
      });
      r.forEach(expectXhrStopped);
      // Not even an empty POST: the real send is never called.
      expect(await arrived()).toEqual([]);
      expect(received.filter((x) => x.path !== '/sentinel')).toEqual([]);
    });

    it('throws for a synchronous request with an image, sending nothing', async () => {
      const r = await page.evaluate(async () => window.xhrSend(new Blob([await window.sample()], { type: 'image/jpeg' }), { sync: true }));
      expect(r.thrown?.name).toBe('NetworkError');
      expect(r.thrown?.message.startsWith(STOPPED)).toBe(true);
      expect(await arrived()).toEqual([]);
      expect((await blocked())[0]?.via).toBe('xhr');
    });

    it('still sends a synchronous request with a plain text body', async () => {
      const r = await page.evaluate(() => window.xhrSend('hallo', { sync: true }));
      expect(r).toMatchObject({ thrown: null, status: 200, readyState: 4 });
      expect((await waitFor('/upload'))[0]!.body.toString()).toBe('hallo');
    });

    it("goes through the page's replacement of send", async () => {
      const r = await page.evaluate(async () => window.xhrSend(new Blob([await window.sample()], { type: 'image/jpeg' })));
      expectXhrStopped(r);
      expect(await page.evaluate(() => window.pageSendCalls)).toBe(1);
      expect(await arrived()).toEqual([]);
    });
  });

  describe('sendBeacon', () => {
    it('refuses an image, sending nothing', async () => {
      const r = await page.evaluate(async () => {
        const bytes = await window.sample();
        const form = new FormData();
        form.append('file', new File([bytes], 'a.jpg', { type: 'image/jpeg' }));
        return [navigator.sendBeacon('/upload', new Blob([bytes], { type: 'image/jpeg' })), navigator.sendBeacon('/upload', form), navigator.sendBeacon('/upload', bytes)];
      });
      expect(r).toEqual([false, false, false]);
      expect(await arrived()).toEqual([]);
      const reports = await blocked();
      expect(reports.map((b) => b.via)).toEqual(['beacon', 'beacon', 'beacon']);
      expect(reports[0]).toEqual({ via: 'beacon', url: '/upload', reason: 'a beacon that may carry a photo' });
    });

    it('refuses a text beacon with an inline image', async () => {
      const r = await page.evaluate(async () => {
        const url = window.dataUrl(await window.sample());
        return [navigator.sendBeacon('/upload', JSON.stringify({ html: `<img src="${url}">` })), navigator.sendBeacon('/upload', `<img src="${url.replace('data:image', 'DATA:Image')}">`)];
      });
      expect(r).toEqual([false, false]);
      expect(await arrived()).toEqual([]);
    });

    it('sends a plain text beacon', async () => {
      expect(await page.evaluate(() => navigator.sendBeacon('/upload', 'page=closed'))).toBe(true);
      expect((await waitFor('/upload'))[0]!.body.toString()).toBe('page=closed');
      expect(await blocked()).toEqual([]);
    });
  });

  describe('inline data: images', () => {
    it('stops an HTML body, a JSON body, a form body and a JSON Blob with an unchecked data: image', async () => {
      const r = await page.evaluate(async () => {
        const html = `<p>Schoolreis</p><img src="${window.dataUrl(await window.sample())}" alt="">`;
        return [
          await window.tryFetch('/upload', { method: 'POST', body: html, headers: { 'content-type': 'text/html' } }),
          await window.tryFetch('/upload', { method: 'POST', body: JSON.stringify({ title: 'Schoolreis', content: html }), headers: { 'content-type': 'application/json' } }),
          await window.tryFetch('/upload', { method: 'POST', body: new URLSearchParams({ action: 'save', content: html }) }),
          await window.tryFetch('/upload', { method: 'POST', body: new Blob([JSON.stringify({ content: html })], { type: 'application/json' }) }),
          await window.tryFetch(new Request('/upload', { method: 'POST', body: JSON.stringify({ content: html }), headers: { 'content-type': 'application/json' } })),
        ];
      });
      r.forEach(expectStopped);
      expect(r[0]!.message).toContain('inline image/jpeg');
      expect(await arrived()).toEqual([]);
    });

    it('stops the same by XHR, and a data: URL whose scheme is written in capitals', async () => {
      const r = await page.evaluate(async () => {
        const url = window.dataUrl(await window.sample());
        return [await window.xhrSend(JSON.stringify({ content: `<img src="${url}">` })), await window.xhrSend(`<img src="${url.replace('data:image/jpeg', 'DATA:IMAGE/JPEG')}">`)];
      });
      r.forEach(expectXhrStopped);
      expect(await arrived()).toEqual([]);
    });

    it('stops a text Blob without a type, or with a +json type, that inlines an image', async () => {
      const r = await page.evaluate(async () => {
        const json = JSON.stringify({ content: `<img src="${window.dataUrl(await window.sample())}">` });
        return [
          await window.tryFetch('/upload', { method: 'POST', body: new Blob([json]) }),
          await window.tryFetch('/upload', { method: 'POST', body: new Blob([json], { type: 'application/vnd.api+json' }) }),
          await window.tryFetch(new Request('/upload', { method: 'POST', body: json, headers: { 'content-type': 'application/ld+json' } })),
          await window.xhrSend(new Blob([json])),
        ];
      });
      r.slice(0, 3).forEach((o) => expectStopped(o as Outcome));
      expectXhrStopped(r[3] as XhrOutcome);
      expect(await arrived()).toEqual([]);
    });

    it('stops a multipart body built by hand as bytes, and data: images with parameters or percent-encoded bytes', async () => {
      const r = await page.evaluate(async () => {
        const photo = await window.sample();
        const head = new TextEncoder().encode('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: application/octet-stream\r\n\r\n');
        const tail = new TextEncoder().encode('\r\n--xyz--\r\n');
        const body = new Uint8Array(head.length + photo.length + tail.length);
        body.set(head, 0);
        body.set(photo, head.length);
        body.set(tail, head.length + photo.length);
        let b64 = '';
        photo.subarray(0, 3000).forEach((b) => (b64 += String.fromCharCode(b)));
        b64 = btoa(b64);
        return [
          await window.tryFetch('/upload', { method: 'POST', body }),
          await window.tryFetch('/upload', { method: 'POST', body: `<img src="data:image/jpeg;name=a.jpg;base64,${b64}">` }),
          await window.tryFetch('/upload', { method: 'POST', body: '<img src="data:image/png,%89PNG%0D%0A%1A%0A">' }),
        ];
      });
      for (const outcome of r) expectStopped(outcome);
      expect(await arrived()).toEqual([]);
    });

    it('stops an inline image that is not valid base64', async () => {
      const r = await page.evaluate(() => window.tryFetch('/upload', { method: 'POST', body: '<img src="data:image/jpeg;base64,/9j/4AAQSkZJRg=Q">' }));
      expectStopped(r);
      expect(r.message).toContain('cannot read');
      expect(await arrived()).toEqual([]);
    });
  });

  describe('released files', () => {
    it('lets the released bytes through, and still stops different bytes', async () => {
      const r = await page.evaluate(async (hash) => {
        const bytes = await window.sample();
        const other = bytes.slice();
        other[1000] = other[1000]! ^ 0xff;
        const before = await window.tryFetch('/upload', { method: 'POST', body: new Blob([bytes], { type: 'image/jpeg' }) });
        window.release(hash);
        const form = new FormData();
        form.append('file', new File([bytes], 'foto-2026-01-10-1.jpg', { type: 'image/jpeg' }));
        return {
          before,
          blob: await window.tryFetch('/upload', { method: 'POST', body: new Blob([bytes], { type: 'image/jpeg' }) }),
          form: await window.tryFetch('/upload', { method: 'POST', body: form }),
          other: await window.tryFetch('/upload', { method: 'POST', body: new Blob([other], { type: 'image/jpeg' }) }),
          otherBuffer: await window.tryFetch('/upload', { method: 'POST', body: other.buffer }),
          xhr: await window.xhrSend(new Blob([bytes], { type: 'image/jpeg' })),
          xhrOther: await window.xhrSend(new Blob([other], { type: 'image/jpeg' })),
          beacon: navigator.sendBeacon('/upload', new Blob([bytes], { type: 'image/jpeg' })),
        };
      }, JPEG_SHA);
      expectStopped(r.before);
      expect(r.blob).toEqual({ ok: true, status: 200, text: `received ${JPEG.length}` });
      expect(r.form).toMatchObject({ ok: true, status: 200 });
      expectStopped(r.other);
      expectStopped(r.otherBuffer);
      expect(r.xhr.events).toContain('xhr:load');
      expect(r.xhr.status).toBe(200);
      expectXhrStopped(r.xhrOther);
      // A beacon cannot wait for a hash: it is refused even for a released file.
      expect(r.beacon).toBe(false);

      const got = await arrived();
      expect(got).toHaveLength(3);
      expect(got[0]!.body.equals(JPEG)).toBe(true);
      expect(got[0]!.type).toBe('image/jpeg');
      expect(got[1]!.type).toMatch(/^multipart\/form-data/);
      expect(got[1]!.body.includes(JPEG)).toBe(true);
      expect(got[2]!.body.equals(JPEG)).toBe(true);
    });

    it('lets a released photo through inline, in JSON and in a form body', async () => {
      const r = await page.evaluate(async (hash) => {
        window.release(hash);
        const html = `<p>Schoolreis</p><img src="${window.dataUrl(await window.sample())}" alt="">`;
        return [
          await window.tryFetch('/upload', { method: 'POST', body: JSON.stringify({ content: html }), headers: { 'content-type': 'application/json' } }),
          await window.tryFetch('/upload', { method: 'POST', body: new URLSearchParams({ content: html }) }),
          await window.xhrSend(html),
        ];
      }, JPEG_SHA);
      expect(r[0]).toMatchObject({ ok: true, status: 200 });
      expect(r[1]).toMatchObject({ ok: true, status: 200 });
      expect((r[2] as XhrOutcome).status).toBe(200);
      const got = await arrived();
      expect(got).toHaveLength(3);
      expect(JSON.parse(got[0]!.body.toString()).content).toContain(`base64,${JPEG.toString('base64')}`);
    });

    it('ignores a released event that does not carry a lower-case SHA-256', async () => {
      const r = await page.evaluate(async (hash) => {
        window.release(hash.toUpperCase());
        window.release({ toString: () => hash });
        window.release(hash.slice(1));
        window.release(`${hash}\n`);
        return window.tryFetch('/upload', { method: 'POST', body: new Blob([await window.sample()], { type: 'image/jpeg' }) });
      }, JPEG_SHA);
      expectStopped(r);
      expect(await arrived()).toEqual([]);
    });
  });

  describe('bodies without photos', () => {
    it('always go through, byte for byte', async () => {
      const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
      const r = await page.evaluate(async (pdfText) => {
        const form = new FormData();
        form.append('title', 'Nieuwsbrief');
        form.append('file', new File([pdfText], 'nieuwsbrief.pdf', { type: 'application/pdf' }));
        const xhrForm = new FormData();
        xhrForm.append('file', new File([pdfText], 'brief.pdf', { type: 'application/pdf' }));
        return [
          await window.tryFetch('/upload', { method: 'POST', body: 'Hallo ouders' }),
          await window.tryFetch('/upload', { method: 'POST', body: JSON.stringify({ title: 'Schoolreis', content: '<p>Geen foto, wel data:image uitleg</p>' }), headers: { 'content-type': 'application/json' } }),
          await window.tryFetch('/upload', { method: 'POST', body: form }),
          await window.tryFetch('/upload', { method: 'POST', body: new File([pdfText], 'los.pdf', { type: 'application/pdf' }) }),
          await window.tryFetch(new Request('/upload', { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } })),
          await window.tryFetch('/upload', { method: 'POST', body: new URLSearchParams({ q: 'schoolreis' }) }),
          await window.tryFetch('/upload', { method: 'POST', body: new TextEncoder().encode('binary text') }),
          await window.xhrSend('Hallo ouders'),
          await window.xhrSend(xhrForm),
          await window.xhrSend(new Blob(['{"a":1}'], { type: 'application/json' })),
        ];
      }, pdf);
      for (const outcome of r.slice(0, 7)) expect(outcome).toMatchObject({ ok: true, status: 200 });
      for (const outcome of r.slice(7) as XhrOutcome[]) {
        expect(outcome.status).toBe(200);
        expect(outcome.events).toContain('xhr:load');
        expect(outcome.events).not.toContain('xhr:error');
      }
      const got = await waitFor('/upload', 10);
      expect(got[0]!.body.toString()).toBe('Hallo ouders');
      expect(got[2]!.body.includes(Buffer.from(pdf))).toBe(true);
      expect(got[3]!.body.toString()).toBe(pdf);
      expect(got[6]!.body.toString()).toBe('binary text');
      expect(got[8]!.body.includes(Buffer.from(pdf))).toBe(true);
      expect(await blocked()).toEqual([]);
    });
  });

  describe('page scripts that keep their own fetch', () => {
    it('a fetch saved after the backstop installed, and the page wrapper, both go through it', async () => {
      const r = await page.evaluate(async () => {
        const blob = new Blob([await window.sample()], { type: 'image/jpeg' });
        return {
          saved: await window.tryFetch('/upload', { method: 'POST', body: blob }, window.savedFetch),
          wrapped: await window.tryFetch('/upload', { method: 'POST', body: blob }, window.fetch),
          calls: window.pageFetchCalls,
        };
      });
      expectStopped(r.saved);
      expectStopped(r.wrapped);
      expect(r.calls).toBeGreaterThanOrEqual(2);
      expect(await arrived()).toEqual([]);
      expect((await blocked()).map((b) => b.via)).toEqual(['fetch', 'fetch']);
    });

    it('a second injection does not install a second backstop that forgot what was released', async () => {
      await page.evaluate((hash) => window.release(hash), JPEG_SHA);
      await page.addScriptTag({ content: bundleText });
      const r = await page.evaluate(async () => window.tryFetch('/upload', { method: 'POST', body: new Blob([await window.sample()], { type: 'image/jpeg' }) }));
      expect(r).toMatchObject({ ok: true, status: 200 });
      expect((await waitFor('/upload'))[0]!.body.equals(JPEG)).toBe(true);
    });
  });
});
