/** Wires the inference worker into the offscreen document: engine start, the message listener, progress. */
import { extensionUrl } from '../platform/url';
import { browser } from 'wxt/browser';
import { startBrowserEngine, type BrowserEngineDeps } from '../faces/browser';
import { BgToOsSchema, type OsToBg } from '../messages/background-to-offscreen';
import { parseOr } from '../messages/common';
import { InferenceWorker } from './worker';

export function setupOffscreenWorker(deps: Pick<BrowserEngineDeps, 'tf' | 'faceapi' | 'setWasmPaths'>): void {
  const backgroundUrl = extensionUrl('/background.js');
  const progress = (jobId: string, stage: string, fraction: number | null): void => {
    const message: OsToBg = { type: 'os:progress', jobId, stage, fraction };
    browser.runtime.sendMessage(message).catch(() => undefined);
  };
  // Listener first, engine second: a request that arrives while the models load waits for them.
  let worker: InferenceWorker | null = null;
  browser.runtime.onMessage.addListener((message: unknown, sender, reply: (r: unknown) => void) => {
    if ((message as { target?: unknown } | null)?.target !== 'offscreen') return false;
    // Only the background may drive the worker; content scripts can reach every extension context.
    if (sender.id !== browser.runtime.id || sender.tab !== undefined || sender.url !== backgroundUrl) {
      reply({ ok: false, error: { code: 'bad_message', message: 'the inference worker answers only the background' } });
      return false;
    }
    const parsed = parseOr(BgToOsSchema, message);
    if (!parsed.ok) {
      reply({ ok: false, error: { code: 'bad_message', message: parsed.error } });
      return false;
    }
    worker!.handle(parsed.value).then(reply, (err: unknown) =>
      reply({ ok: false, error: { code: 'inference_failed', message: err instanceof Error ? err.message : String(err) } }),
    );
    return true;
  });
  const engine = startBrowserEngine(
    { ...deps, modelBaseUrl: extensionUrl('/models/'), wasmBaseUrl: extensionUrl('/wasm/') },
    { selfTest: 'detect' },
  );
  worker = new InferenceWorker(engine, progress);
}
