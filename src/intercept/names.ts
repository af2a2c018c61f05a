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

/** Fields whose values are never changed: credentials and machine values. */
const UNTOUCHED_FIELD = /pass|pwd|^log$|user(_?name)?$|e-?mail|token|nonce|secret|captcha|^key$|api[_-]?key|referr?er|^action$/i;
/** Dispatched on a form by the backstop when a page script calls form.submit() (which fires no submit event). */
export const FORM_SUBMIT_EVENT = 'consent-gate:form-submit';

/** Removes names from a form's text fields in place, right before a native submission. */
function scrubForm(form: HTMLFormElement, scrub: (text: string) => { text: string; removed: string[] }): string[] {
  const removed: string[] = [];
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement)) continue;
    if (el instanceof HTMLInputElement && !/^(text|search|hidden|)$/.test(el.type)) continue;
    if (UNTOUCHED_FIELD.test(el.name) || UNTOUCHED_FIELD.test(el.name.replace(/^.*\[([^\]]*)\]$/, '$1'))) continue;
    const out = scrub(el.value);
    if (out.removed.length > 0) {
      el.value = out.text;
      removed.push(...out.removed);
    }
  }
  return removed;
}

/** Tells the backstop whether the gate acts on this page, now and whenever it asks again. */
export function announceState(state: GateState): void {
  const send = (): boolean => document.dispatchEvent(new CustomEvent(STATE_EVENT, { detail: state }));
  document.addEventListener(STATE_QUERY_EVENT, send);
  send();
}

const NOT_READY = {
  nl: 'ConsentGate kon de tekst nog niet op namen van leerlingen controleren; er is niets verstuurd. Probeer het zo opnieuw of herlaad de pagina.',
  en: 'ConsentGate could not check this text for pupils’ names yet, so nothing was sent. Try again in a moment or reload the page.',
};

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
  const tellRemoved = (removed: Set<string>): void => {
    if (removed.size === 0) return;
    const list = [...removed].join(', ');
    tell({ type: 'cs:names-removed', count: removed.size, url: location.href.slice(0, 2048) });
    if (list !== lastNotice) showNotice(NOTICE[lang](list), 'info');
    lastNotice = list;
  };
  // Native form submissions (WordPress's attachment and classic editors) carry text fields: clean them first.
  const onSubmit = (event: Event): void => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (!finder) {
      // The names are not loaded (yet, or at all): the form's text cannot be checked, so it does not go.
      event.preventDefault();
      event.stopImmediatePropagation();
      showNotice(NOT_READY[lang]);
      return;
    }
    const removed = scrubForm(form, (text) => {
      const spans = finder!.find(text, { channel });
      if (spans.length === 0) return { text, removed: [] };
      const out = scrubText(text, spans);
      return { text: out.text, removed: out.removed.map((s) => s.text.replace(/\s+/g, ' ').trim()) };
    });
    tellRemoved(new Set(removed));
  };
  document.addEventListener('submit', onSubmit, true);
  document.addEventListener(FORM_SUBMIT_EVENT, onSubmit, true);
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
    tellRemoved(removed);
  });
}
