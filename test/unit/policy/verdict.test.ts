import { describe, expect, it } from 'vitest';
import type { Pupil } from '../../../src/consent/schema';
import {
  FACE_REASONS,
  PHOTO_REASONS,
  buildConsentIndex,
  decide,
  describeReason,
  type Box,
  type Confirmation,
  type DecideInput,
  type FaceBasis,
  type FaceInput,
  type FaceReason,
  type FaceStatus,
  type Match,
  type Mode,
  type PhotoProblem,
  type PhotoReason,
} from '../../../src/policy';
import { pupil, roster } from './helpers';

const CHANNELS = ['website', 'newsletter'];
const index = buildConsentIndex(
  roster(CHANNELS, [
    pupil('yes', { consent: { website: 'yes', newsletter: 'yes' } }),
    pupil('no', { consent: { website: 'no', newsletter: 'yes' } }),
    pupil('withdrawn', { consent: { website: 'withdrawn', newsletter: 'yes' } }),
    // Defensive: a record missing a channel (the schema would reject this) counts as no consent.
    pupil('missing', { consent: { newsletter: 'yes' } } as Partial<Pupil>),
  ]),
);

const box = (i: number): Box => [10 * i, 0, 8, 8];
const face = (i: number, match?: Match): FaceInput => (match ? { box: box(i), score: 0.9, match } : { box: box(i), score: 0.9 });
const matched = (pupilId: string): Match => ({ status: 'match', pupilId, distance: 0.2, runnerUp: null });
const uncertain = (pupilId: string): Match => ({
  status: 'uncertain',
  pupilId,
  distance: 0.42,
  runnerUp: { pupilId: 'no', distance: 0.45 },
});
const unknown: Match = { status: 'unknown', nearestDistance: 0.9 };
const asPupil = (pupilId: string): Confirmation => ({ kind: 'pupil', pupilId });
const ENGINE: PhotoProblem = { reason: 'engine_unavailable', message: 'self-test failed' };

type Expected = {
  verdict: 'allow' | 'hold';
  faces: [FaceStatus, FaceBasis | null, FaceReason | null, string | null][];
  photoReasons: PhotoReason[];
  cover: number[];
  coverFixesAll: boolean;
};

interface Case {
  name: string;
  channel?: string;
  mode: Mode;
  faces: FaceInput[];
  confirmations?: Record<number, Confirmation>;
  noFacesConfirmed?: boolean;
  problems?: PhotoProblem[];
  expected: Expected;
}

