import { describe, expect, it } from 'vitest';
import { buildNameFinder, scrubText } from '../../../src/names';
import { FIXTURE_PUPILS, generateCorpus, scoreCorpus } from './corpus';

describe('the generated corpus', () => {
  const finder = buildNameFinder(FIXTURE_PUPILS);
  const corpus = generateCorpus();
  const score = scoreCorpus(finder, corpus);

  it('has at least 2,000 sentences, with names in every form and every pupil', () => {
    expect(score.sentences).toBeGreaterThanOrEqual(2_000);
    expect(corpus.wordSentences.length).toBeGreaterThanOrEqual(1_000);
    const forms = new Set(corpus.nameSentences.flatMap((s) => s.names.map((n) => n.form.split(' ')[0])));
    expect([...forms].sort()).toEqual(
      ['all-caps', 'camel-hashtag', 'capital-prefix', 'dash', 'e-mail', 'family-first', 'hashtag', 'lower', 'mention', 'nickname', 'no-diacritics', 'no-prefix', 'possessive', 'standard', 'upper-family'].sort(),
    );
    const pupils = new Set(corpus.nameSentences.flatMap((s) => s.names.map((n) => n.pupilId)));
    expect(pupils.size).toBe(FIXTURE_PUPILS.length);
    // Deterministic.
    expect(generateCorpus()).toEqual(corpus);
  });

  it('finds every full name (recall 100%)', () => {
    expect(score.missed.map((m) => `${m.text} [${m.name.form}]`)).toEqual([]);
    expect(score.found).toBe(score.names);
  });

  it('removes at most 1 word per 1,000 sentences', () => {
    expect(score.falses.map((f) => `${f.text} → ${f.span.text}`)).toEqual([]);
    expect((1000 * score.falseRemovals) / score.sentences).toBeLessThanOrEqual(1);
  });

  it('scrubs every full name out of the name sentences', () => {
    for (const { text, names } of corpus.nameSentences) {
      const out = scrubText(text, finder.find(text)).text;
      for (const n of names) {
        const name = text.slice(n.start, n.end);
        if (!out.includes(name)) continue;
        // A name may only survive as part of a longer word, which does not happen in these templates.
        throw new Error(`"${name}" is still in "${out}" (from "${text}")`);
      }
      expect(out).not.toMatch(/ {2}|^ | $| [,.!?]/);
    }
  });

  it('leaves the word sentences as they were', () => {
    for (const text of corpus.wordSentences) expect(scrubText(text, finder.find(text)).text).toBe(text);
  });
});
