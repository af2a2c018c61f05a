import manifest from '../../models/manifest.json';
import type { FaceApi, NamedTensorMap, Tf } from './tf';
import { fail, ok, type Result } from './types';

export type ModelId = keyof typeof manifest.models;
export const MODEL_IDS = Object.keys(manifest.models) as ModelId[];
export const SELF_TEST = manifest.selfTest as unknown as { file: string; faces: [number, number, number, number][] };

interface ManifestFile {
  file: string;
  size: number;
  sha256: string;
}
const FILES = new Map<string, ManifestFile>(manifest.files.map((f) => [f.file, f]));

interface WeightsManifestGroup {
  paths: string[];
  weights: Parameters<Tf['io']['decodeWeights']>[1];
}

export interface ModelSource {
  /** The bytes of a file in the models folder (Node: models/, extension: its own packaged files). */
  readModelFile(name: string): Promise<Uint8Array>;
  sha256(bytes: Uint8Array): Promise<string>;
}

/** Reads a model file and checks it against models/manifest.json; a missing or altered file is an error result. */
export async function readVerified(source: ModelSource, name: string): Promise<Result<Uint8Array>> {
  const expected = FILES.get(name);
  if (!expected) return fail('model_missing', `${name} is not listed in models/manifest.json`);
  let bytes: Uint8Array;
  try {
    bytes = await source.readModelFile(name);
  } catch (err) {
    return fail('model_missing', `model file ${name} could not be read (${err instanceof Error ? err.message : String(err)}); run "npm run models"`);
  }
  const sha256 = await source.sha256(bytes);
  if (bytes.length !== expected.size || sha256 !== expected.sha256) {
    return fail('model_checksum', `model file ${name} does not match models/manifest.json (sha256 ${sha256}); refusing to use it`);
  }
  return ok(bytes);
}

const NET_FOR: Record<ModelId, keyof FaceApi['nets']> = {
  detector: 'ssdMobilenetv1',
  landmarks: 'faceLandmark68Net',
  recognition: 'faceRecognitionNet',
};

/** Loads exactly the three models of the manifest into face-api's networks. */
export async function loadModels(tf: Tf, faceapi: FaceApi, source: ModelSource): Promise<Result<void>> {
  for (const id of MODEL_IDS) {
    const weightsManifestName = manifest.models[id].weightsManifest;
    const json = await readVerified(source, weightsManifestName);
    if (!json.ok) return json;
    const groups = JSON.parse(new TextDecoder().decode(json.value)) as WeightsManifestGroup[];
    const weightMap: NamedTensorMap = {};
    for (const group of groups) {
      const buffers: ArrayBuffer[] = [];
      for (const path of group.paths) {
        const bin = await readVerified(source, path);
        if (!bin.ok) return bin;
        buffers.push(bin.value.buffer.slice(bin.value.byteOffset, bin.value.byteOffset + bin.value.byteLength) as ArrayBuffer);
      }
      Object.assign(weightMap, tf.io.decodeWeights(buffers.length === 1 ? buffers[0]! : buffers, group.weights));
    }
    try {
      faceapi.nets[NET_FOR[id]].loadFromWeightMap(weightMap);
    } catch (err) {
      tf.dispose(Object.values(weightMap));
      return fail('model_missing', `${manifest.models[id].name}: weights do not fit the network (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return ok(undefined);
}
