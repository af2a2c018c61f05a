/**
 * Pupils' names never leave with a photo: the gate's side of the text check. It loads the consent list's name parts
 * once (they stay in this isolated world, out of the page's reach) and answers the backstop's requests synchronously,
 * inside the backstop's own event dispatch, with the names removed and tidy punctuation. Ambiguous words ("Roos" at
 * the start of a sentence) stay; only names are removed.
 */
import { buildNameFinder, scrubText, type NameFinder } from '../names';
import { names, tell } from './client';
import { SCRUB_EVENT, SCRUBBED_EVENT, STATE_EVENT, STATE_QUERY_EVENT, type GateState, type ScrubAnswer, type ScrubRequest } from './events';
import { installNameHighlighter } from './highlight';
import { showNotice } from './notice';
import type { Lang } from './text';

const NOTICE = {
  nl: (list: string) => `ConsentGate heeft namen van leerlingen verwijderd voordat dit werd verstuurd: ${list}.`,
  en: (list: string) => `ConsentGate removed pupils’ names before this was sent: ${list}.`,
};

/** Tells the backstop whether the gate acts on this page, now and whenever it asks again. */
export function announceState(state: GateState): void {
  const send = (): boolean => document.dispatchEvent(new CustomEvent(STATE_EVENT, { detail: state }));
  document.addEventListener(STATE_QUERY_EVENT, send);
  send();
}

export function installNameScrubber(lang: Lang): void {
  let finder: NameFinder | null = null;
  let channel = '';
  void names().then(
    (reply) => {
      channel = reply.channel;
      finder = buildNameFinder(reply.pupils);
      announceState('ready');
      installNameHighlighter(() => (finder ? { finder, channel } : null), lang);
    },
    // Names could not be loaded: the backstop keeps waiting and then stops requests with text (fail closed).
    () => undefined,
  );
  let lastNotice = '';
  document.addEventListener(SCRUB_EVENT, (event) => {
    if (!finder) return; // not loaded (yet): no answer, and the backstop holds the request
    let request: ScrubRequest;
    try {
      request = JSON.parse(String((event as CustomEvent<unknown>).detail)) as ScrubRequest;
    } catch {
      return;
    }
    if (typeof request.id !== 'string' || !Array.isArray(request.texts)) return;
    const removed = new Set<string>();
    const texts = request.texts.map((text) => {
      if (typeof text !== 'string') return '';
      const spans = finder!.find(text, { channel });
      if (spans.length === 0) return text;
      const out = scrubText(text, spans);
      for (const span of out.removed) removed.add(span.text.replace(/\s+/g, ' ').trim());
      return out.text;
    });
    const answer: ScrubAnswer = { id: request.id, texts, removed: [...removed] };
    document.dispatchEvent(new CustomEvent(SCRUBBED_EVENT, { detail: JSON.stringify(answer) }));
    if (removed.size > 0) {
      const list = [...removed].join(', ');
      tell({ type: 'cs:names-removed', count: removed.size, url: location.href.slice(0, 2048) });
      if (list !== lastNotice) showNotice(NOTICE[lang](list), 'info');
      lastNotice = list;
    }
  });
}
