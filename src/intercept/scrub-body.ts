/**
 * Finding the text in a request body and putting the cleaned text back: JSON (every string value, keys kept), form
 * bodies (every value), FormData (every string entry, files untouched), plain text and HTML (as a whole). Fields
 * that carry credentials (passwords, user names, e-mail, nonces, tokens) are never touched. Pure: the scrubbing
 * itself is passed in (in the page it is the gate's answer).
 */
const CREDENTIAL_FIELD = /pass|pwd|^log$|user(_?name)?$|e-?mail|token|nonce|secret|captcha|^key$|api[_-]?key/i;
const FORM_BODY = /^[^=&\s]+=[^&]*(?:&[^=&\s]*=?[^&]*)*$/;

export type Scrub = (texts: string[]) => string[] | null;

export type Scrubbed = { body: unknown; changed: boolean } | { body: null; changed: false; notReady: true };

const hasLetters = (s: string): boolean => /\p{L}{2}/u.test(s);

/** Applies `scrub` to all texts of a body at once; null from `scrub` (the gate is not ready) propagates. */
export function scrubBodySync(body: unknown, scrub: Scrub): Scrubbed | 'unsupported' {
  if (typeof body === 'string') return scrubString(body, scrub);
  if (body instanceof URLSearchParams) {
    const out = scrubForm(body, scrub);
    return 'notReady' in out ? out : { body: out.changed ? new URLSearchParams(out.body as string) : body, changed: out.changed };
  }
  if (body instanceof FormData) {
    const entries = [...body.entries()];
    const keys: number[] = [];
    const texts: string[] = [];
    entries.forEach(([key, value], i) => {
      if (typeof value === 'string' && !CREDENTIAL_FIELD.test(key) && hasLetters(value)) {
        keys.push(i);
        texts.push(value);
      }
    });
    if (texts.length === 0) return { body, changed: false };
    const cleaned = scrub(texts);
    if (!cleaned) return { body: null, changed: false, notReady: true };
    if (cleaned.every((t, i) => t === texts[i])) return { body, changed: false };
    const form = new FormData();
    entries.forEach(([key, value], i) => {
      const at = keys.indexOf(i);
      if (at >= 0) form.append(key, cleaned[at]!);
      else if (typeof value === 'string') form.append(key, value);
      else form.append(key, value, value.name);
    });
    return { body: form, changed: true };
  }
  return 'unsupported';
}

function scrubString(text: string, scrub: Scrub): Scrubbed {
  if (!hasLetters(text)) return { body: text, changed: false };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return scrubJson(JSON.parse(text) as unknown, text, scrub);
    } catch {
      // not JSON after all: treat as text
    }
  }
  if (FORM_BODY.test(text) && text.includes('=')) return scrubForm(new URLSearchParams(text), scrub, text);
  const cleaned = scrub([text]);
  if (!cleaned) return { body: null, changed: false, notReady: true };
  return { body: cleaned[0]!, changed: cleaned[0] !== text };
}

function scrubForm(params: URLSearchParams, scrub: Scrub, original = params.toString()): Scrubbed {
  const entries = [...params.entries()];
  const at: number[] = [];
  const texts: string[] = [];
  entries.forEach(([key, value], i) => {
    // WordPress sends media fields as changes[caption], changes[alt], …: the field name is the last bracket.
    const field = key.replace(/^.*\[([^\]]*)\]$/, '$1');
    if (!CREDENTIAL_FIELD.test(field) && !CREDENTIAL_FIELD.test(key) && hasLetters(value)) {
      at.push(i);
      texts.push(value);
    }
  });
  if (texts.length === 0) return { body: original, changed: false };
  const cleaned = scrub(texts);
  if (!cleaned) return { body: null, changed: false, notReady: true };
  if (cleaned.every((t, i) => t === texts[i])) return { body: original, changed: false };
  const out = new URLSearchParams();
  entries.forEach(([key, value], i) => {
    const k = at.indexOf(i);
    out.append(key, k >= 0 ? cleaned[k]! : value);
  });
  return { body: out.toString(), changed: true };
}

function scrubJson(value: unknown, original: string, scrub: Scrub): Scrubbed {
  const texts: string[] = [];
  const collect = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (!CREDENTIAL_FIELD.test(key) && hasLetters(v)) texts.push(v);
    } else if (Array.isArray(v)) v.forEach((item) => collect(item, key));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) collect(item, k);
  };
  collect(value, '');
  if (texts.length === 0) return { body: original, changed: false };
  const cleaned = scrub(texts);
  if (!cleaned) return { body: null, changed: false, notReady: true };
  if (cleaned.every((t, i) => t === texts[i])) return { body: original, changed: false };
  let n = 0;
  const rebuild = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return !CREDENTIAL_FIELD.test(key) && hasLetters(v) ? cleaned[n++]! : v;
    if (Array.isArray(v)) return v.map((item) => rebuild(item, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, rebuild(item, k)]));
    return v;
  };
  return { body: JSON.stringify(rebuild(value, '')), changed: true };
}
