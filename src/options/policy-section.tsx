/**
 * 5. Policy: list age, log retention, overrides, the staff name, cover style, language, and the recognition
 * thresholds within their safe bounds. A managed field is shown with its managed value and cannot be edited.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { SAFE_MAX_THRESHOLD } from '../policy/match';
import type { Strings } from './i18n';
import { ManagedBadge } from './managed-badge';
import { MessageBox } from './message-box';
import { errorText, type OptionsPage } from './model';
import { MIN_MARGIN, applyPolicyForm, isManaged, policyFormFrom, type PolicyError, type PolicyField, type PolicyForm } from './policy-form';

function errorTextFor(t: Strings, e: PolicyError | undefined): string | null {
  if (!e) return null;
  switch (e.code) {
    case 'integer':
      return t.policyErrors.integer(e.min, e.max);
    case 'range':
      return t.policyErrors.range(e.min, e.max);
    case 'threshold':
      return t.policyErrors.threshold(e.max);
    case 'too_long':
      return t.policyErrors.too_long(e.max);
  }
}

function Field({ t, label, hint, error, managed, wide, children }: { t: Strings; label: string; hint?: string; error: string | null; managed: boolean; wide?: boolean; children: ComponentChildren }) {
  return (
    <label class={`field${wide ? ' wide' : ''}`}>
      <span>
        {label}
        {managed ? <ManagedBadge t={t} /> : null}
      </span>
      {children}
      {hint ? <span class="hint">{hint}</span> : null}
      {error ? <span class="err">{error}</span> : null}
    </label>
  );
}

export function PolicySection({ page }: { page: OptionsPage }) {
  const { t, local, effective } = page;
  const managed = effective.managed;
  const [form, setForm] = useState<PolicyForm>(() => policyFormFrom(effective.settings));
  const [errors, setErrors] = useState<Partial<Record<PolicyField, PolicyError>>>({});
  const [status, setStatus] = useState<{ tone: 'good' } | { tone: 'bad'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);

  // Settings changed elsewhere (another tab, a policy that arrived late): show them unless the admin is editing.
  useEffect(() => {
    if (!dirty) setForm(policyFormFrom(effective.settings));
  }, [effective, dirty]);

  const set = <K extends PolicyField>(key: K, value: PolicyForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setDirty(true);
    setStatus(null);
  };
  const locked = (field: PolicyField) => isManaged(field, managed) || local === null || busy;
  const err = (field: PolicyField) => errorTextFor(t, errors[field]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (local === null) return;
    const applied = applyPolicyForm(local, form, managed);
    if (!applied.ok) {
      setErrors(applied.errors);
      if (applied.problem) setStatus({ tone: 'bad', text: t.saveFailed(applied.problem) });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await page.saveSettings(applied.settings);
      setDirty(false);
      setStatus({ tone: 'good' });
    } catch (error) {
      setStatus({ tone: 'bad', text: t.saveFailed(errorText(error)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="policy-title" data-testid="section-policy">
      <h2 id="policy-title">{t.policyTitle}</h2>
      <p class="intro">{t.policyIntro}</p>
      {effective.problems.length > 0 ? (
        <MessageBox tone="bad" title={t.managedProblemsTitle} testId="managed-problems">
          <ul>
            {effective.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </MessageBox>
      ) : null}
      <form class="stack" onSubmit={(e) => void save(e)} noValidate>
        <div class="form-grid">
          <Field t={t} label={t.maxListAgeDays} hint={t.maxListAgeDaysHint} error={err('maxListAgeDays')} managed={isManaged('maxListAgeDays', managed)}>
            <input type="number" name="maxListAgeDays" min={1} max={365} step={1} value={form.maxListAgeDays} disabled={locked('maxListAgeDays')} class={err('maxListAgeDays') ? 'invalid' : undefined} onInput={(e) => set('maxListAgeDays', e.currentTarget.value)} />
          </Field>
          <Field t={t} label={t.logRetentionDays} error={err('logRetentionDays')} managed={isManaged('logRetentionDays', managed)}>
            <input type="number" name="logRetentionDays" min={30} max={3650} step={1} value={form.logRetentionDays} disabled={locked('logRetentionDays')} class={err('logRetentionDays') ? 'invalid' : undefined} onInput={(e) => set('logRetentionDays', e.currentTarget.value)} />
          </Field>
          <Field t={t} label={t.staffName} hint={t.staffNameHint} error={err('staffName')} managed={isManaged('staffName', managed)}>
            <input type="text" name="staffName" maxLength={200} value={form.staffName} disabled={locked('staffName')} onInput={(e) => set('staffName', e.currentTarget.value)} />
          </Field>
          <Field t={t} label={t.coverStyle} error={null} managed={false}>
            <select name="coverStyle" value={form.coverStyle} disabled={locked('coverStyle')} onChange={(e) => set('coverStyle', e.currentTarget.value as PolicyForm['coverStyle'])}>
              <option value="solid">{t.coverSolid}</option>
              <option value="pixelate">{t.coverPixelate}</option>
            </select>
          </Field>
          <Field t={t} label={t.language} error={null} managed={false}>
            <select name="lang" value={form.lang} disabled={locked('lang')} onChange={(e) => set('lang', e.currentTarget.value as PolicyForm['lang'])}>
              <option value="auto">{t.langAuto}</option>
              <option value="nl">{t.langNl}</option>
              <option value="en">{t.langEn}</option>
            </select>
          </Field>
          <div class="field wide">
            <label class="check">
              <input type="checkbox" name="allowOverride" checked={form.allowOverride} disabled={locked('allowOverride')} onChange={(e) => set('allowOverride', e.currentTarget.checked)} />
              <span>
                {t.allowOverride} {isManaged('allowOverride', managed) ? <ManagedBadge t={t} /> : null}
              </span>
            </label>
          </div>
          <h3 class="wide">{t.thresholdsTitle}</h3>
          <Field t={t} label={t.threshold} hint={t.thresholdHint(SAFE_MAX_THRESHOLD)} error={err('threshold')} managed={isManaged('threshold', managed)}>
            <input type="number" name="threshold" min={0.01} max={SAFE_MAX_THRESHOLD} step={0.01} value={form.threshold} disabled={locked('threshold')} class={err('threshold') ? 'invalid' : undefined} onInput={(e) => set('threshold', e.currentTarget.value)} />
          </Field>
          <Field t={t} label={t.margin} hint={t.marginHint(MIN_MARGIN)} error={err('margin')} managed={isManaged('margin', managed)}>
            <input type="number" name="margin" min={MIN_MARGIN} max={0.3} step={0.01} value={form.margin} disabled={locked('margin')} class={err('margin') ? 'invalid' : undefined} onInput={(e) => set('margin', e.currentTarget.value)} />
          </Field>
        </div>
        <div class="row">
          <button type="submit" class="btn primary" disabled={busy || local === null || !dirty} data-testid="policy-save">
            {busy ? t.saving : t.save}
          </button>
          {status ? (
            <span class={status.tone === 'good' ? 'status-ok' : 'status-bad'} role="status">
              {status.tone === 'good' ? t.saved : status.text}
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