const cases: Case[] = [
  {
    name: 'detect mode, all confirmed pupils with consent → allow',
    mode: 'detect',
    faces: [face(0), face(1)],
    confirmations: { 0: asPupil('yes'), 1: asPupil('yes') },
    expected: {
      verdict: 'allow',
      faces: [
        ['ok', 'confirmed', null, 'yes'],
        ['ok', 'confirmed', null, 'yes'],
      ],
      photoReasons: [],
      cover: [],
      coverFixesAll: true,
    },
  },
  {
    name: 'one face without consent → hold, that face in cover, covering fixes all',
    mode: 'detect',
    faces: [face(0), face(1)],
    confirmations: { 0: asPupil('yes'), 1: asPupil('no') },
    expected: {
      verdict: 'hold',
      faces: [
        ['ok', 'confirmed', null, 'yes'],
        ['hold', 'confirmed', 'no_consent', 'no'],
      ],
      photoReasons: [],
      cover: [1],
      coverFixesAll: true,
    },
  },
  {
    name: 'consent missing for the channel counts as no consent',
    mode: 'detect',
    faces: [face(0)],
    confirmations: { 0: asPupil('missing') },
    expected: {
      verdict: 'hold',
      faces: [['hold', 'confirmed', 'no_consent', 'missing']],
      photoReasons: [],
      cover: [0],
      coverFixesAll: true,
    },
  },
  {
    name: 'consent is per channel: the same pupil is fine on another channel',
    channel: 'newsletter',
    mode: 'detect',
    faces: [face(0), face(1)],
    confirmations: { 0: asPupil('no'), 1: asPupil('withdrawn') },
    expected: {
      verdict: 'allow',
      faces: [
        ['ok', 'confirmed', null, 'no'],
        ['ok', 'confirmed', null, 'withdrawn'],
      ],
      photoReasons: [],
      cover: [],
      coverFixesAll: true,
    },
  },
  {
    name: 'withdrawn consent → hold withdrawn',
    mode: 'detect',
    faces: [face(0)],
    confirmations: { 0: asPupil('withdrawn') },
    expected: {
      verdict: 'hold',
      faces: [['hold', 'confirmed', 'withdrawn', 'withdrawn']],
      photoReasons: [],
      cover: [0],
      coverFixesAll: true,
    },
  },
  {
    name: 'adult confirmed → ok',
    mode: 'detect',
    faces: [face(0), face(1)],
    confirmations: { 0: { kind: 'adult' }, 1: asPupil('yes') },
    expected: {
      verdict: 'allow',
      faces: [
        ['ok', 'adult', null, null],
        ['ok', 'confirmed', null, 'yes'],
      ],
      photoReasons: [],
      cover: [],
      coverFixesAll: true,
    },
  },
  {
    name: 'uploader cover turns an otherwise held photo into allow, with the face in cover',
    mode: 'recognize',
    faces: [face(0, matched('yes')), face(1, matched('no'))],
    confirmations: { 1: { kind: 'cover' } },
    expected: {
      verdict: 'allow',
      faces: [
        ['ok', 'recognised', null, 'yes'],
        ['cover', 'uploader_cover', null, null],
      ],
      photoReasons: [],
      cover: [1],
      coverFixesAll: true,
    },
  },
  {
    name: 'pupil id not on the consent list → not_enrolled',
    mode: 'detect',
    faces: [face(0)],
    confirmations: { 0: asPupil('stranger') },
    expected: {
      verdict: 'hold',
      faces: [['hold', 'confirmed', 'not_enrolled', 'stranger']],
      photoReasons: [],
      cover: [0],
      coverFixesAll: true,
    },
  },
  {
    name: 'detect mode without confirmation → unconfirmed',
    mode: 'detect',
    faces: [face(0), face(1)],
    confirmations: { 0: asPupil('yes') },
    expected: {
      verdict: 'hold',
      faces: [
        ['ok', 'confirmed', null, 'yes'],
        ['hold', null, 'unconfirmed', null],
      ],
      photoReasons: [],
      cover: [1],
      coverFixesAll: true,
    },
  },
  {
    name: 'detect mode ignores a match that should not be there',
    mode: 'detect',
    faces: [face(0, matched('yes'))],
    expected: {
      verdict: 'hold',
      faces: [['hold', null, 'unconfirmed', null]],
      photoReasons: [],
      cover: [0],
      coverFixesAll: true,
    },
  },
  {
    name: 'zero faces without confirmation → hold',
    mode: 'detect',
    faces: [],
    expected: { verdict: 'hold', faces: [], photoReasons: ['no_faces_unconfirmed'], cover: [], coverFixesAll: false },
  },
  {
    name: 'zero faces, confirmed → allow',
    mode: 'recognize',
    faces: [],
    noFacesConfirmed: true,
    expected: { verdict: 'allow', faces: [], photoReasons: [], cover: [], coverFixesAll: true },
  },
  {
    name: 'zero faces: a confirmation for a non-existent face does not allow',
    mode: 'detect',
    faces: [],
    confirmations: { 0: { kind: 'adult' } },
    expected: { verdict: 'hold', faces: [], photoReasons: ['no_faces_unconfirmed'], cover: [], coverFixesAll: false },
  },
  {
    name: 'confirmation for an index that is not a face is ignored',
    mode: 'detect',
    faces: [face(0)],
    confirmations: { 1: asPupil('yes'), [-1]: asPupil('yes') },
    expected: {
      verdict: 'hold',
      faces: [['hold', null, 'unconfirmed', null]],
      photoReasons: [],
      cover: [0],
      coverFixesAll: true,
    },
  },
  {
    name: 'unknown channel → hold, every face held',
    channel: 'instagram',
    mode: 'detect',
    faces: [face(0), face(1), face(2)],
    confirmations: { 0: asPupil('yes'), 1: { kind: 'adult' }, 2: { kind: 'cover' } },
    expected: {
      verdict: 'hold',
      faces: [
        ['hold', 'confirmed', 'no_consent', 'yes'],
        ['hold', 'adult', 'no_consent', null],
        ['hold', 'uploader_cover', 'no_consent', null],
      ],
      photoReasons: ['unknown_channel'],
      cover: [0, 1, 2],
      coverFixesAll: false,
    },
  },
  {
    name: 'unknown channel holds even a photo confirmed to have no faces',
    channel: 'instagram',
    mode: 'detect',
    faces: [],
    noFacesConfirmed: true,
    expected: { verdict: 'hold', faces: [], photoReasons: ['unknown_channel'], cover: [], coverFixesAll: false },
  },
  {
    name: 'engine problem → hold even if every face is fine; faces still evaluated',
    mode: 'recognize',
    faces: [face(0, matched('yes')), face(1, matched('no'))],
    problems: [ENGINE],
    expected: {
      verdict: 'hold',
      faces: [
        ['ok', 'recognised', null, 'yes'],
        ['hold', 'recognised', 'no_consent', 'no'],
      ],
      photoReasons: ['engine_unavailable'],
      cover: [1],
      coverFixesAll: false,
    },
  },
  {
    name: 'problem with all faces fine → hold, nothing to cover',
    mode: 'detect',
    faces: [face(0)],
    confirmations: { 0: asPupil('yes') },
    problems: [{ reason: 'consent_list_stale', message: 'older than 30 days' }],
    expected: {
      verdict: 'hold',
      faces: [['ok', 'confirmed', null, 'yes']],
      photoReasons: ['consent_list_stale'],
      cover: [],
      coverFixesAll: false,
    },
  },
  {
    name: 'problem with zero confirmed faces → hold',
    mode: 'detect',
    faces: [],
    noFacesConfirmed: true,
    problems: [{ reason: 'analysis_failed', message: 'could not decode' }],
    expected: { verdict: 'hold', faces: [], photoReasons: ['analysis_failed'], cover: [], coverFixesAll: false },
  },
  {
    name: 'recognize mode: match with consent → allow',
    mode: 'recognize',
    faces: [face(0, matched('yes'))],
    expected: {
      verdict: 'allow',
      faces: [['ok', 'recognised', null, 'yes']],
      photoReasons: [],
      cover: [],
      coverFixesAll: true,
    },
  },
  {
    name: 'recognize mode: match without consent / withdrawn / not enrolled → hold',
    mode: 'recognize',
    faces: [face(0, matched('no')), face(1, matched('withdrawn')), face(2, matched('ghost'))],
    expected: {
      verdict: 'hold',
      faces: [
        ['hold', 'recognised', 'no_consent', 'no'],
        ['hold', 'recognised', 'withdrawn', 'withdrawn'],
        ['hold', 'recognised', 'not_enrolled', 'ghost'],
      ],
      photoReasons: [],
      cover: [0, 1, 2],
      coverFixesAll: true,
    },
  },
  {
    name: 'recognize mode: uncertain → hold with best guess, even if the guess has consent',
    mode: 'recognize',
    faces: [face(0, uncertain('yes'))],
    expected: {
      verdict: 'hold',
      faces: [['hold', null, 'uncertain', 'yes']],
      photoReasons: [],
      cover: [0],
      coverFixesAll: true,
    },
  },
  {
    name: 'recognize mode: unknown → hold unknown_person',
    mode: 'recognize',
    faces: [face(0, unknown)],
    expected: {
      verdict: 'hold',
      faces: [['hold', null, 'unknown_person', null]],
      photoReasons: [],
      cover: [0],
      coverFixesAll: true,
    },
  },
  {
    name: 'recognize mode: match missing → hold unconfirmed',
    mode: 'recognize',
    faces: [face(0)],
    expected: {
      verdict: 'hold',
      faces: [['hold', null, 'unconfirmed', null]],
      photoReasons: [],
      cover: [0],
      coverFixesAll: true,
    },
  },
  {
    name: 'recognize mode: confirmation overrides recognition (uncertain → confirmed)',
    mode: 'recognize',
    faces: [face(0, uncertain('no')), face(1, unknown)],
    confirmations: { 0: asPupil('yes'), 1: { kind: 'adult' } },
    expected: {
      verdict: 'allow',
      faces: [
        ['ok', 'confirmed', null, 'yes'],
        ['ok', 'adult', null, null],
      ],
      photoReasons: [],
      cover: [],
      coverFixesAll: true,
    },
  },
  {
    name: 'recognize mode: confirmation overrides recognition (match with consent → confirmed without)',
    mode: 'recognize',
    faces: [face(0, matched('yes'))],
    confirmations: { 0: asPupil('no') },
    expected: {
      verdict: 'hold',
      faces: [['hold', 'confirmed', 'no_consent', 'no']],
      photoReasons: [],
      cover: [0],
      coverFixesAll: true,
    },
  },
  {
    name: 'malformed confirmation confirms nothing',
    mode: 'detect',
    faces: [face(0), face(1)],
    confirmations: {
      0: { kind: 'pupil', pupilId: '' },
      1: { kind: 'everyone-consented' } as unknown as Confirmation,
    },
    expected: {
      verdict: 'hold',
      faces: [
        ['hold', null, 'unconfirmed', null],
        ['hold', null, 'unconfirmed', null],
      ],
      photoReasons: [],
      cover: [0, 1],
      coverFixesAll: true,
    },
  },
  {
    name: 'a face without a usable box cannot be covered → analysis_failed',
    mode: 'detect',
    faces: [{ box: [0, 0, 0, 8], score: 0.9 }, { box: [0, 0, NaN, 8], score: 0.9 }],
    confirmations: { 0: asPupil('yes'), 1: { kind: 'cover' } },
    expected: {
      verdict: 'hold',
      faces: [
        ['ok', 'confirmed', null, 'yes'],
        ['cover', 'uploader_cover', null, null],
      ],
      // One reason per unusable face.
      photoReasons: ['analysis_failed', 'analysis_failed'],
      cover: [1],
      coverFixesAll: false,
    },
  },
];

