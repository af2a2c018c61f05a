import { defineBackground } from 'wxt/utils/define-background';
import { setupGate } from '../src/gate/setup';

export default defineBackground(() => {
  setupGate();
});
