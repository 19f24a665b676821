import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { getValueSettings, saveValueSettings, type ValueSettings } from '@/lib/value/settings';

// The value model's parameters, as a rep or admin sets them: the base currency
// and exchange rates, the windows and rates of the CLV formula, and the tier
// cut-offs. Shares are shown as percentages.

interface Draft {
  baseCurrency: string;
  rates: { currency: string; rate: string }[];
  windowMonths: string;
  discountRatePct: string;
  defaultMarginPct: string;
  costPerInteraction: string;
  defaultAnnualChurnPct: string;
  vip: string;
  key: string;
  ordinary: string;
}

const pct = (share: number) => String(Math.round(share * 10_000) / 100);

function toDraft(s: ValueSettings): Draft {
  return {
    baseCurrency: s.baseCurrency,
    rates: Object.entries(s.rates).map(([currency, rate]) => ({ currency, rate: String(rate) })),
    windowMonths: String(s.windowMonths),
    discountRatePct: pct(s.discountRate),
    defaultMarginPct: pct(s.defaultMargin),
    costPerInteraction: String(s.costPerInteraction),
    defaultAnnualChurnPct: pct(s.defaultAnnualChurn),
    vip: String(s.cutoffs.vip),
    key: String(s.cutoffs.key),
    ordinary: String(s.cutoffs.ordinary),
  };
}

/** Empty or non-numeric text becomes NaN, which the schema refuses with the field's name. */
const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

function fromDraft(d: Draft, previous: ValueSettings) {
  const base = d.baseCurrency.trim().toUpperCase();
  return {
    ...previous,
    baseCurrency: base,
    rates: {
      ...Object.fromEntries(
        d.rates.filter((r) => r.currency.trim()).map((r) => [r.currency.trim().toUpperCase(), num(r.rate)]),
      ),
      [base]: 1,
    },
    windowMonths: num(d.windowMonths),
    discountRate: num(d.discountRatePct) / 100,
    defaultMargin: num(d.defaultMarginPct) / 100,
    costPerInteraction: num(d.costPerInteraction),
    defaultAnnualChurn: num(d.defaultAnnualChurnPct) / 100,
    cutoffs: { vip: num(d.vip), key: num(d.key), ordinary: num(d.ordinary) },
  };
}

export function ValueSettingsForm({ db = defaultDb }: { db?: CrmDb }) {
  const { t } = useTranslation();
  const [previous, setPrevious] = useState<ValueSettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void getValueSettings(db).then((s) => {
      setPrevious(s);
      setDraft(toDraft(s));
    });
  }, [db]);

  if (!draft || !previous) return <p className="loading">{t('common.loading')}</p>;

  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };
  const field = (name: keyof Omit<Draft, 'rates'>, label: string, unit = '') => (
    <label key={name}>
      {label}
      {unit && ` (${unit})`}
      <input
        value={draft[name]}
        inputMode="decimal"
        onChange={(e) => set({ [name]: e.target.value })}
        data-testid={`value-setting-${name}`}
      />
    </label>
  );

  const save = async () => {
    setErrors([]);
    try {
      const next = await saveValueSettings(db, fromDraft(draft, previous));
      setPrevious(next);
      setDraft(toDraft(next));
      // Tiers are ranks across the whole book: the background re-ranks everyone with the new
      // parameters when it reads this write from the change feed.
      setSaved(true);
    } catch (error) {
      const issues = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues;
      setErrors(
        issues?.map((i) => t('options.value.invalid', { field: i.path.join('.'), message: i.message })) ?? [
          t('common.error', { message: String(error) }),
        ],
      );
    }
  };

  return (
    <form
      className="settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p className="hint">{t('options.value.explain')}</p>
      {field('baseCurrency', t('options.value.baseCurrency'))}
      <fieldset>
        <legend>{t('options.value.rates', { base: draft.baseCurrency })}</legend>
        {draft.rates.map((row, i) => (
          <div className="rate-row" key={i}>
            <input
              aria-label={t('options.value.currency')}
              value={row.currency}
              size={4}
              onChange={(e) =>
                set({ rates: draft.rates.map((r, j) => (j === i ? { ...r, currency: e.target.value } : r)) })
              }
            />
            <input
              aria-label={t('options.value.rate', { currency: row.currency })}
              value={row.rate}
              inputMode="decimal"
              onChange={(e) =>
                set({ rates: draft.rates.map((r, j) => (j === i ? { ...r, rate: e.target.value } : r)) })
              }
              data-testid={`value-rate-${row.currency}`}
            />
            <button
              type="button"
              className="link danger"
              onClick={() => set({ rates: draft.rates.filter((_, j) => j !== i) })}
            >
              {t('common.delete')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="link"
          onClick={() => set({ rates: [...draft.rates, { currency: '', rate: '' }] })}
        >
          {t('options.value.addRate')}
        </button>
      </fieldset>
      {field('windowMonths', t('options.value.windowMonths'))}
      {field('discountRatePct', t('options.value.discountRate'), '%')}
      {field('defaultMarginPct', t('options.value.defaultMargin'), '%')}
      {field('costPerInteraction', t('options.value.costPerInteraction'), draft.baseCurrency)}
      {field('defaultAnnualChurnPct', t('options.value.defaultChurn'), '%')}
      <fieldset>
        <legend>{t('options.value.cutoffs')}</legend>
        {field('vip', t('options.value.vip'), '%')}
        {field('key', t('options.value.key'), '%')}
        {field('ordinary', t('options.value.ordinary'), '%')}
      </fieldset>
      <button type="submit" className="primary" data-testid="value-settings-save">
        {t('common.save')}
      </button>
      {saved && (
        <span className="hint" role="status">
          {' '}
          {t('options.value.saved')}
        </span>
      )}
      {errors.length > 0 && (
        <ul role="alert" className="error" data-testid="value-settings-errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
