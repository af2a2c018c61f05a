/**
 * The background's wiring: listeners registered synchronously at start (MV3 may start the worker for one event),
 * content scripts kept in step with the settings, and every message parsed and checked by sender before use.
 */
import { extensionUrl } from '../platform/url';
import { browser, type Browser } from 'wxt/browser';
import { BgToCsSchema, ErrorReplySchema } from '../messages/background-to-content';
import { OsToBgSchema } from '../messages/background-to-offscreen';
import { parseOr } from '../messages/common';
import { CsToBgSchema } from '../messages/content-to-background';
import { UiToBgSchema } from '../messages/ui-to-background';
import { handleCheck, handleDone, handleHello, handleNames, handleRelease, handleReleasedQuery, handleStatus, recordEvent, progressTarget, type Sender } from './handlers';
import { exposeAutomationHook } from './automation';
import { scheduleRetention } from './retention';
import { syncContentScripts } from './registration';
import { closeStorageToContentScripts, loadSettings } from './store';

export function setupGate(): void {
  browser.runtime.onMessage.addListener(onMessage);
  browser.runtime.onInstalled.addListener(() => void sync());
  browser.runtime.onStartup.addListener(() => void sync());
  browser.storage.onChanged.addListener((changes, area) => {
    // The school board's policy can arrive seconds after install: its sites matter as much as local ones.
    if ((area === 'local' && 'settings' in changes) || area === 'managed') void sync();
  });
  exposeAutomationHook();
  // The log keeps what the policy allows and no more: a daily purge that records itself.
  scheduleRetention();
  void closeStorageToContentScripts();
}

let syncing: Promise<unknown> = Promise.resolve();

/** Brings the content scripts in line with the current settings; runs one at a time (install and a settings change can race). */
export function sync(): Promise<string[]> {
  const run = syncing.then(async () => {
    const settings = await loadSettings();
    // Invalid settings keep the last registration: the gate stays where it was and holds every photo there.
    if (!settings.ok) {
      console.error(`ConsentGate: ${settings.problem}`);
      return [];
    }
    return syncContentScripts(settings.settings);
  });
  syncing = run.catch((err: unknown) => console.error('ConsentGate: could not register the content scripts', err));
  return run;
}

function contentSender(sender: Browser.runtime.MessageSender): Sender | null {
  if (sender.id !== browser.runtime.id || sender.tab?.id === undefined || sender.frameId === undefined || !sender.origin) return null;
  return { tabId: sender.tab.id, frameId: sender.frameId, origin: sender.origin };
}

function onMessage(message: unknown, sender: Browser.runtime.MessageSender, reply: (response: unknown) => void): boolean {
  const type = (message as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return false;
  if (type.startsWith('os:')) {
    if (sender.url !== extensionUrl('/offscreen.html')) return false;
    const parsed = parseOr(OsToBgSchema, message);
    if (parsed.ok) forwardProgress(parsed.value.jobId, parsed.value.stage, parsed.value.fraction);
    return false;
  }
  if (type.startsWith('ui:')) {
    // Extension pages only: no tab, our own origin.
    if (sender.id !== browser.runtime.id || sender.tab !== undefined || !sender.url?.startsWith(extensionUrl('/'))) return false;
    const parsed = parseOr(UiToBgSchema, message);
    if (!parsed.ok) {
      reply({ error: parsed.error });
      return false;
    }
    handleStatus(parsed.value.tabId).then(reply, (err: unknown) => reply({ error: String(err) }));
    return true;
  }
  if (!type.startsWith('cs:')) return false;
  const from = contentSender(sender);
  const parsed = parseOr(CsToBgSchema, message);
  if (!from || !parsed.ok) {
    reply(ErrorReplySchema.parse({ error: from ? parsed.ok ? 'refused' : parsed.error : 'only content scripts in tabs may ask for a check' }));
    return false;
  }
  const request = parsed.value;
  const work = (async (): Promise<unknown> => {
    switch (request.type) {
      case 'cs:hello':
        return handleHello(from);
      case 'cs:check':
        return handleCheck(request, from);
      case 'cs:release':
        return handleRelease(request, from);
      case 'cs:names':
        return handleNames(from);
      case 'cs:names-removed':
        await recordEvent('names_removed', from, `${request.count} name(s) removed from a request to ${request.url}`);
        return { done: true };
      case 'cs:released?':
        return handleReleasedQuery(request.sha256, from);
      case 'cs:fetched':
      case 'cs:cancel':
        await handleDone(request.jobId, from, request.type === 'cs:cancel');
        return { done: true };
      case 'cs:blocked':
        await recordEvent('blocked', from, `${request.via} to ${request.url}: ${request.reason}`);
        return { done: true };
    }
  })();
  work.then(reply, (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }));
  return true;
}

function forwardProgress(jobId: string, stage: string, fraction: number | null): void {
  const target = progressTarget(jobId);
  if (!target) return;
  const message = BgToCsSchema.parse({ type: 'bg:progress', jobId, stage, fraction });
  browser.tabs.sendMessage(target.tabId, message, { frameId: target.frameId }).catch(() => undefined);
}
