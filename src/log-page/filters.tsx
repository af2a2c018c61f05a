/** The filter bar: date range, channel, outcome, site, staff member and pupil. */
import type { Strings } from './i18n';
import { channelName, NO_FILTER, NO_NAME, OUTCOME_CHOICES, siteLabel, type FilterOptions, type FilterState, type OutcomeChoice, type PupilDirectory } from './model';

export interface FiltersProps {
  t: Strings;
  value: FilterState;
  options: FilterOptions;
  directory: PupilDirectory;
  disabled: boolean;
  onChange(next: FilterState): void;
}

function choiceLabel(t: Strings, c: OutcomeChoice): string {
  return c in t.outcomeLabel ? t.outcomeLabel[c as keyof Strings['outcomeLabel']] : (t.kindLabel[c] ?? c);
}

export function Filters({ t, value, options, directory, disabled, onChange }: FiltersProps) {
  const set = <K extends keyof FilterState>(key: K, v: FilterState[K]) => onChange({ ...value, [key]: v });
  const pupilName = (id: string) => directory.byId.get(id)?.name;
  const pupils = options.pupilIds
    .map((id) => ({ id, name: pupilName(id) }))
    .sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'nl') || a.id.localeCompare(b.id, 'nl', { numeric: true }));
  return (
    <fieldset class="filters" disabled={disabled} aria-label={t.filtersLabel}>
      <label class="field">
        <span>{t.from}</span>
        <input type="date" name="from" value={value.from} max={value.to || undefined} onChange={(e) => set('from', e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t.to}</span>
        <input type="date" name="to" value={value.to} min={value.from || undefined} onChange={(e) => set('to', e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t.channel}</span>
        <select name="channel" value={value.channel} onChange={(e) => set('channel', e.currentTarget.value)}>
          <option value="">{t.all}</option>
          {options.channels.map((c) => (
            <option key={c} value={c}>
              {channelName(directory, c)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t.outcome}</span>
        <select name="outcome" value={value.outcome} onChange={(e) => set('outcome', e.currentTarget.value as FilterState['outcome'])}>
          <option value="">{t.all}</option>
          {OUTCOME_CHOICES.map((c) => (
            <option key={c} value={c}>
              {choiceLabel(t, c)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t.site}</span>
        <select name="origin" value={value.origin} onChange={(e) => set('origin', e.currentTarget.value)}>
          <option value="">{t.all}</option>
          {options.origins.map((o) => (
            <option key={o} value={o}>
              {siteLabel(o)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t.staff}</span>
        <select name="staff" value={value.staff} onChange={(e) => set('staff', e.currentTarget.value)}>
          <option value="">{t.anyone}</option>
          {options.staff.map((s) => (
            <option key={s || NO_NAME} value={s || NO_NAME}>
              {s || t.noStaff}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t.pupil}</span>
        <select name="pupil" value={value.pupilId} onChange={(e) => set('pupilId', e.currentTarget.value)}>
          <option value="">{t.all}</option>
          {pupils.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name ? `${p.name} (${p.id})` : p.id}
            </option>
          ))}
        </select>
      </label>
      <div class="field clear">
        <span>&nbsp;</span>
        <button type="button" class="btn small" onClick={() => onChange(NO_FILTER)} disabled={disabled}>
          {t.clearFilters}
        </button>
      </div>
    </fieldset>
  );
}
