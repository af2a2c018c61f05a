import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRoster } from '../../../src/consent/load';
import { ROSTER_FORMAT, RosterSchema, type Pupil, type Roster } from '../../../src/consent/schema';
import { channelLabel, planRelease, readRoster, reviewPupils, standingProblems, type ReleaseRequest, type StoredJob } from '../../../src/gate/plan';
import type { WireFrame } from '../../../src/messages/common';
import type { Match } from '../../../src/policy/match';
import type { Box, Confirmation, PhotoProblem } from '../../../src/policy/verdict';
import { DEFAULT_SETTINGS, readSettings } from '../../../src/settings/schema';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const DAY = 24 * 60 * 60 * 1000;
const IMPORTED = new Date('2026-01-10T08:00:00.000Z');
const NOW = IMPORTED.getTime() + 2 * DAY;

/** demo/roster.csv: 2001 Noor (website yes), 2002 Lotte (website no), 2003 Fenna (yes), 2004 Zoë (withdrawn), 2005 Daan (yes). */
function demoRoster(now = IMPORTED): Roster {
  const r = importRoster(readFileSync(join(ROOT, 'demo/roster.csv'), 'utf8'), 'roster.csv', { now });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.roster;
}
const ROSTER = demoRoster();

function pupil(id: string, givenName: string, familyName: string, group: string, consent: Record<string, 'yes' | 'no' | 'withdrawn'>, namePrefix = ''): Pupil {
  return { id, givenName, namePrefix, familyName, nicknames: [], group, consent, firstNameAllowed: {}, biometricConsent: false, descriptors: [] };
}

const box = (i: number): Box => [100 * i + 10, 50, 80, 90];
const face = (i: number, match?: Match): WireFrame['faces'][number] => (match ? { box: box(i), score: 0.95, match } : { box: box(i), score: 0.95 });
const photo = (...faces: WireFrame['faces']): WireFrame => ({ time: null, width: 1920, height: 1280, faces });
const asPupil = (pupilId: string): Confirmation => ({ kind: 'pupil', pupilId });

function job(overrides: Partial<StoredJob> = {}): StoredJob {
  return {
    jobId: 'job-0123456789',
    tabId: 7,
    frameId: 0,
    origin: 'https://school.example',
    channel: { id: 'website', label: 'website' },
    mode: 'detect',
    kind: 'image',
    blobUrl: 'blob:https://school.example/uuid',
    name: 'IMG_0001.JPG',
    mimeType: 'image/jpeg',
    sha256: 'ab'.repeat(32),
    frames: [photo(face(0), face(1))],
    problems: [],
    createdAt: NOW,
    ...overrides,
  };
}

function request(overrides: Partial<ReleaseRequest> = {}): ReleaseRequest {
  return { confirmations: {}, manualFaces: [], noFacesConfirmed: false, noHarmConfirmed: true, ...overrides };
}

describe('readRoster', () => {
  it('reports a missing list as consent_list_missing', () => {
    const r = readRoster(undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.reason).toBe('consent_list_missing');
      expect(r.problem.message).toContain('no consent list has been imported');
    }
  });

  it('reads a valid stored list, as stored', () => {
    expect(readRoster(JSON.parse(JSON.stringify(ROSTER)))).toEqual({ ok: true, roster: ROSTER });
  });

  it.each([
    ['a pupil without consent for a channel', { ...ROSTER, pupils: [{ ...ROSTER.pupils[0]!, consent: { website: 'yes', social: 'no' } }] }, 'pupils.0.consent'],
    ['an unknown consent value', { ...ROSTER, pupils: [{ ...ROSTER.pupils[0]!, consent: { ...ROSTER.pupils[0]!.consent, website: 'misschien' } }] }, 'pupils.0.consent.website'],
    ['a duplicate pupil id', { ...ROSTER, pupils: [ROSTER.pupils[0]!, ROSTER.pupils[0]!] }, 'pupils.1.id'],
    ['another format', { ...ROSTER, format: 'something-else' }, 'format'],
    ['no channels', { ...ROSTER, channels: [] }, 'channels'],
    ['no import date', { ...ROSTER, importedAt: 'yesterday' }, 'importedAt'],
    ['a string', 'roster', '(root)'],
    ['null', null, '(root)'],
  ])('reports an invalid list (%s) as a problem at %s, never as an empty roster', (_what, stored, path) => {
    const r = readRoster(stored);
    expect(r.ok).toBe(false);
    expect(r).not.toHaveProperty('roster');
    if (r.ok) return;
    expect(r.problem.reason).toBe('consent_list_missing');
    expect(r.problem.message).toContain(`the stored consent list is invalid at ${path}:`);
  });

  it('refuses an empty object rather than reading it as a list without pupils', () => {
    expect(readRoster({}).ok).toBe(false);
    expect(readRoster({ ...ROSTER, pupils: undefined }).ok).toBe(false);
  });
});

