import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256HexSync } from '../../../src/audit/sha256';

describe('sha256HexSync', () => {
  it('matches node:crypto on the standard vectors and on random texts of every padding length', () => {
    expect(sha256HexSync('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256HexSync('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (let n = 0; n < 300; n++) {
      const text = randomBytes(n).toString('base64').slice(0, n) + (n % 7 === 0 ? 'Zoë ✓' : '');
      expect(sha256HexSync(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
  it('matches node:crypto on non-ASCII, lone surrogates, long texts and short texts after long ones (reused buffer)', () => {
    const node = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
    const texts = [
      'é'.repeat(63),
      'ë'.repeat(64),
      '😀'.repeat(40),
      'a\ud800b',
      '\udc00',
      'x'.repeat(55),
      'x'.repeat(56),
      'x'.repeat(64),
      '中'.repeat(20_000),
      'y'.repeat(200_000),
      'abc',
      '',
      'z'.repeat(119),
    ];
    for (const text of texts) expect(sha256HexSync(text)).toBe(node(text));
    for (let n = 0; n < 200; n++) {
      const text = randomBytes(n * 3).toString('latin1');
      expect(sha256HexSync(text)).toBe(node(text));
    }
  });
});
