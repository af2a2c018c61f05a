import { describe, expect, it, vi } from 'vitest';
import { UsageError, defaultLang, parseAssignment, parseCheckArgs, type CheckArgs } from '../../../src/cli/args';
import type { Confirmation } from '../../../src/policy';

const BASE = ['--channel', 'website', '--roster', 'roster.json', '--lang', 'en'];

describe('parseCheckArgs: accepted command lines', () => {
  const cases: { name: string; argv: string[]; expected: Partial<CheckArgs> }[] = [
    {
      name: 'minimal',
      argv: ['a.jpg', ...BASE],
      expected: {
        photos: ['a.jpg'],
        channel: 'website',
        roster: 'roster.json',
        mode: 'detect',
        json: false,
        lang: 'en',
        threshold: undefined,
        margin: undefined,
        allowLooseThreshold: false,
        confirmations: {},
        noFacesConfirmed: false,
      },
    },
    { name: 'several photos', argv: ['a.jpg', 'b.jpg', 'c.png', ...BASE], expected: { photos: ['a.jpg', 'b.jpg', 'c.png'] } },
    { name: 'options before the photo', argv: [...BASE, 'a.jpg'], expected: { photos: ['a.jpg'] } },
    { name: 'recognize mode', argv: ['a.jpg', ...BASE, '--mode', 'recognize'], expected: { mode: 'recognize' } },
    { name: 'explicit detect mode', argv: ['a.jpg', ...BASE, '--mode=detect'], expected: { mode: 'detect' } },
    { name: '--json', argv: ['a.jpg', ...BASE, '--json'], expected: { json: true } },
    { name: '--lang nl', argv: ['a.jpg', '--channel', 'w', '--roster', 'r', '--lang', 'nl'], expected: { lang: 'nl' } },
    { name: 'threshold and margin', argv: ['a.jpg', ...BASE, '--threshold', '0.4', '--margin', '0.1'], expected: { threshold: 0.4, margin: 0.1 } },
    { name: 'threshold in exponent notation', argv: ['a.jpg', ...BASE, '--threshold=4e-1'], expected: { threshold: 0.4 } },
    { name: 'loose threshold opt-in', argv: ['a.jpg', ...BASE, '--threshold', '0.6', '--allow-loose-threshold'], expected: { threshold: 0.6, allowLooseThreshold: true } },
    { name: '--no-faces-confirmed with one photo', argv: ['a.jpg', ...BASE, '--no-faces-confirmed'], expected: { noFacesConfirmed: true } },
    {
      name: '--assign: faces numbered from 1 become indices from 0',
      argv: ['a.jpg', ...BASE, '--assign', '1=P0042', '--assign', '2=adult', '--assign', '4=cover'],
      expected: {
        confirmations: {
          0: { kind: 'pupil', pupilId: 'P0042' },
          1: { kind: 'adult' },
          3: { kind: 'cover' },
        },
      },
    },
    { name: '--assign=…', argv: ['a.jpg', ...BASE, '--assign=3=P7'], expected: { confirmations: { 2: { kind: 'pupil', pupilId: 'P7' } } } },
  ];
  it.each(cases)('$name', ({ argv, expected }) => {
    const args = parseCheckArgs(argv);
    for (const [key, value] of Object.entries(expected)) expect(args[key as keyof CheckArgs], key).toEqual(value);
  });
});

