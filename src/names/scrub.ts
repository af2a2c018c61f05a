/**
 * Removing found names from a text so that what is left still reads as a sentence. The rules, in order, for each
 * group of removed names (names only separated by ",", "en", "and", "&", "+", "/" or blanks are one group:
 * "Daan, Noor en Sem" goes as a whole):
 *
 * 1. Alone in brackets or quotes: they go too, with the blank before them. "foto (Daan) hier" → "foto hier",
 *    "“Daan” zei hij." → "Zei hij.".
 * 2. At the end of a clause (before . ! ? ; : ) or the end of the line): a preceding list word or comma goes too ("met Lotte en Daan." → "met Lotte.", "Hoi, Daan!" → "Hoi!"), or else a
 *    preceding "met"/"with" ("Ik speel met Daan." → "Ik speel.").
 * 3. Before a list word or comma: after a list comma the comma before goes ("Lotte, Daan en Noor" → "Lotte en Noor");
 *    at the start of a clause, or after "met"/"with"/"en", the list word after goes ("Daan en Lotte spelen" → "Lotte
 *    spelen", "Daan, kom eens" → "Kom eens", "met Daan en Lotte" → "met Lotte").
 * 4. Before another word: a preceding "met"/"with" goes ("Groep 8 met Daan Jansen op schoolreis" → "Groep 8 op
 *    schoolreis"); a preceding "en"/"and"/"&" goes when the word before it is capitalised or a pronoun ("Lotte en
 *    Daan spelen" → "Lotte spelen"), not when it joins clauses ("Het regende en Daan bleef binnen" → "Het regende en
 *    bleef binnen").
 * An e-mail address whose local part is a name goes as a whole.
 * A list line ("- Daan", "2. Daan Jansen", "Noor") that held nothing but the names goes with its line break.
 * A title directly before the group goes with it: "juf Roos zingt" → "zingt", "Meester Bakker" → "".
 * Then the seam is tidied: one blank between words, none before punctuation or at the start of a line, no doubled or
 * leading comma, no punctuation left at the start of a sentence ("Daan. Hij won." → "Hij won."); a sentence that
 * started with the name starts with a capital again ("Daans fiets is rood." → "Fiets is rood."). The rest of the
 * text is left exactly as it was. Other words around a name (such as "van" in "foto van Daan") stay.
 */
import type { NameSpan } from './finder';
import { foldToken } from './fold';
import { TITLE_WORDS } from './words';

