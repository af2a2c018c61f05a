import type { ComponentChildren } from 'preact';

export type Tone = 'bad' | 'warn' | 'good' | 'info';

/** A coloured box: red for problems that hold photos, amber for warnings, green for done. */
export function MessageBox({ tone, title, children, testId }: { tone: Tone; title?: string; children?: ComponentChildren; testId?: string }) {
  return (
    <div class={`box ${tone}`} role={tone === 'bad' ? 'alert' : 'status'} data-testid={testId}>
      {title ? <p class="box-title">{title}</p> : null}
      {children}
    </div>
  );
}
