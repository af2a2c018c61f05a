#!/usr/bin/env node
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('consent-gate is not built yet: run "npm ci" (or "npm run build:cli") in the project folder\n');
  process.exit(2);
}
await import(cli.href);
