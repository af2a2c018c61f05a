import { render } from 'preact';
import { startBrowserEngine } from '../../src/faces/browser';
import type { FaceApi, Tf } from '../../src/faces/tf';
import { OptionsApp } from '../../src/options/app';
import type { OptionsDeps } from '../../src/options/use-options';
import { extensionUrl } from '../../src/platform/url';
import { openConsentStore } from '../../src/store';
import { openAuditStore } from '../../src/audit';
import '../../src/options/options.css';

const deps: OptionsDeps = {
  openStore: () => openConsentStore(),
  openLog: () => openAuditStore(),
  // tfjs and face-api (≈1.4 MB) load only when a portrait is checked, as in the offscreen document: wasm from
  // /wasm/, the verified models from /models/, and the full self-test because enrolment needs descriptors.
  startEngine: async () => {
    const [tf, wasm, faceapi] = await Promise.all([
      import('@tensorflow/tfjs'),
      import('@tensorflow/tfjs-backend-wasm'),
      import('@vladmandic/face-api/dist/face-api.esm-nobundle.js'),
    ]);
    return startBrowserEngine(
      {
        tf: tf as unknown as Tf,
        faceapi: faceapi as unknown as FaceApi,
        setWasmPaths: wasm.setWasmPaths,
        modelBaseUrl: extensionUrl('/models/'),
        wasmBaseUrl: extensionUrl('/wasm/'),
      },
      { selfTest: 'full' },
    );
  },
  browserLanguage: navigator.language,
};

render(<OptionsApp deps={deps} />, document.getElementById('app')!);
