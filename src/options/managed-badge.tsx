import type { Strings } from './i18n';

/** "set by your school board": a value from the managed policy, read-only on this page. */
export function ManagedBadge({ t }: { t: Strings }) {
  return (
    <span class="managed" title={t.managedHint} data-managed="true">
      {t.managedBadge}
    </span>
  );
}
