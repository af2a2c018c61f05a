/**
 * The two worlds of a page talk through DOM events carrying strings (objects do not cross worlds): the gate
 * announces the SHA-256 of every file it released, and the backstop reports every upload it stopped.
 */
export const RELEASED_EVENT = 'consent-gate:released';
export const BLOCKED_EVENT = 'consent-gate:blocked';

export interface BlockedReport {
  via: 'fetch' | 'xhr' | 'beacon' | 'form';
  url: string;
  reason: string;
}

/** Backstop → gate: texts about to leave in a request; the gate answers at once (nested event) with names removed. */
export const SCRUB_EVENT = 'consent-gate:scrub';
export const SCRUBBED_EVENT = 'consent-gate:scrubbed';

export interface ScrubRequest {
  id: string;
  texts: string[];
}

export interface ScrubAnswer {
  id: string;
  texts: string[];
  /** The names removed (as they were written), for the uploader's notice. */
  removed: string[];
}

/**
 * Gate → backstop: whether the gate acts on this page ('ready': names loaded; 'inactive': not a configured site, the
 * backstop stands down). The backstop asks with STATE_QUERY_EVENT when it installs after the answer went out.
 */
export const STATE_EVENT = 'consent-gate:state';
export const STATE_QUERY_EVENT = 'consent-gate:state?';
export type GateState = 'ready' | 'inactive';
