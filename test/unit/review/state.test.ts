import { describe, expect, it } from 'vitest';
import { decide, type PhotoProblem } from '../../../src/policy/verdict';
import { flattenFaces, type ReviewDecision, type ReviewInput } from '../../../src/review/model';
import {
  canRelease,
  cancelDecision,
  currentVerdict,
  detectedKey,
  faceTone,
  initialReviewState,
  manualKey,
  overrideBlocker,
  overrideDecision,
  overrideOffer,
  primaryAction,
  releaseBlocker,
  releaseDecision,
  reviewConsentIndex,
  reviewReducer,
  summarize,
  type ReviewAction,
  type ReviewState,
} from '../../../src/review/state';
import { PUPILS, face, matched, photo, uncertain, unknown, video } from './helpers';

const run = (input: ReviewInput, ...actions: ReviewAction[]): ReviewState =>
  actions.reduce(reviewReducer, initialReviewState(input));
const pupil = (face: string, pupilId: string): ReviewAction => ({ type: 'assign', face, choice: { kind: 'pupil', pupilId } });
const adult = (face: string): ReviewAction => ({ type: 'assign', face, choice: { kind: 'adult' } });
const cover = (face: string): ReviewAction => ({ type: 'assign', face, choice: { kind: 'cover' } });
const clear = (face: string): ReviewAction => ({ type: 'assign', face, choice: { kind: 'clear' } });
const NO_HARM: ReviewAction = { type: 'toggleNoHarm' };
const d = detectedKey;

/** What the background does with a decision: rebuild the flat faces and ask the policy again. */
function recheck(input: ReviewInput, decision: ReviewDecision) {
  const flat = flattenFaces(input.frames, decision.manualFaces);
  return decide({
    channel: input.channel.id,
    mode: input.mode,
    faces: flat.map((f) => (f.match ? { box: f.box, score: f.score, match: f.match } : { box: f.box, score: f.score })),
    index: reviewConsentIndex(input),
    confirmations: decision.confirmations,
    noFacesConfirmed: decision.noFacesConfirmed,
    problems: input.problems,
  });
}

describe('initialReviewState', () => {
  it('starts unconfirmed, unticked, on the first face that holds the photo', () => {
    const input = photo([face(0, matched('p-noor')), face(1, unknown)], { mode: 'recognize' });
    const s = initialReviewState(input);
    expect(s).toMatchObject({ assignments: {}, manual: [], selected: d(0, 1), frame: 0, search: '', group: '' });
    expect(s.noHarmConfirmed).toBe(false);
    expect(s.noFacesConfirmed).toBe(false);
  });

  it('selects nothing when there are no faces', () => {
    expect(initialReviewState(photo([])).selected).toBeNull();
  });
});

