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
    // offscreen: the one warm inference worker; scripting: content scripts registered for the configured origins
    // only; storage: settings, the consent list (until the consent store), review jobs; alarms: the log's daily
    // retention purge.
    permissions: ['offscreen', 'scripting', 'storage', 'alarms'],
    // What a school board may set centrally (Chrome policy 3rdparty.extensions.<id>); see src/admin/managed.ts.
    storage: { managed_schema: 'managed_schema.json' },
    content_security_policy: {
      // tfjs-wasm needs 'wasm-unsafe-eval' in extension pages; nothing else is loosened.
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  },
  // The offscreen worker bundles tfjs and face-api (≈1.4 MB): loaded once from the extension's own files.
  vite: () => ({ plugins: [preact()], build: { chunkSizeWarningLimit: 2000 } }),
  hooks: {
    // Models travel inside the extension, copied from the npm package and checked by SHA-256 (a mismatch throws
    // and stops the build); they are never fetched from a CDN.
    'build:publicAssets': (_wxt, files) => {
      const manifest = verifyAndCopy({ quiet: true });
      for (const f of manifest.files) files.push({ absoluteSrc: join(import.meta.dirname, 'models', f.file), relativeDest: `models/${f.file}` });
      files.push({ absoluteSrc: join(import.meta.dirname, 'models', 'manifest.json'), relativeDest: 'models/manifest.json' });
      // tfjs's wasm backend binaries (SIMD and plain; the threaded build cannot start workers in MV3).
      const wasmDir = join(import.meta.dirname, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
      for (const f of ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm']) files.push({ absoluteSrc: join(wasmDir, f), relativeDest: `wasm/${f}` });
    },
  },
});
