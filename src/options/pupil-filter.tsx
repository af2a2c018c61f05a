/** Search by name and a group select, shared by the pupils and the enrolment lists. */
import type { Pupil } from '../consent/schema';
import type { Strings } from './i18n';
import { groupsOf } from './pupils';

interface Props {
  t: Strings;
  pupils: readonly Pupil[];
  query: string;
  group: string;
  shown: number;
  onQuery(query: string): void;
  onGroup(group: string): void;
}

export function PupilFilter({ t, pupils, query, group, shown, onQuery, onGroup }: Props) {
  return (
    <div class="row bottom" role="search">
      <label class="field grow-field">
        <span>{t.search}</span>
        <input type="search" name="pupil-search" placeholder={t.searchPlaceholder} value={query} onInput={(e) => onQuery(e.currentTarget.value)} />
      </label>
      <label class="field fixed-field">
        <span>{t.group}</span>
        <select name="pupil-group" value={group} onChange={(e) => onGroup(e.currentTarget.value)}>
          <option value="">{t.allGroups}</option>
          {groupsOf(pupils).filter((g) => g !== '').map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </label>
      <span class="muted count-note">
        {t.shownOf(shown, pupils.length)}
      </span>
    </div>
  );
}