describe('reviewReducer', () => {
  const input = photo([face(0), face(1), face(2)]);

  it('assigns a pupil, an adult, a cover, and clears again', () => {
    let s = run(input, pupil(d(0, 0), 'p-noor'), adult(d(0, 1)), cover(d(0, 2)));
    expect(s.assignments).toEqual({
      [d(0, 0)]: { kind: 'pupil', pupilId: 'p-noor' },
      [d(0, 1)]: { kind: 'adult' },
      [d(0, 2)]: { kind: 'cover' },
    });
    s = reviewReducer(s, clear(d(0, 1)));
    expect(s.assignments[d(0, 1)]).toBeUndefined();
    s = reviewReducer(s, adult(d(0, 0)));
    expect(s.assignments[d(0, 0)]).toEqual({ kind: 'adult' });
  });

  it('ignores assignments to faces that do not exist and empty pupil ids', () => {
    const s0 = initialReviewState(input);
    expect(reviewReducer(s0, adult(d(0, 3)))).toBe(s0);
    expect(reviewReducer(s0, adult(d(1, 0)))).toBe(s0);
    expect(reviewReducer(s0, adult('m:1'))).toBe(s0);
    expect(reviewReducer(s0, adult('nonsense'))).toBe(s0);
    expect(reviewReducer(s0, pupil(d(0, 0), ''))).toBe(s0);
  });

  it('refuses a cover when covering is not possible (videos)', () => {
    const v = video([[face(0)]]);
    const s0 = initialReviewState(v);
    expect(reviewReducer(s0, cover(d(0, 0)))).toBe(s0);
    expect(reviewReducer(s0, adult(d(0, 0))).assignments[d(0, 0)]).toEqual({ kind: 'adult' });
  });

  it('selects a face, switching to its frame and clearing the search', () => {
    const v = video([[face(0)], [face(1), face(2)]]);
    let s = run(v, { type: 'search', text: 'no' }, { type: 'group', group: '7' });
    expect(s.search).toBe('no');
    s = reviewReducer(s, { type: 'select', face: d(1, 1) });
    expect(s).toMatchObject({ selected: d(1, 1), frame: 1, search: '', group: '7' });
    expect(reviewReducer(s, { type: 'select', face: d(5, 0) })).toBe(s);
    expect(reviewReducer(s, { type: 'select', face: null }).selected).toBeNull();
  });

  it('shows another frame and selects its first face unless the selection is on it', () => {
    const v = video([[face(0)], [face(1), face(2)]]);
    let s = reviewReducer(initialReviewState(v), { type: 'showFrame', frame: 1 });
    expect(s).toMatchObject({ frame: 1, selected: d(1, 0) });
    s = reviewReducer(s, { type: 'select', face: d(1, 1) });
    s = reviewReducer(s, { type: 'showFrame', frame: 0 });
    expect(s).toMatchObject({ frame: 0, selected: d(0, 0) });
    expect(reviewReducer(s, { type: 'showFrame', frame: 9 })).toBe(s);
  });

  it('adds a manual face: clipped to the frame, whole pixels, selected, and at least 8 px', () => {
    const s0 = initialReviewState(input);
    const s = reviewReducer({ ...s0, noFacesConfirmed: true }, { type: 'addManualFace', frame: 0, box: [634.4, 470, 30, 30] });
    expect(s.manual).toEqual([]);
    const t = reviewReducer({ ...s0, noFacesConfirmed: true }, { type: 'addManualFace', frame: 0, box: [620.4, 460.2, 40, 40] });
    expect(t.manual).toEqual([{ id: 1, frame: 0, box: [620, 460, 20, 20] }]);
    expect(t).toMatchObject({ selected: manualKey(1), noFacesConfirmed: false });
    // Dragged up and to the left.
    const u = reviewReducer(s0, { type: 'addManualFace', frame: 0, box: [100, 100, -50, -40] });
    expect(u.manual[0]!.box).toEqual([50, 60, 50, 40]);
    expect(reviewReducer(s0, { type: 'addManualFace', frame: 0, box: [10, 10, 7, 50] })).toBe(s0);
    expect(reviewReducer(s0, { type: 'addManualFace', frame: 1, box: [10, 10, 50, 50] })).toBe(s0);
    expect(reviewReducer(s0, { type: 'addManualFace', frame: 0, box: [NaN, 10, 50, 50] })).toBe(s0);
  });

  it('keeps confirmations on the right face when a manual face is removed', () => {
    let s = run(
      input,
      { type: 'addManualFace', frame: 0, box: [10, 300, 40, 40] },
      { type: 'addManualFace', frame: 0, box: [100, 300, 40, 40] },
      adult(manualKey(1)),
      pupil(manualKey(2), 'p-noor'),
    );
    s = reviewReducer(s, { type: 'removeManualFace', face: manualKey(1) });
    expect(s.manual.map((m) => m.id)).toEqual([2]);
    expect(s.assignments).toEqual({ [manualKey(2)]: { kind: 'pupil', pupilId: 'p-noor' } });
    // Ids are never reused.
    s = reviewReducer(s, { type: 'addManualFace', frame: 0, box: [200, 300, 40, 40] });
    expect(s.manual.map((m) => m.id)).toEqual([2, 3]);
    expect(reviewReducer(s, { type: 'removeManualFace', face: d(0, 0) })).toBe(s);
    const v = currentVerdict(input, s);
    expect(v.faces[3]).toMatchObject({ status: 'ok', pupilId: 'p-noor' });
    expect(v.faces[4]).toMatchObject({ status: 'hold', reason: 'unconfirmed', score: 1 });
  });

  it('toggles the two checks', () => {
    const s = run(input, NO_HARM, { type: 'toggleNoFaces' });
    expect(s).toMatchObject({ noHarmConfirmed: true, noFacesConfirmed: true });
    expect(reviewReducer(s, NO_HARM).noHarmConfirmed).toBe(false);
  });
});

