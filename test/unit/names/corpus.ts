/**
 * The name finder's fixture roster and a generated corpus of Dutch sentences, shared by the unit tests and the bench
 * (test/bench/names.ts). Deterministic: the same seed gives the same sentences.
 *
 * - Name sentences hold full names of roster pupils in the forms a school writes them (with and without prefix,
 *   "Family, Given", capitals, without diacritics, possessives, hashtags, mentions, e-mail addresses, nicknames):
 *   every one must be found, as a 'full' span that is removed by default.
 * - Word sentences use the words that are also names of these pupils (roos, storm, jade, fleur, bakker, visser, smit,
 *   mulder, koster, boer, bos, berg, dijk, lente, max, mees, …) in their ordinary meaning, lower case or at the start
 *   of a sentence: every span that would be removed by default there is a false removal.
 */
import type { NameFinder, NamePupil, NameSpan } from '../../../src/names';
import { DUTCH_COMMON_WORDS, foldName } from '../../../src/names';
import { random } from '../../bench/stats';

const pupil = (id: string, givenName: string, namePrefix: string, familyName: string, nicknames: string[] = [], firstNameAllowed: Record<string, boolean> = {}): NamePupil => ({
  id,
  givenName,
  namePrefix,
  familyName,
  nicknames,
  firstNameAllowed,
});

/** The roster of the unit tests: the issue's thirteen pupils plus a second Noor and a few more look-alike names. */
export const FIXTURE_PUPILS: readonly NamePupil[] = [
  pupil('p-noor', 'Noor', '', 'Jansen', [], { nieuwsbrief: true, website: true }),
  pupil('p-lotte', 'Lotte', 'de', 'Vries'),
  pupil('p-fenna', 'Fenna', 'van', 'Dijk', [], { nieuwsbrief: true }),
  pupil('p-zoe', 'Zoë', '', 'Bakker'),
  pupil('p-daan', 'Daan', 'van der', 'Berg', [], { nieuwsbrief: true, website: false }),
  pupil('p-roos', 'Roos', '', 'Visser', [], { nieuwsbrief: true }),
  pupil('p-bo', 'Bo', 'de', 'Boer'),
  pupil('p-sem', 'Sem', '', 'Smit'),
  pupil('p-storm', 'Storm', '', 'Jansen-de Vries'),
  pupil('p-jade', 'Jade', '', 'Bakker', ['Jay'], { nieuwsbrief: true }),
  pupil('p-daniel', 'Daniël', '', 'Mulder'),
  pupil('p-thijs', 'Thijs', '', 'Koster'),
  pupil('p-fleur', 'Fleur', 'van den', 'Heuvel'),
  pupil('p-noor2', 'Noor', '', 'Yılmaz', [], { nieuwsbrief: false }),
  pupil('p-mees', 'Mees', 'de', 'Jong'),
  pupil('p-lente', 'Lente', 'van', 'Dam'),
  pupil('p-max', 'Max', '', 'Bos', ['Maxi']),
];

/** The benchmarks' deterministic generator, so the corpus is the same in tests and bench. */
export { random };

export interface ExpectedName {
  start: number;
  end: number;
  pupilId: string;
  form: string;
}
export interface NameSentence {
  text: string;
  names: ExpectedName[];
}
export interface Corpus {
  nameSentences: NameSentence[];
  wordSentences: string[];
}

