import { describe, expect, it } from 'vitest';
import { humanReport, jsonRecord, type PhotoReport } from '../../../src/cli/output';
import { DESCRIPTOR_LENGTH, ROSTER_FORMAT, type Pupil, type Roster } from '../../../src/consent/schema';
import {
  DEFAULT_MATCH_SETTINGS,
  buildConsentIndex,
  buildGallery,
  decide,
  matchDescriptor,
  type Box,
  type Confirmation,
  type Match,
  type Mode,
  type PhotoProblem,
} from '../../../src/policy';

/** scale × the i-th unit vector: distances between such vectors are known exactly. */
const basis = (i: number, scale = 1): number[] => {
  const v = new Array<number>(DESCRIPTOR_LENGTH).fill(0);
  v[i] = scale;
  return v;
};

const pupil = (id: string, given: string, prefix: string, family: string, website: 'yes' | 'no' | 'withdrawn', descriptor: number[]): Pupil => ({
  id,
  givenName: given,
  namePrefix: prefix,
  familyName: family,
  nicknames: [],
  group: '7',
  consent: { website, newsletter: 'yes' },
  firstNameAllowed: {},
  biometricConsent: true,
  descriptors: [descriptor],
});

const PUPILS = [
  pupil('P1', 'Anna', 'de', 'Vries', 'yes', basis(0)),
  pupil('P2', 'Bram', '', 'Jansen', 'yes', basis(1)),
  pupil('P3', 'Chloë', 'van der', 'Berg', 'no', basis(2)),
];
const ROSTER: Roster = {
  format: ROSTER_FORMAT,
  version: 1,
  importedAt: '2025-01-01T00:00:00Z',
  source: { kind: 'json', name: 'test' },
  channels: [
    { id: 'website', label: 'Website' },
    { id: 'newsletter', label: 'Newsletter' },
  ],
  pupils: PUPILS,
};
const INDEX = buildConsentIndex(ROSTER);
const GALLERY = buildGallery(PUPILS);
const BY_ID = new Map(PUPILS.map((p) => [p.id, p]));

interface FaceSpec {
  box: Box;
  score: number;
  descriptor?: number[];
}

/** A report built the way `check` builds it: real matches, a real verdict from `decide`. */
function report(opts: {
  mode: Mode;
  faces: FaceSpec[];
  channel?: string;
  confirmations?: Record<number, Confirmation>;
  noFacesConfirmed?: boolean;
  problems?: PhotoProblem[];
  timings?: PhotoReport['timings'];
}): PhotoReport {
  const matches: (Match | undefined)[] = opts.faces.map((f) =>
    opts.mode === 'recognize' && f.descriptor ? matchDescriptor(f.descriptor, GALLERY, DEFAULT_MATCH_SETTINGS) : undefined,
  );
  const verdict = decide({
    channel: opts.channel ?? 'website',
    mode: opts.mode,
    index: INDEX,
    faces: opts.faces.map((f, i) => ({ box: f.box, score: f.score, ...(matches[i] ? { match: matches[i] } : {}) })),
    ...(opts.confirmations ? { confirmations: opts.confirmations } : {}),
    ...(opts.noFacesConfirmed ? { noFacesConfirmed: true } : {}),
    ...(opts.problems ? { problems: opts.problems } : {}),
  });
  return { file: 'klas7/schoolreis.jpg', width: 4000, height: 3000, verdict, matches, timings: opts.timings ?? null };
}

// Recognize mode, four faces:
//   #1 Anna (P1) at distance 0.1: match, consent yes → ok
//   #2 Bram (P2) at distance 0.47: just above the 0.45 threshold → uncertain, best guess P2
//   #3 nobody (distance √2 to everyone) → unknown_person
//   #4 Chloë (P3) at distance 0.05: match, but consent 'no' for website → no_consent
const RECOGNIZE_FACES: FaceSpec[] = [
  { box: [10.4, 20.6, 50.5, 60.49], score: 0.98765, descriptor: basis(0, 0.9) },
  { box: [300.2, 40.7, 80, 81.5], score: 0.8123, descriptor: basis(1, 0.53) },
  { box: [1200, 900.5, 120.49, 119.5], score: 0.55, descriptor: basis(5, 1) },
  { box: [2000.6, 1500.4, 64, 64], score: 0.7, descriptor: basis(2, 0.95) },
];
const recognized = report({ mode: 'recognize', faces: RECOGNIZE_FACES, timings: { decodeMs: 12.4, detectMs: 80.6, describeMs: 33.5 } });

describe('the recognize scenario is what the tests assume', () => {
  it('matches and verdict', () => {
    expect(recognized.matches.map((m) => m?.status)).toEqual(['match', 'uncertain', 'unknown', 'match']);
    expect(recognized.verdict.faces.map((f) => [f.status, f.reason])).toEqual([
      ['ok', null],
      ['hold', 'uncertain'],
      ['hold', 'unknown_person'],
      ['hold', 'no_consent'],
    ]);
    expect(recognized.verdict.verdict).toBe('hold');
  });
});

