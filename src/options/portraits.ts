/**
 * Enrolment of one pupil from 2–3 portraits, as plain data: each portrait is judged on the engine's analysis (one
 * face, large enough, not at the border: `checkPortrait`) and on the sharpness of that face (`blur.ts`); the
 * accepted ones must agree with each other (`selectReferences`). Only descriptors leave this module, never pixels.
 */
import { DEFAULT_PORTRAIT_RULES, checkPortrait, selectReferences, type Box, type PortraitProblem, type PortraitRules } from '../enrol/portrait';
import { checkSharpness, DEFAULT_BLUR_THRESHOLD } from './blur';

/** Fewer consistent portraits than this are not stored: one photo is too easily unrepresentative. */
export const MIN_PORTRAITS = 2;

export type PortraitRejection = PortraitProblem | 'blurred' | 'unreadable' | 'engine' | 'no_descriptor' | 'outlier' | 'disagree' | 'extra';

export type PortraitResult =
  | { name: string; ok: true; descriptor: number[]; sharpness: number }
  | { name: string; ok: false; problem: PortraitRejection; detail: string };

export interface PortraitAnalysis {
  width: number;
  height: number;
  faces: { box: Box; descriptor?: ArrayLike<number> }[];
}

/** `measureBlur(box)`: variance of the Laplacian of that face (see blur.ts), measured by the caller on the decoded photo. */
export function assessPortrait(
  name: string,
  analysis: PortraitAnalysis,
  measureBlur: (box: Box) => number,
  options: { rules?: PortraitRules; blurThreshold?: number } = {},
): PortraitResult {
  const check = checkPortrait(analysis, options.rules ?? DEFAULT_PORTRAIT_RULES);
  if (!check.ok) return { name, ok: false, problem: check.problem, detail: check.message };
  const face = analysis.faces[check.faceIndex]!;
  const sharp = checkSharpness(measureBlur(face.box), options.blurThreshold ?? DEFAULT_BLUR_THRESHOLD);
  if (!sharp.ok) return { name, ok: false, problem: 'blurred', detail: `sharpness ${sharp.variance.toFixed(1)}` };
  if (face.descriptor === undefined) return { name, ok: false, problem: 'no_descriptor', detail: 'the engine returned no descriptor' };
  return { name, ok: true, descriptor: Array.from(face.descriptor), sharpness: sharp.variance };
}

export interface EnrolmentPlan {
  /** The references to store (empty when there are not enough consistent portraits). */
  descriptors: number[][];
  /** Every portrait, with the final verdict (accepted portraits that were dropped as inconsistent are rejections). */
  results: PortraitResult[];
  /** At least MIN_PORTRAITS consistent portraits: the plan may be stored. */
  enough: boolean;
}

function selectionProblem(message: string): PortraitRejection {
  if (message.startsWith('not needed')) return 'extra';
  if (message.startsWith('the two portraits disagree')) return 'disagree';
  return 'outlier';
}

export function planEnrolment(results: readonly PortraitResult[], rules: PortraitRules = DEFAULT_PORTRAIT_RULES): EnrolmentPlan {
  const accepted = results.filter((r): r is Extract<PortraitResult, { ok: true }> => r.ok);
  const { kept, rejected } = selectReferences(accepted.map((r) => ({ name: r.name, descriptor: r.descriptor })), rules);
  const keptNames = new Set(kept.map((k) => k.name));
  const final = results.map((r): PortraitResult => {
    if (!r.ok || keptNames.has(r.name)) return r;
    const why = rejected.find((x) => x.name === r.name);
    return { name: r.name, ok: false, problem: selectionProblem(why?.message ?? ''), detail: why?.message ?? '' };
  });
  const enough = kept.length >= MIN_PORTRAITS;
  return { descriptors: enough ? kept.map((k) => Array.from(k.descriptor)) : [], results: final, enough };
}
