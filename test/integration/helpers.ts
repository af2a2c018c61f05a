import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** face-api's own demo photos: always installed with the package, so these tests never skip. */
export const SAMPLES = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
export const sample = (n: number) => join(SAMPLES, `sample${n}.jpg`);

/** The shared labelled photos live outside the repository; tests that need them skip with a message. */
export const FACES = process.env.CONSENT_GATE_FACES ?? join(ROOT, '..', 'shared', 'faces');
export const HAS_FACES = existsSync(join(FACES, 'groups.json'));
if (!HAS_FACES) console.warn(`[consent-gate] ${FACES} not found: tests on the shared labelled face photos are skipped`);

export { iou } from '../bench/stats';
