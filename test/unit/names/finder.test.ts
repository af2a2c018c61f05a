import { describe, expect, it } from 'vitest';
import { buildNameFinder, DUTCH_COMMON_WORDS, foldName, REASONS, type NameSpan } from '../../../src/names';
import { FIXTURE_PUPILS } from './corpus';

const finder = buildNameFinder(FIXTURE_PUPILS);
/** "text|kind|ids" with "|?" for an ambiguous span: compact enough for a table. */
const show = (s: NameSpan) => `${s.text}|${s.kind}|${[...s.pupilIds].sort().join(',')}${s.ambiguous ? '|?' : ''}`;
const found = (text: string, channel?: string) => finder.find(text, channel === undefined ? {} : { channel }).map(show);

describe('folding', () => {
  it('folds case, diacritics, ligatures and letters that do not decompose', () => {
    expect(foldName('Zoë')).toBe('zoe');
    expect(foldName('DANIËL')).toBe('daniel');
    expect(foldName('Yılmaz')).toBe('yilmaz');
    expect(foldName('Ĳsbrand')).toBe('ijsbrand');
    expect(foldName('Jansen-de Vries')).toBe('jansen de vries');
    expect(foldName('in ’t  Veld')).toBe('in t veld');
    expect(foldName('Jan\u00ADsen')).toBe('jansen');
  });

  it('lists at least 60 common words, all folded', () => {
    expect(DUTCH_COMMON_WORDS.size).toBeGreaterThanOrEqual(60);
    for (const w of DUTCH_COMMON_WORDS) expect(foldName(w)).toBe(w);
    for (const w of ['roos', 'bo', 'sem', 'storm', 'jade', 'fleur', 'mees', 'rosa', 'lente', 'zon', 'sterre', 'vos', 'bas', 'bakker', 'visser', 'smit', 'mulder', 'koster', 'boer']) {
      expect(DUTCH_COMMON_WORDS.has(w), w).toBe(true);
    }
  });
});