describe('currentVerdict and canRelease', () => {
  const three = photo([face(0), face(1), face(2)]);

  it('allows a photo where every face is a pupil with consent', () => {
    const s = run(photo([face(0), face(1)]), pupil(d(0, 0), 'p-noor'), pupil(d(0, 1), 'p-lotte'));
    const v = currentVerdict(photo([face(0), face(1)]), s);
    expect(v.verdict).toBe('allow');
    expect(v.cover).toEqual([]);
    expect(canRelease(photo([face(0), face(1)]), s)).toBe(false); // the harm check is not ticked yet
    expect(releaseBlocker(photo([face(0), face(1)]), s)).toBe('noHarm');
    const ticked = reviewReducer(s, NO_HARM);
    expect(canRelease(photo([face(0), face(1)]), ticked)).toBe(true);
    expect(primaryAction(photo([face(0), face(1)]), currentVerdict(photo([face(0), face(1)]), ticked))).toEqual({ kind: 'continue' });
  });

  it('holds for a pupil without consent, but covering fixes it', () => {
    const s = run(three, pupil(d(0, 0), 'p-noor'), pupil(d(0, 1), 'p-sem'), adult(d(0, 2)), NO_HARM);
    const v = currentVerdict(three, s);
    expect(v.verdict).toBe('hold');
    expect(v.faces[1]).toMatchObject({ status: 'hold', reason: 'no_consent', pupilId: 'p-sem' });
    expect(v.coverFixesAll).toBe(true);
    expect(v.cover).toEqual([1]);
    expect(canRelease(three, s)).toBe(true);
    expect(primaryAction(three, v)).toEqual({ kind: 'cover', count: 1 });
  });

  it('holds for withdrawn consent and for consent that was never recorded', () => {
    const s = run(photo([face(0), face(1)]), pupil(d(0, 0), 'p-zoe'), pupil(d(0, 1), 'p-daan'));
    const v = currentVerdict(photo([face(0), face(1)]), s);
    expect(v.faces.map((f) => [f.status, f.reason])).toEqual([
      ['hold', 'withdrawn'],
      ['hold', 'no_consent'],
    ]);
    expect(v.faces.map(faceTone)).toEqual(['red', 'red']);
  });

  it('accepts an adult with consent', () => {
    const input = photo([face(0)]);
    const s = run(input, adult(d(0, 0)), NO_HARM);
    expect(currentVerdict(input, s).faces[0]).toMatchObject({ status: 'ok', basis: 'adult' });
    expect(canRelease(input, s)).toBe(true);
  });

  it('counts a face the uploader chose to cover as covered, not as a hold', () => {
    const input = photo([face(0)]);
    const s = run(input, cover(d(0, 0)), NO_HARM);
    const v = currentVerdict(input, s);
    expect(v.faces[0]).toMatchObject({ status: 'cover', basis: 'uploader_cover' });
    expect(faceTone(v.faces[0]!)).toBe('cover');
    expect(primaryAction(input, v)).toEqual({ kind: 'cover', count: 1 });
  });

  it('a manual face is unconfirmed (amber) until it is assigned', () => {
    const input = photo([face(0)]);
    let s = run(input, pupil(d(0, 0), 'p-noor'), NO_HARM, { type: 'addManualFace', frame: 0, box: [300, 300, 50, 50] });
    let v = currentVerdict(input, s);
    expect(v.faces[1]).toMatchObject({ status: 'hold', reason: 'unconfirmed', score: 1, box: [300, 300, 50, 50] });
    expect(faceTone(v.faces[1]!)).toBe('amber');
    expect(v.verdict).toBe('hold');
    expect(primaryAction(input, v)).toEqual({ kind: 'cover', count: 1 });
    s = reviewReducer(s, pupil(manualKey(1), 'p-lotte'));
    v = currentVerdict(input, s);
    expect(v.verdict).toBe('allow');
    expect(primaryAction(input, v)).toEqual({ kind: 'continue' });
  });

  it('a photo without faces needs "there are no people in this photo"', () => {
    const input = photo([]);
    let s = run(input, NO_HARM);
    expect(currentVerdict(input, s).photoReasons.map((p) => p.reason)).toEqual(['no_faces_unconfirmed']);
    expect(canRelease(input, s)).toBe(false);
    expect(releaseBlocker(input, s)).toBe('noFaces');
    s = reviewReducer(s, { type: 'toggleNoFaces' });
    expect(currentVerdict(input, s).verdict).toBe('allow');
    expect(canRelease(input, s)).toBe(true);
    expect(releaseDecision(input, s)).toEqual({
      action: 'release',
      confirmations: {},
      manualFaces: [],
      noFacesConfirmed: true,
      noHarmConfirmed: true,
    });
    // Adding a face takes the confirmation back.
    s = reviewReducer(s, { type: 'addManualFace', frame: 0, box: [0, 0, 20, 20] });
    expect(s.noFacesConfirmed).toBe(false);
  });

  it('problems block everything, even a photo that would otherwise be fine', () => {
    const problems: PhotoProblem[] = [{ reason: 'engine_unavailable', message: 'self-test failed' }];
    const input = photo([face(0)], { problems });
    const s = run(input, adult(d(0, 0)), NO_HARM);
    const v = currentVerdict(input, s);
    expect(v.verdict).toBe('hold');
    expect(v.coverFixesAll).toBe(false);
    expect(v.photoReasons).toEqual(problems);
    expect(canRelease(input, s)).toBe(false);
    expect(releaseBlocker(input, s)).toBe('problems');
    expect(releaseDecision(input, s)).toBeNull();
  });

  it('a video (no covering) with a face without consent cannot be released', () => {
    const input = video([[face(0)], [face(1)]]);
    let s = run(input, pupil(d(0, 0), 'p-noor'), pupil(d(1, 0), 'p-sem'), NO_HARM);
    const v = currentVerdict(input, s);
    expect(v.coverFixesAll).toBe(true); // covering would fix it, but videos cannot be covered yet
    expect(canRelease(input, s)).toBe(false);
    expect(releaseBlocker(input, s)).toBe('videoCover');
    expect(primaryAction(input, v)).toEqual({ kind: 'continue' });
    expect(releaseDecision(input, s)).toBeNull();
    s = reviewReducer(s, adult(d(1, 0)));
    expect(canRelease(input, s)).toBe(true);
  });

  it('recognize mode: a recognised pupil with consent needs no confirmation; guesses and strangers do', () => {
    const input = photo([face(0, matched('p-noor')), face(1, uncertain('p-lotte')), face(2, unknown), face(3, matched('p-sem'))], {
      mode: 'recognize',
    });
    let s = run(input, NO_HARM);
    let v = currentVerdict(input, s);
    expect(v.faces.map((f) => [f.status, f.reason, f.pupilId])).toEqual([
      ['ok', null, 'p-noor'],
      ['hold', 'uncertain', 'p-lotte'],
      ['hold', 'unknown_person', null],
      ['hold', 'no_consent', 'p-sem'],
    ]);
    expect(v.faces.map(faceTone)).toEqual(['ok', 'amber', 'amber', 'red']);
    s = reviewReducer(s, pupil(d(0, 1), 'p-lotte'));
    s = reviewReducer(s, adult(d(0, 2)));
    v = currentVerdict(input, s);
    expect(v.cover).toEqual([3]);
    const decision = releaseDecision(input, s)!;
    expect(decision.confirmations).toEqual({ 1: { kind: 'pupil', pupilId: 'p-lotte' }, 2: { kind: 'adult' } });
    expect(recheck(input, decision)).toMatchObject({ verdict: 'hold', coverFixesAll: true, cover: [3] });
  });
});

