import { render } from 'preact';
import { browser } from 'wxt/browser';
import { StatusReplySchema, type StatusReply } from '../../src/messages/ui-to-background';
import { extensionUrl } from '../../src/platform/url';
import { StatusPopup } from '../../src/ui/status-popup';

async function load(): Promise<StatusReply> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return StatusReplySchema.parse(await browser.runtime.sendMessage({ type: 'ui:status', tabId: tab?.id ?? null }));
}

// The log and the settings open as extension pages in a tab: only the extension can read them.
const links = {
  openLog: () => void browser.tabs.create({ url: extensionUrl('/log.html') }).then(() => close()),
  openOptions: () => void browser.runtime.openOptionsPage().then(() => close()),
};

render(<StatusPopup lang={navigator.language.toLowerCase().startsWith('nl') ? 'nl' : 'en'} load={load} links={links} />, document.getElementById('app')!);
