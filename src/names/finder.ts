/**
 * The name finder: which pupils' names a text contains, and where. Built once from the roster; every scan tokenises
 * the text once, folds each token and looks it up in maps made at build time (two tries of folded tokens: given names
 * with nicknames, and family names with and without their prefix). No regular expression per name.
 *
 * Rules (the tests in test/unit/names define them exactly):
 *
 * - Folding: case, diacritics (Zoë = Zoe, Daniël = Daniel), hyphen and dash variants, apostrophes, "_" and "." between
 *   the parts of a handle ("noor.jansen@…", "@noor_jansen"). A possessive is part of the span: "Daan's", "Daan’s",
 *   "Thijs'" and, capitalised, a bare "s" ("Daans") when the form without it is a name and the form with it is not a
 *   name or a listed word ("Thijs" stays Thijs, "Noors" is Norwegian).
 * - Full names ('full', always a name): given name or nickname followed by [prefix] family name of the SAME pupil
 *   ("Daan van der Berg", "Daan Berg", "Storm Jansen-de Vries", "Storm Jansen"), or "Family, Given [prefix]"
 *   ("Jansen, Noor", "de Vries, Lotte", "Berg, Daan van der"), in any case ("Noor JANSEN"); or a hashtag, mention,
 *   e-mail or CamelCase handle of the whole name written as one word ("#daanvanderberg", "@NoorJansen"). Exception:
 *   both parts lower case, both common words and separated by blanks only ("storm van de zee" for a pupil Storm van
 *   de Zee) is reported as ambiguous; "roos.visser@…" and "@roos_visser" are handles, so names.
 * - A capitalised given name directly followed by a capitalised family name where no pupil has that combination
 *   ("Daan Jansen" when the roster has Daan van der Berg and Noor Jansen) is someone else, most likely a parent or
 *   teacher: one ambiguous 'full' span listing the pupils of both parts, not removed by default. Likewise a family
 *   name right after another capitalised word that is no title and does not start the sentence ("Foto: Piet Jansen",
 *   "Ik zag Piet van Dijk"): an ambiguous 'family' span. At the start of a sentence it is a name ("Piet Jansen kwam":
 *   "Piet" cannot be told from "Bij" or "Ook" there).
 * - A name part alone (given, nickname, family with or without its prefix):
 *   - after "@": a name; after "#": a name unless it is a lower-case common word (then ambiguous);
 *   - lower case: ambiguous (Dutch capitalises names; "mee" may be a nickname and a word), or not reported at all
 *     when it is a common word ("een roos", "de bakker"); a name as the local part of an e-mail address ("daan@…");
 *   - capitalised and not a common word: a name ("Daan", "Jansen", even at the start of a sentence);
 *   - capitalised common word ("Roos", "Storm", "Bakker"): a name mid-sentence, after its prefix ("de Boer"), after a
 *     title ("juf Roos", "meester Bakker") or next to another name part ("Roos en Daan", "Fleur, Daan"); ambiguous
 *     when it stands alone at the start of a sentence or line ("Roos won de prijs.") or in capitals ("STORM");
 *     not a name when it is glued by a hyphen to a lower-case word ("Storm-schade").
 *   A common word is one on the `commonWords` list, any name of one or two letters, or a name prefix.
 * - Several pupils with the same name: `pupilIds` lists all of them.
 * - `channel`: a 'given' or 'nickname' span is left out when every pupil it may belong to has
 *   `firstNameAllowed[channel] === true`; if any of them does not allow it, it stays (with all pupils listed).
 */
import type { Pupil } from '../consent/schema';
import { TOKEN_RE, foldToken, foldTokens, isApostrophe, isBlank, isHyphen, isLineBreak } from './fold';
import { DUTCH_COMMON_WORDS, NAME_PREFIX_WORDS, TITLE_WORDS } from './words';

