/**
 * `consent-gate scrub`: a caption, newsletter paragraph or alt text on standard input comes back on standard output with
 * the pupils' names taken out. Exit 0 when it named nobody, 1 when names were found (removed, or ambiguous and kept
 * for the uploader to judge), 2 on usage or input errors.
 */
import type { Readable } from 'node:stream';
import { fullName, type Pupil, type Roster } from '../consent';
import { buildNameFinder, scrubText, type NameSpan } from '../names';
import { UsageError, type Lang, type ScrubArgs } from './args';

/** One entry per pupil per span; offsets are into the input text. */
export interface ScrubFound {
  start: number;
  end: number;
  /** Null for a span the finder could tie to no single pupil id. */
  pupilId: string | null;
  ambiguous: boolean;
  text: string;
  kind: NameSpan['kind'];
  /** False for an ambiguous span kept because --remove-ambiguous was not given. */
  removed: boolean;
}

export interface ScrubResult {
  text: string;
  found: ScrubFound[];
  /** Spans found (removed or kept), and spans removed. */
  spans: NameSpan[];
  removed: NameSpan[];
}

export function checkChannel(roster: Roster, channel: string | undefined): void {
  if (channel !== undefined && !roster.channels.some((c) => c.id === channel)) {
    throw new UsageError(`channel "${channel}" is not on the consent list; its channels are: ${roster.channels.map((c) => c.id).join(', ')}`);
  }
}

/** The names in `input` and the text without them. */
export function scrub(roster: Roster, input: string, options: { channel?: string; removeAmbiguous?: boolean } = {}): ScrubResult {
  checkChannel(roster, options.channel);
  const finder = buildNameFinder(roster.pupils);
  const spans = finder.find(input, options.channel === undefined ? undefined : { channel: options.channel });
  const { text, removed } = scrubText(input, spans, { removeAmbiguous: options.removeAmbiguous ?? false });
  const gone = new Set(removed.map((s) => `${s.start}:${s.end}`));
  const found = spans.flatMap((span) =>
    (span.pupilIds.length > 0 ? span.pupilIds : [null]).map((pupilId) => ({
      start: span.start,
      end: span.end,
      pupilId,
      ambiguous: span.ambiguous,
      text: span.text,
      kind: span.kind,
      removed: gone.has(`${span.start}:${span.end}`),
    })),
  );
  return { text, found, spans, removed };
}

const T = {
  en: {
    kept: (text: string, start: number, end: number, who: string, reason: string) =>
      `kept "${text}" at ${start}–${end}: it may name ${who}${reason}; --remove-ambiguous removes it`,
    removed: (n: number, ids: string) => `removed ${n === 1 ? '1 name' : `${n} names`}${ids ? ` (pupils ${ids})` : ''}`,
    nobody: 'a pupil',
  },
  nl: {
    kept: (text: string, start: number, end: number, who: string, reason: string) =>
      `"${text}" op ${start}–${end} laten staan: dit kan ${who} zijn${reason}; --remove-ambiguous haalt het weg`,
    removed: (n: number, ids: string) => `${n === 1 ? '1 naam' : `${n} namen`} verwijderd${ids ? ` (leerlingen ${ids})` : ''}`,
    nobody: 'een leerling',
  },
} as const;

export interface ScrubIo {
  /** Standard output, written as is (no newline added: the text keeps its own). */
  write(text: string): void;
  err(line: string): void;
}

/** Prints the scrubbed text (or the JSON record) and returns the exit code. */
export function runScrub(args: ScrubArgs, roster: Roster, input: string, io: ScrubIo): 0 | 1 {
  const result = scrub(roster, input, { ...(args.channel !== undefined ? { channel: args.channel } : {}), removeAmbiguous: args.removeAmbiguous });
  if (args.json) {
    io.write(`${JSON.stringify({ text: result.text, found: result.found.map(({ start, end, pupilId, ambiguous, text, kind, removed }) => ({ start, end, pupilId, ambiguous, text, kind, removed })) })}\n`);
  } else {
    io.write(result.text);
    reportToStderr(result, roster.pupils, args.lang, io.err);
  }
  return result.spans.length > 0 ? 1 : 0;
}

function reportToStderr(result: ScrubResult, pupils: readonly Pupil[], lang: Lang, err: (line: string) => void): void {
  const t = T[lang];
  const byId = new Map(pupils.map((p) => [p.id, p]));
  const gone = new Set(result.removed.map((s) => `${s.start}:${s.end}`));
  for (const span of result.spans) {
    if (gone.has(`${span.start}:${span.end}`)) continue;
    const who = span.pupilIds.length > 0 ? span.pupilIds.map((id) => `${id}${byId.has(id) ? ` (${fullName(byId.get(id)!)})` : ''}`).join(', ') : t.nobody;
    err(t.kept(span.text, span.start, span.end, who, span.reason ? ` — ${span.reason}` : ''));
  }
  if (result.removed.length > 0) err(t.removed(result.removed.length, [...new Set(result.removed.flatMap((s) => s.pupilIds))].join(', ')));
}

/** All of standard input as UTF-8 text; anything else is an input error. */
export async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new Error('the text on standard input is not UTF-8');
  }
}
