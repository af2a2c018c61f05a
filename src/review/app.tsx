import { strings } from './i18n';
import type { Lang, ReviewDecision, ReviewInput } from './model';
import { ReviewPanel } from './panel';
import { ProgressView, type ReviewProgress } from './progress';
import { cancelDecision } from './state';

export interface ReviewAppProps {
  input: ReviewInput | null;
  /** Bumped for every new input, so a new review starts from a fresh state. */
  version: number;
  progress: ReviewProgress | null;
  /** Language of the progress view (the input carries its own). */
  lang: Lang;
  onDecision(decision: ReviewDecision): void;
}

/** Progress while the photo is checked (`input === null`), the review once it is. */
export function ReviewApp({ input, version, progress, lang, onDecision }: ReviewAppProps) {
  if (input === null) {
    return <ProgressView t={strings(lang)} progress={progress} onCancel={() => onDecision(cancelDecision(null, null))} />;
  }
  return <ReviewPanel key={version} input={input} onDecision={onDecision} />;
}
