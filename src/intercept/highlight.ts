/**
 * Names are marked while the uploader types: in editable text (contenteditable editors such as Lexical, TinyMCE's
 * body and WordPress's blocks) each pupil's name gets a highlight (CSS Custom Highlight API: no change to the page's
 * DOM or the editor's state), and a short notice says they will be removed when the text is sent.
 */
import type { NameFinder } from '../names';
import { showNotice } from './notice';
import type { Lang } from './text';

const HIGHLIGHT = 'consent-gate-names';
const NOTICE = {
  nl: (list: string) => `Namen van leerlingen worden weggehaald voordat dit wordt verstuurd: ${list}.`,
  en: (list: string) => `Pupils’ names will be taken out before this is sent: ${list}.`,
};

interface HighlightApi {
  highlights: Map<string, unknown>;
}
type HighlightCtor = new (...ranges: Range[]) => { clear(): void; add(r: Range): void; size: number };

export function installNameHighlighter(current: () => { finder: NameFinder; channel: string } | null, lang: Lang): void {
  const registry = (globalThis as unknown as { CSS?: HighlightApi }).CSS?.highlights;
  const Highlight = (globalThis as unknown as { Highlight?: HighlightCtor }).Highlight;
  if (!registry || !Highlight) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`::highlight(${HIGHLIGHT}) { background-color: #fde68a; color: #7f1d1d; text-decoration: underline wavy #b91c1c; }`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const highlight = new Highlight();
  registry.set(HIGHLIGHT, highlight);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastNotice = '';

  const update = (target: EventTarget | null): void => {
    const state = current();
    if (!state || !(target instanceof Element)) return;
    const found = new Set<string>();
    const root = target.closest('[contenteditable]:not([contenteditable="false"])') ?? (target.ownerDocument.designMode === 'on' ? target.ownerDocument.body : null);
    if (root) {
      highlight.clear();
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue ?? '';
        for (const span of state.finder.find(text, { channel: state.channel })) {
          if (span.ambiguous) continue;
          const range = document.createRange();
          range.setStart(node, span.start);
          range.setEnd(node, span.end);
          highlight.add(range);
          found.add(span.text);
        }
      }
    } else if (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && /^(text|search|)$/.test(target.type))) {
      for (const span of state.finder.find(target.value, { channel: state.channel })) if (!span.ambiguous) found.add(span.text);
    }
    const list = [...found].join(', ');
    if (list && list !== lastNotice) showNotice(NOTICE[lang](list), 'info');
    lastNotice = list;
  };

  document.addEventListener(
    'input',
    (event) => {
      clearTimeout(timer);
      timer = setTimeout(() => update(event.target), 250);
    },
    true,
  );
}
