// Maintainer tool: prints the faces the detector finds on the self-test photo, to record in models/manifest.json
// after a deliberate model or detector change. Run: npx tsx scripts/record-selftest.ts
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSsdParams, SsdNetwork } from '../src/faces/ssd';
import { detectFaces } from '../src/faces/detect';
import { loadModels } from '../src/faces/models';
import { createNodePlatform, findModelsDir } from '../src/faces/node';
import { DEFAULT_DETECTION } from '../src/faces/plan';

const platform = await createNodePlatform();
const loaded = await loadModels(platform.tf, platform.faceapi, platform);
if (!loaded.ok) throw new Error(loaded.error.message);
const params = platform.faceapi.nets.ssdMobilenetv1.params;
if (!isSsdParams(params)) throw new Error('no SSD params');
const raster = await platform.openImage(await readFile(join(findModelsDir(), 'selftest.jpg')));
const { faces } = await detectFaces(new SsdNetwork(platform.tf, params), raster, DEFAULT_DETECTION);
console.log(JSON.stringify(faces.map((f) => [f.x, f.y, f.w, f.h].map((v) => Math.round(v)))));
console.log(faces.map((f) => f.score.toFixed(3)).join(' '));
