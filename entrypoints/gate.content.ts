import { defineContentScript } from 'wxt/utils/define-content-script';
import { setupContentGate } from '../src/intercept/setup';

// Registered at run time for the configured origins only (src/gate/registration.ts); `matches` here only sets
// the host permission that registration needs.
export default defineContentScript({
  matches: ['<all_urls>'],
  registration: 'runtime',
  runAt: 'document_start',
  allFrames: true,
  main() {
    setupContentGate();
  },
});
