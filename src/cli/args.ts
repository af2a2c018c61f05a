import { parseArgs } from 'node:util';
import type { Confirmation, Mode } from '../policy';

export class UsageError extends Error {}

export type Lang = 'nl' | 'en';

export function defaultLang(env: NodeJS.ProcessEnv = process.env): Lang {
  // An empty locale variable counts as unset, as in POSIX.
  return /^nl/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'nl' : 'en';
}

function lang(value: string | undefined): Lang {
  if (value === undefined) return defaultLang();
  if (value === 'nl' || value === 'en') return value;
  throw new UsageError(`--lang must be nl or en, not "${value}"`);
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, not "${value}"`);
  return n;
}

function required(name: string, value: string | undefined): string {
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

export interface CheckArgs {
  photos: string[];
  channel: string;
  roster: string;
  mode: Mode;
  json: boolean;
  lang: Lang;
  threshold?: number;
  margin?: number;
  allowLooseThreshold: boolean;
  confirmations: Record<number, Confirmation>;
  noFacesConfirmed: boolean;
}

/** `--assign 2=P0042`, `--assign 3=adult`, `--assign 1=cover` (face numbers as printed, from 1). */
export function parseAssignment(text: string): [number, Confirmation] {
  const m = /^(\d+)=(.+)$/.exec(text.trim());
  if (!m) throw new UsageError(`--assign takes FACE=PUPIL_ID, FACE=adult or FACE=cover, not "${text}"`);
  const face = Number(m[1]);
  if (face < 1) throw new UsageError(`--assign: faces are numbered from 1 ("${text}")`);
  const who = m[2]!.trim();
  const confirmation: Confirmation = who === 'adult' ? { kind: 'adult' } : who === 'cover' ? { kind: 'cover' } : { kind: 'pupil', pupilId: who };
  return [face - 1, confirmation];
}

/** node:util's parser errors (an unknown option, a missing value) are usage errors too. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function parseCheckArgs(argv: string[]): CheckArgs {
  const { values, positionals } = usage(() => parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      channel: { type: 'string' },
      roster: { type: 'string' },
      mode: { type: 'string', default: 'detect' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string' },
      threshold: { type: 'string' },
      margin: { type: 'string' },
      'allow-loose-threshold': { type: 'boolean', default: false },
      assign: { type: 'string', multiple: true },
      'no-faces-confirmed': { type: 'boolean', default: false },
    },
  }));
  if (positionals.length === 0) throw new UsageError('check needs at least one photo');
  const mode = values.mode;
  if (mode !== 'detect' && mode !== 'recognize') throw new UsageError(`--mode must be detect or recognize, not "${mode}"`);
  const assignments = (values.assign ?? []).map(parseAssignment);
  const twice = assignments.find(([face], i) => assignments.findIndex(([other]) => other === face) !== i);
  if (twice) throw new UsageError(`--assign names face ${twice[0] + 1} twice`);
  if (assignments.length > 0 && positionals.length > 1) throw new UsageError('--assign refers to the faces of one photo: check one photo at a time');
  if (values['no-faces-confirmed'] && positionals.length > 1) throw new UsageError('--no-faces-confirmed applies to one photo: check one photo at a time');
  return {
    photos: positionals,
    channel: required('channel', values.channel),
    roster: required('roster', values.roster),
    mode,
    json: values.json ?? false,
    lang: lang(values.lang),
    threshold: number('threshold', values.threshold),
    margin: number('margin', values.margin),
    allowLooseThreshold: values['allow-loose-threshold'] ?? false,
    confirmations: Object.fromEntries(assignments),
    noFacesConfirmed: values['no-faces-confirmed'] ?? false,
  };
}

export interface EnrollArgs {
  roster: string;
  photos: string;
  out: string;
  json: boolean;
}

export function parseEnrollArgs(argv: string[]): EnrollArgs {
  const { values } = usage(() =>
    parseArgs({
      args: argv,
      options: { roster: { type: 'string' }, photos: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false } },
    }),
  );
  return { roster: required('roster', values.roster), photos: required('photos', values.photos), out: required('out', values.out), json: values.json ?? false };
}

export function parseDoctorArgs(argv: string[]): { json: boolean } {
  const { values } = usage(() => parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } }));
  return { json: values.json ?? false };
}

export interface ScrubArgs {
  roster: string;
  channel?: string;
  json: boolean;
  lang: Lang;
  removeAmbiguous: boolean;
}

/** `scrub --roster FILE [--channel ID] [--json] [--lang nl|en] [--remove-ambiguous]`: the text comes on standard input. */
export function parseScrubArgs(argv: string[]): ScrubArgs {
  const { values } = usage(() =>
    parseArgs({
      args: argv,
      options: {
        roster: { type: 'string' },
        channel: { type: 'string' },
        json: { type: 'boolean', default: false },
        lang: { type: 'string' },
        'remove-ambiguous': { type: 'boolean', default: false },
      },
    }),
  );
  return {
    roster: required('roster', values.roster),
    ...(values.channel !== undefined ? { channel: required('channel', values.channel) } : {}),
    json: values.json ?? false,
    lang: lang(values.lang),
    removeAmbiguous: values['remove-ambiguous'] ?? false,
  };
}

export interface StripArgs {
  photos: string[];
  out: string;
  roster?: string;
  json: boolean;
  lang: Lang;
}

/** `strip PHOTO... --out DIR [--roster FILE] [--json] [--lang nl|en]`. */
export function parseStripArgs(argv: string[]): StripArgs {
  const { values, positionals } = usage(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string' }, roster: { type: 'string' }, json: { type: 'boolean', default: false }, lang: { type: 'string' } },
    }),
  );
  if (positionals.length === 0) throw new UsageError('strip needs at least one photo');
  return {
    photos: positionals,
    out: required('out', values.out),
    ...(values.roster !== undefined ? { roster: required('roster', values.roster) } : {}),
    json: values.json ?? false,
    lang: lang(values.lang),
  };
}
