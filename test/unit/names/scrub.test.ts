import { describe, expect, it } from 'vitest';
import { buildNameFinder, scrubText, type NameSpan } from '../../../src/names';
import { FIXTURE_PUPILS } from './corpus';

const finder = buildNameFinder(FIXTURE_PUPILS);
const scrub = (text: string, removeAmbiguous = false) => scrubText(text, finder.find(text), { removeAmbiguous }).text;

describe('scrubText', () => {
  it.each<[string, string]>([
    // Lists of names go as a whole, with their "en", "," and "&".
    ['Daan en Noor spelen buiten.', 'Spelen buiten.'],
    ['Daan, Noor en Sem Smit spelen buiten.', 'Spelen buiten.'],
    ['Gefeliciteerd #Daan #Noor!', 'Gefeliciteerd!'],
    ['Daan & Noor', ''],
    // A name among other words: the list word beside it goes.
    ['Pieter en Daan spelen.', 'Pieter spelen.'],
    ['Daan en Pieter spelen.', 'Pieter spelen.'],
    ['Pieter, Daan en Anna', 'Pieter en Anna'],
    ['Pieter, Daan, Anna', 'Pieter, Anna'],
    ['Pieter en Daan.', 'Pieter.'],
    ['jij en Daan spelen', 'jij spelen'],
    ['met Daan en Pieter', 'met Pieter'],
    ['Het regende en Daan bleef binnen.', 'Het regende en bleef binnen.'],
    ['Gisteren zag ik Daan, en toen gingen we.', 'Gisteren zag ik, en toen gingen we.'],
    // "met"/"with" before a name.
    ['Groep 8 met Daan van der Berg op schoolreis', 'Groep 8 op schoolreis'],
    ['Ik speel met Daan.', 'Ik speel.'],
    ['Playing with Noor Jansen today', 'Playing today'],
    // Commas, brackets, quotes.
    ['Hoi, Daan!', 'Hoi!'],
    ['Hoi, Daan, hoe gaat het?', 'Hoi, hoe gaat het?'],
    ['Daan, kom eens!', 'Kom eens!'],
    ['foto (Daan) hier', 'foto hier'],
    ['Foto (Daan en Noor) bij de musical.', 'Foto bij de musical.'],
    ['(Daan)', ''],
    ['“Daan” zei hij.', 'Zei hij.'],
    ['Vandaag: Daan van der Berg (groep 8) won.', 'Vandaag: (groep 8) won.'],
    // Sentences that start with a name start with a capital again; a sentence of only a name goes.
    ['Daans fiets is rood.', 'Fiets is rood.'],
    ['Daan, Noor en ik gaan zwemmen.', 'Ik gaan zwemmen.'],
    ['Daan', ''],
    ['Daan.', ''],
    ['Hoi. Daan. Tot morgen.', 'Hoi. Tot morgen.'],
    ['Hoi Daan', 'Hoi'],
    // Titles go with the name.
    ['juf Roos zingt', 'zingt'],
    ['Meester Bakker zingt.', 'Zingt.'],
    ['Ik zag mevr. Visser en Daan.', 'Ik zag.'],
    // Blanks: one at the seam, the rest of the text untouched.
    ['Wij  gaan met   Daan  naar huis.', 'Wij  gaan naar huis.'],
    ['Daan  won.', 'Won.'],
    // Lines, lists, e-mail addresses.
    ['Aanwezig:\n- Daan\n- Pieter\n- Noor', 'Aanwezig:\n- Pieter'],
    ['Noor\nDaan', ''],
    ['Klaar!\nDaan en Noor', 'Klaar!'],
    ['1. Daan Jansen-de Vries\n2. Storm Jansen-de Vries\n3. Pieter', '1. Daan Jansen-de Vries\n3. Pieter'],
    ['Mail noor.jansen@school.nl of bel.', 'Mail of bel.'],
    // Ambiguous spans stay by default.
    ['Roos won de prijs.', 'Roos won de prijs.'],
    ['Daan Jansen', 'Daan Jansen'],
    ['Er staan rozen en een roos in de vaas', 'Er staan rozen en een roos in de vaas'],
    ['Foto: Daan Jansen en Noor', 'Foto: Daan Jansen'],
  ])('%j → %j', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it('removes ambiguous spans when asked', () => {
    expect(scrub('Roos won de prijs.', true)).toBe('Won de prijs.');
    expect(scrub('Daan Jansen', true)).toBe('');
    expect(scrub('Foto: Daan Jansen en Noor', true)).toBe('Foto:');
  });

  it('returns the spans it removed, in text order', () => {
    const text = 'Roos won. Daan en Noor Jansen ook.';
    const spans = finder.find(text);
    const { text: out, removed } = scrubText(text, [...spans].reverse());
    expect(out).toBe('Roos won. Ook.');
    expect(removed.map((s) => s.text)).toEqual(['Daan', 'Noor Jansen']);
    expect(scrubText(text, spans, { removeAmbiguous: true }).removed.map((s) => s.text)).toEqual(['Roos', 'Daan', 'Noor Jansen']);
  });

  it('leaves a text without spans alone', () => {
    expect(scrubText('  Niets  te  zien. ', [])).toEqual({ text: '  Niets  te  zien. ', removed: [] });
  });

  it('merges overlapping spans from elsewhere', () => {
    const span = (start: number, end: number): NameSpan => ({ start, end, text: '', pupilIds: ['x'], kind: 'given', ambiguous: false });
    expect(scrubText('Hier Daan Jansen nu', [span(5, 9), span(5, 16), span(10, 16)]).text).toBe('Hier nu');
  });

  it('refuses spans outside the text', () => {
    const span: NameSpan = { start: 3, end: 40, text: '', pupilIds: ['x'], kind: 'given', ambiguous: false };
    expect(() => scrubText('kort', [span])).toThrow(RangeError);
  });
});
