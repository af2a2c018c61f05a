/**
 * The verdict for one photo on one channel: may it be published there, and which faces must be covered first?
 *
 * Pure and fail closed: the default is `hold`. A photo is allowed only when every face is positively accounted for
 * (a pupil with consent 'yes' for this channel, an adult the uploader vouched for, or a face the uploader chose to
 * cover) and nothing about the photo itself is in doubt.
 */
import type { ConsentState, Roster } from '../consent/schema';
import type { Match } from './match';

export const MODES = ['detect', 'recognize'] as const;
/** `detect`: faces are found but not identified; the uploader confirms each. `recognize`: faces are matched too. */
export type Mode = (typeof MODES)[number];

/** Face box in image pixels: x, y of the top-left corner, width, height. */
export type Box = [x: number, y: number, w: number, h: number];

export interface FaceInput {
  box: Box;
  /** Detection confidence. */
  score: number;
  /** Present only in recognize mode. */
  match?: Match;
}

/** What the uploader said about a face. */
export type Confirmation =
  /** "This is pupil X." */
  | { kind: 'pupil'; pupilId: string }
  /** "Not a pupil: an adult who consented." */
  | { kind: 'adult' }
  /** "Cover this face." */
  | { kind: 'cover' };

export const FACE_REASONS = [
  'no_consent',
  'withdrawn',
  'not_enrolled',
  'uncertain',
  'unconfirmed',
  'unknown_person',
] as const;
export type FaceReason = (typeof FACE_REASONS)[number];

export const PHOTO_REASONS = [
  'no_faces_unconfirmed',
  'unknown_channel',
  'engine_unavailable',
  'analysis_failed',
  'consent_list_stale',
  'consent_list_missing',
  'settings_invalid',
  'not_reviewed',
] as const;
export type PhotoReason = (typeof PHOTO_REASONS)[number];

/**
 * Face reasons that covering the face resolves. Today that is every face reason: a covered face shows nobody.
 * Kept explicit so that a future reason that covering cannot fix is a deliberate choice.
 */
export const COVERABLE_FACE_REASONS: readonly FaceReason[] = FACE_REASONS;

export interface PhotoProblem {
  reason: PhotoReason;
  message: string;
}

export type FaceStatus = 'ok' | 'cover' | 'hold';
export type FaceBasis = 'recognised' | 'confirmed' | 'adult' | 'uploader_cover';

export interface FaceVerdict {
  index: number;
  box: Box;
  score: number;
  /** ok: may appear. cover: the uploader chose to cover it (does not block). hold: blocks the photo unless covered. */
  status: FaceStatus;
  /** Identified pupil (recognised or confirmed), or the best guess for an `uncertain` face; otherwise null. */
  pupilId: string | null;
  /** What the status rests on; null when the face is not accounted for. */
  basis: FaceBasis | null;
  /** Why the face holds the photo; null for ok/cover faces. */
  reason: FaceReason | null;
}

export interface Verdict {
  /** `allow` means: may be published on `channel` once the faces in `cover` are covered. */
  verdict: 'allow' | 'hold';
  channel: string;
  mode: Mode;
  faces: FaceVerdict[];
  photoReasons: PhotoProblem[];
  /** Indices of faces to cover: every held face plus every face the uploader chose to cover, ascending. */
  cover: number[];
  /** True when covering the faces in `cover` makes the photo publishable (no photo reasons, every hold coverable). */
  coverFixesAll: boolean;
}

/** Consent per pupil per channel, for O(1) look-up. Plain data (Map/Set): safe to structured-clone. */
export interface ConsentIndex {
  readonly channels: ReadonlySet<string>;
  readonly pupils: ReadonlyMap<string, ReadonlyMap<string, ConsentState>>;
}

const CONSENT_STATES: readonly ConsentState[] = ['yes', 'no', 'withdrawn'];
/** Higher is more restrictive; used when a (malformed) roster lists a pupil twice. */
const RESTRICTIVENESS: Record<ConsentState, number> = { yes: 0, no: 1, withdrawn: 2 };