describe('releaseDecision and cancelDecision', () => {
  it('hands over the uploader\'s answers as given (the background covers what still holds), and lists manual faces', () => {
    const input = photo([face(0), face(1), face(2)]);
    const s = run(
      input,
      pupil(d(0, 0), 'p-noor'),
      adult(d(0, 1)),
      { type: 'addManualFace', frame: 0, box: [400, 300, 40, 40] },
      { type: 'addManualFace', frame: 0, box: [500, 300, 40, 40] },
      pupil(manualKey(2), 'p-sem'),
    );
    expect(releaseDecision(input, s)).toBeNull(); // harm check not ticked
    const ticked = reviewReducer(s, NO_HARM);
    const decision = releaseDecision(input, ticked)!;
    expect(decision).toEqual({
      action: 'release',
      confirmations: {
        0: { kind: 'pupil', pupilId: 'p-noor' },
        1: { kind: 'adult' },
        4: { kind: 'pupil', pupilId: 'p-sem' },
      },
      manualFaces: [
        { frame: 0, box: [400, 300, 40, 40] },
        { frame: 0, box: [500, 300, 40, 40] },
      ],
      noFacesConfirmed: false,
      noHarmConfirmed: true,
    });
    // Only faces that covering fixes hold: the background covers them, and the log keeps p-sem's id and reason.
    expect(recheck(input, decision)).toMatchObject({ verdict: 'hold', coverFixesAll: true, cover: [2, 3, 4] });
    expect(recheck(input, decision).faces[4]).toMatchObject({ status: 'hold', pupilId: 'p-sem', reason: 'no_consent' });
    // The summary the panel renders agrees.
    expect(summarize(input, ticked).primary).toEqual({ kind: 'cover', count: 3 });
  });

  it('numbers manual faces after the detected faces of their own frame', () => {
    const input = video([[face(0), face(1)], [face(2)]], { allowCover: true });
    const s = run(
      input,
      { type: 'addManualFace', frame: 1, box: [10, 300, 40, 40] },
      { type: 'addManualFace', frame: 0, box: [20, 300, 40, 40] },
      adult(manualKey(1)),
      pupil(manualKey(2), 'p-noor'),
      adult(d(1, 0)),
      pupil(d(0, 0), 'p-lotte'),
      pupil(d(0, 1), 'p-noor'),
      NO_HARM,
    );
    const decision = releaseDecision(input, s)!;
    // Flat order: frame 0 detected (0, 1), frame 0 manual (2), frame 1 detected (3), frame 1 manual (4).
    expect(decision.confirmations).toEqual({
      0: { kind: 'pupil', pupilId: 'p-lotte' },
      1: { kind: 'pupil', pupilId: 'p-noor' },
      2: { kind: 'pupil', pupilId: 'p-noor' },
      3: { kind: 'adult' },
      4: { kind: 'adult' },
    });
    expect(decision.manualFaces).toEqual([
      { frame: 1, box: [10, 300, 40, 40] },
      { frame: 0, box: [20, 300, 40, 40] },
    ]);
    expect(recheck(input, decision)).toMatchObject({ verdict: 'allow', cover: [] });
  });

  it('cancel hands back what was said, and nothing for the progress view', () => {
    const input = photo([face(0)]);
    const s = run(input, adult(d(0, 0)));
    expect(cancelDecision(input, s)).toEqual({
      action: 'cancel',
      confirmations: { 0: { kind: 'adult' } },
      manualFaces: [],
      noFacesConfirmed: false,
      noHarmConfirmed: false,
    });
    expect(cancelDecision(null, null)).toEqual({
      action: 'cancel',
      confirmations: {},
      manualFaces: [],
      noFacesConfirmed: false,
      noHarmConfirmed: false,
    });
  });
});