const NAME_TEMPLATES = [
  '{N} heeft de tekenwedstrijd gewonnen.',
  'Gisteren ging {N} mee naar de kinderboerderij.',
  'Op de foto zie je {N} op het schoolplein.',
  'Groep 8 met {N} op schoolreis naar Texel.',
  'Wat een mooie tekening van {N}!',
  '{N} en {M} speelden samen in de zandbak.',
  'Felicitaties voor {N}, die vandaag jarig is.',
  'De foto’s van {N} staan op de website.',
  'Juf Marieke en {N} bakten koekjes voor de hele klas.',
  'Hier zie je {N} tijdens de sportdag.',
  'Tijdens de kerstviering zong {N} een lied.',
  'Bedankt {N} voor het helpen opruimen!',
  'Ook {N} deed mee aan de avondvierdaagse.',
  'Het project van {N} over vulkanen was erg goed.',
  'We zijn trots op {N} en {M}.',
  'Foto: {N} (groep 8B) bij de musical.',
  'Kijk eens wat {N} heeft gemaakt in de techniekles.',
  'Met dank aan {N} en de ouders van groep 5.',
  'Hoera voor {N}!',
  'Well done {N} on winning the spelling bee!',
  '"{N}" stond er op het naambordje.',
  'In de bibliotheek las {N} een boek over de storm van 1953.',
  'Na de les ging {N} met de bakker praten over brood.',
  '{P} tekening hangt in de gang.',
  'De fiets van {N} stond bij de visser op de kade.',
  'Aanwezig bij de excursie: {L}; {K}.',
  'Vragen over de foto? Mail {E}.',
];

/** Words that are also names here, in their ordinary meaning. */
const WORD_PHRASES = [
  'een roos in de vaas', 'rozen en een rode roos', 'de roos van de schietschijf', 'de storm van gisteren',
  'storm op zee', 'het stormt buiten', 'na de storm', 'een storm in een glas water', 'een ketting van jade',
  'groene jade uit China', 'een bos bloemen', 'een wandeling door het bos', 'de bakker bakt brood',
  'brood van de bakker', 'de bakkers van het dorp', 'de visser vangt vis', 'een visser op de kade',
  'de vissers varen uit', 'de smit smeedt een hoefijzer', 'de mulder maalt het graan', 'de koster luidt de klok',
  'de koster van de kerk', 'de boer melkt de koeien', 'de boer op de trekker', 'een berg huiswerk',
  'de berg op fietsen', 'langs de dijk fietsen', 'over de dijk', 'de heuvel af rennen', 'op de heuvel',
  'de lente komt eraan', 'in de lente', 'over de dam', 'een dam in de rivier', 'max. tien kinderen per groep',
  'maximaal max tien minuten', 'een koolmees en een pimpelmees', 'een mees in de tuin', 'een jong katje',
  'jong en oud', 'de fleur is eraf', 'met veel fleur en kleur', 'het bos in', 'bergen en dalen',
  'de bakker en de slager', 'een kleine storm', 'jade en amber', 'de bos van de boer', 'de boeren in het bos',
  'van de dijk naar de berg', 'het Noors en het Zweeds', 'een Noorse fjord', 'Noors leren', 'de mulder en de boer',
  'een heuvel van zand', 'de bakker van de heuvel', 'een roos en een fleur', 'de smit en de visser',
];
const WORD_OPENINGS = [
  '', 'gisteren zagen we', 'in groep 6 leerden we over', 'op de foto staat', 'tijdens het project ging het over',
  'volgens de juf was er', 'de kinderen tekenden', 'we lazen een verhaal over', 'in de klas praatten we over',
  'het thema van deze week is', 'opa vertelde over',
];
const WORD_ENDINGS = ['', 'tijdens de les', 'in het boek', 'op het plein', 'bij het museum', 'op de kaart', 'in de tuin'];
/** Whole sentences where a look-alike word is capitalised: start of a sentence or a line, headings in capitals. */
const WORD_LINES = [
  'Storm op zee.', 'Storm en regen verwacht voor vrijdag.', 'Bakkers bakken vroeg in de ochtend.', 'Roos is mijn lievelingsbloem.',
  'Fleur brengt kleur in de klas.', 'Jade is een groene steen.', 'STORM OP ZEE', 'DE BAKKER BAKT', 'Visser zijn is zwaar werk.',
  'Boer zoekt vrouw is een tv-programma.', 'Lente! De bomen bloeien.', 'Max. 10 kinderen per groep.', 'Bos en hei bij Apeldoorn.',
  'A storm at sea.', 'The baker bakes bread.', 'A rose in a vase.', 'Storm warning for Friday.', 'Smit is een oud woord voor smid.',
  'Mulder betekent molenaar.', 'Koster is een beroep in de kerk.', 'Berg en dal.', 'Heuvel op, heuvel af.',
  '- Roos\n- Tulp\n- Narcis', 'Dam tot dam loop.', 'Jong geleerd is oud gedaan.', 'Mees, merel en vink zaten in de tuin.',
];

