import type { Strings } from './i18n';
import type { ReviewPupil } from './model';

export function consentText(t: Strings, consent: ReviewPupil['consent']): string {
  switch (consent) {
    case 'yes':
      return t.consentYes;
    case 'no':
      return t.consentNo;
    case 'withdrawn':
      return t.consentWithdrawn;
    default:
      return t.consentUnknown;
  }
}

/** "✓ toestemming" / "✗ geen toestemming" / "✗ ingetrokken" / "? onbekend", for this channel. */
export function ConsentBadge({ t, consent }: { t: Strings; consent: ReviewPupil['consent'] }) {
  const known = consent === 'yes' || consent === 'no' || consent === 'withdrawn' ? consent : 'unknown';
  return <span class={`consent c-${known}`}>{consentText(t, known)}</span>;
}
