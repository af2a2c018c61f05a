/** Performance marks the log page sets for its bench (test/bench/browser/log-page.ts); a measurement aid only. */
export function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // never let a measurement aid break the page
  }
}

export function measure(name: string, start: string, end: string): void {
  try {
    performance.measure(name, start, end);
  } catch {
    // the start mark may be missing
  }
}
