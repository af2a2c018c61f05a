import { useEffect, useRef } from 'preact/hooks';
import { useEscape } from './hooks';
import type { Strings } from './i18n';

export interface ReviewProgress {
  stage: string;
  /** 0..1, or null when the end cannot be known (the bar then moves without a fill level). */
  fraction: number | null;
}

export interface ProgressViewProps {
  t: Strings;
  progress: ReviewProgress | null;
  onCancel(): void;
}

/** While the photo is being checked: what happens, how far along, and a way out. */
export function ProgressView({ t, progress, onCancel }: ProgressViewProps) {
  useEscape(onCancel);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => dialog.current?.focus({ preventScroll: true }), []);
  const fraction = progress?.fraction;
  const known = typeof fraction === 'number' && Number.isFinite(fraction);
  const pct = known ? Math.round(Math.min(1, Math.max(0, fraction)) * 100) : null;
  return (
    <div class="cg-root">
      <div class="dialog compact narrow" role="dialog" aria-modal="true" aria-label={t.dialogLabel} tabIndex={-1} ref={dialog}>
        <div class="progress">
          <span class="brand">
            <span class="logo" aria-hidden="true" />
            {t.brand}
          </span>
          <p class="progress-title">{t.progressTitle}</p>
          <p class="stage-text" aria-live="polite">
            {progress?.stage || t.progressStage}
          </p>
          <div
            class={known ? 'bar' : 'bar indeterminate'}
            role="progressbar"
            aria-label={t.progressTitle}
            aria-valuemin={0}
            aria-valuemax={100}
            {...(pct !== null ? { 'aria-valuenow': pct } : {})}
          >
            <div class="bar-fill" style={pct !== null ? { width: `${pct}%` } : undefined} />
          </div>
          <div class="progress-actions">
            <button type="button" class="btn secondary" onClick={onCancel}>
              {t.cancelUpload}
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
