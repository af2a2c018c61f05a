#!/usr/bin/env node
// Copies exactly the models listed in models/manifest.json out of the @vladmandic/face-api npm package
// into models/, verifying each file's size and SHA-256. Any mismatch or missing file stops with exit code 1,
// so neither the CLI nor the extension build can run on weights we did not review.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const FORBIDDEN = /age_gender|expression/i;

/**
 * Verifies every file of models/manifest.json in the installed package and copies it to modelsDir.
 * Throws (and removes the stale copy of a file that fails) on any missing or altered file.
 */
export function verifyAndCopy({ quiet = false, modelsDir = join(root, 'models'), manifestPath = join(root, 'models', 'manifest.json'), packageDir } = {}) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  let pkgDir = packageDir;
  if (!pkgDir) {
    try {
      pkgDir = dirname(createRequire(join(root, 'package.json')).resolve(`${manifest.package}/package.json`));
    } catch {
      throw new Error(`${manifest.package} is not installed: run npm ci first`);
    }
  }
  const installed = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  if (installed !== manifest.version) {
    throw new Error(`${manifest.package} ${installed} is installed but models/manifest.json was made for ${manifest.version}`);
  }
  const problems = [];
  for (const entry of manifest.files) {
    if (FORBIDDEN.test(entry.file) || FORBIDDEN.test(entry.from)) {
      problems.push(`${entry.file}: emotion, age and gender models are never shipped`);
      continue;
    }
    const src = join(pkgDir, entry.from);
    if (!existsSync(src)) {
      problems.push(`${entry.from}: missing from ${manifest.package}`);
      continue;
    }
    const bytes = readFileSync(src);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== entry.size || sha256 !== entry.sha256) {
      problems.push(`${entry.from}: expected ${entry.size} bytes sha256 ${entry.sha256}, found ${bytes.length} bytes sha256 ${sha256}`);
      rmSync(join(modelsDir, entry.file), { force: true });
      continue;
    }
    copyFileSync(src, join(modelsDir, entry.file));
  }
  if (problems.length) throw new Error(`model check failed:\n  ${problems.join('\n  ')}`);
  if (!quiet) console.log(`models: ${manifest.files.length} files copied from ${manifest.package}@${manifest.version} and verified`);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    verifyAndCopy();
  } catch (err) {
    console.error(`ConsentGate ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