/**
 * Index the roster's consent. Only channels the roster declares and only the states 'yes' | 'no' | 'withdrawn' are
 * indexed; anything else counts as no consent. Defensive: if a pupil id occurs twice, the most restrictive state per
 * channel wins.
 */
export function buildConsentIndex(roster: Roster): ConsentIndex {
  const channels = new Set<string>();
  for (const channel of roster.channels) {
    if (typeof channel?.id === 'string' && channel.id.length > 0) channels.add(channel.id);
  }
  const pupils = new Map<string, Map<string, ConsentState>>();
  for (const pupil of roster.pupils) {
    if (typeof pupil?.id !== 'string' || pupil.id.length === 0) continue;
    let consent = pupils.get(pupil.id);
    if (consent === undefined) {
      consent = new Map();
      pupils.set(pupil.id, consent);
    }
    const record: Record<string, unknown> =
      typeof pupil.consent === 'object' && pupil.consent !== null ? pupil.consent : {};
    for (const [channel, state] of Object.entries(record)) {
      if (!channels.has(channel) || !isConsentState(state)) continue;
      const previous = consent.get(channel);
      if (previous === undefined || RESTRICTIVENESS[state] > RESTRICTIVENESS[previous]) consent.set(channel, state);
    }
  }
  return { channels, pupils };
}

export interface DecideInput {
  channel: string;
  mode: Mode;
  faces: FaceInput[];
  index: ConsentIndex;
  /** Uploader confirmations by face index. Overrides recognition for that face. */
  confirmations?: Record<number, Confirmation>;
  /** The uploader confirmed that the photo shows no people. Only then is a photo without faces allowed. */
  noFacesConfirmed?: boolean;
  /** Problems found outside the policy (engine self-test failed, decoding failed, consent list stale, ...). */
  problems?: PhotoProblem[];
}

/** Decide whether a photo may be published on a channel. Default deny; see the module comment. */
export function decide(input: DecideInput): Verdict {
  const { channel, mode, index } = input;
  const faces: readonly FaceInput[] = Array.isArray(input.faces) ? input.faces : [];
  const confirmations = input.confirmations ?? {};
  const photoReasons: PhotoProblem[] = [];
  const addReason = (problem: PhotoProblem): void => {
    if (!photoReasons.some((p) => p.reason === problem.reason && p.message === problem.message)) {
      photoReasons.push({ reason: problem.reason, message: problem.message });
    }
  };

  const channelKnown = typeof channel === 'string' && index.channels.has(channel);
  if (!channelKnown) {
    addReason({ reason: 'unknown_channel', message: `channel "${String(channel)}" is not on the consent list` });
  }
  if (!Array.isArray(input.faces)) {
    addReason({ reason: 'analysis_failed', message: 'the face analysis returned no face list' });
  }
  for (const problem of input.problems ?? []) addReason(problem);
  if (faces.length === 0 && input.noFacesConfirmed !== true) {
    addReason({ reason: 'no_faces_unconfirmed', message: 'no faces were found and nobody confirmed the photo shows no people' });
  }

  const faceVerdicts = faces.map((face, i): FaceVerdict => {
    const box: Box = Array.isArray(face?.box) ? [face.box[0], face.box[1], face.box[2], face.box[3]] : [NaN, NaN, NaN, NaN];
    const score = face?.score;
    if (!validBox(box) || typeof score !== 'number' || !Number.isFinite(score)) {
      // A face we cannot locate cannot be covered either.
      addReason({ reason: 'analysis_failed', message: `face ${i} has no valid position or score` });
    }
    const confirmation = Object.prototype.hasOwnProperty.call(confirmations, i)
      ? (confirmations as Record<number, Confirmation | undefined>)[i]
      : undefined;
    const judged = judgeFace(face, confirmation, mode, channel, index);
    const verdict: FaceVerdict = { index: i, box, score: typeof score === 'number' ? score : NaN, ...judged };
    if (!channelKnown && verdict.status !== 'hold') {
      // Nobody can have consented to a channel the consent list does not know.
      verdict.status = 'hold';
      verdict.reason = 'no_consent';
    }
    return verdict;
  });

  const cover = faceVerdicts.filter((f) => f.status !== 'ok').map((f) => f.index);
  const anyHold = faceVerdicts.some((f) => f.status === 'hold');
  const coverFixesAll =
    photoReasons.length === 0 &&
    faceVerdicts.every((f) => f.status !== 'hold' || (f.reason !== null && COVERABLE_FACE_REASONS.includes(f.reason)));

  return {
    verdict: photoReasons.length === 0 && !anyHold ? 'allow' : 'hold',
    channel,
    mode,
    faces: faceVerdicts,
    photoReasons,
    cover,
    coverFixesAll,
  };
}

