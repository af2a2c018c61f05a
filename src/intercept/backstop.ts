/**
 * The backstop, in the page's own world: uploads that bypass the file input, drop and paste (a page script that
 * builds a photo and sends it by fetch or XHR, an editor that inlines data: images into the HTML it saves) meet
 * this. Any image or video in a request body must be a file the gate released (known by SHA-256); anything else is
 * stopped before it reaches the network and reported. It keeps its own references to the originals, so a page
 * script that later replaces fetch or XHR still goes through it.
 */
import { ANY_DATA_IMAGE, decodeBase64, findDataImages } from './data-url';
import { BLOCKED_EVENT, RELEASED_EVENT, SCRUB_EVENT, SCRUBBED_EVENT, STATE_EVENT, STATE_QUERY_EVENT, type BlockedReport, type GateState, type ScrubAnswer } from './events';
import { scrubBodySync, type Scrubbed } from './scrub-body';
import { mediaKind, sniffMedia } from './media';

const INSTALLED = Symbol.for('consent-gate.backstop');
const HEX64 = /^[0-9a-f]{64}$/;

export function installBackstop(win: Window & typeof globalThis = window): void {
  if ((win as unknown as Record<symbol, unknown>)[INSTALLED]) return;
  Object.defineProperty(win, INSTALLED, { value: true });

  const originalFetch = win.fetch;
  const xhrProto = win.XMLHttpRequest.prototype;
  const originalOpen = xhrProto.open;
  const originalSend = xhrProto.send;
  const originalBeacon = win.navigator.sendBeacon;
  const subtle = win.crypto?.subtle;
  const listen = win.EventTarget.prototype.addEventListener;
  const dispatch = win.EventTarget.prototype.dispatchEvent;
  const doc = win.document;
  const released = new Set<string>();
  const opened = new WeakMap<XMLHttpRequest, { async: boolean; url: string }>();

  listen.call(doc, RELEASED_EVENT, (event: Event) => {
    const hash = (event as CustomEvent<unknown>).detail;
    if (typeof hash === 'string' && HEX64.test(hash)) released.add(hash);
  });

  // Whether the gate acts on this page: until it says, requests with text wait for it (names must be checked).
  let state: GateState | 'unknown' = 'unknown';
  listen.call(doc, STATE_EVENT, (event: Event) => {
    const value = (event as CustomEvent<unknown>).detail;
    if (value === 'ready' || value === 'inactive') state = value;
  });
  dispatch.call(doc, new win.CustomEvent(STATE_QUERY_EVENT));

  /** The gate's answer for these texts, given inside this dispatch; null when the gate cannot answer (yet). */
  let scrubSeq = 0;
  const scrubNow = (texts: string[]): string[] | null => {
    if (state !== 'ready') return null;
    const id = `s${++scrubSeq}`;
    let answer: ScrubAnswer | null = null;
    const onAnswer = (event: Event): void => {
      try {
        const parsed = JSON.parse(String((event as CustomEvent<unknown>).detail)) as ScrubAnswer;
        if (parsed.id === id && Array.isArray(parsed.texts) && parsed.texts.length === texts.length) answer = parsed;
      } catch {
        // not ours
      }
    };
    listen.call(doc, SCRUBBED_EVENT, onAnswer);
    try {
      dispatch.call(doc, new win.CustomEvent(SCRUB_EVENT, { detail: JSON.stringify({ id, texts }) }));
    } finally {
      win.EventTarget.prototype.removeEventListener.call(doc, SCRUBBED_EVENT, onAnswer);
    }
    return answer === null ? null : (answer as ScrubAnswer).texts;
  };

  /** The body with pupils' names taken out of its text; waits up to 3 s for the gate to load the names. */
  const withoutNames = async (body: unknown): Promise<{ body: unknown; changed: boolean }> => {
    if (body === null || body === undefined) return { body, changed: false };
    if (body instanceof win.Blob && /^(text\/|application\/(json|x-www-form-urlencoded|[\w.+-]+\+json))/.test(body.type)) {
      const text = await body.text();
      const out = await withoutNames(text);
      return out.changed ? { body: new win.Blob([out.body as string], { type: body.type }), changed: true } : { body, changed: false };
    }
    for (let waited = 0; ; waited += 50) {
      if (state === 'inactive') return { body, changed: false };
      const out = scrubBodySync(body, scrubNow);
      if (out === 'unsupported') return { body, changed: false };
      if (!('notReady' in out)) return out;
      if (waited >= 3000) throw new Error('pupils’ names in it could not be checked (ConsentGate did not load on this page); reload the page');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const report = (via: BlockedReport['via'], url: string, reason: string): void => {
    const detail = JSON.stringify({ via, url: String(url).slice(0, 2048), reason } satisfies BlockedReport);
    dispatch.call(doc, new win.CustomEvent(BLOCKED_EVENT, { detail }));
  };

  const hashOf = async (bytes: ArrayBuffer | Uint8Array): Promise<string> => {
    if (!subtle) throw new Error('this page is not a secure context, so photos cannot be verified');
    const digest = await subtle.digest('SHA-256', bytes as BufferSource);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  };

  /** Null when the body carries no unchecked image or video; otherwise why it must be stopped. */
  const inspect = async (body: unknown): Promise<string | null> => {
    for (const part of await mediaParts(body)) {
      if (part.kind === 'stream') return 'the request streams its body, so ConsentGate cannot check it for photos';
      if (part.kind === 'invalid') return 'the request carries an inline image that ConsentGate cannot read';
      const hash = await hashOf(part.bytes);
      if (!released.has(hash)) return `a ${part.media} (${part.label}) that was not checked by ConsentGate`;
    }
    return null;
  };

  win.fetch = function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = input instanceof win.Request ? input.url : String(input);
    return (async () => {
      const body = init?.body ?? (input instanceof win.Request && input.body !== null ? await requestParts(input) : null);
      const problem = await inspect(body).catch((err: unknown) => `the request could not be checked (${String(err)})`);
      if (problem) {
        report('fetch', url, problem);
        throw new TypeError(`ConsentGate stopped this upload: ${problem}.`);
      }
      let cleaned: { body: unknown; changed: boolean };
      try {
        cleaned = await withoutNames(body);
      } catch (err) {
        report('fetch', url, String((err as Error).message));
        throw new TypeError(`ConsentGate stopped this request: ${(err as Error).message}.`);
      }
      if (!cleaned.changed) return originalFetch.call(win, input, init);
      // A new FormData gets a new boundary: the old multipart Content-Type must go.
      const dropType = (h: HeadersInit | undefined): Headers => {
        const headers = new win.Headers(h);
        if (cleaned.body instanceof win.FormData) headers.delete('content-type');
        return headers;
      };
      if (init?.body !== undefined && init.body !== null) return originalFetch.call(win, input, { ...init, body: cleaned.body as BodyInit, headers: dropType(init.headers) });
      const request = input as Request;
      return originalFetch.call(win, new win.Request(request, { body: cleaned.body as BodyInit, headers: dropType(request.headers) }), init);
    })();
  };

  xhrProto.open = function open(this: XMLHttpRequest, ...args: unknown[]): void {
    opened.set(this, { async: args[2] === undefined ? true : Boolean(args[2]), url: String(args[1]) });
    return (originalOpen as (...a: unknown[]) => void).apply(this, args);
  } as typeof xhrProto.open;

  xhrProto.send = function send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null): void {
    const meta = opened.get(this) ?? { async: true, url: '' };
    if (body === null || body === undefined || state === 'inactive') return originalSend.call(this, body);
    if (!mayCarryMedia(body)) {
      // Text only: names are taken out now if the gate can answer at once, else after waiting for it (async only).
      const now: Scrubbed | 'unsupported' = scrubBodySync(body, scrubNow);
      if (now === 'unsupported') return originalSend.call(this, body);
      if (!('notReady' in now)) return originalSend.call(this, now.body as XMLHttpRequestBodyInit);
      if (!meta.async) {
        report('xhr', meta.url, 'a synchronous request whose text could not be checked for pupils’ names');
        throw new DOMException('ConsentGate stopped this request: its text could not be checked for pupils’ names.', 'NetworkError');
      }
    }
    if (!meta.async) {
      // A synchronous request cannot wait for the check: a body that may hold a photo is refused outright.
      report('xhr', meta.url, 'a synchronous upload that may carry a photo');
      throw new DOMException('ConsentGate stopped this upload: synchronous uploads of photos are not allowed.', 'NetworkError');
    }
    let clean: unknown = body;
    inspect(body)
      .catch((err: unknown) => `the request could not be checked (${String(err)})`)
      .then(async (problem) => {
        if (problem) return problem;
        try {
          clean = (await withoutNames(body)).body;
          return null;
        } catch (err) {
          return String((err as Error).message);
        }
      })
      .then((problem) => {
        if (!problem) return originalSend.call(this, clean as XMLHttpRequestBodyInit);
        report('xhr', meta.url, problem);
        // Never call the real send: even send(null) + abort() puts an empty POST on the network. Finish the request
        // the way a network error does (readyState 4, status 0), so code watching readystatechange stops waiting.
        Object.defineProperty(this, 'readyState', { value: 4, configurable: true });
        Object.defineProperty(this, 'status', { value: 0, configurable: true });
        dispatch.call(this, new win.Event('readystatechange'));
        for (const type of ['error', 'loadend']) dispatch.call(this.upload, new win.ProgressEvent(type));
        for (const type of ['error', 'loadend']) dispatch.call(this, new win.ProgressEvent(type));
      });
  };

  // form.submit() fires no submit event: let the gate clean the form's text fields first (it answers synchronously).
  const formProto = win.HTMLFormElement.prototype;
  const originalSubmit = formProto.submit;
  formProto.submit = function submit(this: HTMLFormElement): void {
    if (state === 'unknown') {
      // The gate has not loaded the names: the form's text cannot be checked, so it is not sent.
      report('form', this.action, 'its text could not be checked for pupils’ names yet');
      return;
    }
    if (state === 'ready') dispatch.call(this, new win.CustomEvent('consent-gate:form-submit', { bubbles: true, composed: true }));
    return originalSubmit.call(this);
  };

  win.navigator.sendBeacon = function sendBeacon(this: Navigator, url: string | URL, data?: BodyInit | null): boolean {
    // A beacon cannot wait for a check: any body that may carry a photo is refused.
    if (mayCarryMedia(data) && !(typeof data === 'string' && findDataImages(data).length === 0)) {
      report('beacon', String(url), 'a beacon that may carry a photo');
      return false;
    }
    return originalBeacon.call(this, url, data);
  };
}

