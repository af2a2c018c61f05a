import type * as tfc from '@tensorflow/tfjs-core';

/** The TensorFlow.js namespace the engine runs on (tfjs-core API; Node and browser pass their own instance). */
export type Tf = typeof tfc;
export type Tensor = tfc.Tensor;
export type Tensor1D = tfc.Tensor1D;
export type Tensor3D = tfc.Tensor3D;
export type Tensor4D = tfc.Tensor4D;
export type NamedTensorMap = tfc.NamedTensorMap;

interface Net {
  loadFromWeightMap(weightMap: NamedTensorMap): void;
}

interface Landmarks {
  positions: { x: number; y: number }[];
}

/**
 * The slice of @vladmandic/face-api that ConsentGate uses: three networks, nothing else. Typed here rather than
 * imported so the engine does not depend on which face-api build (node-wasm, esm-nobundle) the platform loads.
 */
export interface FaceApi {
  nets: {
    ssdMobilenetv1: Net & { params: unknown };
    faceLandmark68Net: Net & { detectLandmarks(input: Tensor3D[]): Promise<Landmarks | Landmarks[]> };
    faceRecognitionNet: Net & { computeFaceDescriptor(input: Tensor3D[]): Promise<Float32Array | Float32Array[]> };
  };
}
