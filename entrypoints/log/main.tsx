import { render } from 'preact';
import { browser } from 'wxt/browser';
import { openAuditStore } from '../../src/audit';
import { LogApp } from '../../src/log-page/app';
import type { LogDeps } from '../../src/log-page/use-log';
import { readSettings, resolveLang } from '../../src/settings/schema';
import { openConsentStore } from '../../src/store';
import '../../src/options/options.css';
import '../../src/log-page/charts.css';
import '../../src/log-page/log.css';

const deps: LogDeps = {
  openLog: () => openAuditStore(),
  openConsent: () => openConsentStore(),
  preferences: async () => {
    const read = readSettings((await browser.storage.local.get('settings')).settings);
    return { lang: resolveLang(read.ok ? read.settings.lang : 'auto', navigator.language) };
  },
};

render(<LogApp deps={deps} />, document.getElementById('app')!);