const LIST_JOIN_RE = /^[^\S\n]*(?:[,&+/][^\S\n]*)?(?:(?:en|and|of|or|&)[^\S\n]+)?$/i;
const BRACKET_OPEN_RE = /[ \t]*[([“‘„«"'][ \t]*$/;
const BRACKET_CLOSE_RE = /^[ \t]*[)\]”’»"']/;
const CLOSING_RE = /[,.!?;:)\]}…”’»]/;
const CLAUSE_END_RE = /^[ \t]*(?:[.!?…;:)\]]|$)/;
const PRECEDING_CONNECTOR_RE = /(?:[ \t]*,|[ \t]+(?:en|and|of|or|&|\+))[ \t]*$/i;
const PRECEDING_COMMA_RE = /[ \t]*,[ \t]*$/;
const PRECEDING_AND_RE = /(?:^|[ \t]+)(?:en|and|&)[ \t]*$/i;
const PRECEDING_WITH_RE = /(?:^|[ \t]+)(?:met|with)[ \t]*$/i;
const FOLLOWING_CONNECTOR_RE = /^(?:[ \t]*,|[ \t]+(?:en|and|of|or|&|\+)(?=[ \t]))[ \t]*/i;
const WORD_BEFORE_RE = /[\p{L}\p{N})\]"'”’][ \t]*$/u;
const CAPITALISED_BEFORE_RE = /(?:^|[^\p{L}])\p{Lu}[\p{L}'’-]*[ \t]*$/u;
const PRONOUN_BEFORE_RE = /(?:^|[^\p{L}])(?:ik|jij|je|hij|zij|ze|wij|we|jullie|u|mij|me|jou|hem|haar|ons|hen|hun|i|you|he|she|him|her|us|them)[ \t]*$/iu;
const CLAUSE_START_RE = /(?:^|[.!?…:;])[ \t"'“‘„«([•*–—-]*$/u;
const SENTENCE_START_RE = /(?:^|[.!?…])[ \t"'“‘„«([•*–—-]*$/u;
const TITLE_RE = /(\p{L}+)\.?[ \t]+$/u;
const BULLET_ONLY_RE = /^[ \t]*(?:[-–—•*·>]|\d+[.)])?[ \t]*$/;

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\u00a0';
const isWordChar = (c: string) => /[\p{L}\p{N}]/u.test(c);

export function scrubText(
  text: string,
  spans: readonly NameSpan[],
  options: { removeAmbiguous?: boolean } = {},
): { text: string; removed: NameSpan[] } {
  const take = spans
    .filter((s) => options.removeAmbiguous === true || !s.ambiguous)
    .slice()
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const removed: NameSpan[] = [];
  const groups: { start: number; end: number }[] = [];
  for (const s of take) {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= text.length && s.start < s.end)) {
      throw new RangeError(`scrubText: span [${s.start}, ${s.end}) does not lie in the text`);
    }
    const g = groups[groups.length - 1];
    if (g !== undefined && (s.start < g.end || LIST_JOIN_RE.test(text.slice(g.end, s.start)))) {
      g.end = Math.max(g.end, s.end);
    } else {
      groups.push({ start: s.start, end: s.end });
    }
    removed.push(s);
  }
  if (groups.length === 0) return { text, removed };

  let out = '';
  let pos = 0;
  for (let k = 0; k < groups.length; k++) {
    const g = groups[k]!;
    const nextStart = groups[k + 1]?.start ?? text.length;
    const lineStart = Math.max(pos, text.lastIndexOf('\n', g.start - 1) + 1);
    const lineEndAt = text.indexOf('\n', g.end);
    const lineEnd = lineEndAt < 0 ? text.length : lineEndAt;
    let before = text.slice(lineStart, g.start);
    let after = text.slice(g.end, lineEnd);
    let a = g.start;
    let b = g.end;
    // "juf Roos", "mevr. Visser": the title goes with the name and the rules below look before it.
    const title = TITLE_RE.exec(before);
    if (title !== null && TITLE_WORDS.has(foldToken(title[1]!)) && !/[\p{L}\p{N}]$/u.test(before.slice(0, title.index))) {
      before = before.slice(0, title.index);
      a = g.start - title[0].length;
    }
    const start = a;
    const cutBefore = (re: RegExp, needWordBefore = true): boolean => {
      const m = re.exec(before);
      if (m === null || (needWordBefore && !WORD_BEFORE_RE.test(before.slice(0, m.index)))) return false;
      a = start - m[0].length;
      return true;
    };
    const cutAfter = (re: RegExp): boolean => {
      const m = re.exec(after);
      if (m === null) return false;
      b = g.end + m[0].length;
      return true;
    };
    // "noor.jansen@school.nl": the address goes as a whole.
    const domain = /^@[\p{L}\p{N}.-]*[\p{L}\p{N}]/u.exec(after);
    if (domain !== null) {
      g.end += domain[0].length;
      after = after.slice(domain[0].length);
      b = g.end;
    }
    const ob = BRACKET_OPEN_RE.exec(before);
    if (BULLET_ONLY_RE.test(before) && /^[\s.,;:!?]*$/.test(after) && lineStart >= pos && (lineStart > 0 || lineEnd < text.length)) {
      // A list line that held only names goes as a whole, with its line break.
      out += text.slice(pos, lineEnd < text.length ? lineStart : lineStart - 1);
      pos = lineEnd < text.length ? lineEnd + 1 : lineEnd;
      continue;
    }
    const cb = BRACKET_CLOSE_RE.exec(after);
    if (ob !== null && cb !== null) {
      a = start - ob[0].length;
      b = g.end + cb[0].length;
    } else if (CLAUSE_END_RE.test(after)) {
      if (!cutBefore(PRECEDING_CONNECTOR_RE)) cutBefore(PRECEDING_WITH_RE);
    } else if (FOLLOWING_CONNECTOR_RE.test(after)) {
      if (!cutBefore(PRECEDING_COMMA_RE)) {
        if (CLAUSE_START_RE.test(before) || PRECEDING_WITH_RE.test(before) || PRECEDING_AND_RE.test(before)) cutAfter(FOLLOWING_CONNECTOR_RE);
      }
    } else if (!cutBefore(PRECEDING_WITH_RE)) {
      const m = PRECEDING_AND_RE.exec(before);
      const head = m === null ? '' : before.slice(0, m.index);
      if (m !== null && (CAPITALISED_BEFORE_RE.test(head) || PRONOUN_BEFORE_RE.test(head))) a = start - m[0].length;
    }
    const capitalise = SENTENCE_START_RE.test(before) && /^[#@]?\p{Lu}/u.test(text.slice(start, g.end));

    out += text.slice(pos, a);
    pos = b;
    // The seam: blanks on both sides collapse to one; none before closing punctuation, at the start of a line or
    // after an opening bracket; at the start of a sentence, punctuation the name left behind goes too ("Daan. Hij").
    let blanks = false;
    while (pos < lineEnd && isBlank(text.charAt(pos))) {
      pos++;
      blanks = true;
    }
    const trimmed = out.replace(/[ \t\u00a0]+$/, '');
    blanks ||= trimmed.length < out.length;
    out = trimmed;
    if (out.length === 0 || out.endsWith('\n') || /[.!?…]$/.test(out)) {
      while (pos < lineEnd && (isBlank(text.charAt(pos)) || /[,;:.!?…]/.test(text.charAt(pos)))) pos++;
      if (out.length > 0 && !out.endsWith('\n') && pos < lineEnd) out += ' ';
    } else if (pos >= lineEnd || CLOSING_RE.test(text.charAt(pos))) {
      // "Hoi, , hoe" → "Hoi, hoe"; "met Daan." → "met."
      if (/,$/.test(out) && /[,.!?;:…]/.test(text.charAt(pos))) out = out.slice(0, -1);
    } else if (!/[([{“‘„«]$/.test(out) && (blanks || (isWordChar(out.charAt(out.length - 1)) && isWordChar(text.charAt(pos))))) {
      out += ' ';
    }
    if (capitalise && pos < nextStart) {
      const c = text.charAt(pos);
      if (c !== c.toUpperCase() && c === c.toLowerCase()) {
        out += c.toUpperCase();
        pos++;
      }
    }
  }
  out += text.slice(pos);
  return { text: out, removed };
}