export interface NameSpan {
  /** UTF-16 offsets into the text: [start, end). A "#" or "@" and a possessive "'s" are inside the span. */
  start: number;
  end: number;
  text: string;
  pupilIds: string[];
  kind: 'full' | 'given' | 'family' | 'nickname';
  /** Reported, not removed by default: the text may mean a word or another person. `reason` says why. */
  ambiguous: boolean;
  reason?: string;
}

export interface NameFinder {
  find(text: string, options?: { channel?: string }): NameSpan[];
  /** Number of pupils the finder was built from. */
  readonly size: number;
}

export type NamePupil = Pick<Pupil, 'id' | 'givenName' | 'namePrefix' | 'familyName' | 'nicknames' | 'firstNameAllowed'>;

export interface NameFinderOptions {
  /** Folded words that are also names; replaces DUTCH_COMMON_WORDS (union the two to extend the default). */
  commonWords?: ReadonlySet<string>;
}

/** Why a span is ambiguous. */
export const REASONS = {
  sentenceStart: 'a common word standing alone at the start of a sentence or line',
  capitals: 'a common word written in capitals',
  hashtag: 'a hashtag of a common word',
  lowerCase: 'a name written in lower case: Dutch writes names with a capital, so this may be another word',
  lowerCaseFull: 'common words in lower case that together spell a pupil\'s full name',
  otherPerson: 'a given name and a family name of different pupils: probably someone else (a parent, a teacher)',
  otherFamily: 'a family name after another capitalised word: probably someone else\'s full name',
} as const;

interface GivenEnd {
  /** Pupils (indices, ascending) with this given name. */
  given: number[];
  /** Pupils with this nickname. */
  nick: number[];
  /** given ∪ nick, ascending. */
  all: number[];
  wordLike: boolean;
}

interface FamilyEnd {
  ids: number[];
  /** Leading tokens of the sequence that are the prefix ("van der" in "van der Berg"). */
  prefixLen: number;
  /** The family name without its prefix is a common word. */
  wordLike: boolean;
}

interface TrieNode<T> {
  next: Map<string, TrieNode<T>> | null;
  end: T | null;
}

interface Hit<T> {
  /** Index of the last token. */
  end: number;
  info: T;
  /** The last token matched without its trailing "s" ("Daans"). */
  viaS: boolean;
}

type Status = 'name' | 'pending' | 'ambiguous';

interface Found {
  first: number;
  last: number;
  start: number;
  end: number;
  kind: NameSpan['kind'];
  ids: number[];
  /** Every id matched only as a given name or nickname: the channel's first-name preference applies. */
  firstOnly: boolean;
  status: Status;
  reason?: string;
}

const EMPTY: number[] = [];

function pushId(list: number[], id: number): void {
  if (list[list.length - 1] !== id) list.push(id);
}

/** Sorted ascending, no duplicates. */
function union(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0) return b.slice();
  if (b.length === 0) return a.slice();
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    if (x <= y) {
      pushId(out, x);
      i++;
      if (x === y) j++;
    } else {
      pushId(out, y);
      j++;
    }
  }
  return out;
}

function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

function node<T>(): TrieNode<T> {
  return { next: null, end: null };
}

function insert<T>(root: TrieNode<T>, tokens: readonly string[], make: () => T, update: (end: T) => void): void {
  let at = root;
  for (const t of tokens) {
    at.next ??= new Map();
    let child = at.next.get(t);
    if (child === undefined) {
      child = node<T>();
      at.next.set(t, child);
    }
    at = child;
  }
  at.end ??= make();
  update(at.end);
}

const HYPHEN_SPLIT = /[-\u2010-\u2015\u2212\uFE63\uFF0D]/;
/** Quotes, brackets, bullets and dashes that may stand between a sentence boundary and its first word. */
const OPENERS = new Set([...'"\'“”‘’„«»‹›([{•·*–—-¡¿>#@'].map((c) => c.charCodeAt(0)));
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Between two name parts that make a list: "Roos en Daan", "Roos, Daan", "Roos & Daan", one per line. */
const ADJACENT_RE = /^\s*(?:[,&+/]\s*)?(?:(?:en|and|of|or|met|with|&)\s+)?$/i;

