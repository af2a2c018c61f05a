/** Turning the values a metadata reader returns into plain text: entity decoding, charsets, EXIF UserComment. */

const utf8 = new TextDecoder('utf-8');
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character and entity references (`&amp;`, `&#233;`, `&#xE9;`): exifr's XMP parser leaves them as written. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/**
 * IPTC IIM text is Latin-1 unless the file says UTF-8 (record 1:90), and exifr always reads it as Latin-1. Most tools
 * now write UTF-8, so a Latin-1 reading that is valid UTF-8 with non-ASCII bytes is read again as UTF-8 ("ZoÃ«" → "Zoë").
 */
export function latin1OrUtf8(text: string): string {
  if (!/[\x80-\xff]/.test(text) || /[^\x00-\xff]/.test(text)) return text;
  try {
    return utf8Strict.decode(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  } catch {
    return text;
  }
}

/**
 * EXIF UserComment: an 8-byte charset code, then the text. "UNICODE" text is UCS-2 in the file's byte order, which
 * writers often get wrong, so the order is guessed from where the zero bytes of Latin text fall.
 */
export function decodeUserComment(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (!(value instanceof Uint8Array)) return null;
  if (value.length <= 8) return null;
  const code = String.fromCharCode(...value.subarray(0, 8)).replace(/\0+$/, '').trim().toUpperCase();
  const body = value.subarray(8);
  if (code === 'UNICODE') {
    const even = body.length - (body.length % 2);
    let zeroHigh = 0, zeroLow = 0;
    for (let i = 0; i < even; i += 2) {
      if (body[i] === 0) zeroHigh++;
      if (body[i + 1] === 0) zeroLow++;
    }
    return new TextDecoder(zeroHigh > zeroLow ? 'utf-16be' : 'utf-16le').decode(body.subarray(0, even));
  }
  if (code === 'JIS') return null; // Shift-JIS comments do not name Dutch pupils; TextDecoder may not know it everywhere
  // ASCII, or the all-zero "undefined" code: in practice UTF-8 or Latin-1.
  try {
    return utf8Strict.decode(body);
  } catch {
    return String.fromCharCode(...body);
  }
}

/** Text as worth searching: NULs (EXIF padding, Copyright's photographer\0editor) become line breaks, ends trimmed. */
export function cleanText(text: string): string {
  return text.replace(/\0+$/, '').replace(/\0+/g, '\n').trim();
}

/** Binary data that a reader returned as a string (a version number, a preview image) is not text. */
export function looksLikeText(text: string): boolean {
  const control = text.match(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]/g)?.length ?? 0;
  return text.length > 0 && control <= text.length * 0.1;
}

export const utf8Text = (bytes: Uint8Array): string => utf8.decode(bytes);
export const latin1Text = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
};

/** zlib (deflate) data of PNG zTXt/iTXt chunks, with a cap against decompression bombs; null when damaged or too big. */
export async function inflate(data: Uint8Array, limit = 16 * 1024 * 1024): Promise<Uint8Array | null> {
  try {
    const reader = new Blob([new Uint8Array(data)]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      parts.push(value);
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  } catch {
    return null;
  }
}

/** ImageMagick's "Raw profile type …" text: a newline, the profile name, its length, then hex digits. */
export function rawProfileBytes(text: string): Uint8Array | null {
  const m = /^\s*\S+\s+(\d+)\s+([0-9a-fA-F\s]+)$/.exec(text);
  if (!m) return null;
  const length = Number(m[1]);
  const hex = m[2]!.replace(/\s+/g, '');
  if (!Number.isSafeInteger(length) || hex.length < length * 2) return null;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
