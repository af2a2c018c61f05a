import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_IMAGE_URL, decodeBase64, findDataImages } from '../../../src/intercept/data-url';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const JPEG = readFileSync(join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg'));
const B64 = JPEG.toString('base64');
/** A 1×1 PNG. */
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const HTML = `<p>Schoolreis groep 8</p><figure><img src="data:image/jpeg;base64,${B64}" alt="groep 8"></figure><p><img src='data:image/png;base64,${PNG_B64}'></p>`;

const equalBytes = (a: Uint8Array | null, b: Uint8Array): boolean => a !== null && Buffer.from(a).equals(Buffer.from(b));

describe('findDataImages', () => {
  it('finds every data: image in HTML, with its type and payload', () => {
    expect(findDataImages(HTML)).toEqual([
      { mimeType: 'image/jpeg', base64: B64 },
      { mimeType: 'image/png', base64: PNG_B64 },
    ]);
  });

  it('finds the same images in HTML that was JSON-encoded (quotes escaped)', () => {
    const body = JSON.stringify({ title: 'Schoolreis', content: { raw: HTML }, meta: [] });
    expect(body).toContain('\\"data:image/jpeg;base64,');
    const found = findDataImages(body);
    expect(found).toEqual([
      { mimeType: 'image/jpeg', base64: B64 },
      { mimeType: 'image/png', base64: PNG_B64 },
    ]);
    expect(equalBytes(decodeBase64(found[0]!.base64), JPEG)).toBe(true);
  });

  it('finds them in JSON encoded twice', () => {
    const body = JSON.stringify({ blocks: JSON.stringify([{ type: 'image', html: HTML }]) });
    expect(findDataImages(body).map((i) => i.base64)).toEqual([B64, PNG_B64]);
  });

  it('finds them in JSON that escapes "/" as "\\/" (PHP json_encode style)', () => {
    const body = JSON.stringify({ content: HTML }).replace(/\//g, '\\/');
    expect(body).toContain('data:image\\/jpeg;base64,\\/9j\\/');
    const found = findDataImages(body);
    expect(found.map((i) => i.mimeType)).toEqual(['image/jpeg', 'image/png']);
    expect(equalBytes(decodeBase64(found[0]!.base64), JPEG)).toBe(true);
  });

  it('finds them in JSON that escapes "/" and "+" as \\u escapes', () => {
    const body = JSON.stringify({ content: HTML }).replace(/\//g, '\\u002F').replace(/\+/g, '\\u002b');
    const found = findDataImages(body);
    expect(found.map((i) => i.mimeType)).toEqual(['image/jpeg', 'image/png']);
    expect(equalBytes(decodeBase64(found[0]!.base64), JPEG)).toBe(true);
  });

  it('finds them in a percent-encoded form body, decoded', () => {
    const body = new URLSearchParams({ action: 'save', post_title: 'Schoolreis', content: HTML }).toString();
    expect(body).toContain('data%3Aimage%2Fjpeg%3Bbase64%2C');
    expect(body).not.toContain('data:image');
    const found = findDataImages(body);
    expect(found).toEqual([
      { mimeType: 'image/jpeg', base64: B64 },
      { mimeType: 'image/png', base64: PNG_B64 },
    ]);
    expect(equalBytes(decodeBase64(found[0]!.base64), JPEG)).toBe(true);
  });

  it('finds them in an encodeURIComponent body with lower-case escapes', () => {
    const body = `content=${encodeURIComponent(HTML).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`;
    expect(findDataImages(body).map((i) => i.base64)).toEqual([B64, PNG_B64]);
  });

  it('stops an encoded payload at the escaped quote that ends the URL, so images do not run together', () => {
    const body = `content=${encodeURIComponent(`<img src="data:image/png;base64,${PNG_B64}"><img src="data:image/png;base64,AQID">`)}`;
    expect(findDataImages(body)).toEqual([
      { mimeType: 'image/png', base64: PNG_B64 },
      { mimeType: 'image/png', base64: 'AQID' },
    ]);
  });

  it('keeps what it can read of a payload with a broken escape (its bytes will not be a released file)', () => {
    expect(findDataImages('content=data%3Aimage%2Fjpeg%3Bbase64%2C%2F9j%2F4A%E0%A4%A')).toEqual([{ mimeType: 'image/jpeg', base64: '/9j/4A' }]);
  });

  it('reads line-wrapped base64 in a form body', () => {
    const wrapped = B64.slice(0, 400).replace(/(.{76})/g, '$1\r\n');
    expect(findDataImages(new URLSearchParams({ content: `<img src="data:image/jpeg;base64,${wrapped}">` }).toString())).toEqual([
      { mimeType: 'image/jpeg', base64: B64.slice(0, 400) },
    ]);
  });

  it('lower-cases the type and drops whitespace from wrapped base64', () => {
    const wrapped = B64.slice(0, 400).replace(/(.{76})/g, '$1\r\n');
    const found = findDataImages(`<img src="DATA:IMAGE/JPEG;BASE64,${wrapped}">`);
    expect(found).toEqual([{ mimeType: 'image/jpeg', base64: B64.slice(0, 400) }]);
  });

  it('finds SVG and other image types too (the backstop decides what to do with them)', () => {
    expect(findDataImages('url(data:image/svg+xml;base64,PHN2Zy8+) url(data:image/x-icon;base64,AAAB)').map((i) => i.mimeType)).toEqual([
      'image/svg+xml',
      'image/x-icon',
    ]);
  });

  it('ignores text without data: images', () => {
    expect(findDataImages('')).toEqual([]);
    expect(findDataImages('{"title":"Schoolreis","content":"<p>Geen foto</p>"}')).toEqual([]);
    expect(findDataImages('<a href="data:text/html;base64,PGI+aGk8L2I+">x</a> <img src="https://school.example/a.jpg">')).toEqual([]);
    expect(findDataImages('we use data:image URLs on this page')).toEqual([]);
  });

  it('can be called again on the same text (no state left in the global regex)', () => {
    expect(findDataImages(HTML)).toHaveLength(2);
    expect(findDataImages(HTML)).toHaveLength(2);
    DATA_IMAGE_URL.lastIndex = 5;
    expect(findDataImages(HTML)).toHaveLength(2);
  });
});

describe('decodeBase64', () => {
  it('decodes a real photo byte for byte', () => {
    expect(equalBytes(decodeBase64(B64), JPEG)).toBe(true);
  });

  it('decodes short payloads with and without padding', () => {
    expect(Array.from(decodeBase64('AQID')!)).toEqual([1, 2, 3]);
    expect(Array.from(decodeBase64('AQI=')!)).toEqual([1, 2]);
    expect(Array.from(decodeBase64('AQI')!)).toEqual([1, 2]);
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
  });

  it.each(['not base64!', '***', 'A', 'AQIDB', 'AQ=I', '====', 'ü', '%2F9j'])('gives null for %j', (input) => {
    expect(decodeBase64(input)).toBeNull();
  });
});