describe('buildNameFinder: the issue’s sentences', () => {
  it.each<[string, string[]]>([
    // Full names, in every order and case.
    ['Noor Jansen', ['Noor Jansen|full|p-noor']],
    ['Jansen, Noor', ['Jansen, Noor|full|p-noor']],
    ['Noor JANSEN', ['Noor JANSEN|full|p-noor']],
    ['NOOR JANSEN won.', ['NOOR JANSEN|full|p-noor']],
    ['noor jansen', ['noor jansen|full|p-noor']],
    ['de Vries, Lotte', ['de Vries, Lotte|full|p-lotte']],
    ['Vries, Lotte de', ['Vries, Lotte de|full|p-lotte']],
    ['Berg, Daan van der', ['Berg, Daan van der|full|p-daan']],
    ['Van der Berg, Daan', ['Van der Berg, Daan|full|p-daan']],
    ['Daan van der Berg', ['Daan van der Berg|full|p-daan']],
    ['Daan Van der Berg', ['Daan Van der Berg|full|p-daan']],
    ['Daan Van Der Berg', ['Daan Van Der Berg|full|p-daan']],
    ['Daan Berg', ['Daan Berg|full|p-daan']],
    ['Daan Vanderberg', ['Daan Vanderberg|full|p-daan']],
    ['Zoe Bakker', ['Zoe Bakker|full|p-zoe']],
    ['Zoë Bakker', ['Zoë Bakker|full|p-zoe']],
    ['Jade Bakker', ['Jade Bakker|full|p-jade']],
    ['Jay Bakker', ['Jay Bakker|full|p-jade']],
    ['Daniel Mulder', ['Daniel Mulder|full|p-daniel']],
    ['Storm Jansen-de Vries', ['Storm Jansen-de Vries|full|p-storm']],
    ['Storm Jansen–de Vries', ['Storm Jansen–de Vries|full|p-storm']],
    ['Storm Jansen - de Vries', ['Storm Jansen - de Vries|full|p-storm']],
    ['Storm Jansen de Vries', ['Storm Jansen de Vries|full|p-storm']],
    ['Storm Jansen', ['Storm Jansen|full|p-storm']],
    ['Storm de Vries', ['Storm de Vries|full|p-storm']],
    ['Sem Smit won de prijs.', ['Sem Smit|full|p-sem']],
    ['Roos Visser won de prijs.', ['Roos Visser|full|p-roos']],
    ['Bo de Boer', ['Bo de Boer|full|p-bo']],
    ['Fleur van den Heuvel', ['Fleur van den Heuvel|full|p-fleur']],
    ['Noor Yilmaz', ['Noor Yilmaz|full|p-noor2']],
    // Hashtags, mentions, handles, e-mail addresses.
    ['#daanvanderberg', ['#daanvanderberg|full|p-daan']],
    ['#DaanVanDerBerg', ['#DaanVanDerBerg|full|p-daan']],
    ['@noorjansen', ['@noorjansen|full|p-noor']],
    ['@noor_jansen', ['@noor_jansen|full|p-noor']],
    ['@storm_jansendevries', ['@storm_jansendevries|full|p-storm']],
    ['Mail noor.jansen@school.nl', ['noor.jansen|full|p-noor']],
    ['Mail roos.visser@school.nl', ['roos.visser|full|p-roos']],
    ['Mail daan@school.nl', ['daan|given|p-daan']],
    ['#Daan', ['#Daan|given|p-daan']],
    ['#daan', ['#daan|given|p-daan']],
    ['@roos', ['@roos|given|p-roos']],
    ['#Roos', ['#Roos|given|p-roos']],
    ['#roos', ['#roos|given|p-roos|?']],
    ['noorjansen', []],
    // Possessives.
    ['Daans fiets', ['Daans|given|p-daan']],
    ["Daan's fiets", ["Daan's|given|p-daan"]],
    ['Daan’s fiets', ['Daan’s|given|p-daan']],
    ["Thijs' fiets", ["Thijs'|given|p-thijs"]],
    ['Thijs fietst', ['Thijs|given|p-thijs']],
    ['Daan van der Bergs fiets', ['Daan van der Bergs|full|p-daan']],
    ['Zoë Bakkers fiets', ['Zoë Bakkers|full|p-zoe']],
    ["Noor Jansen's tekening", ["Noor Jansen's|full|p-noor"]],
    ['Hij spreekt Noors.', []],
    ['Een wandeling in het Amsterdamse Bos.', ['Bos|family|p-max|?']],
    // Given names that are also words.
    ['Roos en Daan op schoolreis', ['Roos|given|p-roos', 'Daan|given|p-daan']],
    ['Er staan rozen en een roos in de vaas', []],
    ['Roos won de prijs.', ['Roos|given|p-roos|?']],
    ['Gisteren won Roos de prijs.', ['Roos|given|p-roos']],
    ['Daarna: Roos, Fleur en Daan.', ['Roos|given|p-roos', 'Fleur|given|p-fleur', 'Daan|given|p-daan']],
    ['Roos, Fleur en Daan.', ['Roos|given|p-roos', 'Fleur|given|p-fleur', 'Daan|given|p-daan']],
    ['Storm en regen verwacht.', ['Storm|given|p-storm|?']],
    ['het stormt', []],
    ['storm op zee', []],
    ['STORM OP ZEE', ['STORM|given|p-storm|?']],
    ['Storm-schade in de tuin', []],
    ['Vandaag zong Storm een lied.', ['Storm|given|p-storm']],
    ['juf Roos zingt', ['Roos|given|p-roos']],
    ['Jay speelt', ['Jay|nickname|p-jade|?']],
    ['Gisteren speelde Jay buiten.', ['Jay|nickname|p-jade']],
    ['Een ketting van jade.', []],
    ['Vol fleur!', []],
    ['Fleur brengt kleur.', ['Fleur|given|p-fleur|?']],
    ['Bo speelt.', ['Bo|given|p-bo|?']],
    ['in het BO', ['BO|given|p-bo|?']],
    ['Max. tien kinderen', ['Max|given|p-max|?']],
    ['max. tien kinderen', []],
    ['Met Maxi naar zee', ['Maxi|nickname|p-max']],
    // Given names that are no words.
    ['Daan won de prijs.', ['Daan|given|p-daan']],
    ['Gisteren won Daan.', ['Daan|given|p-daan']],
    ['groetjes van daan', ['daan|given|p-daan|?']],
    ['Daniel', ['Daniel|given|p-daniel']],
    ['Daniël', ['Daniël|given|p-daniel']],
    ['Zoe', ['Zoe|given|p-zoe']],
    ['Zoë', ['Zoë|given|p-zoe']],
    // Family names, also where they are words.
    ['De bakker bakt brood', []],
    ['Meester Bakker', ['Bakker|family|p-jade,p-zoe']],
    ['Vandaag vertelde Bakker over brood.', ['Bakker|family|p-jade,p-zoe']],
    ['Bakker vertelde over brood.', ['Bakker|family|p-jade,p-zoe|?']],
    ['mevr. Visser', ['Visser|family|p-roos']],
    ['De visser vangt vis.', []],
    ['De koster luidt de klok.', []],
    ['De Boer kwam langs.', ['De Boer|family|p-bo']],
    ['De boer kwam langs.', []],
    ['Jansen won de prijs.', ['Jansen|family|p-noor,p-storm']],
    ['een huis van Dijk', ['van Dijk|family|p-fenna']],
    ['over de dijk', []],
    ['Het gezin Van den Heuvel', ['Van den Heuvel|family|p-fleur']],
    ['Jansen-de Vries', ['Jansen-de Vries|family|p-storm']],
    // Not in the roster.
    ['Pieter en Anna', []],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('buildNameFinder: other people with pupils’ names', () => {
  it('reports a given name and a family name of different pupils as one ambiguous full name ("Daan Jansen")', () => {
    const spans = finder.find('Daan Jansen');
    expect(spans.map(show)).toEqual(['Daan Jansen|full|p-daan,p-noor,p-storm|?']);
    expect(spans[0]!.reason).toBe(REASONS.otherPerson);
    expect(spans.filter((s) => !s.ambiguous)).toEqual([]);
  });

  it('reports a family name after another capitalised word mid-sentence as ambiguous', () => {
    expect(found('Foto: Piet Jansen')).toEqual(['Jansen|family|p-noor,p-storm|?']);
    expect(found('Ik zag Piet van Dijk')).toEqual(['van Dijk|family|p-fenna|?']);
    expect(finder.find('Foto: Piet Jansen')[0]!.reason).toBe(REASONS.otherFamily);
    // A title makes it a name; so does the start of a sentence, where a given name and a word look alike.
    expect(found('Ik zag meester Jansen')).toEqual(['Jansen|family|p-noor,p-storm']);
    expect(found('Piet Jansen kwam')).toEqual(['Jansen|family|p-noor,p-storm']);
  });

  it('reports common words in lower case that spell a full name as ambiguous', () => {
    const roster = [...FIXTURE_PUPILS, { id: 'p-zee', givenName: 'Storm', namePrefix: 'van de', familyName: 'Zee', nicknames: [], firstNameAllowed: {} }];
    const spans = buildNameFinder(roster, { commonWords: new Set([...DUTCH_COMMON_WORDS, 'zee']) }).find('de storm van de zee');
    expect(spans.map(show)).toEqual(['storm van de zee|full|p-zee|?']);
    expect(spans[0]!.reason).toBe(REASONS.lowerCaseFull);
  });
});

describe('buildNameFinder: spans', () => {
  it('gives offsets into the text, with the "#" or "@" and the possessive inside', () => {
    const text = 'Kijk: #Daan en Noor Jansen’s hond.';
    const spans = finder.find(text);
    expect(spans.map((s) => [s.start, s.end, text.slice(s.start, s.end)])).toEqual([
      [6, 11, '#Daan'],
      [15, 28, 'Noor Jansen’s'],
    ]);
    for (const s of spans) expect(s.text).toBe(text.slice(s.start, s.end));
  });

  it('gives no reason for a name, and one for every ambiguous span', () => {
    const spans = finder.find('Roos won. Daan ook. groetjes van daan');
    expect(spans.map((s) => s.reason)).toEqual([REASONS.sentenceStart, undefined, REASONS.lowerCase]);
    expect('reason' in spans[1]!).toBe(false);
  });

  it('lists every pupil who has the name', () => {
    expect(found('Noor speelt.')).toEqual(['Noor|given|p-noor,p-noor2']);
    expect(found('Gisteren kwam Bakker.')).toEqual(['Bakker|family|p-jade,p-zoe']);
  });

  it('does not join names across a line break', () => {
    expect(found('Noor\nJansen')).toEqual(['Noor|given|p-noor,p-noor2', 'Jansen|family|p-noor,p-storm']);
  });

  it('finds nothing in an empty text or with an empty roster', () => {
    expect(finder.find('')).toEqual([]);
    const empty = buildNameFinder([]);
    expect(empty.size).toBe(0);
    expect(empty.find('Daan Jansen')).toEqual([]);
    expect(finder.size).toBe(FIXTURE_PUPILS.length);
  });

  it('is not thrown by odd input', () => {
    const odd = '\u0000#@@# ’s \u00AD-–— , , Daan\uD83D\uDE00Jansen 🙂Noor🙂 '.repeat(50);
    expect(() => finder.find(odd)).not.toThrow();
    expect(finder.find('🙂Noor🙂').map(show)).toEqual(['Noor|given|p-noor,p-noor2']);
  });

  it('takes another list of common words', () => {
    // Without "roos" on the list, Roos at the start of a sentence is a name.
    const plain = buildNameFinder(FIXTURE_PUPILS, { commonWords: new Set(['Storm']) });
    expect(plain.find('Roos won.').map(show)).toEqual(['Roos|given|p-roos']);
    expect(plain.find('Storm op zee.').map(show)).toEqual(['Storm|given|p-storm|?']);
  });

  it('keeps duplicate pupil ids apart from the answer', () => {
    const twice = buildNameFinder([FIXTURE_PUPILS[0]!, FIXTURE_PUPILS[0]!]);
    expect(twice.find('Noor').map((s) => s.pupilIds)).toEqual([['p-noor']]);
  });
});

describe('buildNameFinder: first name allowed per channel', () => {
  it('leaves out a first name whose pupil allows it on the channel', () => {
    expect(found('Daan speelt.', 'nieuwsbrief')).toEqual([]);
    expect(found('Daan speelt.', 'website')).toEqual(['Daan|given|p-daan']);
    expect(found('Daan speelt.', 'social')).toEqual(['Daan|given|p-daan']);
    expect(found('Daan speelt.')).toEqual(['Daan|given|p-daan']);
    // A nickname too.
    expect(found('Gisteren speelde Jay.', 'nieuwsbrief')).toEqual([]);
    // Ambiguous first names as well.
    expect(found('Roos won.', 'nieuwsbrief')).toEqual([]);
  });

  it('keeps the full name and the family name', () => {
    expect(found('Daan van der Berg speelt.', 'nieuwsbrief')).toEqual(['Daan van der Berg|full|p-daan']);
    expect(found('Mevrouw Visser.', 'nieuwsbrief')).toEqual(['Visser|family|p-roos']);
  });

  it('keeps a first name that another pupil with the same name does not allow', () => {
    // Noor Jansen allows it on the newsletter, Noor Yılmaz does not.
    expect(found('Noor speelt.', 'nieuwsbrief')).toEqual(['Noor|given|p-noor,p-noor2']);
    expect(found('Noor speelt.', 'website')).toEqual(['Noor|given|p-noor,p-noor2']);
  });

  it('still lets a first name that stays make its neighbour a name', () => {
    expect(found('Roos en Daan.', 'nieuwsbrief')).toEqual([]);
    expect(found('Roos en Daan.', 'website')).toEqual(['Roos|given|p-roos', 'Daan|given|p-daan']);
    expect(found('Storm en Daan.', 'nieuwsbrief')).toEqual(['Storm|given|p-storm']);
  });
});