const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ı/g, 'i');
/** Hashtags, mentions and e-mail addresses have no apostrophes: "in ’t" becomes "int". */
const handle = (s: string) => strip(s).replace(/['’]/g, '');
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const wordLike = (s: string) => {
  const f = foldName(s);
  return f.length <= 2 || DUTCH_COMMON_WORDS.has(f);
};

interface Rendered {
  text: string;
  /** Offsets of the name inside `text` (a possessive suffix is outside). */
  start: number;
  end: number;
  form: string;
}

function render(p: NamePupil, form: string, next: () => number): Rendered {
  const { givenName: g, namePrefix: pre, familyName: fam } = p;
  const pf = pre ? `${pre} ` : '';
  const plain = (text: string, f = form): Rendered => ({ text, start: 0, end: text.length, form: f });
  switch (form) {
    case 'no-prefix':
      return plain(`${g} ${fam}`);
    case 'upper-family':
      return plain(`${g} ${pf}${fam.toUpperCase()}`);
    case 'all-caps':
      return plain(`${g} ${pf}${fam}`.toUpperCase());
    case 'no-diacritics':
      return plain(strip(`${g} ${pf}${fam}`));
    case 'capital-prefix':
      return plain(`${g} ${capitalise(pf)}${fam}`);
    case 'dash':
      return plain(`${g} ${pf}${fam.replace(/-/g, next() < 0.5 ? '–' : ' - ')}`);
    case 'nickname':
      return plain(`${p.nicknames[0] ?? g} ${pf}${fam}`);
    case 'lower':
      return plain(`${g} ${pf}${fam}`.toLowerCase());
    case 'hashtag':
      return plain(`#${handle(`${g}${pre}${fam}`).replace(/[\s-]/g, '').toLowerCase()}`);
    case 'camel-hashtag':
      return plain(`#${handle(`${g} ${pre} ${fam}`).split(/[\s-]+/).map(capitalise).join('')}`);
    case 'mention':
      return plain(`@${handle(`${g}_${fam}`).replace(/[\s-]/g, '').toLowerCase()}`);
    default:
      return plain(`${g} ${pf}${fam}`, 'standard');
  }
}

/** "Jansen, Noor", "de Vries, Lotte", "Berg, Daan van der". */
function renderList(p: NamePupil, next: () => number): Rendered {
  const { givenName: g, namePrefix: pre, familyName: fam } = p;
  const text = pre && next() < 0.5 ? `${fam}, ${g} ${pre}` : `${pre ? `${pre} ` : ''}${fam}, ${g}`;
  return { text, start: 0, end: text.length, form: 'family-first' };
}

function renderPossessive(p: NamePupil, next: () => number): Rendered {
  const name = `${p.givenName} ${p.namePrefix ? `${p.namePrefix} ` : ''}${p.familyName}`;
  const suffix = /[sxz]$/.test(name) ? '\'' : (['s', '\'s', '’s'] as const)[Math.floor(next() * 3)]!;
  return { text: `${name}${suffix}`, start: 0, end: name.length, form: `possessive ${suffix}` };
}

function renderEmail(p: NamePupil): Rendered {
  const local = handle(`${p.givenName}.${p.namePrefix ? `${p.namePrefix}.` : ''}${p.familyName}`).replace(/\s+/g, '.').toLowerCase();
  return { text: `${local}@school.nl`, start: 0, end: local.length, form: 'e-mail' };
}

const FORMS = ['standard', 'standard', 'standard', 'no-prefix', 'upper-family', 'all-caps', 'no-diacritics', 'capital-prefix', 'dash', 'nickname', 'lower', 'hashtag', 'camel-hashtag', 'mention'];

export function generateCorpus(options: { nameSentences?: number; wordSentences?: number; seed?: number; pupils?: readonly NamePupil[] } = {}): Corpus {
  const pupils = options.pupils ?? FIXTURE_PUPILS;
  const next = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const nameSentences: NameSentence[] = [];
  for (let s = 0; s < (options.nameSentences ?? 1_200); s++) {
    const template = NAME_TEMPLATES[s % NAME_TEMPLATES.length]!;
    const used = new Set<string>();
    const choose = (): NamePupil => {
      let p = pick(pupils);
      while (used.has(p.id)) p = pick(pupils);
      used.add(p.id);
      return p;
    };
    const names: ExpectedName[] = [];
    let text = '';
    let at = 0;
    for (const m of template.matchAll(/\{([NMPLKE])\}/g)) {
      text += template.slice(at, m.index);
      at = m.index + m[0].length;
      const p = choose();
      let r: Rendered;
      const slot = m[1]!;
      if (slot === 'P') r = renderPossessive(p, next);
      else if (slot === 'L' || slot === 'K') r = renderList(p, next);
      else if (slot === 'E') r = renderEmail(p);
      else {
        let form = pick(FORMS);
        // Lower case is ambiguous by rule when both parts are common words ("roos visser"); a nickname needs one.
        if (form === 'lower' && wordLike(p.givenName) && wordLike(p.familyName)) form = 'standard';
        if (form === 'nickname' && p.nicknames.length === 0) form = 'standard';
        r = render(p, form, next);
      }
      names.push({ start: text.length + r.start, end: text.length + r.end, pupilId: p.id, form: r.form });
      text += r.text;
    }
    text += template.slice(at);
    nameSentences.push({ text, names });
  }
  const wordSentences: string[] = [];
  for (let s = 0; s < (options.wordSentences ?? 1_200); s++) {
    if (next() < 0.25) {
      wordSentences.push(pick(WORD_LINES));
      continue;
    }
    const parts = [pick(WORD_OPENINGS), pick(WORD_PHRASES), pick(WORD_ENDINGS)].filter((x) => x.length > 0);
    wordSentences.push(`${capitalise(parts.join(' '))}${next() < 0.8 ? '.' : '!'}`);
  }
  return { nameSentences, wordSentences };
}

export interface CorpusScore {
  sentences: number;
  names: number;
  /** Full names covered by a 'full' span, removed by default, listing the right pupil. */
  found: number;
  /** Spans removed by default that are no expected name (in word sentences, or beside the names). */
  falseRemovals: number;
  missed: { text: string; name: ExpectedName; spans: NameSpan[] }[];
  falses: { text: string; span: NameSpan }[];
}

export function scoreCorpus(finder: NameFinder, corpus: Corpus): CorpusScore {
  const score: CorpusScore = { sentences: corpus.nameSentences.length + corpus.wordSentences.length, names: 0, found: 0, falseRemovals: 0, missed: [], falses: [] };
  for (const { text, names } of corpus.nameSentences) {
    const spans = finder.find(text);
    for (const name of names) {
      score.names++;
      const hit = spans.some((s) => s.kind === 'full' && !s.ambiguous && s.start <= name.start && s.end >= name.end && s.pupilIds.includes(name.pupilId));
      if (hit) score.found++;
      else score.missed.push({ text, name, spans });
    }
    for (const span of spans) {
      if (!span.ambiguous && !names.some((n) => span.start < n.end && n.start < span.end)) {
        score.falseRemovals++;
        score.falses.push({ text, span });
      }
    }
  }
  for (const text of corpus.wordSentences) {
    for (const span of finder.find(text)) {
      if (span.ambiguous) continue;
      score.falseRemovals++;
      score.falses.push({ text, span });
    }
  }
  return score;
}