describe('jsonRecord', () => {
  const json = jsonRecord(recognized);
  const faces = json.faces as Record<string, unknown>[];

  it('has the file, verdict, channel, mode and size', () => {
    expect(json).toMatchObject({ file: 'klas7/schoolreis.jpg', verdict: 'hold', channel: 'website', mode: 'recognize', width: 4000, height: 3000 });
  });

  it('survives JSON serialisation unchanged', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  const perFace: { n: number; box: number[]; score: number; pupilId: string | null; possible?: string; distance: number; reason: string | null; status: string }[] = [
    { n: 1, box: [10, 21, 51, 60], score: 0.988, pupilId: 'P1', distance: 0.1, reason: null, status: 'ok' },
    { n: 2, box: [300, 41, 80, 82], score: 0.812, pupilId: null, possible: 'P2', distance: 0.47, reason: 'uncertain', status: 'hold' },
    { n: 3, box: [1200, 901, 120, 120], score: 0.55, pupilId: null, distance: 1.414, reason: 'unknown_person', status: 'hold' },
    { n: 4, box: [2001, 1500, 64, 64], score: 0.7, pupilId: 'P3', distance: 0.05, reason: 'no_consent', status: 'hold' },
  ];
  it.each(perFace)('face $n: 1-based index, integer box, rounded score, pupilId $pupilId', ({ n, box, score, pupilId, possible, distance, reason, status }) => {
    const f = faces[n - 1]!;
    expect(f.index).toBe(n);
    expect(f.box).toEqual(box);
    for (const v of f.box as number[]) expect(Number.isInteger(v)).toBe(true);
    expect(f.score).toBe(score);
    expect(f.pupilId).toBe(pupilId);
    if (possible) expect(f.possiblePupilId).toBe(possible);
    else expect(f).not.toHaveProperty('possiblePupilId');
    expect(f.distance).toBeCloseTo(distance, 3);
    expect(f.reason).toBe(reason);
    expect(f.status).toBe(status);
  });

  it('an uncertain face never carries a pupilId in recognize mode', () => {
    for (const f of faces) if (f.reason === 'uncertain') expect(f.pupilId).toBeNull();
  });

  it('cover lists the held faces, numbered from 1', () => {
    expect(json.cover).toEqual([2, 3, 4]);
    expect(json.coverFixesAll).toBe(true);
  });

  it('timings are rounded to whole milliseconds', () => {
    expect(json.timingsMs).toEqual({ decodeMs: 12, detectMs: 81, describeMs: 34 });
  });

  it('no timings key when there are no timings', () => {
    expect(jsonRecord(report({ mode: 'detect', faces: [] }))).not.toHaveProperty('timingsMs');
  });

  it('detect mode with confirmations: the confirmed pupil id is reported, no distances', () => {
    const r = report({
      mode: 'detect',
      faces: [
        { box: [0, 0, 10, 10], score: 0.9 },
        { box: [20, 0, 10, 10], score: 0.9 },
        { box: [40, 0, 10, 10], score: 0.9 },
      ],
      confirmations: { 0: { kind: 'pupil', pupilId: 'P1' }, 1: { kind: 'adult' }, 2: { kind: 'cover' } },
    });
    const j = jsonRecord(r);
    expect(j.verdict).toBe('allow');
    expect(j.mode).toBe('detect');
    const fs = j.faces as Record<string, unknown>[];
    expect(fs.map((f) => [f.index, f.pupilId, f.status, f.basis])).toEqual([
      [1, 'P1', 'ok', 'confirmed'],
      [2, null, 'ok', 'adult'],
      [3, null, 'cover', 'uploader_cover'],
    ]);
    for (const f of fs) expect(f).not.toHaveProperty('distance');
    expect(j.cover).toEqual([3]);
  });

  it('photo reasons are passed through', () => {
    const j = jsonRecord(report({ mode: 'detect', faces: [] }));
    expect(j.verdict).toBe('hold');
    expect(j.faces).toEqual([]);
    expect(j.photoReasons).toEqual([expect.objectContaining({ reason: 'no_faces_unconfirmed' })]);
  });
});

describe('humanReport', () => {
  const face = (text: string, n: number) => text.split('\n').find((l) => l.trimStart().startsWith(`#${n} `)) ?? '';

  const langs = [
    {
      lang: 'en' as const,
      hold: 'HOLD',
      allow: 'ALLOW',
      faces4: '4 faces',
      reasons: ['recognition is not certain enough', 'matches no enrolled pupil', 'no consent for this channel'],
      coverFix: 'covering faces 2, 3, 4 would release it',
      noFaces: 'no faces found; confirm that the photo shows no people',
    },
    {
      lang: 'nl' as const,
      hold: 'TEGENHOUDEN',
      allow: 'VRIJGEVEN',
      faces4: '4 gezichten',
      reasons: ['herkenning is niet zeker genoeg', 'komt met geen ingeschreven leerling overeen', 'geen toestemming voor dit kanaal'],
      coverFix: 'gezichten 2, 3, 4 afdekken maakt vrijgeven mogelijk',
      noFaces: 'geen gezichten gevonden; bevestig dat er geen mensen op de foto staan',
    },
  ];

  describe.each(langs)('$lang', ({ lang, hold, allow, faces4, reasons, coverFix, noFaces }) => {
    const text = humanReport(recognized, lang, BY_ID);

    it('the first line names the file, size, face count, verdict word and channel', () => {
      const first = text.split('\n')[0]!;
      expect(first).toContain('klas7/schoolreis.jpg');
      expect(first).toContain('4000×3000');
      expect(first).toContain(faces4);
      expect(first).toContain(`→ ${hold} (website)`);
      expect(first).not.toContain(allow);
    });

    it('one line per face with its 1-based number, integer box and score', () => {
      expect(face(text, 1)).toContain('[10, 21, 51, 60]');
      expect(face(text, 2)).toContain('[300, 41, 80, 82]');
      expect(face(text, 3)).toContain('[1200, 901, 120, 120]');
      expect(face(text, 4)).toContain('[2001, 1500, 64, 64]');
      expect(face(text, 1)).toContain('0.99');
      expect(face(text, 2)).toContain('0.81');
    });

    it('each held face shows its reason; the ok face does not', () => {
      expect(face(text, 2)).toContain(reasons[0]);
      expect(face(text, 3)).toContain(reasons[1]);
      expect(face(text, 4)).toContain(reasons[2]);
      for (const r of reasons) expect(face(text, 1)).not.toContain(r);
      expect(face(text, 1)).toMatch(/ ok( |$)/);
    });

    it('names the recognised pupils; an uncertain guess is marked with "?"', () => {
      expect(face(text, 1)).toContain('P1 (Anna de Vries): ');
      expect(face(text, 2)).toContain('P2 (Bram Jansen)?: ');
      expect(face(text, 3)).not.toMatch(/P\d/);
      expect(face(text, 4)).toContain('P3 (Chloë van der Berg): ');
    });

    it('shows distances for matched and uncertain faces', () => {
      expect(face(text, 1)).toContain('d=0.10');
      expect(face(text, 2)).toContain('d=0.47');
      expect(face(text, 3)).not.toContain('d=');
    });

    it('says which faces to cover', () => {
      expect(text).toContain(coverFix);
    });

    it('an allowed photo shows the allow word and no cover advice', () => {
      const ok = humanReport(report({ mode: 'recognize', faces: [RECOGNIZE_FACES[0]!] }), lang, BY_ID);
      expect(ok.split('\n')[0]).toContain(`→ ${allow} (website)`);
      expect(ok.split('\n')).toHaveLength(2);
    });

    it('a photo reason is shown with its description', () => {
      const none = humanReport(report({ mode: 'detect', faces: [] }), lang, BY_ID);
      expect(none).toContain(hold);
      expect(none).toContain(`! ${noFaces}: `);
    });
  });

  it('en: one face is "1 face", a position prefix is shown', () => {
    const text = humanReport(report({ mode: 'recognize', faces: [RECOGNIZE_FACES[0]!] }), 'en', BY_ID, '2/5');
    expect(text.startsWith('[2/5] klas7/schoolreis.jpg')).toBe(true);
    expect(text.split('\n')[0]).toContain(' 1 face ');
  });

  it('nl: one face is "1 gezicht"', () => {
    const text = humanReport(report({ mode: 'recognize', faces: [RECOGNIZE_FACES[0]!] }), 'nl', BY_ID);
    expect(text.split('\n')[0]).toContain(' 1 gezicht ');
  });

  it.each([
    { lang: 'en' as const, advice: 'covering faces does not resolve it', covered: 'to cover' },
    { lang: 'nl' as const, advice: 'gezichten afdekken lost het niet op', covered: 'afdekken' },
  ])('$lang: when covering cannot help (stale list), says so; an uploader-covered face is marked', ({ lang, advice, covered }) => {
    const r = report({
      mode: 'detect',
      faces: [
        { box: [0, 0, 10, 10], score: 0.9 },
        { box: [20, 0, 10, 10], score: 0.9 },
      ],
      confirmations: { 1: { kind: 'cover' } },
      problems: [{ reason: 'consent_list_stale', message: 'imported 400 days ago' }],
    });
    const text = humanReport(r, lang, BY_ID);
    expect(text).toContain(advice);
    expect(text).toContain('imported 400 days ago');
    expect(face(text, 2)).toContain(covered);
  });

  it('a size is left out when unknown', () => {
    const r = { ...report({ mode: 'detect', faces: [] }), width: null, height: null };
    expect(humanReport(r, 'en', BY_ID).split('\n')[0]).not.toContain('×');
  });
});
