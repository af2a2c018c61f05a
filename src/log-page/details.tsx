/** One entry in full: who, where, what happened to each face and why, the file hashes and the chain links. */
import type { AuditEntry } from '../audit';
import type { Strings } from './i18n';
import { reasonLabel } from './i18n';
import { channelName, formatDateTime, type PupilDirectory } from './model';
import { entryLabel } from './table';

export interface DetailsProps {
  t: Strings;
  lang: 'nl' | 'en';
  entry: AuditEntry;
  directory: PupilDirectory;
  browserId?: string;
  onClose(): void;
}

export function EntryDetails({ t, lang, entry, directory, browserId, onClose }: DetailsProps) {
  const label = entryLabel(t, entry);
  const pupil = (id: string | null) => (id === null ? '—' : directory.byId.has(id) ? `${directory.byId.get(id)!.name} (${id})` : t.unknownPupil(id));
  return (
    <aside class="card details" data-testid="entry-details" data-seq={entry.seq} aria-label={t.detailsTitle(entry.seq)}>
      <div class="row">
        <h2>{t.detailsTitle(entry.seq)}</h2>
        <span class={`badge o-${label.tone}`}>{label.text}</span>
        <span class="spacer" />
        <button type="button" class="btn small" onClick={onClose}>
          {t.close}
        </button>
      </div>
      <dl class="facts">
        <dt>{t.colTime}</dt>
        <dd>{formatDateTime(entry.at, lang)}</dd>
        <dt>{t.colStaff}</dt>
        <dd>{entry.staff || t.noStaff}</dd>
        {entry.origin ? (
          <>
            <dt>{t.colSite}</dt>
            <dd>{entry.origin}</dd>
          </>
        ) : null}
        {entry.channel ? (
          <>
            <dt>{t.colChannel}</dt>
            <dd>{channelName(directory, entry.channel)}</dd>
          </>
        ) : null}
        <dt>{t.dMode}</dt>
        <dd>{t.modes[entry.mode]}</dd>
        {browserId ? (
          <>
            <dt>{t.dBrowser}</dt>
            <dd>
              <code>{browserId.slice(0, 8)}</code>
            </dd>
          </>
        ) : null}
        {entry.reasons && entry.reasons.length > 0 ? (
          <>
            <dt>{t.dReasons}</dt>
            <dd data-testid="details-reasons">{entry.reasons.map((r) => reasonLabel(lang, r)).join('; ')}</dd>
          </>
        ) : null}
        {entry.overrideReason ? (
          <>
            <dt>{t.dOverride}</dt>
            <dd class="override-reason">“{entry.overrideReason}”</dd>
          </>
        ) : null}
        {entry.detail ? (
          <>
            <dt>{t.dDetail}</dt>
            <dd>{entry.detail}</dd>
          </>
        ) : null}
        {entry.purged ? (
          <>
            <dt>{t.kindLabel.retention}</dt>
            <dd>{t.dPurged(entry.purged.count, entry.purged.fromSeq, entry.purged.toSeq, entry.purged.retentionDays)}</dd>
          </>
        ) : null}
      </dl>
      {entry.faces && entry.faces.length > 0 ? (
        <>
          <h3>{t.dFaces}</h3>
          <ul class="face-lines">
            {entry.faces.map((f) => (
              <li key={f.index} class={`face-line s-${f.status}`}>
                <b>{t.dFace(f.index)}</b> · {pupil(f.pupilId)} · <span class={`fs fs-${f.status}`}>{entry.kind === 'override' && f.status === 'hold' ? t.outcomeLabel.override : t.faceStatus[f.status]}</span>
                {f.reason ? <span class="muted"> · {reasonLabel(lang, f.reason)}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <dl class="facts hashes">
        {entry.originalSha256 ? (
          <>
            <dt>{t.dOriginal}</dt>
            <dd>
              <code>{entry.originalSha256}</code>
            </dd>
          </>
        ) : null}
        {entry.releasedSha256 ? (
          <>
            <dt>{t.dReleased}</dt>
            <dd>
              <code>{entry.releasedSha256}</code>
            </dd>
          </>
        ) : null}
        <dt>{t.dPrevHash}</dt>
        <dd>
          <code>{entry.prevHash}</code>
        </dd>
        <dt>{t.dHash}</dt>
        <dd>
          <code>{entry.hash}</code>
        </dd>
      </dl>
    </aside>
  );
}