describe('flattenFaces', () => {
  it('orders frame by frame: detected faces, then that frame\'s manual faces', () => {
    const frames = [{ faces: [face(0), face(1)] }, { faces: [] }, { faces: [face(2)] }];
    const flat = flattenFaces(frames, [
      { frame: 2, box: [1, 1, 9, 9] },
      { frame: 0, box: [2, 2, 9, 9] },
      { frame: 1, box: [3, 3, 9, 9] },
    ]);
    expect(flat.map((f) => [f.index, f.frame, f.detected, f.manual, f.score])).toEqual([
      [0, 0, 0, null, 0.9],
      [1, 0, 1, null, 0.9],
      [2, 0, null, 1, 1],
      [3, 1, null, 2, 1],
      [4, 2, 0, null, 0.9],
      [5, 2, null, 0, 1],
    ]);
  });

  it('refuses a manual face on a frame that does not exist instead of dropping it', () => {
    expect(() => flattenFaces([{ faces: [] }], [{ frame: 1, box: [0, 0, 9, 9] }])).toThrow(RangeError);
  });
});

describe('reviewConsentIndex', () => {
  it('indexes yes/no/withdrawn for this channel only; unknown is listed without a state', () => {
    const index = reviewConsentIndex({ channel: { id: 'website', label: 'Website' }, pupils: PUPILS });
    expect([...index.channels]).toEqual(['website']);
    expect(index.pupils.get('p-noor')?.get('website')).toBe('yes');
    expect(index.pupils.get('p-zoe')?.get('website')).toBe('withdrawn');
    expect(index.pupils.get('p-daan')?.size).toBe(0);
  });

  it('a pupil listed twice keeps the most restrictive state', () => {
    const index = reviewConsentIndex({
      channel: { id: 'website', label: 'Website' },
      pupils: [
        { id: 'a', name: 'A', group: '', consent: 'yes' },
        { id: 'a', name: 'A', group: '', consent: 'unknown' },
        { id: 'b', name: 'B', group: '', consent: 'withdrawn' },
        { id: 'b', name: 'B', group: '', consent: 'yes' },
      ],
    });
    expect(index.pupils.get('a')?.get('website')).toBeUndefined();
    expect(index.pupils.get('b')?.get('website')).toBe('withdrawn');
  });
});

