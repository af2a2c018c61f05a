import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkPortrait, selectReferences, type Candidate } from '../../src/enrol';
import type { AnalysedFace, FaceEngine } from '../../src/faces/engine';
import { buildGallery, DEFAULT_MATCH_SETTINGS, matchDescriptor, type MatchSettings } from '../../src/policy';
import type { Pupil } from '../../src/consent';
import { groupTruth, people } from './data';
import { matchBoxes } from './stats';

export interface RecognitionFigures {
  settings: MatchSettings;
  identities: number;
  enrolled: number;
  portraitsTried: number;
  portraitsRejected: Record<string, number>;
  /** Probes of enrolled people: accepted as themselves, held (false reject), accepted as someone else. */
  genuine: { probes: number; accepted: number; rejected: number; uncertain: number; wrongPerson: number };
  /** Faces of people who are not enrolled: never-enrolled folder, identities that could not enrol, group strangers. */
  impostor: { probes: number; accepted: number; bySource: Record<string, { probes: number; accepted: number }> };
  /** The same probes at threshold 0.5 and margin 0.08, for context. */
  at050: { falseRejectRate: number; impostorsAccepted: number };
}

const largest = (faces: AnalysedFace[]) => [...faces].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];

/**
 * Enrols every identity the way `consent-gate enroll` does (portraits in name order until 3 pass the checks), then
 * probes with every other photo of enrolled people, with never-enrolled people, and with the faces in group photos.
 */
export async function recognitionBench(engine: FaceEngine, log: (s: string) => void): Promise<RecognitionFigures> {
  const describe = async (file: string) => {
    const r = await engine.analyseBytes(new Uint8Array(readFileSync(file)), { describe: true });
    if (!r.ok) throw new Error(`${file}: ${r.error.message}`);
    return r.value;
  };
  const pupils: Pupil[] = [];
  const probes: { person: string; descriptor: Float32Array; source: string }[] = [];
  const impostors: { descriptor: Float32Array; source: string }[] = [];
  const rejectedReasons: Record<string, number> = {};
  let tried = 0;
  const identities = people('identities');
  for (const { person, photos } of identities) {
    const candidates: Candidate[] = [];
    const rest: Float32Array[] = [];
    for (const file of photos) {
      const analysis = await describe(file);
      if (candidates.length < 3) {
        tried++;
        const check = checkPortrait(analysis);
        if (check.ok) {
          candidates.push({ name: basename(file), descriptor: analysis.faces[check.faceIndex]!.descriptor! });
          continue;
        }
        rejectedReasons[check.problem] = (rejectedReasons[check.problem] ?? 0) + 1;
      }
      const face = largest(analysis.faces);
      if (face?.descriptor) rest.push(face.descriptor);
    }
    const { kept, rejected } = selectReferences(candidates);
    if (rejected.length) rejectedReasons.inconsistent = (rejectedReasons.inconsistent ?? 0) + rejected.length;
    if (kept.length > 0) {
      pupils.push(pupil(person, kept));
      probes.push(...rest.map((descriptor) => ({ person, descriptor, source: 'identities' })));
    } else {
      impostors.push(...rest.map((descriptor) => ({ descriptor, source: 'identities that could not enrol' })));
    }
    log(`  ${person}: ${kept.length} references, ${rest.length} probes`);
  }
  for (const { photos } of people('never-enrolled')) {
    for (const file of photos) {
      const face = largest((await describe(file)).faces);
      if (face?.descriptor) impostors.push({ descriptor: face.descriptor, source: 'never-enrolled' });
    }
  }
  const enrolledIds = new Set(pupils.map((p) => p.id));
  for (const g of groupTruth()) {
    const analysis = await describe(g.file);
    const { matched } = matchBoxes(g.faces.map((f) => f.box), analysis.faces.map((f) => f.box));
    for (const [i, j] of matched) {
      const identity = g.faces[i]!.identity;
      const descriptor = analysis.faces[j]!.descriptor!;
      if (identity && enrolledIds.has(identity)) probes.push({ person: identity, descriptor, source: 'group photos' });
      else impostors.push({ descriptor, source: 'group photos (not enrolled)' });
    }
  }

  const gallery = buildGallery(pupils);
  const score = (settings: MatchSettings) => {
    const genuine = { probes: probes.length, accepted: 0, rejected: 0, uncertain: 0, wrongPerson: 0 };
    for (const p of probes) {
      const m = matchDescriptor(p.descriptor, gallery, settings);
      if (m.status === 'match' && m.pupilId === p.person) genuine.accepted++;
      else if (m.status === 'match') genuine.wrongPerson++;
      else {
        genuine.rejected++;
        if (m.status === 'uncertain') genuine.uncertain++;
      }
    }
    const bySource: Record<string, { probes: number; accepted: number }> = {};
    let accepted = 0;
    for (const x of impostors) {
      const s = (bySource[x.source] ??= { probes: 0, accepted: 0 });
      s.probes++;
      if (matchDescriptor(x.descriptor, gallery, settings).status === 'match') {
        s.accepted++;
        accepted++;
      }
    }
    return { genuine, impostor: { probes: impostors.length, accepted, bySource } };
  };
  const main = score(DEFAULT_MATCH_SETTINGS);
  const loose = score({ threshold: 0.5, margin: 0.08 });
  return {
    settings: DEFAULT_MATCH_SETTINGS,
    identities: identities.length,
    enrolled: pupils.length,
    portraitsTried: tried,
    portraitsRejected: rejectedReasons,
    genuine: main.genuine,
    impostor: main.impostor,
    at050: { falseRejectRate: loose.genuine.rejected / loose.genuine.probes, impostorsAccepted: loose.impostor.accepted },
  };
}

function pupil(id: string, refs: Candidate[]): Pupil {
  return {
    id,
    givenName: id,
    namePrefix: '',
    familyName: id,
    nicknames: [],
    group: 'bench',
    consent: {},
    firstNameAllowed: {},
    biometricConsent: true,
    descriptors: refs.map((r) => Array.from(r.descriptor)),
  };
}
