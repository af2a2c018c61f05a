import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from '../../../models/manifest.json';
import { verifyAndCopy } from '../../../scripts/models.mjs';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const pkgDir = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));
const FORBIDDEN = /age|gender|expression|emotion/i;

function fakePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-faceapi-'));
  cpSync(join(pkgDir, 'package.json'), join(dir, 'package.json'));
  for (const f of manifest.files) cpSync(join(pkgDir, f.from), join(dir, f.from), { recursive: true });
  return dir;
}

describe('models/manifest.json', () => {
  it('lists exactly the detector, 68-point landmarks and recognition models, and no emotion, age or gender model', () => {
    expect(Object.keys(manifest.models).sort()).toEqual(['detector', 'landmarks', 'recognition']);
    expect(manifest.models.detector.weightsManifest).toBe('ssd_mobilenetv1_model-weights_manifest.json');
    expect(manifest.models.landmarks.weightsManifest).toBe('face_landmark_68_model-weights_manifest.json');
    expect(manifest.models.recognition.weightsManifest).toBe('face_recognition_model-weights_manifest.json');
    for (const f of manifest.files) {
      expect(f.file).not.toMatch(FORBIDDEN);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('covers every weight file each model needs', () => {
    for (const model of Object.values(manifest.models)) {
      const groups = JSON.parse(readFileSync(join(pkgDir, 'model', model.weightsManifest), 'utf8')) as { paths: string[] }[];
      for (const path of groups.flatMap((g) => g.paths)) expect(manifest.files.map((f) => f.file)).toContain(path);
    }
  });

  it('copies and verifies the files from the npm package', () => {
    const out = mkdtempSync(join(tmpdir(), 'cg-models-'));
    verifyAndCopy({ quiet: true, modelsDir: out });
    for (const f of manifest.files) expect(statSync(join(out, f.file)).size).toBe(f.size);
    expect(readdirSync(out).some((f) => FORBIDDEN.test(f))).toBe(false);
  });

  it('stops on a file whose checksum does not match, and leaves no copy of it', () => {
    const pkg = fakePackage();
    const bin = join(pkg, 'model/face_recognition_model.bin');
    const bytes = readFileSync(bin);
    bytes[10] = bytes[10]! ^ 1;
    writeFileSync(bin, bytes);
    const out = mkdtempSync(join(tmpdir(), 'cg-models-'));
    writeFileSync(join(out, 'face_recognition_model.bin'), 'stale');
    expect(() => verifyAndCopy({ quiet: true, modelsDir: out, packageDir: pkg })).toThrow(/face_recognition_model\.bin: expected 6444032 bytes sha256 b413e4/);
    expect(existsSync(join(out, 'face_recognition_model.bin'))).toBe(false);
  });

  it('stops when a listed file is missing from the package', () => {
    const pkg = fakePackage();
    writeFileSync(join(pkg, 'model/ssd_mobilenetv1_model-weights_manifest.json'), '');
    expect(() => verifyAndCopy({ quiet: true, modelsDir: mkdtempSync(join(tmpdir(), 'cg-')), packageDir: pkg })).toThrow(/ssd_mobilenetv1_model-weights_manifest\.json/);
  });

  it('refuses a manifest that lists an emotion, age or gender model', () => {
    const bad = { ...manifest, files: [...manifest.files, { file: 'age_gender_model.bin', from: 'model/age_gender_model.bin', size: 1, sha256: '0'.repeat(64) }] };
    const path = join(mkdtempSync(join(tmpdir(), 'cg-')), 'manifest.json');
    writeFileSync(path, JSON.stringify(bad));
    expect(() => verifyAndCopy({ quiet: true, manifestPath: path, modelsDir: mkdtempSync(join(tmpdir(), 'cg-')) })).toThrow(/never shipped/);
  });
});

describe('source code', () => {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const files = ['src', 'entrypoints', 'scripts'].flatMap(walk);

  it('never loads face-api emotion, age or gender networks', () => {
    const offenders = files.filter((f) => /ageGenderNet|faceExpressionNet|withAgeAndGender|withFaceExpressions|age_gender_model|face_expression_model/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders.map((f) => relative(ROOT, join(ROOT, f)))).toEqual([]);
  });

  it('never fetches models from a CDN', () => {
    const offenders = files.filter((f) => /cdn\.jsdelivr|unpkg\.com|cdnjs|setWasmPaths\(['"]https?:/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