describe('parseCheckArgs: refused command lines', () => {
  const cases: { name: string; argv: string[]; message: RegExp }[] = [
    { name: 'no photo', argv: [...BASE], message: /at least one photo/ },
    { name: 'no --channel', argv: ['a.jpg', '--roster', 'r.json'], message: /--channel is required/ },
    { name: 'empty --channel', argv: ['a.jpg', '--channel=', '--roster', 'r.json'], message: /--channel is required/ },
    { name: 'no --roster', argv: ['a.jpg', '--channel', 'website'], message: /--roster is required/ },
    { name: 'unknown mode', argv: ['a.jpg', ...BASE, '--mode', 'identify'], message: /--mode must be detect or recognize, not "identify"/ },
    { name: 'British spelling of recognize', argv: ['a.jpg', ...BASE, '--mode', 'recognise'], message: /--mode must be/ },
    { name: 'mode in capitals', argv: ['a.jpg', ...BASE, '--mode', 'DETECT'], message: /--mode must be/ },
    { name: 'unknown language', argv: ['a.jpg', '--channel', 'w', '--roster', 'r', '--lang', 'fr'], message: /--lang must be nl or en, not "fr"/ },
    { name: 'threshold not a number', argv: ['a.jpg', ...BASE, '--threshold', 'abc'], message: /--threshold must be a number, not "abc"/ },
    { name: 'threshold with a unit', argv: ['a.jpg', ...BASE, '--threshold', '0.4x'], message: /--threshold must be a number/ },
    { name: 'margin Infinity', argv: ['a.jpg', ...BASE, '--margin', 'Infinity'], message: /--margin must be a number/ },
    { name: 'margin NaN', argv: ['a.jpg', ...BASE, '--margin', 'NaN'], message: /--margin must be a number/ },
    { name: '--assign with several photos', argv: ['a.jpg', 'b.jpg', ...BASE, '--assign', '1=adult'], message: /one photo at a time/ },
    { name: '--no-faces-confirmed with several photos', argv: ['a.jpg', 'b.jpg', ...BASE, '--no-faces-confirmed'], message: /one photo at a time/ },
    { name: '--assign face 0', argv: ['a.jpg', ...BASE, '--assign', '0=adult'], message: /numbered from 1/ },
    { name: '--assign without a face number', argv: ['a.jpg', ...BASE, '--assign', 'P0042'], message: /FACE=PUPIL_ID/ },
    { name: '--assign with nothing after =', argv: ['a.jpg', ...BASE, '--assign', '2='], message: /FACE=PUPIL_ID/ },
  ];
  it.each(cases)('$name', ({ argv, message }) => {
    let error: unknown;
    try {
      parseCheckArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('an unknown option is refused as a usage error (not silently ignored)', () => {
    expect(() => parseCheckArgs(['a.jpg', ...BASE, '--chanel', 'x'])).toThrow(UsageError);
  });

  // Number('') is 0: an empty value must not silently become margin 0 (no protection against near-ties).
  it.each([
    { name: '--margin=', argv: ['a.jpg', ...BASE, '--margin='] },
    { name: '--threshold " "', argv: ['a.jpg', ...BASE, '--threshold', ' '] },
  ])('an empty number ($name) is refused', ({ argv }) => {
    expect(() => parseCheckArgs(argv)).toThrow(UsageError);
  });

  it('the same face assigned twice is refused', () => {
    expect(() => parseCheckArgs(['a.jpg', ...BASE, '--assign', '1=P1', '--assign', '1=adult'])).toThrow(/face 1 twice/);
  });
});

describe('parseAssignment', () => {
  const ok: { text: string; face: number; confirmation: Confirmation }[] = [
    { text: '1=P0042', face: 0, confirmation: { kind: 'pupil', pupilId: 'P0042' } },
    { text: '12=adult', face: 11, confirmation: { kind: 'adult' } },
    { text: '3=cover', face: 2, confirmation: { kind: 'cover' } },
    { text: ' 2=adult ', face: 1, confirmation: { kind: 'adult' } },
    { text: '2= P1 ', face: 1, confirmation: { kind: 'pupil', pupilId: 'P1' } },
    { text: '05=P5', face: 4, confirmation: { kind: 'pupil', pupilId: 'P5' } },
    // keywords are exact: anything else is a pupil id (which the roster will then not know)
    { text: '1=Adult', face: 0, confirmation: { kind: 'pupil', pupilId: 'Adult' } },
    { text: '1=a=b', face: 0, confirmation: { kind: 'pupil', pupilId: 'a=b' } },
  ];
  it.each(ok)('"$text" → face $face', ({ text, face, confirmation }) => {
    expect(parseAssignment(text)).toEqual([face, confirmation]);
  });

  it.each(['', '=P1', 'x=P1', '1', '1=', '-1=P1', '1.5=P1', '0=P1', '00=cover', 'P1=1'])('"%s" is refused', (text) => {
    expect(() => parseAssignment(text)).toThrow(UsageError);
  });
});

describe('defaultLang', () => {
  const cases: { name: string; env: NodeJS.ProcessEnv; lang: 'nl' | 'en' }[] = [
    { name: 'nothing set', env: {}, lang: 'en' },
    { name: 'LANG nl_NL.UTF-8', env: { LANG: 'nl_NL.UTF-8' }, lang: 'nl' },
    { name: 'LANG nl_BE', env: { LANG: 'nl_BE' }, lang: 'nl' },
    { name: 'LANG NL (case-insensitive)', env: { LANG: 'NL_nl' }, lang: 'nl' },
    { name: 'LANG en_GB', env: { LANG: 'en_GB.UTF-8' }, lang: 'en' },
    { name: 'LANG de_DE', env: { LANG: 'de_DE.UTF-8' }, lang: 'en' },
    { name: 'LANG C', env: { LANG: 'C' }, lang: 'en' },
    { name: 'LC_ALL beats LANG', env: { LC_ALL: 'en_US.UTF-8', LANG: 'nl_NL.UTF-8' }, lang: 'en' },
    { name: 'LC_ALL nl beats LANG en', env: { LC_ALL: 'nl_NL.UTF-8', LANG: 'en_US.UTF-8' }, lang: 'nl' },
    { name: 'LC_MESSAGES beats LANG', env: { LC_MESSAGES: 'nl_NL', LANG: 'en_US' }, lang: 'nl' },
    { name: 'LC_ALL beats LC_MESSAGES', env: { LC_ALL: 'en_US', LC_MESSAGES: 'nl_NL' }, lang: 'en' },
    { name: 'a language merely containing "nl" later on', env: { LANG: 'en_NL.UTF-8' }, lang: 'en' },
  ];
  it.each(cases)('$name → $lang', ({ env, lang }) => {
    expect(defaultLang(env)).toBe(lang);
  });

  // POSIX: an empty LC_ALL / LC_MESSAGES counts as unset.
  it('an empty LC_ALL is treated as unset (LANG=nl_NL → nl)', () => {
    expect(defaultLang({ LC_ALL: '', LANG: 'nl_NL.UTF-8' })).toBe('nl');
  });

  it.each([
    { LANG: 'nl_NL.UTF-8', lang: 'nl' },
    { LANG: 'en_US.UTF-8', lang: 'en' },
  ])('without --lang, check follows the environment (LANG=$LANG → $lang)', ({ LANG, lang }) => {
    vi.stubEnv('LC_ALL', undefined);
    vi.stubEnv('LC_MESSAGES', undefined);
    vi.stubEnv('LANG', LANG);
    try {
      expect(parseCheckArgs(['a.jpg', '--channel', 'w', '--roster', 'r']).lang).toBe(lang);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
