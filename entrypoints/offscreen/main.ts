import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import type { FaceApi, Tf } from '../../src/faces/tf';
import { setupOffscreenWorker } from '../../src/worker/offscreen';

setupOffscreenWorker({ tf: tf as unknown as Tf, faceapi: faceapi as unknown as FaceApi, setWasmPaths });
