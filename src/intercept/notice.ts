/** A short notice at the top of the page (a stopped upload), in its own closed shadow root. */
let host: HTMLElement | null = null;

const SHEET = `
:host { all: initial; }
.notice { position: fixed; top: 16px; left: 50%; transform: translateX(-50%); z-index: 2147483647; max-width: min(640px, 92vw);
  background: #7a1010; color: #fff; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; padding: 12px 40px 12px 16px;
  border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.3); }
.notice.info { background: #0c4a6e; }
button { position: absolute; top: 6px; right: 8px; background: none; border: 0; color: #fff; font-size: 18px; cursor: pointer; }
`;

export function showNotice(text: string, tone: 'stop' | 'info' = 'stop'): void {
  host?.remove();
  host = document.createElement('consent-gate-notice');
  const root = host.attachShadow({ mode: 'closed' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(SHEET);
  root.adoptedStyleSheets = [sheet];
  const box = document.createElement('div');
  box.className = tone === 'info' ? 'notice info' : 'notice';
  box.setAttribute('role', 'alert');
  box.textContent = text;
  const close = document.createElement('button');
  close.textContent = '×';
  close.setAttribute('aria-label', 'Close');
  close.addEventListener('click', () => host?.remove());
  box.append(close);
  root.append(box);
  document.documentElement.append(host);
  setTimeout(() => host?.remove(), 15_000);
}
