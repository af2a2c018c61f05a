/** data: image URLs that editors inline into HTML: found in text bodies, decoded to bytes. */
export const DATA_IMAGE_URL = /data:(image\/[a-z0-9.+-]+)(?:;[a-z0-9.+-]+=[^;,"'\s]*)*;base64,([A-Za-z0-9+/=\s]+)/gi;
/** Any data: image at all, also forms the decoder cannot read (percent-encoded bytes): such a body is stopped. */
export const ANY_DATA_IMAGE = /data(?::|%3A)image(?:\/|%2F)(?!svg)/i;
/**
 * The same, percent-encoded (form bodies, URLSearchParams). The payload takes only base64 characters and the escapes
 * of "+", "/", "=" and line breaks: a looser class would run on through the escaped quote that ends the URL.
 */
const ENCODED_DATA_IMAGE_URL = /data%3A(image%2F(?:[a-z0-9.+-]|%2B)+)%3Bbase64%2C((?:[A-Za-z0-9+/=]|%2B|%2F|%3D|%0A|%0D)+)/gi;
/** JSON may escape "/" as "\/" and any character as "\u00XX" (JSON_HEX_*, json_encode, some serialisers). */
const JSON_ESCAPE = /\\(?:\/|u00([0-7][0-9a-f]))/gi;

export interface InlineImage {
  mimeType: string;
  base64: string;
}

export function findDataImages(input: string): InlineImage[] {
  const text = input.includes('\\') ? input.replace(JSON_ESCAPE, (_, hex?: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : '/')) : input;
  const found: InlineImage[] = [];
  for (const m of text.matchAll(DATA_IMAGE_URL)) found.push({ mimeType: m[1]!.toLowerCase(), base64: m[2]!.replace(/\s+/g, '') });
  for (const m of text.matchAll(ENCODED_DATA_IMAGE_URL)) {
    try {
      found.push({ mimeType: decodeURIComponent(m[1]!).toLowerCase(), base64: decodeURIComponent(m[2]!).replace(/\s+/g, '') });
    } catch {
      found.push({ mimeType: 'image/unknown', base64: '' });
    }
  }
  return found;
}

/** Bytes of a base64 payload; null when it is not valid base64 (which the backstop treats as unchecked). */
export function decodeBase64(base64: string): Uint8Array | null {
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
