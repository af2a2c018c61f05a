/**
 * Builds the extension once per test run, before any worker starts: the build test inspects it and the browser
 * tests load it into Chromium. Set CONSENT_GATE_SKIP_BUILD=1 to reuse .output/chrome-mv3 while iterating on tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

export default function setup(): void {
  if (process.env.CONSENT_GATE_SKIP_BUILD === '1' && existsSync(join(ROOT, '.output/chrome-mv3/manifest.json'))) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wxt build failed:\n${r.stdout}\n${r.stderr}`);
}