describe('decide', () => {
  it.each(cases)('$name', (c) => {
    const input: DecideInput = { channel: c.channel ?? 'website', mode: c.mode, faces: c.faces, index };
    if (c.confirmations) input.confirmations = c.confirmations;
    if (c.noFacesConfirmed !== undefined) input.noFacesConfirmed = c.noFacesConfirmed;
    if (c.problems) input.problems = c.problems;
    const result = decide(input);

    expect(result.verdict).toBe(c.expected.verdict);
    expect(result.channel).toBe(c.channel ?? 'website');
    expect(result.mode).toBe(c.mode);
    expect(result.faces.map((f) => [f.status, f.basis, f.reason, f.pupilId])).toEqual(c.expected.faces);
    expect(result.faces.map((f) => f.index)).toEqual(c.faces.map((_, i) => i));
    expect(result.photoReasons.map((p) => p.reason)).toEqual(c.expected.photoReasons);
    for (const p of result.photoReasons) expect(p.message.length).toBeGreaterThan(0);
    expect(result.cover).toEqual(c.expected.cover);
    expect(result.coverFixesAll).toBe(c.expected.coverFixesAll);
  });

  it('passes problems through with their messages, and copies boxes and scores', () => {
    const input: FaceInput = { box: [1, 2, 3, 4], score: 0.75 };
    const result = decide({ channel: 'website', mode: 'detect', faces: [input], index, problems: [ENGINE] });
    expect(result.photoReasons).toEqual([ENGINE]);
    expect(result.faces[0]).toMatchObject({ box: [1, 2, 3, 4], score: 0.75 });
    expect(result.faces[0]!.box).not.toBe(input.box);
  });

  it('noFacesConfirmed must be literally true', () => {
    const result = decide({
      channel: 'website',
      mode: 'detect',
      faces: [],
      index,
      noFacesConfirmed: 'yes' as unknown as boolean,
    });
    expect(result.verdict).toBe('hold');
  });

  it('a channel that only a pupil record (not the roster) mentions is unknown', () => {
    const odd = buildConsentIndex(
      roster(['website'], [pupil('p', { consent: { website: 'yes', flyer: 'yes' } })]),
    );
    const result = decide({
      channel: 'flyer',
      mode: 'detect',
      faces: [face(0)],
      index: odd,
      confirmations: { 0: asPupil('p') },
    });
    expect(result.verdict).toBe('hold');
    expect(result.photoReasons.map((p) => p.reason)).toEqual(['unknown_channel']);
  });

  it('prototype keys are not consent', () => {
    const result = decide({
      channel: 'constructor',
      mode: 'detect',
      faces: [face(0)],
      index,
      confirmations: { 0: asPupil('yes') },
    });
    expect(result.verdict).toBe('hold');
  });
});

