import { render } from 'preact';
import { browser } from 'wxt/browser';
import { StatusReplySchema, type StatusReply } from '../../src/messages/ui-to-background';
import { StatusPopup } from '../../src/ui/status-popup';

async function load(): Promise<StatusReply> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return StatusReplySchema.parse(await browser.runtime.sendMessage({ type: 'ui:status', tabId: tab?.id ?? null }));
}

render(<StatusPopup lang={navigator.language.toLowerCase().startsWith('nl') ? 'nl' : 'en'} load={load} />, document.getElementById('app')!);