type Part = { kind: 'media'; media: 'photo' | 'video'; label: string; bytes: ArrayBuffer | Uint8Array } | { kind: 'stream' } | { kind: 'invalid' };

function mayCarryMedia(body: unknown): boolean {
  if (body === null || body === undefined) return false;
  // Case-insensitive, as findDataImages is: "DATA:IMAGE/JPEG;base64," is a data: URL too.
  if (typeof body === 'string') return /data(?::|%3a)image/i.test(body);
  return true;
}

async function requestParts(request: Request): Promise<unknown> {
  const copy = request.clone();
  const type = copy.headers.get('content-type') ?? '';
  if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) return copy.formData();
  return copy.blob();
}

async function mediaParts(body: unknown): Promise<Part[]> {
  if (body === null || body === undefined) return [];
  if (typeof body === 'string') return textParts(body);
  if (body instanceof URLSearchParams) return textParts(body.toString());
  if (body instanceof ReadableStream) return [{ kind: 'stream' }];
  if (body instanceof FormData) {
    const parts: Part[] = [];
    for (const [field, value] of body.entries()) {
      if (typeof value === 'string') parts.push(...textParts(value));
      else parts.push(...(await blobParts(value, `${field}: ${value.name || 'file'}`)));
    }
    return parts;
  }
  if (body instanceof Blob) return blobParts(body, body instanceof File ? body.name : 'file');
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const bytes = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    const kind = sniffMedia(bytes.subarray(0, 16));
    if (kind) return [{ kind: 'media', media: kind === 'image' ? 'photo' : 'video', label: 'binary body', bytes }];
    return binaryParts(new Blob([bytes as BlobPart]));
  }
  return [];
}

