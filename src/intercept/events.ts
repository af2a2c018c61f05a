/**
 * The two worlds of a page talk through DOM events carrying strings (objects do not cross worlds): the gate
 * announces the SHA-256 of every file it released, and the backstop reports every upload it stopped.
 */
export const RELEASED_EVENT = 'consent-gate:released';
export const BLOCKED_EVENT = 'consent-gate:blocked';

export interface BlockedReport {
  via: 'fetch' | 'xhr' | 'beacon';
  url: string;
  reason: string;
}