describe('overrides in the review', () => {
  const ALLOWED = { override: { allowed: true, minReason: 20 } };
  const REASON = 'Ouders gaven per e-mail toestemming voor deze foto.';
  const typed = (text: string): ReviewAction => ({ type: 'overrideReason', text });

  it('offers no override where the policy forbids it, or says nothing', () => {
    for (const input of [photo([face(0)]), photo([face(0)], { override: { allowed: false, minReason: 20 } })]) {
      const state = run(input, pupil(d(0, 0), 'p-sem'));
      expect(summarize(input, state).override).toBeNull();
      expect(overrideDecision(input, run(input, pupil(d(0, 0), 'p-sem'), NO_HARM, typed(REASON)))).toBeNull();
    }
  });

  it('offers an override for faces held for lack of consent, keeping withdrawn faces and own covers covered', () => {
    const input = photo([face(0), face(1), face(2), face(3)], ALLOWED);
    const state = run(input, pupil(d(0, 0), 'p-sem'), pupil(d(0, 1), 'p-zoe'), cover(d(0, 2)), pupil(d(0, 3), 'p-noor'));
    expect(summarize(input, state).override).toEqual({ minReason: 20, release: [0], cover: [1, 2] });
  });

  it('offers nothing when every face is accounted for, or only withdrawn faces hold the photo', () => {
    const input = photo([face(0), face(1)], ALLOWED);
    expect(overrideOffer(input, run(input, pupil(d(0, 0), 'p-noor'), adult(d(0, 1))))).toBeNull();
    expect(overrideOffer(input, run(input, pupil(d(0, 0), 'p-noor'), pupil(d(0, 1), 'p-zoe')))).toBeNull();
  });

  it('offers nothing with problems, nor for a video that would need covering', () => {
    const withProblems = photo([face(0)], { ...ALLOWED, problems: [{ reason: 'consent_list_stale', message: 'old' }] });
    expect(overrideOffer(withProblems, run(withProblems))).toBeNull();
    const clip = video([[face(0)], [face(1)]], ALLOWED);
    expect(overrideOffer(clip, run(clip, pupil(d(0, 0), 'p-sem'), adult(d(1, 0))))).toMatchObject({ release: [0], cover: [] });
    expect(overrideOffer(clip, run(clip, pupil(d(0, 0), 'p-sem'), pupil(d(1, 0), 'p-zoe')))).toBeNull();
  });

  it('never asks for less than the minimum, whatever the input says', () => {
    const input = photo([face(0)], { override: { allowed: true, minReason: 3 } });
    expect(overrideOffer(input, run(input))?.minReason).toBe(20);
  });

  it('opens and closes the form; the reason survives going back and is capped', () => {
    const input = photo([face(0)], ALLOWED);
    let state = run(input, { type: 'openOverride' }, typed('abc'));
    expect(state).toMatchObject({ overrideOpen: true, overrideReason: 'abc' });
    state = reviewReducer(state, { type: 'closeOverride' });
    expect(state).toMatchObject({ overrideOpen: false, overrideReason: 'abc' });
    expect(reviewReducer(state, typed('x'.repeat(3000))).overrideReason).toHaveLength(2000);
  });

  it('confirm waits for a long enough reason (trimmed) and the harm check', () => {
    const input = photo([face(0), face(1)], ALLOWED);
    const held = run(input, pupil(d(0, 0), 'p-sem'), adult(d(0, 1)));
    const offer = overrideOffer(input, held)!;
    expect(overrideBlocker(offer, held)).toBe('reason');
    expect(overrideBlocker(offer, reviewReducer(held, typed(`  ${'x'.repeat(19)}    `)))).toBe('reason');
    expect(overrideBlocker(offer, reviewReducer(held, typed(REASON)))).toBe('noHarm');
    expect(overrideDecision(input, reviewReducer(held, typed(REASON)))).toBeNull();
    expect(overrideBlocker(offer, run(input, pupil(d(0, 0), 'p-sem'), adult(d(0, 1)), typed(REASON), NO_HARM))).toBeNull();
  });

  it("the decision carries the uploader's own answers, the trimmed reason, and no added covers", () => {
    const input = photo([face(0), face(1), face(2)], ALLOWED);
    const state = run(input, pupil(d(0, 0), 'p-sem'), pupil(d(0, 1), 'p-zoe'), typed(`  ${REASON}\n`), NO_HARM);
    const decision = overrideDecision(input, state);
    expect(decision).toEqual({
      action: 'release',
      confirmations: { 0: { kind: 'pupil', pupilId: 'p-sem' }, 1: { kind: 'pupil', pupilId: 'p-zoe' } },
      manualFaces: [],
      noFacesConfirmed: false,
      noHarmConfirmed: true,
      override: { reason: REASON },
    });
    // What the background then decides: faces 0 and 2 are overridden, the withdrawn face 1 is covered.
    expect(recheck(input, decision!).faces.map((f) => [f.status, f.reason])).toEqual([
      ['hold', 'no_consent'],
      ['hold', 'withdrawn'],
      ['hold', 'unconfirmed'],
    ]);
  });

  it('the normal release and cancel carry no override', () => {
    const input = photo([face(0)], ALLOWED);
    const state = run(input, typed(REASON), NO_HARM);
    expect(releaseDecision(input, state)?.override).toBeUndefined();
    expect(cancelDecision(input, state).override).toBeUndefined();
  });
});