async function blobParts(blob: Blob, label: string): Promise<Part[]> {
  const byType = mediaKind({ type: blob.type, name: blob instanceof File ? blob.name : '' });
  const kind = byType ?? sniffMedia(new Uint8Array(await blob.slice(0, 16).arrayBuffer()));
  if (blob.type === 'image/svg+xml') return [];
  if (kind) return [{ kind: 'media', media: kind === 'image' ? 'photo' : 'video', label, bytes: await blob.arrayBuffer() }];
  if (blob.type === '' || blob.type.startsWith('multipart/')) return binaryParts(blob);
  // JSON or HTML sent as a Blob may inline data: images; so may a Blob without a type, or typed +json/+xml or as a form.
  if (blob.size < 64 * 1024 * 1024 && /^(text\/|application\/([\w.-]+\+)?(json|xml|x-www-form-urlencoded)\b|$)/i.test(blob.type)) return textParts(await blob.text());
  return [];
}

/**
 * An untyped binary body: a multipart body assembled by hand (its first line is the boundary) is parsed like a
 * FormData; anything else is searched for inline data: images as text.
 */
async function binaryParts(blob: Blob): Promise<Part[]> {
  const head = await blob.slice(0, 200).text();
  const boundary = /^--([^\r\n]{1,70})\r?\n/.exec(head)?.[1];
  if (boundary) {
    try {
      const form = await new Response(blob, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }).formData();
      return mediaParts(form);
    } catch {
      return [{ kind: 'invalid' }];
    }
  }
  return blob.size < 64 * 1024 * 1024 ? textParts(await blob.text()) : [];
}

function textParts(text: string): Part[] {
  const found = findDataImages(text);
  // A data: image the decoder could not read (percent-encoded bytes, unusual parameters) cannot be checked.
  if (found.length === 0 && ANY_DATA_IMAGE.test(text)) return [{ kind: 'invalid' }];
  return found
    .filter((img) => img.mimeType !== 'image/svg+xml')
    .map((img): Part => {
      const bytes = decodeBase64(img.base64);
      return bytes && bytes.length > 0 ? { kind: 'media', media: 'photo', label: `inline ${img.mimeType}`, bytes } : { kind: 'invalid' };
    });
}
