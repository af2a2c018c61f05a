import type { Strings } from './i18n';
import type { PrimaryAction, ReleaseBlocker } from './state';

export interface FooterProps {
  t: Strings;
  video: boolean;
  noHarmConfirmed: boolean;
  onToggleNoHarm(): void;
  blocker: ReleaseBlocker | null;
  /** Faces still without consent (for the video hint). */
  uncovered: number;
  primary: PrimaryAction;
  onRelease(): void;
  onCancel(): void;
}

export function blockerText(t: Strings, blocker: ReleaseBlocker, uncovered: number): string {
  switch (blocker) {
    case 'problems':
      return t.blockerProblems;
    case 'noFaces':
      return t.blockerNoFaces;
    case 'videoCover':
      return t.blockerVideoCover(uncovered);
    case 'unresolved':
      return t.blockerUnresolved;
    case 'noHarm':
      return t.blockerNoHarm;
  }
}

/** The last check, why the button is not available yet, and the two ways out. */
export function Footer({ t, video, noHarmConfirmed, onToggleNoHarm, blocker, uncovered, primary, onRelease, onCancel }: FooterProps) {
  const label = primary.kind === 'cover' ? t.coverAndContinue(primary.count) : t.continue;
  return (
    <footer class="footer">
      <label class="check">
        <input type="checkbox" checked={noHarmConfirmed} onChange={onToggleNoHarm} data-check="no-harm" />
        <span>{video ? t.noHarmConfirmVideo : t.noHarmConfirm}</span>
      </label>
      <div class="actions">
        <span class="esc">{t.escHint}</span>
        {blocker !== null ? (
          <p class="hint" id="cg-release-hint" aria-live="polite">
            {blockerText(t, blocker, uncovered)}
          </p>
        ) : null}
        <button type="button" class="btn secondary" data-action="cancel" onClick={onCancel}>
          {t.cancelUpload}
        </button>
        <button
          type="button"
          class="btn primary"
          data-action="release"
          disabled={blocker !== null}
          aria-describedby={blocker !== null ? 'cg-release-hint' : undefined}
          onClick={onRelease}
        >
          {label}
        </button>
      </div>
    </footer>
  );
}
