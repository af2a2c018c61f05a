import { describe, expect, it } from 'vitest';
import { OVERRIDABLE_FACE_REASONS, OVERRIDE_MIN_REASON, overridable, overrideReasonOk, overrideReasonText } from '../../../src/policy/override';
import { FACE_REASONS, PHOTO_REASONS, buildConsentIndex, decide, type Confirmation, type FaceInput, type Mode, type PhotoReason } from '../../../src/policy/verdict';
import type { Match } from '../../../src/policy/match';
import { pupil, roster } from './helpers';

const INDEX = buildConsentIndex(
  roster(['website'], [pupil('yes', { consent: { website: 'yes' } }), pupil('no', { consent: { website: 'no' } }), pupil('gone', { consent: { website: 'withdrawn' } })]),
);
const face = (i: number, match?: Match): FaceInput => ({ box: [100 * i, 10, 50, 60], score: 0.9, ...(match ? { match } : {}) });
const as = (pupilId: string): Confirmation => ({ kind: 'pupil', pupilId });

function verdict(confirmations: Confirmation[], options: { mode?: Mode; faces?: FaceInput[]; problems?: PhotoReason[]; channel?: string; noFacesConfirmed?: boolean } = {}) {
  return decide({
    channel: options.channel ?? 'website',
    mode: options.mode ?? 'detect',
    faces: options.faces ?? confirmations.map((_, i) => face(i)),
    index: INDEX,
    confirmations: Object.fromEntries(confirmations.flatMap((c, i) => (c.kind === 'pupil' && c.pupilId === '' ? [] : [[i, c]]))),
    problems: (options.problems ?? []).map((reason) => ({ reason, message: reason })),
    ...(options.noFacesConfirmed ? { noFacesConfirmed: true } : {}),
  });
}
const UNANSWERED = as('');

describe('OVERRIDE_MIN_REASON and the reason text', () => {
  it('asks for 20 characters after trimming', () => {
    expect(OVERRIDE_MIN_REASON).toBe(20);
    expect(overrideReasonText('  ouders akkoord per mail \n')).toBe('ouders akkoord per mail');
    expect(overrideReasonOk('x'.repeat(20))).toBe(true);
    expect(overrideReasonOk(`   ${'x'.repeat(19)}          `)).toBe(false);
    expect(overrideReasonOk(' '.repeat(40))).toBe(false);
    expect(overrideReasonOk('x'.repeat(2001))).toBe(false);
  });

  it('may set aside every face reason except a withdrawal (a new reason must be a deliberate choice)', () => {
    expect([...OVERRIDABLE_FACE_REASONS].sort()).toEqual(FACE_REASONS.filter((r) => r !== 'withdrawn').sort());
  });
});

describe('overridable', () => {
  it('a face without consent: the override releases it uncovered', () => {
    expect(overridable(verdict([as('yes'), as('no')]))).toEqual({ ok: true, release: [1], cover: [], reasons: ['no_consent'] });
  });

  it('every overridable face reason counts, each reason once', () => {
    const v = verdict([], {
      mode: 'recognize',
      faces: [
        face(0, { status: 'match', pupilId: 'no', distance: 0.2, runnerUp: null }),
        face(1, { status: 'uncertain', pupilId: 'yes', distance: 0.47, runnerUp: null }),
        face(2, { status: 'unknown', nearestDistance: 0.9 }),
        face(3, { status: 'match', pupilId: 'stranger', distance: 0.2, runnerUp: null }),
        face(4),
        face(5, { status: 'match', pupilId: 'no', distance: 0.3, runnerUp: null }),
      ],
    });
    expect(v.faces.map((f) => f.reason)).toEqual(['no_consent', 'uncertain', 'unknown_person', 'not_enrolled', 'unconfirmed', 'no_consent']);
    expect(overridable(v)).toEqual({ ok: true, release: [0, 1, 2, 3, 4, 5], cover: [], reasons: ['no_consent', 'not_enrolled', 'uncertain', 'unconfirmed', 'unknown_person'] });
  });

  it('a withdrawn face is covered anyway; alone it makes an override pointless', () => {
    expect(overridable(verdict([as('no'), as('gone')]))).toEqual({ ok: true, release: [0], cover: [1], reasons: ['no_consent'] });
    expect(overridable(verdict([as('yes'), as('gone')]))).toEqual({ ok: false, release: [], cover: [1], reasons: [] });
  });

  it("keeps the uploader's own covers covered", () => {
    expect(overridable(verdict([{ kind: 'cover' }, UNANSWERED]))).toEqual({ ok: true, release: [1], cover: [0], reasons: ['unconfirmed'] });
  });

  it('on a video (nothing can be covered) a withdrawn or covered face makes the override impossible', () => {
    expect(overridable(verdict([as('no'), as('gone')]), { canCover: false }).ok).toBe(false);
    expect(overridable(verdict([as('no'), { kind: 'cover' }]), { canCover: false }).ok).toBe(false);
    expect(overridable(verdict([as('no'), { kind: 'adult' }]), { canCover: false })).toEqual({ ok: true, release: [0], cover: [], reasons: ['no_consent'] });
  });

  it('nothing to override when every face is accounted for', () => {
    const v = verdict([as('yes'), { kind: 'adult' }]);
    expect(v.verdict).toBe('allow');
    expect(overridable(v).ok).toBe(false);
  });

  it.each(PHOTO_REASONS.filter((r) => r !== 'no_faces_unconfirmed' && r !== 'unknown_channel'))('never overrides a photo problem: %s', (reason) => {
    const v = verdict([as('no')], { problems: [reason] });
    expect(overridable(v)).toMatchObject({ ok: false, release: [0] });
  });

  it('never overrides an unknown channel, nor a photo without faces', () => {
    expect(overridable(verdict([as('no')], { channel: 'intranet' })).ok).toBe(false);
    expect(overridable(verdict([], { faces: [] })).ok).toBe(false);
    expect(overridable(verdict([], { faces: [], noFacesConfirmed: true })).ok).toBe(false);
  });

  it('fails closed on a hold without a known reason', () => {
    const v = verdict([as('no'), as('no')]);
    v.faces[1] = { ...v.faces[1]!, reason: null };
    expect(overridable(v).ok).toBe(false);
  });
});
