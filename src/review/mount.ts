/**
 * Mounting the review over any page: a CLOSED shadow root on `host`, styled only through `adoptedStyleSheets`
 * (strict page CSPs block <style> tags and style attributes), rendered with Preact.
 *
 * The caller owns `host`: create a fresh element (attachShadow works once per element), append it to
 * `document.documentElement`, and remove it after `close()`. The caller also owns the frames' previews: the panel
 * only draws them, so close the ImageBitmaps after `close()` (or after `update` replaced the input).
 */
import { h, render } from 'preact';
import { ReviewApp } from './app';
import type { Lang, ReviewDecision, ReviewInput } from './model';
import type { ReviewProgress } from './progress';
import { REVIEW_CSS } from './styles';

export type { ReviewProgress } from './progress';

export interface ReviewHandlers {
  /** Called once per review when the user presses a button (or Esc = cancel). Close or update the panel after it. */
  onDecision(decision: ReviewDecision): void;
  /** Language of the progress view before the input (which names its own language) arrives. */
  lang?: Lang;
}

export interface ReviewHandle {
  /** `null` shows the progress view (with `progress`); an input shows its review, from a fresh state if it is new. */
  update(input: ReviewInput | null, progress?: ReviewProgress): void;
  /** Unmount and give focus back to where it was. The host element stays (the caller removes it). */
  close(): void;
}

/** Events that stop at the panel's edge, so page scripts (shortcuts, "click outside closes") do not react to them. */
const CONTAINED_EVENTS = [
  'keydown',
  'keyup',
  'keypress',
  'input',
  'change',
  'beforeinput',
  'click',
  'dblclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'touchstart',
  'touchend',
  'contextmenu',
  'wheel',
  'focusin',
  'focusout',
] as const;

function browserLang(): Lang {
  return typeof navigator !== 'undefined' && /^nl\b/i.test(navigator.language) ? 'nl' : 'en';
}

export function mountReview(
  host: HTMLElement,
  input: ReviewInput | null,
  handlers: ReviewHandlers,
): ReviewHandle {
  const shadow = host.attachShadow({ mode: 'closed' });
  // A constructed sheet can only be adopted in the document whose realm made it: the review of a photo picked in an
  // editor's iframe shows in the top document, so build the sheet with that document's constructor.
  const Sheet = (host.ownerDocument.defaultView as (Window & typeof globalThis) | null)?.CSSStyleSheet ?? CSSStyleSheet;
  const sheet = new Sheet();
  sheet.replaceSync(REVIEW_CSS);
  shadow.adoptedStyleSheets = [sheet];
  const stop = (e: Event): void => e.stopPropagation();
  for (const type of CONTAINED_EVENTS) shadow.addEventListener(type, stop);

  const previousFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  let current: ReviewInput | null = input;
  let progress: ReviewProgress | null = null;
  let version = 0;
  let decided = false;
  let closed = false;

  const onDecision = (decision: ReviewDecision): void => {
    // One decision per review: a double click must not release twice.
    if (decided || closed) return;
    decided = true;
    handlers.onDecision(decision);
  };

  const draw = (): void => {
    if (closed) return;
    const lang = current?.lang ?? handlers.lang ?? browserLang();
    render(h(ReviewApp, { input: current, version, progress, lang, onDecision }), shadow);
  };

  draw();
  return {
    update(next, nextProgress) {
      if (closed) return;
      if (next !== current) {
        version++;
        decided = false;
      }
      current = next;
      progress = nextProgress ?? null;
      draw();
    },
    close() {
      if (closed) return;
      render(null, shadow);
      closed = true;
      for (const type of CONTAINED_EVENTS) shadow.removeEventListener(type, stop);
      shadow.adoptedStyleSheets = [];
      if (previousFocus?.isConnected) previousFocus.focus({ preventScroll: true });
    },
  };
}