export function buildNameFinder(pupils: readonly NamePupil[], options: NameFinderOptions = {}): NameFinder {
  const commonWords = new Set<string>();
  for (const w of options.commonWords ?? DUTCH_COMMON_WORDS) {
    const f = foldTokens(w).join(' ');
    if (f.length > 0) commonWords.add(f);
  }
  const isWordLike = (tokens: readonly string[]): boolean => {
    const joined = tokens.join(' ');
    return joined.length <= 2 || commonWords.has(joined) || NAME_PREFIX_WORDS.has(joined);
  };

  const given = node<GivenEnd>();
  const family = node<FamilyEnd>();
  const prefixes: string[][] = [];
  const allowed: Readonly<Record<string, boolean>>[] = [];
  const ids: string[] = [];

  // Each distinct given name and each distinct prefix + family name is folded and put in its trie once; a pupil then
  // only adds its index to the terminals of its names (rosters repeat names a lot: 10,000 pupils, a few hundred names).
  const givenTerminals = (tokens: readonly string[]): GivenEnd[] => {
    const out: GivenEnd[] = [];
    const add = (seq: readonly string[]) => {
      insert(given, seq, () => ({ given: [], nick: [], all: [], wordLike: isWordLike(seq) }), (end) => {
        if (!out.includes(end)) out.push(end);
      });
    };
    if (tokens.length === 0) return out;
    add(tokens);
    // "Anne-Sophie" is also written "annesophie" (in handles, hashtags).
    if (tokens.length > 1) add([tokens.join('')]);
    return out;
  };
  const familyTerminals = (pre: readonly string[], fam: readonly string[], raw: string): FamilyEnd[] => {
    const out: FamilyEnd[] = [];
    const add = (tokens: readonly string[], knownPrefix: number) => {
      if (tokens.length === 0) return;
      let lead = 0;
      while (lead < tokens.length - 1 && NAME_PREFIX_WORDS.has(tokens[lead]!)) lead++;
      lead = Math.max(lead, Math.min(knownPrefix, tokens.length - 1));
      const core = tokens.slice(lead);
      const wordLike = isWordLike(core);
      const keep = (end: FamilyEnd) => {
        if (!out.includes(end)) out.push(end);
      };
      insert(family, tokens, () => ({ ids: [], prefixLen: lead, wordLike }), keep);
      if (lead > 0) insert(family, core, () => ({ ids: [], prefixLen: 0, wordLike }), keep);
    };
    add(fam, 0);
    if (pre.length > 0) add([...pre, ...fam], pre.length);
    // A double name ("Jansen-de Vries"): each part is the pupil's family name too ("Storm Jansen", "de Vries").
    const parts = raw.split(HYPHEN_SPLIT).filter((part) => part.trim().length > 0);
    if (parts.length > 1) for (const part of parts) add(foldTokens(part), 0);
    // Written as one word in handles and by some families: "vanderberg", "jansendevries", "@storm_jansendevries".
    const joined = [...(fam.length > 1 ? [fam.join('')] : []), ...(pre.length > 0 ? [pre.join('') + fam.join('')] : [])];
    for (const one of joined) if (one.length >= 5 && !commonWords.has(one)) add([one], 0);
    return out;
  };
  const givenCache = new Map<string, { tokens: string[]; ends: GivenEnd[] }>();
  const familyCache = new Map<string, { pre: string[]; fam: string[]; ends: FamilyEnd[] }>();
  const givenOf = (raw: string) => {
    let hit = givenCache.get(raw);
    if (hit === undefined) {
      const tokens = foldTokens(raw);
      hit = { tokens, ends: givenTerminals(tokens) };
      givenCache.set(raw, hit);
    }
    return hit;
  };
  pupils.forEach((pupil, p) => {
    ids.push(pupil.id);
    allowed.push(pupil.firstNameAllowed);
    const key = `${pupil.namePrefix}\u0000${pupil.familyName}`;
    let fh = familyCache.get(key);
    if (fh === undefined) {
      const pre = foldTokens(pupil.namePrefix);
      const fam = foldTokens(pupil.familyName);
      fh = { pre, fam, ends: familyTerminals(pre, fam, pupil.familyName) };
      familyCache.set(key, fh);
    }
    prefixes.push(fh.pre);
    for (const end of fh.ends) pushId(end.ids, p);
    for (const end of givenOf(pupil.givenName).ends) {
      pushId(end.given, p);
      pushId(end.all, p);
    }
    for (const nickname of pupil.nicknames) {
      for (const end of givenOf(nickname).ends) {
        pushId(end.nick, p);
        pushId(end.all, p);
      }
    }
  });
  const uniqueIds = new Set(ids).size === ids.length;
  const pupilIds = (list: readonly number[]): string[] => {
    const out = list.map((p) => ids[p]!);
    return uniqueIds ? out : [...new Set(out)];
  };

  function find(text: string, findOptions: { channel?: string } = {}): NameSpan[] {
    const starts: number[] = [];
    const ends: number[] = [];
    const raws: string[] = [];
    const folds: string[] = [];
    const re = new RegExp(TOKEN_RE.source, TOKEN_RE.flags);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
      raws.push(m[0]);
      folds.push(foldToken(m[0]));
    }
    const n = starts.length;

    const isCap = (k: number): boolean => {
      const c = raws[k]!.charAt(0);
      return c !== c.toLowerCase();
    };
    const isAllCaps = (k: number): boolean => {
      const r = raws[k]!;
      return r.length >= 2 && r === r.toUpperCase() && r !== r.toLowerCase();
    };
    const isCamel = (k: number): boolean => {
      const r = raws[k]!;
      if (isAllCaps(k)) return false;
      for (let i = 1; i < r.length; i++) {
        const c = r.charAt(i);
        if (c !== c.toLowerCase()) return true;
      }
      return false;
    };
    /** The gap before token k joins it to token k-1 within one name: blanks and at most one hyphen, apostrophe, "_" or ".". */
    const joinable = (k: number): boolean => {
      const a = ends[k - 1]!;
      const b = starts[k]!;
      const len = b - a;
      if (len < 1 || len > 3) return false;
      let marks = 0;
      for (let i = a; i < b; i++) {
        const c = text.charCodeAt(i);
        if (isBlank(c)) continue;
        if (isHyphen(c) || isApostrophe(c) || c === 0x5f) marks++;
        else if (c === 0x2e && len === 1) marks++;
        else return false;
      }
      return marks <= 1;
    };
    const blankGap = (k: number): boolean => {
      const a = ends[k - 1]!;
      const b = starts[k]!;
      if (b - a < 1 || b - a > 3) return false;
      for (let i = a; i < b; i++) if (!isBlank(text.charCodeAt(i))) return false;
      return true;
    };
    /** "Jansen, Noor": blanks, one comma, blanks. */
    const commaGap = (k: number): boolean => {
      const a = ends[k - 1]!;
      const b = starts[k]!;
      if (b - a < 1 || b - a > 4) return false;
      let commas = 0;
      for (let i = a; i < b; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x2c) commas++;
        else if (!isBlank(c)) return false;
      }
      return commas === 1;
    };
    const sForm = (k: number): string | null => {
      const r = raws[k]!;
      const last = r.charCodeAt(r.length - 1);
      if (r.length < 3 || (last !== 0x73 && last !== 0x53) || !isCap(k)) return null;
      const f = folds[k]!;
      if (commonWords.has(f)) return null;
      return f.slice(0, -1);
    };
    /**
     * Names in a trie that start at token i, shortest first. A last token may drop a possessive "s"; for a common
     * word ("Bos" is no "Bo's") only inside a longer name or where the context is already a name (`strong`).
     */
    function walk<T extends { wordLike: boolean }>(root: TrieNode<T>, i: number, strong = false): Hit<T>[] | null {
      let at = root;
      let hits: Hit<T>[] | null = null;
      for (let k = i; k < n; k++) {
        if (k > i && !joinable(k)) break;
        const next = at.next;
        if (next === null) break;
        const child = next.get(folds[k]!);
        if (child?.end) (hits ??= []).push({ end: k, info: child.end, viaS: false });
        else {
          const s = sForm(k);
          const viaS = s === null ? undefined : next.get(s)?.end;
          if (viaS && (!viaS.wordLike || strong || k > i)) (hits ??= []).push({ end: k, info: viaS, viaS: true });
        }
        if (child === undefined) break;
        at = child;
      }
      return hits;
    }
    /** "#" or "@" directly before token k, itself not inside a word (an e-mail's domain is not a mention). */
    const sigil = (k: number): number => {
      const at = starts[k]! - 1;
      if (at < 0) return 0;
      const c = text.charCodeAt(at);
      if (c !== 0x23 && c !== 0x40) return 0;
      if (at > 0 && LETTER_OR_DIGIT.test(text.charAt(at - 1))) return 0;
      return c;
    };
    const sentenceInitial = (pos: number): boolean => {
      for (let p = pos - 1; p >= 0; p--) {
        const c = text.charCodeAt(p);
        if (isLineBreak(c)) return true;
        if (isBlank(c) || OPENERS.has(c)) continue;
        return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;
      }
      return true;
    };
    const afterTitle = (k: number): boolean => {
      if (k === 0 || !TITLE_WORDS.has(folds[k - 1]!)) return false;
      const a = ends[k - 1]!;
      const b = starts[k]!;
      if (b - a < 1 || b - a > 3) return false;
      for (let i = a; i < b; i++) {
        const c = text.charCodeAt(i);
        if (!isBlank(c) && !(c === 0x2e && i === a)) return false;
      }
      return true;
    };
    /** "Storm-schade", "jade-groen": glued by one hyphen to a lower-case word that is no name prefix. */
    const compound = (first: number, last: number): boolean => {
      const glued = (a: number, b: number, other: number): boolean =>
        b - a === 1 && isHyphen(text.charCodeAt(a)) && !isCap(other) && !NAME_PREFIX_WORDS.has(folds[other]!);
      return (first > 0 && glued(ends[first - 1]!, starts[first]!, first - 1)) || (last + 1 < n && glued(ends[last]!, starts[last + 1]!, last + 1));
    };

    /** Span end after the last token, with a possessive "'s" or a bare "'" after a name ending in s, x or z. */
    const spanEnd = (first: number, last: number): [end: number, last: number] => {
      const e = ends[last]!;
      if (last + 1 < n && starts[last + 1] === e + 1 && isApostrophe(text.charCodeAt(e)) && folds[last + 1] === 's') {
        return [ends[last + 1]!, last + 1];
      }
      if (e < text.length && isApostrophe(text.charCodeAt(e)) && /[sxz]$/i.test(raws[last]!)) {
        const after = text.charAt(e + 1);
        const before = starts[first]! > 0 ? text.charCodeAt(starts[first]! - 1) : 0;
        if (!LETTER_OR_DIGIT.test(after) && !isApostrophe(before)) return [e + 1, last];
      }
      return [e, last];
    };
    const make = (first: number, last: number, kind: NameSpan['kind'], list: number[], firstOnly: boolean, status: Status, reason?: string): Found => {
      const [end, lastTok] = spanEnd(first, last);
      const found: Found = { first, last: lastTok, start: sigil(first) ? starts[first]! - 1 : starts[first]!, end, kind, ids: list, firstOnly, status };
      if (reason !== undefined) found.reason = reason;
      return found;
    };

    /** `from`: the first token not inside an earlier span. */
    function matchAt(i: number, from: number): Found | null {
      const G = walk(given, i);
      const F = walk(family, i);
      if (G === null && F === null) {
        // A whole name as one word in a hashtag, mention, e-mail address, URL or CamelCase: "#daanvanderberg".
        const word = folds[i]!;
        if (word.length < 5) return null;
        if (sigil(i) === 0 && text.charCodeAt(ends[i]!) !== 0x40 && text.charCodeAt(starts[i]! - 1) !== 0x2f && !isCamel(i)) return null;
        let list: number[] = EMPTY;
        for (let k = 2; k <= word.length - 2; k++) {
          const g = given.next?.get(word.slice(0, k))?.end;
          const f = g ? family.next?.get(word.slice(k))?.end : undefined;
          if (g && f) list = union(list, intersect(g.all, f.ids));
        }
        return list.length > 0 ? make(i, i, 'full', list, false, 'name') : null;
      }

      // Full names: "Given [prefix] Family" and "Family, Given [prefix]", same pupil on both sides; the longest wins.
      let best: { last: number; ids: number[]; givenWord: boolean; familyWord: boolean; familyHead: number; plain: boolean } | null = null;
      if (G !== null) {
        for (let a = G.length - 1; a >= 0; a--) {
          const g = G[a]!;
          const j = g.end + 1;
          if (g.viaS || j >= n || !joinable(j)) continue;
          const F2 = walk(family, j, true);
          if (F2 === null) continue;
          for (let b = F2.length - 1; b >= 0; b--) {
            const f = F2[b]!;
            const both = intersect(g.info.all, f.info.ids);
            if (both.length > 0) {
              if (best === null || f.end > best.last) {
                best = { last: f.end, ids: both, givenWord: g.info.wordLike, familyWord: f.info.wordLike, familyHead: j + f.info.prefixLen, plain: blankGap(j) };
              }
              break;
            }
          }
        }
      }
      if (F !== null) {
        for (let a = F.length - 1; a >= 0; a--) {
          const f = F[a]!;
          const j = f.end + 1;
          if (f.viaS || j >= n || !commaGap(j)) continue;
          const G2 = walk(given, j, true);
          if (G2 === null) continue;
          for (let b = G2.length - 1; b >= 0; b--) {
            const g = G2[b]!;
            let both = intersect(f.info.ids, g.info.all);
            if (both.length === 0) continue;
            let last = g.end;
            // "Berg, Daan van der": the prefix after the given name.
            if (!g.viaS) {
              let longest = 0;
              const withPrefix: number[] = [];
              for (const p of both) {
                const pre = prefixes[p]!;
                if (pre.length === 0 || !seqAt(last + 1, pre)) continue;
                if (pre.length > longest) {
                  longest = pre.length;
                  withPrefix.length = 0;
                }
                if (pre.length === longest) withPrefix.push(p);
              }
              if (longest > 0) {
                both = withPrefix;
                last += longest;
              }
            }
            if (best === null || last > best.last) {
              best = { last, ids: both, givenWord: g.info.wordLike, familyWord: f.info.wordLike, familyHead: i + f.info.prefixLen, plain: true };
            }
            break;
          }
        }
      }
      if (best !== null) {
        const lowerWords = best.plain && best.givenWord && best.familyWord && !isCap(i) && !isCap(best.familyHead) && sigil(i) === 0;
        return lowerWords ? make(i, best.last, 'full', best.ids, false, 'ambiguous', REASONS.lowerCaseFull) : make(i, best.last, 'full', best.ids, false, 'name');
      }

      // "Daan Jansen" with no such pupil: someone else who shares a name with pupils.
      if (G !== null && isCap(i)) {
        const g = G[G.length - 1]!;
        const j = g.end + 1;
        if (!g.viaS && j < n && blankGap(j)) {
          const F2 = walk(family, j);
          const f = F2 === null ? undefined : F2[F2.length - 1];
          if (f !== undefined && isCap(j + f.info.prefixLen)) {
            return make(i, f.end, 'full', union(g.info.all, f.info.ids), false, 'ambiguous', REASONS.otherPerson);
          }
        }
      }

      // One name part.
      const gl = G === null ? undefined : G[G.length - 1];
      const fl = F === null ? undefined : F[F.length - 1];
      const last = Math.max(gl?.end ?? -1, fl?.end ?? -1);
      const g = gl !== undefined && gl.end === last ? gl.info : null;
      const f = fl !== undefined && fl.end === last ? fl.info : null;
      const prefixLen = g === null && f !== null ? f.prefixLen : 0;
      const head = i + prefixLen;
      const wordLike = (g?.wordLike ?? true) && (f?.wordLike ?? true);
      const list = g !== null && f !== null ? union(g.all, f.ids) : (g?.all ?? f?.ids ?? EMPTY);
      const kind: NameSpan['kind'] = g === null ? 'family' : g.given.length > 0 ? 'given' : 'nickname';
      const firstOnly = f === null;
      const at = (status: Status, reason?: string) => make(i, last, kind, list, firstOnly, status, reason);

      const s = sigil(i);
      if (s === 0x40) return at('name');
      if (s === 0x23) return isCap(head) || !wordLike ? at('name') : at('pending', REASONS.hashtag);
      if (!isCap(head)) {
        if (wordLike) return null;
        return text.charCodeAt(ends[last]!) === 0x40 ? at('name') : at('ambiguous', REASONS.lowerCase);
      }
      // "Piet Jansen", "Foto: Piet van Dijk": a family name right after another capitalised word (no title, not at the
      // start of a sentence) is most likely someone else's full name.
      if (g === null && i > 0 && i - 1 >= from && blankGap(i) && isCap(i - 1) && !afterTitle(i) && !NAME_PREFIX_WORDS.has(folds[i - 1]!) && !sentenceInitial(starts[i - 1]!)) {
        return at('ambiguous', REASONS.otherFamily);
      }
      if (!wordLike) return at('name');
      if (compound(i, last)) return null;
      if (isAllCaps(head)) return at('pending', REASONS.capitals);
      if (prefixLen > 0 || afterTitle(i)) return at('name');
      if (sentenceInitial(starts[i]!)) return at('pending', REASONS.sentenceStart);
      return at('name');
    }

    /** Tokens from k on spell `seq` (folded), joined as within a name. */
    function seqAt(k: number, seq: readonly string[]): boolean {
      if (k + seq.length > n) return false;
      for (let x = 0; x < seq.length; x++) {
        if (folds[k + x] !== seq[x] || !joinable(k + x)) return false;
      }
      return true;
    }

    const found: Found[] = [];
    for (let i = 0, from = 0; i < n; ) {
      const f = matchAt(i, from);
      if (f === null) i++;
      else {
        found.push(f);
        i = from = f.last + 1;
      }
    }

    // A common word that stands as a name next to another name part is a name: "Roos en Daan", "Roos, Fleur en Daan".
    let changed = true;
    while (changed) {
      changed = false;
      for (let k = 0; k < found.length; k++) {
        const f = found[k]!;
        if (f.status !== 'pending') continue;
        const prev = found[k - 1];
        const next = found[k + 1];
        const near = (a: Found, b: Found) => b.start - a.end <= 8 && ADJACENT_RE.test(text.slice(a.end, b.start));
        if ((prev !== undefined && prev.status === 'name' && near(prev, f)) || (next !== undefined && next.status === 'name' && near(f, next))) {
          f.status = 'name';
          delete f.reason;
          changed = true;
        }
      }
    }

    const channel = findOptions.channel;
    const out: NameSpan[] = [];
    for (const f of found) {
      if (channel !== undefined && f.firstOnly && f.ids.every((p) => allowed[p]?.[channel] === true)) continue;
      const span: NameSpan = {
        start: f.start,
        end: f.end,
        text: text.slice(f.start, f.end),
        pupilIds: pupilIds(f.ids),
        kind: f.kind,
        ambiguous: f.status !== 'name',
      };
      if (f.status !== 'name') span.reason = f.reason ?? REASONS.sentenceStart;
      out.push(span);
    }
    return out;
  }

  return { find, size: pupils.length };
}
