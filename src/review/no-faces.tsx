import type { Strings } from './i18n';

/** No faces found: the uploader confirms there are no people, or adds a face by hand. */
export function NoFaces({ t, checked, onToggle }: { t: Strings; checked: boolean; onToggle(): void }) {
  return (
    <div class="empty">
      <p class="empty-title">{t.noFacesTitle}</p>
      <p class="face-sub">{t.noFacesHint}</p>
      <label class="check">
        <input type="checkbox" checked={checked} onChange={onToggle} data-check="no-faces" />
        <span>{t.noFacesConfirm}</span>
      </label>
    </div>
  );
}