const MAX_LIST_AGE_DAYS = DEFAULT_SETTINGS.maxListAgeDays;

describe('standingProblems', () => {
  const settings = readSettings(undefined);
  const roster = readRoster(ROSTER);

  it('finds none for valid settings and a fresh list', () => {
    expect(standingProblems(settings, roster, NOW)).toEqual([]);
  });

  it(`accepts a list exactly ${MAX_LIST_AGE_DAYS} days old and holds one a minute older`, () => {
    expect(standingProblems(settings, roster, IMPORTED.getTime() + MAX_LIST_AGE_DAYS * DAY)).toEqual([]);
    const problems = standingProblems(settings, roster, IMPORTED.getTime() + MAX_LIST_AGE_DAYS * DAY + 60_000);
    expect(problems.map((p) => p.reason)).toEqual(['consent_list_stale']);
    expect(problems[0]!.message).toContain(`imported ${MAX_LIST_AGE_DAYS} days ago`);
  });

  it("uses the admin's maximum age", () => {
    const strict = readSettings({ ...DEFAULT_SETTINGS, maxListAgeDays: 7 });
    expect(standingProblems(strict, roster, IMPORTED.getTime() + 8 * DAY).map((p) => p.reason)).toEqual(['consent_list_stale']);
    expect(standingProblems(strict, roster, IMPORTED.getTime() + 6 * DAY)).toEqual([]);
  });

  it('holds a list imported half a year ago', () => {
    const problems = standingProblems(settings, roster, IMPORTED.getTime() + 183 * DAY);
    expect(problems).toEqual([{ reason: 'consent_list_stale', message: expect.stringContaining('183 days ago') }]);
  });

  it('reports invalid settings with their problem', () => {
    const bad = readSettings({ ...DEFAULT_SETTINGS, match: { threshold: 0.9, margin: 0.08 } });
    const problems = standingProblems(bad, roster, NOW);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.reason).toBe('settings_invalid');
    expect(problems[0]!.message).toContain('match.threshold');
  });

  it('reports a missing list, and both problems together', () => {
    const bad = readSettings({ version: 2 });
    expect(standingProblems(settings, readRoster(undefined), NOW).map((p) => p.reason)).toEqual(['consent_list_missing']);
    expect(standingProblems(bad, readRoster(undefined), NOW).map((p) => p.reason)).toEqual(['settings_invalid', 'consent_list_missing']);
  });
});