type Judgement = Pick<FaceVerdict, 'status' | 'pupilId' | 'basis' | 'reason'>;

function judgeFace(
  face: FaceInput | undefined,
  confirmation: Confirmation | undefined,
  mode: Mode,
  channel: string,
  index: ConsentIndex,
): Judgement {
  if (confirmation !== undefined) {
    switch (confirmation?.kind) {
      case 'cover':
        return { status: 'cover', pupilId: null, basis: 'uploader_cover', reason: null };
      case 'adult':
        return { status: 'ok', pupilId: null, basis: 'adult', reason: null };
      case 'pupil':
        if (typeof confirmation.pupilId === 'string' && confirmation.pupilId.length > 0) {
          return consentFor(confirmation.pupilId, 'confirmed', channel, index);
        }
        break;
    }
    // A malformed confirmation confirms nothing.
    return hold('unconfirmed');
  }
  if (mode !== 'recognize') return hold('unconfirmed');
  const match = face?.match;
  switch (match?.status) {
    case 'match':
      if (typeof match.pupilId === 'string' && match.pupilId.length > 0) {
        return consentFor(match.pupilId, 'recognised', channel, index);
      }
      return hold('unconfirmed');
    case 'uncertain':
      return { ...hold('uncertain'), pupilId: typeof match.pupilId === 'string' ? match.pupilId : null };
    case 'unknown':
      return hold('unknown_person');
    default:
      return hold('unconfirmed');
  }
}

function consentFor(pupilId: string, basis: 'recognised' | 'confirmed', channel: string, index: ConsentIndex): Judgement {
  const consent = index.pupils.get(pupilId);
  if (consent === undefined) return { status: 'hold', pupilId, basis, reason: 'not_enrolled' };
  const state = consent.get(channel);
  if (state === 'yes') return { status: 'ok', pupilId, basis, reason: null };
  return { status: 'hold', pupilId, basis, reason: state === 'withdrawn' ? 'withdrawn' : 'no_consent' };
}

function hold(reason: FaceReason): Judgement {
  return { status: 'hold', pupilId: null, basis: null, reason };
}

function validBox(box: Box): boolean {
  return box.every((v) => typeof v === 'number' && Number.isFinite(v)) && box[2] > 0 && box[3] > 0;
}

function isConsentState(value: unknown): value is ConsentState {
  return typeof value === 'string' && (CONSENT_STATES as readonly string[]).includes(value);
}

const DESCRIPTIONS: Record<'nl' | 'en', Record<FaceReason | PhotoReason, string>> = {
  en: {
    no_consent: 'no consent for this channel',
    withdrawn: 'consent withdrawn',
    not_enrolled: 'not on the consent list',
    uncertain: 'recognition is not certain enough',
    unconfirmed: 'nobody has confirmed who this is',
    unknown_person: 'matches no enrolled pupil',
    no_faces_unconfirmed: 'no faces found; confirm that the photo shows no people',
    unknown_channel: 'this channel is not on the consent list',
    engine_unavailable: 'face detection is not available',
    analysis_failed: 'the photo could not be analysed',
    consent_list_stale: 'the consent list is out of date',
    consent_list_missing: 'no consent list has been imported',
    settings_invalid: 'the extension settings are invalid',
    not_reviewed: 'the photo has not been reviewed',
  },
  nl: {
    no_consent: 'geen toestemming voor dit kanaal',
    withdrawn: 'toestemming ingetrokken',
    not_enrolled: 'staat niet op de toestemmingslijst',
    uncertain: 'herkenning is niet zeker genoeg',
    unconfirmed: 'niemand heeft bevestigd wie dit is',
    unknown_person: 'komt met geen ingeschreven leerling overeen',
    no_faces_unconfirmed: 'geen gezichten gevonden; bevestig dat er geen mensen op de foto staan',
    unknown_channel: 'dit kanaal staat niet op de toestemmingslijst',
    engine_unavailable: 'gezichtsdetectie is niet beschikbaar',
    analysis_failed: 'de foto kon niet worden geanalyseerd',
    consent_list_stale: 'de toestemmingslijst is verouderd',
    consent_list_missing: 'er is nog geen toestemmingslijst geïmporteerd',
    settings_invalid: 'de instellingen van de extensie zijn ongeldig',
    not_reviewed: 'de foto is nog niet beoordeeld',
  },
};

