import { browser } from 'wxt/browser';

/**
 * runtime.getURL for a file inside the extension. WXT types getURL by the project's generated public paths
 * (`wxt prepare`); the code here only needs a string, so it goes through this one untyped door.
 */
export function extensionUrl(path: string): string {
  return (browser.runtime as unknown as { getURL(path: string): string }).getURL(path);
}
