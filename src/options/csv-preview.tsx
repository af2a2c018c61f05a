/** The first rows of a CSV file as a table, each header tagged with what the mapping reads from it. */
import type { CsvPreview } from '../consent/mapping';
import type { Strings } from './i18n';
import { MAPPING_FIELDS, type MappingForm } from './mapping-form';

function rolesOf(form: MappingForm | null, t: Strings): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  const add = (column: string, role: string) => {
    if (column !== '') roles.set(column, [...(roles.get(column) ?? []), role]);
  };
  if (form === null) return roles;
  for (const field of MAPPING_FIELDS) add(form.fields[field], t.fieldLabels[field]);
  for (const c of form.channels) {
    add(c.column, t.mapsChannel(c.label || c.id));
    add(c.firstNameColumn, t.mapsFirstName(c.label || c.id));
  }
  return roles;
}

export function CsvPreviewTable({ t, preview, form }: { t: Strings; preview: CsvPreview; form: MappingForm | null }) {
  const roles = rolesOf(form, t);
  return (
    <div class="stack">
      <div class="row">
        <h3>{t.previewTitle}</h3>
        <span class="muted">{t.previewDelimiter(preview.delimiter === ';' ? t.delimiterSemicolon : t.delimiterComma)}</span>
      </div>
      <div class="table-wrap">
        <table class="preview" data-testid="csv-preview">
          <thead>
            <tr>
              {preview.headers.map((h, i) => {
                const r = roles.get(h);
                return (
                  <th key={i}>
                    {h || '—'}
                    <span class={`maps${r ? '' : ' none'}`}>{r ? r.join(', ') : '—'}</span>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, i) => (
              <tr key={i}>
                {preview.headers.map((_, j) => (
                  <td key={j} title={row[j] ?? ''}>
                    {row[j] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