/**
 * Why the background refused a release, or how an upload ended, beyond the policy's own reasons (the review shows
 * them after a refused release; the director's log shows them in its table and charts).
 */
export const OUTCOME_CODES = [
  'log_unavailable',
  'override_forbidden',
  'override_reason_too_short',
  'override_reason_too_long',
  'override_needs_name',
  'nothing_to_override',
  'video_cover_unavailable',
  'upload_stopped',
  'timeout',
  'engine_not_ready',
  'release_failed',
] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];

const OUTCOME_DESCRIPTIONS: Record<'nl' | 'en', Record<OutcomeCode, string>> = {
  en: {
    log_unavailable: 'the log could not be written, so nothing was released',
    override_forbidden: 'publishing without covering is not allowed by your school’s policy',
    override_reason_too_short: 'the reason for publishing without covering is too short',
    override_reason_too_long: 'the reason for publishing without covering is too long',
    override_needs_name: 'publishing without covering needs your name in the settings (it goes into the log)',
    nothing_to_override: 'there is nothing that publishing without covering could set aside',
    video_cover_unavailable: 'faces in a video cannot be covered',
    upload_stopped: 'an upload that was not checked was stopped',
    timeout: 'the check took too long',
    engine_not_ready: 'face detection was not ready',
    release_failed: 'the checked file could not be made',
  },
  nl: {
    log_unavailable: 'het logboek kon niet worden geschreven, dus er is niets vrijgegeven',
    override_forbidden: 'plaatsen zonder afdekken is volgens het beleid van uw school niet toegestaan',
    override_reason_too_short: 'de reden om zonder afdekken te plaatsen is te kort',
    override_reason_too_long: 'de reden om zonder afdekken te plaatsen is te lang',
    override_needs_name: 'plaatsen zonder afdekken kan pas als uw naam in de instellingen staat (die komt in het logboek)',
    nothing_to_override: 'er is niets dat plaatsen zonder afdekken opzij zou kunnen zetten',
    video_cover_unavailable: 'gezichten in een video kunnen niet worden afgedekt',
    upload_stopped: 'een upload die niet was gecontroleerd, is gestopt',
    timeout: 'de controle duurde te lang',
    engine_not_ready: 'gezichtsdetectie was niet klaar',
    release_failed: 'het gecontroleerde bestand kon niet worden gemaakt',
  },
};

/** Whether `code` has a description (a policy reason or an outcome code). */
export function isDescribedReason(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(DESCRIPTIONS.en, code) || Object.prototype.hasOwnProperty.call(OUTCOME_DESCRIPTIONS.en, code);
}

/** A short human sentence for a reason, in Dutch or English. */
export function describeReason(reason: FaceReason | PhotoReason | OutcomeCode | (string & {}), lang: 'nl' | 'en'): string {
  const table = DESCRIPTIONS[lang === 'nl' ? 'nl' : 'en'];
  const outcomes = OUTCOME_DESCRIPTIONS[lang === 'nl' ? 'nl' : 'en'];
  if (Object.prototype.hasOwnProperty.call(outcomes, reason)) return outcomes[reason as OutcomeCode];
  return Object.prototype.hasOwnProperty.call(table, reason)
    ? table[reason as FaceReason | PhotoReason]
    : lang === 'nl'
      ? 'onbekende reden; de foto wordt tegengehouden'
      : 'unknown reason; the photo is held';
}
