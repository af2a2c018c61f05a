/**
 * Folding and tokenising, shared by the roster side (built once) and the text side (every scan), so that both cut and
 * fold a name the same way.
 */

/** A token is a run of letters, combining marks and digits; soft hyphens and zero-width joiners stay inside it. */
export const TOKEN_RE = /[\p{L}\p{M}\p{N}\u00AD\u200C\u200D]+/gu;

const MARKS_RE = /[\p{M}\u00AD\u200C\u200D]/gu;
const SPECIAL_RE = /[ıøæœßłđðþ]/g;
const SPECIAL: Readonly<Record<string, string>> = { ı: 'i', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th' };

/**
 * One token folded: lower case, compatibility-decomposed (the ligature "ĳ" becomes "ij"), diacritics and soft hyphens
 * removed, a few letters that do not decompose mapped by hand ("ı" → "i", "ø" → "o", "ß" → "ss").
 */
export function foldToken(token: string): string {
  let ascii = true;
  for (let i = 0; i < token.length; i++) {
    if (token.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii) return token.toLowerCase();
  return token.toLowerCase().normalize('NFKD').replace(MARKS_RE, '').replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c);
}

/** The folded tokens of a name or phrase: "Jansen-de Vries" → ["jansen", "de", "vries"], "Zoë" → ["zoe"]. */
export function foldTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const f = foldToken(m[0]);
    if (f.length > 0) out.push(f);
  }
  return out;
}

/** A whole name folded to one comparable string: "Daniël  van der Berg" → "daniel van der berg". */
export function foldName(text: string): string {
  return foldTokens(text).join(' ');
}

/** Hyphens and dashes that join the parts of a name ("Jansen-de Vries", "Anne–Sophie"). */
export const isHyphen = (c: number): boolean =>
  c === 0x2d || (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe63 || c === 0xff0d;

/** Apostrophes: ' ’ ‘ ` ´ ʼ ′. */
export const isApostrophe = (c: number): boolean =>
  c === 0x27 || c === 0x2019 || c === 0x2018 || c === 0x60 || c === 0xb4 || c === 0x2bc || c === 0x2032;

/** Horizontal white space (a line break ends a name). */
export const isBlank = (c: number): boolean =>
  c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x202f || c === 0x2007 || (c >= 0x2000 && c <= 0x200a);

export const isLineBreak = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029 || c === 0x0b || c === 0x0c;
