/** The isolated-world content script: ask once whether the gate is on for this origin, then catch uploads. */
import { browser } from 'wxt/browser';
import { BgToCsSchema, type HelloReply } from '../messages/background-to-content';
import { installCapture } from './capture';
import { hello, tell } from './client';
import { BLOCKED_EVENT, type BlockedReport } from './events';
import { progressBus } from './gate';
import { watchInlineImages } from './inline';
import { announceState, installNameScrubber } from './names';
import { showNotice } from './notice';
import { TEXT } from './text';

type Active = Extract<HelloReply, { active: true }>;

export function setupContentGate(): void {
  // Listeners go in synchronously at document_start; the answer about this origin is awaited per event.
  let answer: Promise<Active | null> | null = null;
  const config = (): Promise<Active | null> =>
    (answer ??= hello().then(
      (reply) => (reply.active ? reply : null),
      // The background could not answer: act as if the gate is on, so the check fails visibly and holds.
      (): Active => ({ active: true, channel: { id: 'unknown', label: '?' }, lang: navigator.language.startsWith('nl') ? 'nl' : 'en', mode: 'detect' }),
    ));
  installCapture(config);
  watchInlineImages(config);
  // The text check loads the list's names as soon as the site turns out to be configured.
  void config().then((active) => {
    if (active) installNameScrubber(active.lang);
    else announceState('inactive');
  });

  document.addEventListener(BLOCKED_EVENT, (event) => {
    let report: BlockedReport;
    try {
      report = JSON.parse(String((event as CustomEvent<unknown>).detail)) as BlockedReport;
    } catch {
      return;
    }
    void config().then((active) => {
      if (!active) return;
      tell({ type: 'cs:blocked', via: report.via, url: String(report.url).slice(0, 2048), reason: String(report.reason).slice(0, 500) });
      showNotice(TEXT[active.lang].blocked + report.reason);
    });
  });

  browser.runtime.onMessage.addListener((message: unknown) => {
    const parsed = BgToCsSchema.safeParse(message);
    if (parsed.success) progressBus.dispatchEvent(new CustomEvent('progress', { detail: parsed.data }));
    return false;
  });
}
