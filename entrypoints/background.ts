import { defineBackground } from 'wxt/utils/define-background';

// Entrypoints only wire capabilities together; the gate's features are registered here as they land.
export default defineBackground(() => {});
