export * from './common';
export * from './content-to-background';
export * from './background-to-content';
export * from './background-to-offscreen';
export * from './ui-to-background';
