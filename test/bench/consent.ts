// The consent list's own costs: importing a school-sized CSV, storing it, and the consent look-up inside a verdict.
// Runs alone: `npx tsx test/bench/consent.ts` prints the rows. No face models or photos needed.
import { IDBFactory } from '../unit/store/fake-idb';
import { importRosterCsv, type Roster } from '../../src/consent';
import { buildConsentIndex, decide, type FaceInput } from '../../src/policy/verdict';
import { openConsentStore } from '../../src/store';
import { median, random, runAlone, targetRow, type TargetRow } from './stats';

const PUPILS = 2_000;
const GROUPS = ['Groep 1', 'Groep 2', 'Groep 3', 'Groep 4', 'Groep 5', 'Groep 6', 'Groep 7', 'Groep 8'];
const GIVEN = [
  'Daan', 'Sem', 'Lucas', 'Levi', 'Finn', 'Noah', 'Bram', 'Luuk', 'Milan', 'Jesse', 'Thijs', 'Mees', 'Sven', 'Ties', 'Ruben',
  'Mohammed', 'Yusuf', 'Adam', 'Julian', 'Gijs', 'Emma', 'Julia', 'Mila', 'Tess', 'Sophie', 'Zoë', 'Sara', 'Nora', 'Fenna',
  'Lotte', 'Saar', 'Noor', 'Evi', 'Anna', 'Lieke', 'Fleur', 'Isa', 'Yara', 'Fatima', 'Maud', 'Roos', 'Liv', 'Jasmijn',
];
const PREFIXES = ['', '', '', '', 'van', 'de', 'van der', 'van den', 'van de', 'ter', 'el', 'in ’t'];
const FAMILY = [
  'Jong', 'Jansen', 'Vries', 'Berg', 'Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'Boer', 'Mulder', 'Groot',
  'Bos', 'Vos', 'Peters', 'Hendriks', 'Leeuwen', 'Dekker', 'Brouwer', 'Wit', 'Dijkstra', 'Smits', 'Graaf', 'Meer', 'Linden',
  'Kok', 'Jacobs', 'Haan', 'Vermeulen', 'Heuvel', 'Veen', 'Broek', 'Bruijn', 'Beek', 'Verhoeven', 'Kramer', 'Amrani', 'Yılmaz',
];


/** A ParnasSys-style ";" export: 2,000 pupils in 8 groups, 3 channels, Ja/Nee/Ingetrokken, some nicknames. */
export function schoolCsv(pupils = PUPILS, seed = 1): string {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const answer = () => (next() < 0.8 ? 'Ja' : next() < 0.9 ? 'Ingetrokken' : 'Nee');
  const lines = ['Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Groep;Biometrie;Website;Social;Nieuwsbrief;Voornaam website;Bijnamen'];
  for (let i = 0; i < pupils; i++) {
    const given = pick(GIVEN);
    const nick = next() < 0.15 ? `"${given.slice(0, 3)};${given}je"` : '';
    lines.push(
      [100_000 + i, given, pick(PREFIXES), pick(FAMILY), GROUPS[i % GROUPS.length], next() < 0.7 ? 'Ja' : 'Nee', answer(), answer(), answer(), next() < 0.5 ? 'Ja' : 'Nee', nick].join(';'),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}





/** Median time of one call, measured in batches of `batch` calls so a sub-microsecond call is still timed. */
function perCall(batches: number, batch: number, call: (i: number) => void): number {
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) call(b * batch + i);
    times.push((performance.now() - t0) / batch);
  }
  return median(times);
}

