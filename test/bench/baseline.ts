/** face-api's own pipeline on the same weights: the yardstick for ConsentGate's figures. */
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { loadNodeBackend } from '../../src/faces/node';

const require = createRequire(import.meta.url);

// face-api's full API (the engine only types the slice it uses).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function plainDecode(bytes: Uint8Array) {
  const { tf } = await loadNodeBackend();
  const { data, info } = await sharp(bytes).rotate().flatten({ background: '#ffffff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return tf.tensor3d(data, [info.height, info.width, 3], 'int32');
}

/** decode + detectAllFaces with face-api's SSD defaults (minConfidence 0.5). */
export async function plainDetect(bytes: Uint8Array): Promise<{ ms: number; boxes: number[][] }> {
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as Any;
  const t0 = performance.now();
  const tensor = await plainDecode(bytes);
  const found = (await faceapi.detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }))) as Any[];
  const ms = performance.now() - t0;
  tensor.dispose();
  return { ms, boxes: found.map((d) => [d.box.x, d.box.y, d.box.width, d.box.height]) };
}

/** decode + detectAllFaces().withFaceLandmarks().withFaceDescriptors(). */
export async function plainFull(bytes: Uint8Array): Promise<{ ms: number; faces: number }> {
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as Any;
  const t0 = performance.now();
  const tensor = await plainDecode(bytes);
  const found = (await faceapi.detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 })).withFaceLandmarks().withFaceDescriptors()) as Any[];
  const ms = performance.now() - t0;
  tensor.dispose();
  return { ms, faces: found.length };
}
