/** The words shown for a face: on its box in the photo and in the side panel. */
import { describeReason } from '../policy/verdict';
import type { Strings } from './i18n';
import type { Lang, ReviewPupil } from './model';
import type { ReviewFace } from './state';

export type PupilLookup = ReadonlyMap<string, ReviewPupil>;

export function pupilName(pupils: PupilLookup, id: string): string {
  return pupils.get(id)?.name ?? id;
}

/** The label under a box: the pupil's name, "volwassene", "Noor?" for an uncertain guess, or nothing. */
export function boxCaption(face: ReviewFace, t: Strings, pupils: PupilLookup): string | null {
  const v = face.verdict;
  if (v.status === 'cover') return null;
  if (v.basis === 'adult') return t.adultBox;
  if (v.pupilId === null) return null;
  return v.reason === 'uncertain' ? t.maybeBox(pupilName(pupils, v.pupilId)) : pupilName(pupils, v.pupilId);
}

/** The first line of a face in the side panel. */
export function faceTitle(face: ReviewFace, t: Strings, pupils: PupilLookup): string {
  const v = face.verdict;
  if (v.status === 'cover') return t.statusCover;
  if (v.basis === 'adult') return t.adult;
  if (v.pupilId !== null && v.reason !== 'uncertain') return pupilName(pupils, v.pupilId);
  return t.statusUnconfirmed;
}

/** The second line: why the face is fine, or the policy's reason why it holds the photo. */
export function faceSubline(face: ReviewFace, t: Strings, lang: Lang): string {
  const v = face.verdict;
  if (v.status === 'cover') return t.coverChosen;
  if (v.status === 'ok') return v.basis === 'adult' ? t.okAdult : t.okConsent;
  return v.reason === null ? t.statusUnconfirmed : describeReason(v.reason, lang);
}

/** Accessible name of a face box: "Gezicht 2: Noor Bakker, toestemming voor dit kanaal". */
export function faceAriaLabel(face: ReviewFace, t: Strings, lang: Lang, pupils: PupilLookup): string {
  return `${t.faceLabel(face.index + 1)}: ${faceTitle(face, t, pupils)}, ${faceSubline(face, t, lang)}`;
}
