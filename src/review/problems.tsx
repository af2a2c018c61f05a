import { describeReason, type PhotoProblem, type PhotoReason } from '../policy/verdict';
import type { Strings } from './i18n';
import type { Lang } from './model';

/** What the member of staff can do about a problem. */
export function wayForward(t: Strings, reason: PhotoReason | string): string {
  switch (reason) {
    case 'engine_unavailable':
      return t.forwardEngine;
    case 'analysis_failed':
      return t.forwardAnalysis;
    case 'consent_list_stale':
      return t.forwardStale;
    case 'unknown_channel':
      return t.forwardChannel;
    default:
      return t.forwardDefault;
  }
}

export interface ProblemsBoxProps {
  t: Strings;
  lang: Lang;
  problems: readonly PhotoProblem[];
}

/** The red box: why the photo cannot be checked, in the policy's words, and a way forward per distinct reason. */
export function ProblemsBox({ t, lang, problems }: ProblemsBoxProps) {
  const forwards = [...new Set(problems.map((p) => wayForward(t, p.reason)))];
  return (
    <section class="problems" role="alert">
      <h2 class="problems-title">{t.problemsTitle}</h2>
      <ul>
        {problems.map((p, i) => (
          <li class="problem" key={i}>
            <span class="problem-reason">{capitalise(describeReason(p.reason, lang))}</span>
            {p.message ? <span class="problem-message">{p.message}</span> : null}
          </li>
        ))}
      </ul>
      {forwards.map((f) => (
        <p class="problem-forward" key={f}>
          {f}
        </p>
      ))}
      <p class="problem-forward">{t.problemsHeld}</p>
    </section>
  );
}

function capitalise(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text;
}
