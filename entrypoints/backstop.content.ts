import { defineContentScript } from 'wxt/utils/define-content-script';
import { installBackstop } from '../src/intercept/backstop';

export default defineContentScript({
  matches: ['<all_urls>'],
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    installBackstop();
  },
});
