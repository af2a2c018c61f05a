/** Pure publication policy: descriptor matching and the per-photo, per-channel verdict. No I/O. */
export {
  DEFAULT_MATCH_SETTINGS,
  SAFE_MAX_THRESHOLD,
  LOOSE_MAX_THRESHOLD,
  MAX_MARGIN,
  NEAR_MISS_BAND,
  checkMatchSettings,
  buildGallery,
  matchDescriptor,
  descriptorDistance,
} from './match';
export type { MatchSettings, MatchSettingsCheck, Gallery, Match, MatchStatus, RunnerUp } from './match';

export {
  MODES,
  FACE_REASONS,
  PHOTO_REASONS,
  COVERABLE_FACE_REASONS,
  buildConsentIndex,
  decide,
  describeReason,
  isDescribedReason,
  OUTCOME_CODES,
} from './verdict';
export type {
  Mode,
  Box,
  FaceInput,
  Confirmation,
  FaceReason,
  PhotoReason,
  PhotoProblem,
  FaceStatus,
  FaceBasis,
  FaceVerdict,
  Verdict,
  ConsentIndex,
  DecideInput,
  OutcomeCode,
} from './verdict';

export { OVERRIDE_MIN_REASON, OVERRIDE_MAX_REASON, OVERRIDABLE_FACE_REASONS, overridable, overrideReasonOk, overrideReasonText } from './override';
export type { OverrideScope } from './override';

export { evaluatePhoto, problemFromEngine } from './evaluate';
export type { AnalysedPhoto, EngineOutcome, EvaluateInput } from './evaluate';
