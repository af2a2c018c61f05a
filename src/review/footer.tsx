import { useEffect, useRef } from 'preact/hooks';
import { OVERRIDE_MAX_REASON, overrideReasonText } from '../policy/override';
import type { Strings } from './i18n';
import type { OverrideBlocker, OverrideOffer, PrimaryAction, ReleaseBlocker } from './state';

export interface FooterOverrideProps {
  offer: OverrideOffer;
  open: boolean;
  reason: string;
  blocker: OverrideBlocker | null;
  onOpen(): void;
  onBack(): void;
  onReason(text: string): void;
  onConfirm(): void;
}

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
  /** Present only where an override is offered: without it there is no override button at all. */
  override?: FooterOverrideProps | null;
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

export function overrideBlockerText(t: Strings, blocker: OverrideBlocker, minReason: number): string {
  return blocker === 'reason' ? t.overrideNeedReason(minReason) : t.blockerNoHarm;
}

/** The last check, why the button is not available yet, and the ways out (with an override where the policy allows). */
export function Footer({ t, video, noHarmConfirmed, onToggleNoHarm, blocker, uncovered, primary, onRelease, onCancel, override }: FooterProps) {
  const label = primary.kind === 'cover' ? t.coverAndContinue(primary.count) : t.continue;
  return (
    <footer class="footer">
      <label class="check">
        <input type="checkbox" checked={noHarmConfirmed} onChange={onToggleNoHarm} data-check="no-harm" />
        <span>{video ? t.noHarmConfirmVideo : t.noHarmConfirm}</span>
      </label>
      {override?.open ? (
        <OverrideForm t={t} {...override} />
      ) : (
        <div class="actions">
          <span class="esc">{t.escHint}</span>
          {blocker !== null ? (
            <p class="hint" id="cg-release-hint" aria-live="polite">
              {blockerText(t, blocker, uncovered)}
            </p>
          ) : null}
          {override ? (
            <button type="button" class="btn secondary override-open" data-action="override" aria-expanded="false" onClick={override.onOpen}>
              {t.overrideButton}
            </button>
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
      )}
    </footer>
  );
}

/** "Publish without covering": what it does, the written reason with a live count, and confirm or go back. */
function OverrideForm({ t, offer, reason, blocker, onBack, onReason, onConfirm }: FooterOverrideProps & { t: Strings }) {
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus({ preventScroll: true }), []);
  const length = overrideReasonText(reason).length;
  return (
    <section class="override" data-override="form" aria-labelledby="cg-override-title">
      <h3 class="override-title" id="cg-override-title">
        {t.overrideTitle}
      </h3>
      <p class="override-explain">{t.overrideExplain(offer.release.length)}</p>
      {offer.cover.length > 0 ? <p class="override-explain">{t.overrideStillCovered(offer.cover.length)}</p> : null}
      <label class="override-label" for="cg-override-reason">
        {t.overrideReasonLabel}
      </label>
      <p class="override-hint" id="cg-override-hint">
        {t.overrideReasonHint}
      </p>
      <textarea
        id="cg-override-reason"
        class="override-reason"
        data-field="override-reason"
        rows={3}
        maxLength={OVERRIDE_MAX_REASON}
        value={reason}
        aria-describedby="cg-override-hint cg-override-count"
        aria-invalid={length < offer.minReason ? 'true' : 'false'}
        onInput={(e) => onReason(e.currentTarget.value)}
        ref={field}
      />
      <div class="actions">
        <span class={length >= offer.minReason ? 'count enough' : 'count'} id="cg-override-count" data-override="count" aria-live="polite">
          {t.overrideCount(length, offer.minReason)}
        </span>
        {blocker !== null ? (
          <p class="hint" id="cg-override-blocker" aria-live="polite">
            {overrideBlockerText(t, blocker, offer.minReason)}
          </p>
        ) : null}
        <button type="button" class="btn secondary" data-action="override-back" onClick={onBack}>
          {t.overrideBack}
        </button>
        <button
          type="button"
          class="btn primary warn"
          data-action="confirm-override"
          disabled={blocker !== null}
          aria-describedby={blocker !== null ? 'cg-override-blocker' : undefined}
          onClick={onConfirm}
        >
          {t.overrideConfirm}
        </button>
      </div>
    </section>
  );
}
