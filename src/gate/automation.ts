/**
 * A hook on the service worker's global scope for deployment scripts and tests that drive the browser through the
 * DevTools protocol (`npm start`, Playwright): import a consent list as the options page does. Only code with debugger
 * access to the extension can reach it; web pages and content scripts cannot.
 */
import { readRoster } from './plan';
import { consentStore } from './store';

export function exposeAutomationHook(): void {
  (globalThis as unknown as { consentGateAdmin: unknown }).consentGateAdmin = {
    async importRoster(roster: unknown, who = 'automation'): Promise<{ keptDescriptors: number; droppedDescriptors: number }> {
      const read = readRoster(roster);
      if (!read.ok) throw new Error(read.problem.message);
      return (await consentStore()).replaceRoster(read.roster, who);
    },
  };
}
