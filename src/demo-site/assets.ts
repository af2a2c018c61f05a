/**
 * Where the demo site's files come from: the page sources in demo/site/, their TypeScript bundled by esbuild in
 * memory, TinyMCE and face-api's sample photos straight out of node_modules (nothing is fetched from the internet).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/** The project root, found from wherever this module runs (src/ under vitest or tsx). */
function findRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'demo', 'site', 'index.html'))) return dir;
    if (dirname(dir) === dir) throw new Error('demo/site/index.html not found above ' + start);
  }
}

export const SITE_DIR = join(findRoot(), 'demo', 'site');
export const TINYMCE_DIR = dirname(require.resolve('tinymce/package.json'));
export const SAMPLES_DIR = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

export const PAGES = ['cms', 'composer', 'newsletter', 'backstop'] as const;
export type PageName = (typeof PAGES)[number];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
export const mimeOf = (file: string) => MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';

/** `rel` inside `base`, or null when it would escape it (`..`, absolute paths). */
export function inside(base: string, rel: string): string | null {
  const full = resolve(base, '.' + sep + rel);
  return full.startsWith(base + sep) ? full : null;
}

let bundles: Promise<Map<string, string>> | undefined;

/** The pages' scripts, built once per process: every test file and every server start share one esbuild run. */
export function pageBundles(): Promise<Map<string, string>> {
  bundles ??= build({
    entryPoints: Object.fromEntries(PAGES.map((p) => [p, join(SITE_DIR, `${p}.ts`)])),
    bundle: true,
    format: 'esm',
    target: 'chrome120',
    write: false,
    outdir: '/assets',
    logLevel: 'silent',
    // Lexical's entry picks its dev or prod build from process.env.NODE_ENV, which a browser does not have.
    define: { 'process.env.NODE_ENV': '"production"' },
    conditions: ['production'],
  }).then(
    (out) => new Map(out.outputFiles.map((f) => [f.path.slice(f.path.lastIndexOf('/') + 1), f.text])),
    (err: unknown) => {
      bundles = undefined; // a syntax error while editing a page should not stick for the whole process
      throw err;
    },
  );
  return bundles;
}
