import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { db } from '@/lib/db/db';
import { saveAcquisitionCost } from '@/lib/value/acquisition';
import { getValueSettings } from '@/lib/value/settings';
import { useAction } from '@/components/panel/useAction';

/** The company's acquisition cost (CLV is net of it), editable in the card; blank for none. */
export function AcquisitionCostField({ companyId }: { companyId: string }) {
  const { t, i18n } = useTranslation();
  const company = useLiveQuery(() => db.companies.get(companyId), [companyId]);
  const settings = useLiveQuery(() => getValueSettings(db), []);
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /** What the last save stored (undefined: cleared), shown until the field changes again. */
  const [saved, setSaved] = useState<{ amount: number | undefined } | null>(null);
  const { busy, error, run } = useAction();
  if (!company || !settings) return null;

  const stored = company.acquisitionCost;
  const shown = draft ?? (stored === undefined ? '' : String(stored));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await run(() => saveAcquisitionCost(db, companyId, shown));
    if (!result) return;
    if (result.ok) {
      setDraft(null);
      setProblem(null);
      setSaved({ amount: result.acquisitionCost });
    } else setProblem(result.error);
  }

  return (
    <form
      className="acquisition-cost"
      data-testid="acquisition-cost-form"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <label>
        {t('value.acquisition.label', { currency: settings.baseCurrency })}
        <input
          inputMode="decimal"
          data-testid="acquisition-cost"
          placeholder={t('value.acquisition.none')}
          value={shown}
          onChange={(e) => (setDraft(e.target.value), setSaved(null), setProblem(null))}
        />
      </label>
      <p className="hint">{t('value.acquisition.hint')}</p>
      <button type="submit" disabled={busy || draft === null} data-testid="acquisition-cost-save">
        {t('value.acquisition.save')}
      </button>{' '}
      {saved && (
        <span className="hint" data-testid="acquisition-cost-saved">
          {saved.amount === undefined
            ? t('value.acquisition.cleared')
            : t('value.acquisition.saved', {
                amount: saved.amount.toLocaleString(i18n.language),
                currency: settings.baseCurrency,
              })}
        </span>
      )}
      {problem && (
        <span className="error" data-testid="acquisition-cost-error">
          {t(problem)}
        </span>
      )}
      {error && <p className="error">{error}</p>}
    </form>
  );
}
