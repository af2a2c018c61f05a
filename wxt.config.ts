import preact from '@preact/preset-vite';
import { join } from 'node:path';
import { defineConfig } from 'wxt';
import { verifyAndCopy } from './scripts/models.mjs';

// The extension's features arrive issue by issue; this config already ships the verified models and allows wasm.
export default defineConfig({
  imports: false,
  manifest: {
    name: 'ConsentGate',
    description: 'Publishes pupils’ photos only where their parents consented: faces are checked on this device before upload.',
    content_security_policy: {
      // tfjs-wasm needs 'wasm-unsafe-eval' in extension pages; nothing else is loosened.
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  },
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // Models travel inside the extension, copied from the npm package and checked by SHA-256 (a mismatch throws
    // and stops the build); they are never fetched from a CDN.
    'build:publicAssets': (_wxt, files) => {
      const manifest = verifyAndCopy({ quiet: true });
      for (const f of manifest.files) files.push({ absoluteSrc: join(import.meta.dirname, 'models', f.file), relativeDest: `models/${f.file}` });
      files.push({ absoluteSrc: join(import.meta.dirname, 'models', 'manifest.json'), relativeDest: 'models/manifest.json' });
    },
  },
});
