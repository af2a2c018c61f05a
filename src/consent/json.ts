/**
 * The saved roster: a JSON file as written by serializeRoster. Reading it back gives the same roster, including its
 * original `source` and `importedAt` (a saved roster is not a new import).
 */
import { ChannelSchema, PupilSchema, ROSTER_FORMAT, RosterSchema, type ImportIssue, type ImportResult, type Roster } from './schema';
import { explainZodIssue, formatIssuePath } from './zod-issues';

/** 1-based line and column of a 0-based character offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

function syntaxIssue(error: unknown, text: string): ImportIssue {
  const detail = error instanceof Error ? error.message : String(error);
  // Node 22+: "... at position 12 (line 2 column 5)"; Node 20: "... at position 12" or no position at all.
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(detail);
  let where: { line: number; column: number } | null = null;
  if (lineColumn) {
    where = { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  } else {
    const position = /at position (\d+)/.exec(detail);
    if (position) where = positionOf(text, Number(position[1]));
    else if (/unexpected end of JSON input/i.test(detail)) where = positionOf(text, text.length);
  }
  const suffix = where === null ? '' : ` (line ${where.line}, column ${where.column})`;
  return { line: where?.line ?? null, column: null, message: `not valid JSON: ${detail}${suffix}` };
}

/**
 * Read a roster saved as JSON. `sourceName` is the file being read; the roster keeps the `source` recorded in it.
 * Any problem gives `ok: false`; schema problems are reported one per issue with `column` the JSON path
 * (e.g. `pupils[3].consent.website`) and `line` null.
 */
export function parseRosterJson(text: string, sourceName: string): ImportResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') {
    return { ok: false, errors: [{ line: null, column: null, message: `${sourceName} is empty: expected a ConsentGate roster (JSON)` }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    return { ok: false, errors: [syntaxIssue(error, body)] };
  }

  // A wrong kind of file would give a flood of schema issues; say what it is instead.
  if (typeof data !== 'object' || data === null || Array.isArray(data) || (data as { format?: unknown }).format !== ROSTER_FORMAT) {
    return {
      ok: false,
      errors: [{ line: null, column: 'format', message: `this is not a ConsentGate roster: expected "format": "${ROSTER_FORMAT}"` }],
    };
  }
  const version = (data as { version?: unknown }).version;
  if (version !== 1) {
    return {
      ok: false,
      errors: [{ line: null, column: 'version', message: `roster version ${JSON.stringify(version)} is not supported (expected 1)` }],
    };
  }

  const checked = RosterSchema.safeParse(data);
  if (!checked.success) {
    const errors = checked.error.issues.flatMap((issue) =>
      explainZodIssue(issue).map(({ path, message }) => ({ line: null, column: formatIssuePath(path) || null, message })),
    );
    return { ok: false, errors };
  }
  return { ok: true, roster: checked.data, warnings: [] };
}

/** Copy of `value` with its keys in `order` first (undefined values dropped), then any others in their own order. */
function ordered(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [...order, ...Object.keys(value)]) {
    if (!(key in out) && value[key] !== undefined) out[key] = value[key];
  }
  return out;
}

/** Like JSON.stringify(value, null, 2), but an array of numbers (a face descriptor) stays on one line. */
function prettyJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => typeof item === 'number')) return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    return `[\n${value.map((item) => inner + prettyJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${prettyJson(item, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const ROSTER_KEYS = Object.keys(RosterSchema.shape);
const SOURCE_KEYS = Object.keys(RosterSchema.shape.source.shape);
const CHANNEL_KEYS = Object.keys(ChannelSchema.shape);
const PUPIL_KEYS = Object.keys(PupilSchema.shape);

/**
 * The roster as pretty JSON (2-space indent, trailing newline). Keys are in schema order; per-pupil `consent` and
 * `firstNameAllowed` follow the order of `roster.channels`; each descriptor is written on one line.
 */
export function serializeRoster(roster: Roster): string {
  const channelIds = roster.channels.map((channel) => channel.id);
  const value = ordered(
    {
      ...roster,
      source: ordered(roster.source, SOURCE_KEYS),
      channels: roster.channels.map((channel) => ordered(channel, CHANNEL_KEYS)),
      pupils: roster.pupils.map((pupil) =>
        ordered(
          {
            ...pupil,
            consent: ordered(pupil.consent, channelIds),
            firstNameAllowed: ordered(pupil.firstNameAllowed, channelIds),
          },
          PUPIL_KEYS,
        ),
      ),
    },
    ROSTER_KEYS,
  );
  return `${prettyJson(value)}\n`;
}