export async function consentBench(): Promise<{ rows: (string | number)[][] }> {
  const csv = schoolCsv();
  const rows: TargetRow[] = [];

  // 1. CSV import: median of 5.
  let roster: Roster | null = null;
  const importTimes: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    const result = importRosterCsv(csv, { sourceName: 'school.csv', now: new Date('2025-09-01T08:00:00Z') });
    importTimes.push(performance.now() - t0);
    if (!result.ok) throw new Error(`the generated CSV did not import: ${JSON.stringify(result.errors.slice(0, 3))}`);
    roster = result.roster;
  }
  if (roster === null || roster.pupils.length !== PUPILS) throw new Error('the generated CSV did not give 2,000 pupils');
  rows.push(targetRow(`importRosterCsv, ${PUPILS.toLocaleString('en')} pupils × 3 channels (${(csv.length / 1024).toFixed(0)} KiB), median of 5`, median(importTimes), 1000));

  // 2. The consent store (fake-indexeddb: Node has no IndexedDB; a browser's own will differ).
  const replaceTimes: number[] = [];
  const readTimes: number[] = [];
  for (let run = 0; run < 3; run++) {
    const store = await openConsentStore({ indexedDB: new IDBFactory() });
    let t0 = performance.now();
    await store.replaceRoster(roster, 'bench');
    replaceTimes.push(performance.now() - t0);
    t0 = performance.now();
    const read = await store.read();
    readTimes.push(performance.now() - t0);
    if (read.roster?.pupils.length !== PUPILS || read.problems.length > 0) throw new Error('the store did not give the roster back');
    store.close();
  }
  rows.push(targetRow('replaceRoster into a fresh store (fake-indexeddb), median of 3', median(replaceTimes), null));
  {
    // A re-import over a list where every pupil with biometric consent is enrolled (5 references each): all kept.
    const store = await openConsentStore({ indexedDB: new IDBFactory() });
    const references = Array.from({ length: 5 }, (_, r) => Array.from({ length: 128 }, (_, i) => Math.sin(r * 131 + i) / 10));
    const enrolled = { ...roster, pupils: roster.pupils.map((p) => (p.biometricConsent ? { ...p, descriptors: references } : p)) };
    await store.replaceRoster(enrolled, 'bench');
    const t = performance.now();
    const { keptDescriptors } = await store.replaceRoster(roster, 'bench');
    const enrolledPupils = enrolled.pupils.filter((p) => p.descriptors.length > 0).length;
    rows.push(targetRow(`replaceRoster over ${enrolledPupils.toLocaleString('en')} enrolled pupils (${keptDescriptors.toLocaleString('en')} descriptors kept), once`, performance.now() - t, null));
    store.close();
  }
  rows.push(targetRow('read() of the stored list (fake-indexeddb), median of 3', median(readTimes), null));

  // 3. The verdict's consent look-up.
  let t0 = performance.now();
  const index = buildConsentIndex(roster);
  rows.push(targetRow('buildConsentIndex, once per roster', performance.now() - t0, null));

  const next = random(7);
  const channels = roster.channels.map((c) => c.id);
  const ids = roster.pupils.map((p) => p.id);
  const probes = Array.from({ length: 100_000 }, () => [ids[Math.floor(next() * ids.length)]!, channels[Math.floor(next() * channels.length)]!] as const);
  let sink = 0;
  const lookup = perCall(100, 1_000, (i) => {
    const [id, channel] = probes[i % probes.length]!;
    if (index.pupils.get(id)?.get(channel) === 'yes') sink++;
  });
  rows.push(targetRow('consent look-up: index.pupils.get(id)?.get(channel), random pupils, median per look-up', lookup, 1));

  const photos = Array.from({ length: 1_000 }, (): FaceInput[] =>
    [0, 1, 2].map((f) => ({
      box: [40 + 120 * f, 60, 96, 96],
      score: 0.9,
      match: { status: 'match', pupilId: ids[Math.floor(next() * ids.length)]!, distance: 0.3, runnerUp: null },
    })),
  );
  const verdict = perCall(100, 100, (i) => {
    const result = decide({ channel: channels[i % channels.length]!, mode: 'recognize', faces: photos[i % photos.length]!, index });
    if (result.verdict === 'allow') sink++;
  });
  rows.push(targetRow('decide() for a 3-face photo (recognize mode), median per verdict', verdict, 1));
  if (sink < 0) console.log(sink); // keeps the measured work from being optimised away

  return { rows };
}

await runAlone(import.meta.url, consentBench);
