/** The column-mapping step: one select per pupil field, and the list of channels (column, id, label, first-name column). */
import type { Strings } from './i18n';
import {
  MAPPING_FIELDS,
  REQUIRED_MAPPING_FIELDS,
  addChannel,
  removeChannel,
  setField,
  updateChannel,
  type MappingForm,
  type MappingIssue,
} from './mapping-form';

export function mappingIssueText(t: Strings, issue: MappingIssue): string {
  const m = t.mappingIssues;
  const s = issue.subject ?? '';
  switch (issue.code) {
    case 'required':
      return m.required;
    case 'unknown_column':
      return m.unknown_column(s);
    case 'column_twice':
      return m.column_twice(s);
    case 'bad_id':
      return m.bad_id(s);
    case 'id_twice':
      return m.id_twice(s);
    case 'no_label':
      return m.no_label;
    case 'no_column':
      return m.no_column;
    case 'no_channels':
      return m.no_channels;
  }
}

interface Props {
  t: Strings;
  headers: readonly string[];
  form: MappingForm;
  issues: readonly MappingIssue[];
  disabled: boolean;
  onChange(form: MappingForm): void;
}

function ColumnSelect({ id, value, headers, empty, invalid, disabled, onChange }: { id: string; value: string; headers: readonly string[]; empty: string; invalid: boolean; disabled: boolean; onChange(v: string): void }) {
  const options = [...new Set(headers.filter((h) => h !== ''))];
  return (
    <select id={id} class={invalid ? 'invalid' : undefined} value={value} disabled={disabled} aria-invalid={invalid} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{empty}</option>
      {options.map((h) => (
        <option key={h} value={h}>
          {h}
        </option>
      ))}
      {value !== '' && !options.includes(value) ? <option value={value}>{value}</option> : null}
    </select>
  );
}

function Errors({ t, issues }: { t: Strings; issues: readonly MappingIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <>
      {issues.map((issue, i) => (
        <span class="err" key={i}>
          {mappingIssueText(t, issue)}
        </span>
      ))}
    </>
  );
}

export function MappingEditor({ t, headers, form, issues, disabled, onChange }: Props) {
  const at = (target: string) => issues.filter((i) => i.target === target);
  return (
    <div class="stack" data-testid="mapping">
      <h3>{t.mappingTitle}</h3>
      <p class="intro">{t.mappingIntro}</p>
      <div class="grid-fields">
        {MAPPING_FIELDS.map((field) => {
          const required = REQUIRED_MAPPING_FIELDS.includes(field);
          const own = at(field);
          return (
            <label class="field" key={field}>
              <span>
                {t.fieldLabels[field]}
                {required ? <span class="req">({t.required})</span> : null}
              </span>
              <ColumnSelect
                id={`map-${field}`}
                value={form.fields[field]}
                headers={headers}
                empty={required ? t.chooseColumn : t.notInFile}
                invalid={own.length > 0}
                disabled={disabled}
                onChange={(v) => onChange(setField(form, field, v))}
              />
              <Errors t={t} issues={own} />
            </label>
          );
        })}
      </div>
      <h3>{t.channelsTitle}</h3>
      <div class="channels" data-testid="channels">
        {form.channels.map((row, index) => {
          const part = (p: string) => at(`channel:${row.key}:${p}`);
          return (
            <div class="channel-row" key={row.key} data-channel-row={index}>
              <label class="field">
                <span>{t.channelColumn}</span>
                <ColumnSelect
                  id={`channel-${row.key}-column`}
                  value={row.column}
                  headers={headers}
                  empty={t.chooseColumn}
                  invalid={part('column').length > 0}
                  disabled={disabled}
                  onChange={(v) => onChange(updateChannel(form, row.key, { column: v }))}
                />
                <Errors t={t} issues={part('column')} />
              </label>
              <label class="field">
                <span>{t.channelId}</span>
                <input
                  type="text"
                  name="channel-id"
                  value={row.id}
                  disabled={disabled}
                  class={part('id').length > 0 ? 'invalid' : undefined}
                  aria-invalid={part('id').length > 0}
                  spellcheck={false}
                  onInput={(e) => onChange(updateChannel(form, row.key, { id: e.currentTarget.value.trim() }))}
                />
                <Errors t={t} issues={part('id')} />
              </label>
              <label class="field">
                <span>{t.channelLabel}</span>
                <input
                  type="text"
                  name="channel-label"
                  value={row.label}
                  disabled={disabled}
                  class={part('label').length > 0 ? 'invalid' : undefined}
                  aria-invalid={part('label').length > 0}
                  onInput={(e) => onChange(updateChannel(form, row.key, { label: e.currentTarget.value }))}
                />
                <Errors t={t} issues={part('label')} />
              </label>
              <label class="field">
                <span>{t.channelFirstName}</span>
                <ColumnSelect
                  id={`channel-${row.key}-first`}
                  value={row.firstNameColumn}
                  headers={headers}
                  empty={t.channelNone}
                  invalid={part('firstName').length > 0}
                  disabled={disabled}
                  onChange={(v) => onChange(updateChannel(form, row.key, { firstNameColumn: v }))}
                />
                <Errors t={t} issues={part('firstName')} />
              </label>
              <button type="button" class="btn small" disabled={disabled} aria-label={`${t.removeChannel}: ${row.label || row.id}`} onClick={() => onChange(removeChannel(form, row.key))}>
                {t.remove}
              </button>
            </div>
          );
        })}
        <Errors t={t} issues={at('channels')} />
        <div>
          <button type="button" class="btn small" disabled={disabled} onClick={() => onChange(addChannel(form, headers))}>
            + {t.addChannel}
          </button>
        </div>
      </div>
    </div>
  );
}