describe('reviewPupils', () => {
  it('gives each pupil their consent for this channel only', () => {
    const pupils = reviewPupils(ROSTER, 'website');
    expect(pupils.map((p) => [p.id, p.consent])).toEqual([
      ['2005', 'yes'], // Daan van der Berg
      ['2003', 'yes'], // Fenna van Dijk
      ['2002', 'no'], // Lotte de Vries
      ['2001', 'yes'], // Noor Jansen
      ['2004', 'withdrawn'], // Zoë Bakker
    ]);
    expect(reviewPupils(ROSTER, 'social').find((p) => p.id === '2001')?.consent).toBe('no');
    expect(pupils.find((p) => p.id === '2005')).toEqual({ id: '2005', name: 'Daan van der Berg', group: '8B', consent: 'yes' });
  });

  it('sorts by group, then by name, the Dutch way', () => {
    const roster: Roster = {
      ...ROSTER,
      channels: [{ id: 'website', label: 'Website' }],
      pupils: [
        pupil('1', 'Sem', 'Visser', '8B', { website: 'yes' }),
        pupil('2', 'Émile', 'Smit', '7A', { website: 'no' }),
        pupil('3', 'Anna', 'Berg', '8A', { website: 'yes' }, 'van den'),
        pupil('4', 'Eva', 'Mulder', '7A', { website: 'withdrawn' }),
        pupil('5', 'Bram', 'Dekker', '8B', { website: 'yes' }),
        pupil('6', 'adam', 'Kok', '7A', { website: 'yes' }),
      ],
    };
    expect(RosterSchema.safeParse(roster).success).toBe(true);
    expect(reviewPupils(roster, 'website').map((p) => `${p.group} ${p.name}`)).toEqual([
      '7A adam Kok',
      '7A Émile Smit',
      '7A Eva Mulder',
      '8A Anna van den Berg',
      '8B Bram Dekker',
      '8B Sem Visser',
    ]);
  });

  it("says 'unknown' for a channel the pupil has nothing recorded for", () => {
    expect(reviewPupils(ROSTER, 'intranet').map((p) => p.consent)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
    // A roster that bypassed the schema: one pupil lacks the channel.
    const partial = { ...ROSTER, pupils: [pupil('9', 'Ties', 'Bos', '1', { social: 'yes' })] } as Roster;
    expect(reviewPupils(partial, 'website')).toEqual([{ id: '9', name: 'Ties Bos', group: '1', consent: 'unknown' }]);
  });

  it('never hands out more than id, name, group and consent', () => {
    for (const p of reviewPupils(ROSTER, 'website')) expect(Object.keys(p).sort()).toEqual(['consent', 'group', 'id', 'name']);
  });
});

describe('channelLabel', () => {
  it("is the roster's label, or the id", () => {
    const roster: Roster = { ...ROSTER, channels: ROSTER.channels.map((c) => (c.id === 'social' ? { ...c, label: 'Sociale media' } : c)) };
    expect(channelLabel(roster, 'social')).toBe('Sociale media');
    expect(channelLabel(roster, 'intranet')).toBe('intranet');
    expect(channelLabel(null, 'social')).toBe('social');
  });
});

interface Case {
  name: string;
  job?: Partial<StoredJob>;
  request?: Partial<ReleaseRequest>;
  roster?: Roster | null;
  ok: boolean;
  covers?: Box[];
  reasons?: string[];
  verdict?: 'allow' | 'hold' | null;
}

const ENGINE: PhotoProblem = { reason: 'engine_unavailable', message: 'the face model did not load' };
const matched = (pupilId: string): Match => ({ status: 'match', pupilId, distance: 0.3, runnerUp: null });

const CASES: Case[] = [
  {
    name: 'all faces confirmed as pupils with consent → ok, nothing covered',
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2003') } },
    ok: true,
    covers: [],
    verdict: 'allow',
  },
  {
    name: 'an adult and a pupil with consent → ok, nothing covered',
    request: { confirmations: { 0: { kind: 'adult' }, 1: asPupil('2005') } },
    ok: true,
    covers: [],
    verdict: 'allow',
  },
  {
    name: 'a pupil without consent → ok, that face covered',
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2002') } },
    ok: true,
    covers: [box(1)],
    verdict: 'hold',
  },
  {
    name: 'a pupil whose consent was withdrawn → ok, that face covered',
    request: { confirmations: { 0: asPupil('2004'), 1: asPupil('2003') } },
    ok: true,
    covers: [box(0)],
    verdict: 'hold',
  },
  {
    name: 'a pupil not on the list → covered',
    request: { confirmations: { 0: asPupil('9999'), 1: asPupil('2003') } },
    ok: true,
    covers: [box(0)],
  },
  {
    name: 'an unconfirmed face → covered',
    request: { confirmations: { 1: asPupil('2003') } },
    ok: true,
    covers: [box(0)],
  },
  {
    name: 'the uploader chose to cover a face with consent → covered',
    request: { confirmations: { 0: { kind: 'cover' }, 1: asPupil('2003') } },
    ok: true,
    covers: [box(0)],
    verdict: 'allow',
  },
  {
    name: 'consent on another channel does not count (Noor: website yes, social no)',
    job: { channel: { id: 'social', label: 'social' } },
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2003') } },
    ok: true,
    covers: [box(0)],
  },
  {
    name: 'no confirmation that the photo does no harm → refused, not_reviewed',
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2003') }, noHarmConfirmed: false },
    ok: false,
    reasons: ['not_reviewed'],
    verdict: 'hold',
  },
  {
    name: 'no faces, not confirmed → refused',
    job: { frames: [photo()] },
    ok: false,
    reasons: ['no_faces_unconfirmed'],
  },
  {
    name: 'no faces, confirmed → ok',
    job: { frames: [photo()] },
    request: { noFacesConfirmed: true },
    ok: true,
    covers: [],
    verdict: 'allow',
  },
  {
    name: 'no faces, confirmed, but no harm confirmation → refused',
    job: { frames: [photo()] },
    request: { noFacesConfirmed: true, noHarmConfirmed: false },
    ok: false,
    reasons: ['not_reviewed'],
  },
  {
    name: 'the engine was unavailable → refused, whatever the uploader confirmed',
    job: { problems: [ENGINE], frames: [] },
    request: { noFacesConfirmed: true },
    ok: false,
    reasons: ['engine_unavailable'],
  },
  {
    name: 'a stored job problem holds even when every face is accounted for',
    job: { problems: [{ reason: 'consent_list_stale', message: 'old' }] },
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2003') } },
    ok: false,
    reasons: ['consent_list_stale'],
  },
  {
    name: 'photo problems and held faces are all reported',
    job: { problems: [ENGINE] },
    request: { confirmations: { 0: asPupil('2002') }, noHarmConfirmed: false },
    ok: false,
    reasons: ['engine_unavailable', 'not_reviewed', 'no_consent', 'unconfirmed'],
  },
  {
    name: 'a channel the consent list does not know → refused',
    job: { channel: { id: 'unknown', label: '?' } },
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2003') } },
    ok: false,
    reasons: ['unknown_channel', 'no_consent', 'no_consent'],
  },
  {
    name: 'a video with every face accounted for → ok',
    job: { kind: 'video', frames: [{ ...photo(face(0)), time: 0 }, { ...photo(face(1)), time: 2.5 }] },
    request: { confirmations: { 0: asPupil('2003'), 1: asPupil('2005') } },
    ok: true,
    covers: [],
  },
  {
    name: 'a video with a face that needs cover → refused, video_cover_unavailable',
    job: { kind: 'video', frames: [{ ...photo(face(0)), time: 0 }, { ...photo(face(1)), time: 2.5 }] },
    request: { confirmations: { 0: asPupil('2003'), 1: asPupil('2002') } },
    ok: false,
    reasons: ['video_cover_unavailable'],
  },
  {
    name: 'a video where the uploader chose to cover a face → refused too',
    job: { kind: 'video', frames: [{ ...photo(face(0)), time: 0 }] },
    request: { confirmations: { 0: { kind: 'cover' } } },
    ok: false,
    reasons: ['video_cover_unavailable'],
  },
  {
    name: 'a manual face on a frame that does not exist → refused',
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2003') }, manualFaces: [{ frame: 1, box: [5, 5, 40, 40] }] },
    ok: false,
    reasons: ['analysis_failed'],
    verdict: null,
  },
  {
    name: 'a manual face, unconfirmed → covered like any other',
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2003') }, manualFaces: [{ frame: 0, box: [5, 5, 40, 40] }] },
    ok: true,
    covers: [[5, 5, 40, 40]],
  },
  {
    name: 'a manual face confirmed as a pupil with consent (flat index 2) → nothing covered',
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2003'), 2: asPupil('2005') }, manualFaces: [{ frame: 0, box: [5, 5, 40, 40] }] },
    ok: true,
    covers: [],
  },
  {
    name: 'a manual face on the second video frame comes after that frame’s detected faces',
    job: { kind: 'video', frames: [{ ...photo(face(0)), time: 0 }, { ...photo(face(1)), time: 1 }] },
    // Flat order: 0 = frame 0 detected, 1 = frame 1 detected, 2 = frame 1 manual.
    request: { confirmations: { 0: asPupil('2003'), 1: asPupil('2005'), 2: asPupil('2001') }, manualFaces: [{ frame: 1, box: [5, 5, 40, 40] }] },
    ok: true,
    covers: [],
  },
  {
    name: 'confirmations with out-of-range indices are ignored',
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2003'), 2: asPupil('2005'), 99: { kind: 'adult' } } },
    ok: true,
    covers: [],
    verdict: 'allow',
  },
  {
    name: 'an out-of-range confirmation does not account for a face',
    job: { frames: [photo(face(0))] },
    request: { confirmations: { 1: asPupil('2003') } },
    ok: true,
    covers: [box(0)],
  },
  {
    name: 'no consent list → refused',
    request: { confirmations: { 0: asPupil('2001'), 1: asPupil('2003') } },
    roster: null,
    ok: false,
    reasons: ['consent_list_missing'],
    verdict: null,
  },
  {
    name: 'recognize mode: faces matched to pupils with consent → ok without any confirmation',
    job: { mode: 'recognize', frames: [photo(face(0, matched('2001')), face(1, matched('2005')))] },
    ok: true,
    covers: [],
    verdict: 'allow',
  },
  {
    name: 'recognize mode: a face matched to a pupil without consent → covered',
    job: { mode: 'recognize', frames: [photo(face(0, matched('2001')), face(1, matched('2004')))] },
    ok: true,
    covers: [box(1)],
  },
  {
    name: 'recognize mode: uncertain and unknown faces → covered',
    job: {
      mode: 'recognize',
      frames: [photo(face(0, { status: 'uncertain', pupilId: '2003', distance: 0.47, runnerUp: null }), face(1, { status: 'unknown', nearestDistance: 0.9 }))],
    },
    ok: true,
    covers: [box(0), box(1)],
  },
  {
    name: 'recognize mode: a confirmation overrides the match',
    job: { mode: 'recognize', frames: [photo(face(0, matched('2003')), face(1, matched('2005')))] },
    request: { confirmations: { 0: asPupil('2002') } },
    ok: true,
    covers: [box(0)],
  },
  {
    name: 'detect mode ignores a match on the face',
    job: { mode: 'detect', frames: [photo(face(0, matched('2003')))] },
    ok: true,
    covers: [box(0)],
  },
];

describe('planRelease', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const plan = planRelease(job(c.job), request(c.request), c.roster === undefined ? ROSTER : c.roster);
    expect(plan.ok).toBe(c.ok);
    if (plan.ok) {
      expect(plan.covers).toEqual(c.covers);
      expect(plan.verdict.verdict === 'allow' || plan.verdict.coverFixesAll).toBe(true);
    } else {
      expect(plan.reasons).toEqual(c.reasons);
    }
    if (c.verdict !== undefined) expect(plan.verdict?.verdict ?? null).toBe(c.verdict);
  });

  it('covers exactly the faces it says are not ok, in face order', () => {
    const plan = planRelease(
      job({ frames: [photo(face(0), face(1), face(2), face(3))] }),
      request({ confirmations: { 0: asPupil('2002'), 1: asPupil('2003'), 3: asPupil('2004') } }),
      ROSTER,
    );
    expect(plan).toMatchObject({ ok: true, covers: [box(0), box(2), box(3)] });
    if (plan.ok) {
      expect(plan.verdict.cover).toEqual([0, 2, 3]);
      expect(plan.verdict.faces.map((f) => f.reason)).toEqual(['no_consent', null, 'unconfirmed', 'withdrawn']);
    }
  });

  it('decides from the roster it is given: a withdrawal after the check applies', () => {
    const withdrawn: Roster = { ...ROSTER, pupils: ROSTER.pupils.map((p) => (p.id === '2003' ? { ...p, consent: { ...p.consent, website: 'withdrawn' } } : p)) };
    const req = request({ confirmations: { 0: asPupil('2001'), 1: asPupil('2003') } });
    expect(planRelease(job(), req, ROSTER)).toMatchObject({ ok: true, covers: [] });
    expect(planRelease(job(), req, withdrawn)).toMatchObject({ ok: true, covers: [box(1)] });
  });

  it('does not change the stored job', () => {
    const stored = job({ problems: [ENGINE] });
    const before = structuredClone(stored);
    planRelease(stored, request({ noHarmConfirmed: false }), ROSTER);
    expect(stored).toEqual(before);
  });

  it('uses a roster built without the CSV importer the same way', () => {
    const roster: Roster = {
      format: ROSTER_FORMAT,
      version: 1,
      importedAt: IMPORTED.toISOString(),
      source: { kind: 'json', name: 'roster.json' },
      channels: [{ id: 'nieuwsbrief', label: 'Nieuwsbrief' }],
      pupils: [pupil('a', 'Ada', 'Kok', '3', { nieuwsbrief: 'yes' }), pupil('b', 'Bo', 'Kok', '3', { nieuwsbrief: 'no' })],
    };
    expect(RosterSchema.safeParse(roster).success).toBe(true);
    const plan = planRelease(job({ channel: { id: 'nieuwsbrief', label: 'Nieuwsbrief' } }), request({ confirmations: { 0: asPupil('a'), 1: asPupil('b') } }), roster);
    expect(plan).toMatchObject({ ok: true, covers: [box(1)] });
  });
});

