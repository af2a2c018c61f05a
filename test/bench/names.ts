// The name finder's costs and accuracy: building it for a 10,000-pupil roster, scanning 5,000 characters of Dutch
// text against that roster, and the generated corpus of test/unit/names (recall of full names, false removals).
// Runs alone: `npx tsx test/bench/names.ts` prints the rows. No face models or photos needed.
import { buildNameFinder, type NamePupil } from '../../src/names';
import { FIXTURE_PUPILS, generateCorpus, scoreCorpus } from '../unit/names/corpus';
import { median, random, runAlone, targetRow, type TargetRow } from './stats';

const PUPILS = 10_000;
const GIVEN = [
  'Daan', 'Sem', 'Lucas', 'Levi', 'Finn', 'Noah', 'Bram', 'Luuk', 'Milan', 'Jesse', 'Thijs', 'Mees', 'Sven', 'Ties',
  'Ruben', 'Mohammed', 'Yusuf', 'Adam', 'Julian', 'Gijs', 'Liam', 'Boaz', 'Siem', 'Jens', 'Teun', 'Thomas', 'Max',
  'Stijn', 'Tijn', 'Hugo', 'Olivier', 'Cas', 'Dex', 'Floris', 'Jurre', 'Mats', 'Morris', 'Otis', 'Pepijn', 'Quinn',
  'Rayan', 'Sam', 'Tom', 'Vince', 'Wout', 'Xavi', 'Bas', 'Koen', 'Storm', 'Ibrahim', 'Emma', 'Julia', 'Mila', 'Tess',
  'Sophie', 'Zoë', 'Sara', 'Nora', 'Fenna', 'Lotte', 'Saar', 'Noor', 'Evi', 'Anna', 'Lieke', 'Fleur', 'Isa', 'Yara',
  'Fatima', 'Maud', 'Roos', 'Liv', 'Jasmijn', 'Daniëlle', 'Anouk', 'Esmée', 'Femke', 'Hanna', 'Ilse', 'Jade', 'Kiki',
  'Lana', 'Merel', 'Nina', 'Olivia', 'Puck', 'Rosa', 'Sterre', 'Vera', 'Amira', 'Bo', 'Elin', 'Floor', 'Hailey',
  'Iris', 'Lina', 'Lynn', 'Mare', 'Naomi', 'Romy', 'Senna', 'Linde', 'Lente', 'Anne-Sophie', 'Daniël', 'Chloë',
];
const PREFIXES = ['', '', '', '', '', '', 'van', 'de', 'van der', 'van den', 'van de', 'ter', 'el', 'in ’t', 'van ’t', 'den'];
const FAMILY = [
  'Jong', 'Jansen', 'Vries', 'Berg', 'Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'Boer', 'Mulder', 'Groot',
  'Bos', 'Vos', 'Peters', 'Hendriks', 'Leeuwen', 'Dekker', 'Brouwer', 'Wit', 'Dijkstra', 'Smits', 'Graaf', 'Meer',
  'Linden', 'Kok', 'Jacobs', 'Haan', 'Vermeulen', 'Heuvel', 'Veen', 'Broek', 'Bruijn', 'Beek', 'Verhoeven', 'Kramer',
  'Amrani', 'Yılmaz', 'Koster', 'Prins', 'Huisman', 'Peeters', 'Hoekstra', 'Maas', 'Postma', 'Kuipers', 'Willems',
  'Schouten', 'Sanders', 'Hermans', 'Timmermans', 'Koning', 'Evers', 'Wijk', 'Molenaar', 'Lammers', 'Gerritsen',
  'Vink', 'Boon', 'Jonker', 'Wouters', 'Kok-Visser', 'Jansen-de Vries', 'Bakker-Smit', 'Aydın', 'Öztürk', 'Nguyen',
];

/** A school board's roster: 10,000 pupils, realistic Dutch names, some double names and nicknames. */
export function generatedPupils(count = PUPILS, seed = 3): NamePupil[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const givenName = pick(GIVEN);
    return {
      id: String(100_000 + i),
      givenName,
      namePrefix: pick(PREFIXES),
      familyName: pick(FAMILY),
      nicknames: next() < 0.1 ? [givenName.slice(0, 3)] : [],
      firstNameAllowed: { website: next() < 0.5, nieuwsbrief: next() < 0.7 },
    };
  });
}





/** Sentences of the corpus (names of `pupils` and look-alike words) joined into exactly `length` characters. */
function dutchText(pupils: readonly NamePupil[], length: number): string {
  const corpus = generateCorpus({ pupils, nameSentences: 60, wordSentences: 60, seed: 11 });
  const sentences = corpus.nameSentences.flatMap((s, i) => [s.text, corpus.wordSentences[i] ?? '']);
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${sentences[i % sentences.length]!} `;
  return text.slice(0, length);
}

export async function namesBench(): Promise<{ rows: (string | number)[][] }> {
  const rows: TargetRow[] = [];
  const pupils = generatedPupils();

  // 1. Build: median of 5.
  const builds: number[] = [];
  let finder = buildNameFinder(pupils);
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    finder = buildNameFinder(pupils);
    builds.push(performance.now() - t0);
  }
  if (finder.size !== PUPILS) throw new Error('the finder did not index 10,000 pupils');
  rows.push(targetRow(`buildNameFinder, ${PUPILS.toLocaleString('en')} generated pupils, median of 5`, median(builds), 100));

  // 2. Scan: 5,000 characters of Dutch text with names and look-alike words, median of 200 (after 20 warm-up scans).
  const text = dutchText(pupils, 5_000);
  let sink = 0;
  for (let i = 0; i < 20; i++) sink += finder.find(text).length;
  const scans: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    sink += finder.find(text).length;
    scans.push(performance.now() - t0);
  }
  const spans = finder.find(text);
  rows.push(targetRow(`find() on 5,000 characters against ${PUPILS.toLocaleString('en')} pupils (${spans.length} spans), median of 200`, median(scans), 1));
  rows.push(targetRow('  same, slowest of 200', Math.max(...scans), null));

  // 3. The corpus of the unit tests (fixture roster).
  const fixture = buildNameFinder(FIXTURE_PUPILS);
  const corpus = generateCorpus();
  const score = scoreCorpus(fixture, corpus);
  const recall = score.found / score.names;
  rows.push([`corpus recall of full names (${score.sentences.toLocaleString('en')} sentences, fixture roster)`, `${score.found}/${score.names} = ${(100 * recall).toFixed(1)}%`, '100%', recall.toFixed(3), recall === 1 ? 'pass' : 'fail']);
  const perThousand = (1000 * score.falseRemovals) / score.sentences;
  rows.push(['corpus false removals per 1,000 sentences (fixture roster)', `${score.falseRemovals} = ${perThousand.toFixed(2)}`, '≤ 1', perThousand.toFixed(3), perThousand <= 1 ? 'pass' : 'fail']);

  // 4. The same kind of corpus against the 10,000-pupil roster: many more names that are also words.
  const big = scoreCorpus(finder, generateCorpus({ pupils, seed: 7 }));
  rows.push([
    `same corpus built on the ${PUPILS.toLocaleString('en')}-pupil roster: recall / false removals per 1,000`,
    `${big.found}/${big.names} = ${((100 * big.found) / big.names).toFixed(1)}% / ${((1000 * big.falseRemovals) / big.sentences).toFixed(2)}`,
    '',
    '',
    'report',
  ]);
  if (sink < 0) console.log(sink);
  return { rows };
}

await runAlone(import.meta.url, namesBench);
