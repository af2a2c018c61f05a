import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../src/demo-site/server';
import { sample } from './helpers';

let site: DemoSite;

beforeAll(async () => {
  site = await startDemoSite();
});
afterAll(() => site?.close());

const photo = (n: number) => new Uint8Array(readFileSync(sample(n)));
const post = (path: string, body: BodyInit, origin = site.origins.cms) => fetch(origin + path, { method: 'POST', body });
const last = (n = 1) => site.uploads().slice(-n);
const stored = (path: string) => new Uint8Array(readFileSync(path));
/** Compared by hash: vitest's deep equality walks a 200 kB array element by element. */
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('demo site server', () => {
  it('listens on three random ports of 127.0.0.1, one origin per channel', () => {
    const { cms, composer, newsletter } = site.origins;
    expect(new Set([cms, composer, newsletter]).size).toBe(3);
    for (const origin of [cms, composer, newsletter]) expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(site.urls).toEqual({
      cms: `${cms}/cms.html`,
      composer: `${composer}/composer.html`,
      newsletter: `${newsletter}/newsletter.html`,
      backstop: `${cms}/backstop.html`,
      index: `${cms}/`,
    });
  });

  it('serves every page on every port, the index linking to each page on its own origin', async () => {
    for (const origin of Object.values(site.origins)) {
      for (const page of ['cms', 'composer', 'newsletter', 'backstop']) {
        const res = await fetch(`${origin}/${page}.html`);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(await res.text()).toContain(`/assets/${page}.js`);
      }
    }
    const index = await (await fetch(site.urls.index)).text();
    expect(index).toContain(`href="${site.urls.cms}"`);
    expect(index).toContain(`href="${site.urls.composer}"`);
    expect(index).toContain(`href="${site.urls.newsletter}"`);
    expect(index).not.toContain('{{');
  });

  it('serves the bundled page scripts, TinyMCE and the sample photos locally', async () => {
    for (const page of ['cms', 'composer', 'newsletter', 'backstop']) {
      const res = await fetch(`${site.origins.composer}/assets/${page}.js`);
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await res.text()).length).toBeGreaterThan(500);
    }
    expect((await fetch(`${site.origins.newsletter}/tinymce/tinymce.min.js`)).status).toBe(200);
    expect((await fetch(`${site.origins.newsletter}/tinymce/plugins/image/plugin.min.js`)).status).toBe(200);
    const jpg = await fetch(`${site.origins.cms}/samples/sample4.jpg`);
    expect(jpg.headers.get('content-type')).toBe('image/jpeg');
    expect(sha(new Uint8Array(await jpg.arrayBuffer()))).toBe(sha(photo(4)));
  });

  it('answers 404 for unknown paths, and never serves files outside its folders', async () => {
    for (const path of ['/nope', '/assets/nope.js', '/samples/sample7.jpg', '/uploads/9999/x.jpg', '/tinymce/%2e%2e/package.json', '/received.ts', '/api/nope']) {
      expect((await fetch(site.origins.cms + path)).status, path).toBe(404);
    }
    expect((await post('/api/nope', 'x')).status).toBe(404);
  });

  it('cms: stores the plupload-style `async-upload` file under its `name`, byte for byte, and serves it back', async () => {
    const form = new FormData();
    form.append('name', 'schoolreis 2025.jpg');
    form.append('async-upload', new Blob([photo(1)], { type: 'image/jpeg' }), 'blob');
    const res = await post('/api/cms/upload', form);
    const body = (await res.json()) as { ok: boolean; id: string; url: string };
    expect(body).toMatchObject({ ok: true, url: expect.stringMatching(/^\/uploads\/\d+\/schoolreis%202025\.jpg$/) });
    const [rec] = last();
    expect(rec).toMatchObject({ page: 'cms', field: 'async-upload', filename: 'schoolreis 2025.jpg', contentType: 'image/jpeg', size: photo(1).length });
    expect(rec?.path.startsWith(site.uploadsDir)).toBe(true);
    expect(sha(stored(rec!.path))).toBe(sha(photo(1)));
    expect(sha(new Uint8Array(await (await fetch(site.origins.cms + body.url)).arrayBuffer()))).toBe(sha(photo(1)));
  });

  it('composer: stores each photo with the post text', async () => {
    const form = new FormData();
    form.append('text', 'Groep 5 op schoolreis!');
    form.append('photo', new Blob([photo(2)], { type: 'image/jpeg' }), 'a.jpg');
    form.append('photo', new Blob([photo(3)], { type: 'image/jpeg' }), 'b.jpg');
    const body = (await (await post('/api/composer/post', form, site.origins.composer)).json()) as { photos: { url: string }[] };
    expect(body.photos).toHaveLength(2);
    const recs = last(2);
    expect(recs.map((r) => [r.page, r.field, r.filename, r.text])).toEqual([
      ['composer', 'photo', 'a.jpg', 'Groep 5 op schoolreis!'],
      ['composer', 'photo', 'b.jpg', 'Groep 5 op schoolreis!'],
    ]);
    expect(sha(stored(recs[0]!.path))).toBe(sha(photo(2)));
    expect(sha(stored(recs[1]!.path))).toBe(sha(photo(3)));
  });

  it('composer: keeps a post without photos as one text record', async () => {
    const form = new FormData();
    form.append('text', 'Alleen tekst');
    await post('/api/composer/post', form, site.origins.composer);
    expect(last()[0]).toMatchObject({ page: 'composer', field: 'text', filename: 'post.txt', text: 'Alleen tekst' });
  });

  it('newsletter: stores the html and every inlined data: image as its own record', async () => {
    const png = readFileSync(sample(5)).toString('base64');
    const html = `<p>Hallo</p><img src="data:image/jpeg;base64,${png}"><figure class="image"><img src="data:image/png;base64,iVBORw0KGgo="><figcaption>x</figcaption></figure>`;
    const res = await fetch(`${site.origins.newsletter}/api/newsletter/save`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ html }) });
    expect(((await res.json()) as { images: unknown[] }).images).toHaveLength(2);
    const [page, first, second] = last(3);
    expect(page).toMatchObject({ page: 'newsletter', field: 'html', contentType: 'text/html; charset=utf-8', text: html });
    expect(readFileSync(page!.path, 'utf8')).toBe(html);
    expect(first).toMatchObject({ field: 'data-url', filename: 'inline-1.jpg', contentType: 'image/jpeg' });
    expect(sha(stored(first!.path))).toBe(sha(photo(5)));
    expect(second).toMatchObject({ field: 'data-url', filename: 'inline-2.png', contentType: 'image/png', size: 8 });
  });

  it('newsletter: also accepts a form body, and rejects a save without html', async () => {
    const form = new FormData();
    form.append('html', '<p>zonder plaatjes</p>');
    expect((await post('/api/newsletter/save', form, site.origins.newsletter)).status).toBe(200);
    expect(last()[0]).toMatchObject({ field: 'html', text: '<p>zonder plaatjes</p>' });
    const bad = await fetch(`${site.origins.newsletter}/api/newsletter/save`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(400);
  });

  it('backstop: stores the `file` field; a missing file is a 400', async () => {
    const form = new FormData();
    form.append('file', new Blob([photo(6)], { type: 'image/jpeg' }), 'sample6.jpg');
    expect((await post('/api/backstop/upload', form)).status).toBe(200);
    expect(last()[0]).toMatchObject({ page: 'backstop', field: 'file', filename: 'sample6.jpg' });
    expect(sha(stored(last()[0]!.path))).toBe(sha(photo(6)));
    expect((await post('/api/backstop/upload', new FormData())).status).toBe(400);
  });

  it('lists what it received at /api/uploads, with the URL of each file', async () => {
    const list = (await (await fetch(`${site.origins.composer}/api/uploads`)).json()) as { id: string; url: string; filename: string }[];
    expect(list).toHaveLength(site.uploads().length);
    expect(list.map((r) => r.filename)).toEqual(site.uploads().map((r) => r.filename));
    expect(list[0]?.url).toMatch(/^\/uploads\/0001\//);
  });

  it('refuses bodies over 50 MB with 413, with or without a Content-Length', async () => {
    const before = site.uploads().length;
    const big = new Uint8Array(50 * 1024 * 1024 + 1);
    const form = new FormData();
    form.append('file', new Blob([big], { type: 'image/jpeg' }), 'big.jpg');
    expect((await post('/api/backstop/upload', form)).status).toBe(413);
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if ((sent += chunk.length) > 60 * chunk.length) c.close();
        else c.enqueue(chunk);
      },
    });
    const res = await fetch(`${site.origins.cms}/api/backstop/upload`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(site.uploads().length).toBe(before);
  });

  it('close() releases all three ports and deletes its temporary uploads folder', async () => {
    const other = await startDemoSite();
    const ports = Object.values(other.origins).map((o) => Number(new URL(o).port));
    await other.close();
    expect(existsSync(other.uploadsDir)).toBe(false);
    for (const port of ports) {
      await new Promise<void>((resolve, reject) => {
        const probe = createServer().once('error', reject);
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
      });
    }
    await expect(fetch(other.urls.cms)).rejects.toThrow();
  });
});