describe('planRelease with an override', () => {
  const REASON = 'Ouders gaven op 3 maart per e-mail toestemming voor deze foto.';
  const ALLOWED = { allowOverride: true, staffName: 'juf Anna' };
  const withOverride = (overrides: Partial<ReleaseRequest> = {}, reason = REASON): ReleaseRequest => request({ ...overrides, override: { reason } });

  it('releases the faces without consent uncovered, covering only own covers and withdrawn faces', () => {
    const plan = planRelease(
      job({ frames: [photo(face(0), face(1), face(2), face(3))] }),
      withOverride({ confirmations: { 0: asPupil('2002'), 1: asPupil('2001'), 2: { kind: 'cover' }, 3: asPupil('2004') } }, `   ${REASON}  \n`),
      ROSTER,
      ALLOWED,
    );
    expect(plan).toMatchObject({ ok: true, covers: [box(2), box(3)], override: { reason: REASON, scope: { ok: true, release: [0], cover: [2, 3], reasons: ['no_consent'] } } });
  });

  it('leaves unanswered faces visible too (nobody confirmed who they are)', () => {
    const plan = planRelease(job(), withOverride(), ROSTER, ALLOWED);
    expect(plan).toMatchObject({ ok: true, covers: [], override: { scope: { release: [0, 1], reasons: ['unconfirmed'] } } });
  });

  it('is refused where the policy forbids overrides (the default)', () => {
    const req = withOverride({ confirmations: { 0: asPupil('2002'), 1: asPupil('2001') } });
    expect(planRelease(job(), req, ROSTER)).toMatchObject({ ok: false, reasons: ['override_forbidden'], verdict: { verdict: 'hold' } });
    expect(planRelease(job(), req, ROSTER, { allowOverride: false })).toMatchObject({ ok: false, reasons: ['override_forbidden'] });
  });

  it('is refused without a staff name: the log must say who set the hold aside', () => {
    const req = withOverride({ confirmations: { 0: asPupil('2002'), 1: asPupil('2001') } });
    expect(planRelease(job(), req, ROSTER, { allowOverride: true })).toMatchObject({ ok: false, reasons: ['override_needs_name'] });
    expect(planRelease(job(), req, ROSTER, { allowOverride: true, staffName: '   ' })).toMatchObject({ ok: false, reasons: ['override_needs_name'] });
  });

  it('is refused when the trimmed reason is shorter than the minimum', () => {
    const confirmations = { 0: asPupil('2002'), 1: asPupil('2001') };
    expect(planRelease(job(), withOverride({ confirmations }, `  ${'x'.repeat(19)}        `), ROSTER, ALLOWED)).toMatchObject({ ok: false, reasons: ['override_reason_too_short'] });
    expect(planRelease(job(), withOverride({ confirmations }, ''), ROSTER, ALLOWED)).toMatchObject({ ok: false, reasons: ['override_reason_too_short'] });
    expect(planRelease(job(), withOverride({ confirmations }, 'x'.repeat(20)), ROSTER, ALLOWED)).toMatchObject({ ok: true, covers: [] });
  });

  it('never releases a withdrawn face: alone it leaves nothing to override', () => {
    const plan = planRelease(job(), withOverride({ confirmations: { 0: asPupil('2004'), 1: asPupil('2001') } }), ROSTER, ALLOWED);
    expect(plan).toMatchObject({ ok: false, reasons: ['withdrawn', 'nothing_to_override'] });
  });

  it('refuses an override with nothing on hold', () => {
    const plan = planRelease(job(), withOverride({ confirmations: { 0: asPupil('2001'), 1: { kind: 'adult' } } }), ROSTER, ALLOWED);
    expect(plan).toMatchObject({ ok: false, reasons: ['nothing_to_override'] });
  });

  it.each([
    ['the harm check not ticked', {}, { noHarmConfirmed: false }, 'not_reviewed'],
    ['a stale consent list', { problems: [{ reason: 'consent_list_stale', message: 'old' }] }, {}, 'consent_list_stale'],
    ['the engine unavailable', { problems: [{ reason: 'engine_unavailable', message: 'x' }] }, {}, 'engine_unavailable'],
    ['invalid settings', { problems: [{ reason: 'settings_invalid', message: 'x' }] }, {}, 'settings_invalid'],
    ['an unknown channel', { channel: { id: 'intranet', label: 'intranet' } }, {}, 'unknown_channel'],
  ] as [string, Partial<StoredJob>, Partial<ReleaseRequest>, string][])('never overrides a photo problem: %s', (_what, jobOverrides, requestOverrides, reason) => {
    const plan = planRelease(job(jobOverrides), withOverride({ confirmations: { 0: asPupil('2002'), 1: asPupil('2001') }, ...requestOverrides }), ROSTER, ALLOWED);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reasons).toContain(reason);
  });

  it('refuses without a consent list at all', () => {
    expect(planRelease(job(), withOverride(), null, ALLOWED)).toEqual({ ok: false, verdict: null, reasons: ['consent_list_missing'] });
  });

  it('a video: faces without consent may stay visible, but a withdrawn face (which cannot be covered) blocks it', () => {
    const video = job({ kind: 'video', mimeType: 'video/mp4', frames: [{ ...photo(face(0)), time: 0 }, { ...photo(face(1)), time: 2 }] });
    expect(planRelease(video, withOverride({ confirmations: { 0: asPupil('2002'), 1: asPupil('2001') } }), ROSTER, ALLOWED)).toMatchObject({ ok: true, covers: [] });
    expect(planRelease(video, withOverride({ confirmations: { 0: asPupil('2002'), 1: asPupil('2004') } }), ROSTER, ALLOWED)).toMatchObject({
      ok: false,
      reasons: ['no_consent', 'withdrawn', 'video_cover_unavailable'],
    });
  });

  it('without an override nothing changes, whatever the policy', () => {
    const req = request({ confirmations: { 0: asPupil('2002'), 1: asPupil('2001') } });
    const plain = planRelease(job(), req, ROSTER);
    expect(planRelease(job(), req, ROSTER, ALLOWED)).toEqual(plain);
    expect(plain).toMatchObject({ ok: true, covers: [box(0)] });
    expect(plain.ok && plain.override).toBeFalsy();
  });
});
