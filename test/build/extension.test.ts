import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from '../../models/manifest.json';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the extension build', () => {
  // test/global-setup.ts runs `wxt build` once before the tests.
  it('builds an MV3 extension that carries exactly the verified models and allows wasm', () => {
    const out = join(ROOT, '.output/chrome-mv3');
    const mf = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(mf.manifest_version).toBe(3);
    expect(mf.content_security_policy.extension_pages).toContain("'wasm-unsafe-eval'");
    expect(mf.content_security_policy.extension_pages.replace("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe|https?:/);
    const shipped = readdirSync(join(out, 'models')).sort();
    expect(shipped).toEqual([...manifest.files.map((f) => f.file), 'manifest.json'].sort());
    for (const f of manifest.files) expect(readFileSync(join(out, 'models', f.file)).length).toBe(f.size);
  });
});