describe('buildConsentIndex', () => {
  it('indexes channels and consent per pupil', () => {
    expect([...index.channels]).toEqual(CHANNELS);
    expect(index.pupils.get('withdrawn')?.get('website')).toBe('withdrawn');
    expect(index.pupils.get('missing')?.get('website')).toBeUndefined();
    expect(index.pupils.has('stranger')).toBe(false);
  });

  it('ignores invalid consent states and, for a duplicated pupil id, keeps the most restrictive state', () => {
    const odd = buildConsentIndex(
      roster(
        ['website', 'newsletter'],
        [
          pupil('dup', { consent: { website: 'yes', newsletter: 'yes' } }),
          pupil('dup', { consent: { website: 'withdrawn', newsletter: 'yes' } }),
          pupil('bad', { consent: { website: 'YES' } } as unknown as Partial<Pupil>),
        ],
      ),
    );
    expect(odd.pupils.get('dup')?.get('website')).toBe('withdrawn');
    expect(odd.pupils.get('dup')?.get('newsletter')).toBe('yes');
    expect(odd.pupils.get('bad')?.get('website')).toBeUndefined();
  });
});

describe('describeReason', () => {
  const reasons: (FaceReason | PhotoReason)[] = [...FACE_REASONS, ...PHOTO_REASONS];

  it('reason lists are complete and disjoint', () => {
    expect(FACE_REASONS).toHaveLength(6);
    expect(PHOTO_REASONS).toHaveLength(8);
    expect(new Set(reasons).size).toBe(14);
  });

  it.each(reasons)('%s has a Dutch and an English text', (reason) => {
    const nl = describeReason(reason, 'nl');
    const en = describeReason(reason, 'en');
    expect(nl.trim().length).toBeGreaterThan(0);
    expect(en.trim().length).toBeGreaterThan(0);
    expect(nl).not.toBe(en);
  });

  it.each(['nl', 'en'] as const)('every reason has its own text in %s', (lang) => {
    const texts = reasons.map((r) => describeReason(r, lang));
    expect(new Set(texts).size).toBe(reasons.length);
  });

  it('uses the agreed wording', () => {
    expect(describeReason('no_consent', 'en')).toBe('no consent for this channel');
    expect(describeReason('no_consent', 'nl')).toBe('geen toestemming voor dit kanaal');
    expect(describeReason('withdrawn', 'en')).toBe('consent withdrawn');
    expect(describeReason('withdrawn', 'nl')).toBe('toestemming ingetrokken');
    expect(describeReason('unknown_person', 'en')).toBe('matches no enrolled pupil');
    expect(describeReason('unknown_person', 'nl')).toBe('komt met geen ingeschreven leerling overeen');
  });
});
