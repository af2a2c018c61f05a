/**
 * From a face engine result to a verdict: the one path both the CLI and the extension take, so the same photo gets
 * the same answer everywhere. Pure; the engine result arrives as plain data.
 */
import { matchDescriptor, type Gallery, type Match, type MatchSettings } from './match';
import { decide, type Box, type Confirmation, type ConsentIndex, type FaceInput, type Mode, type PhotoProblem, type Verdict } from './verdict';

export interface AnalysedPhoto {
  faces: { box: Box; score: number; descriptor?: ArrayLike<number> }[];
}

export type EngineOutcome = { ok: true; value: AnalysedPhoto } | { ok: false; error: { code: string; message: string } };

const ENGINE_DOWN = new Set(['engine_not_ready', 'model_missing', 'model_checksum', 'self_test_failed', 'backend_failed']);

export function problemFromEngine(error: { code: string; message: string }): PhotoProblem {
  return { reason: ENGINE_DOWN.has(error.code) ? 'engine_unavailable' : 'analysis_failed', message: error.message };
}

export interface EvaluateInput {
  outcome: EngineOutcome;
  channel: string;
  mode: Mode;
  index: ConsentIndex;
  /** Needed in recognize mode. */
  gallery?: Gallery;
  match: MatchSettings;
  confirmations?: Record<number, Confirmation>;
  noFacesConfirmed?: boolean;
  problems?: PhotoProblem[];
}

/** The verdict, and per face the recognition result it rests on (recognize mode) for the review to show. */
export function evaluatePhoto(input: EvaluateInput): { verdict: Verdict; matches: (Match | undefined)[] } {
  const { outcome, mode } = input;
  const problems = [...(input.problems ?? [])];
  let faces: FaceInput[] = [];
  if (!outcome.ok) {
    problems.push(problemFromEngine(outcome.error));
  } else {
    faces = outcome.value.faces.map((face) => {
      if (mode !== 'recognize' || !face.descriptor || !input.gallery) return { box: face.box, score: face.score };
      return { box: face.box, score: face.score, match: matchDescriptor(face.descriptor, input.gallery, input.match) };
    });
  }
  const verdict = decide({
    channel: input.channel,
    mode,
    faces,
    index: input.index,
    ...(input.confirmations ? { confirmations: input.confirmations } : {}),
    ...(input.noFacesConfirmed ? { noFacesConfirmed: true } : {}),
    problems,
  });
  return { verdict, matches: faces.map((f) => f.match) };
}
