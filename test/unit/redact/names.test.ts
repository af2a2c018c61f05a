import { afterEach, describe, expect, it } from 'vitest';
import { extensionFor, neutralName, outputTypeFor } from '../../../src/redact/names';

describe('neutralName', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('is foto-YYYY-MM-DD-N.ext with a zero-padded month and day', () => {
    expect(neutralName(new Date(2026, 10, 23, 14, 5), 1, 'jpg')).toBe('foto-2026-11-23-1.jpg');
    expect(neutralName(new Date(2026, 0, 5), 12, '.PNG')).toBe('foto-2026-01-05-12.png');
    expect(neutralName(new Date(2027, 8, 9), 3, 'webp')).toBe('foto-2027-09-09-3.webp');
  });

  it("uses the local calendar day, not UTC's", () => {
    // Node re-reads TZ when it is assigned. 23:30 UTC on the 22nd is 00:30 on the 23rd in Amsterdam.
    process.env.TZ = 'Europe/Amsterdam';
    expect(neutralName(new Date('2026-11-22T23:30:00Z'), 1, 'jpg')).toBe('foto-2026-11-23-1.jpg');
    process.env.TZ = 'America/New_York';
    expect(neutralName(new Date('2026-11-23T03:00:00Z'), 1, 'jpg')).toBe('foto-2026-11-22-1.jpg');
  });

  it('rejects an invalid date, sequence or extension', () => {
    expect(() => neutralName(new Date(NaN), 1, 'jpg')).toThrow(RangeError);
    for (const seq of [0, -1, 1.5, NaN]) expect(() => neutralName(new Date(), seq, 'jpg')).toThrow(RangeError);
    for (const ext of ['', 'j/pg', '../x', 'jpeg jpg']) expect(() => neutralName(new Date(), 1, ext)).toThrow(RangeError);
  });
});

describe('output formats', () => {
  it('maps inputs to the format they are released in', () => {
    const cases: [string, string | null][] = [
      ['image/jpeg', 'image/jpeg'],
      ['image/jpg', 'image/jpeg'],
      ['IMAGE/JPEG; charset=binary', 'image/jpeg'],
      ['image/heic', 'image/jpeg'],
      ['image/heif', 'image/jpeg'],
      ['image/bmp', 'image/jpeg'],
      ['image/tiff', 'image/jpeg'],
      ['image/png', 'image/png'],
      ['image/apng', 'image/png'],
      ['image/gif', 'image/png'],
      ['image/webp', 'image/webp'],
      ['application/pdf', null],
      ['video/mp4', null],
      ['text/plain', null],
      ['', null],
    ];
    for (const [input, want] of cases) expect(outputTypeFor(input), input).toBe(want);
  });

  it('names extensions', () => {
    expect(extensionFor('image/jpeg')).toBe('jpg');
    expect(extensionFor('image/png')).toBe('png');
    expect(extensionFor('image/webp')).toBe('webp');
    expect(extensionFor('image/x-unknown')).toBeNull();
  });
});
