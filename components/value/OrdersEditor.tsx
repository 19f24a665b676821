import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { db } from '@/lib/db/db';
import { ORDER_STATUSES, type Order, type OrderStatus } from '@/lib/db/types';
import { deleteOrder, listOrders, saveOrder, timeToDay, type FieldError } from '@/lib/value/orders';
import { getValueSettings } from '@/lib/value/settings';
import { useAction } from '@/components/panel/useAction';
import { AcquisitionCostField } from './AcquisitionCostField';

interface Draft {
  id?: string;
  date: string;
  amount: string;
  currency: string;
  costMode: 'cost' | 'margin';
  costValue: string;
  status: OrderStatus;
  reference: string;
}

function draftFrom(order: Order): Draft {
  return {
    id: order.id,
    date: timeToDay(order.date),
    amount: String(order.amount),
    currency: order.currency,
    costMode: 'cost',
    costValue: order.cost === undefined ? '' : String(order.cost),
    status: order.status,
    reference: order.reference ?? '',
  };
}

const number = (s: string) => (s.trim() === '' ? Number.NaN : Number(s.replace(',', '.')));

/** A company's orders and quotes, newest first, with add, edit and delete; then its acquisition cost. */
export function OrdersEditor({ companyId }: { companyId: string }) {
  const { t, i18n } = useTranslation();
  const orders = useLiveQuery(() => listOrders(db, companyId), [companyId]);
  const settings = useLiveQuery(() => getValueSettings(db), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  if (orders === undefined || settings === undefined) return <p className="loading">{t('common.loading')}</p>;

  const blank = (): Draft => ({
    date: new Date().toISOString().slice(0, 10),
    amount: '',
    currency: orders[0]?.currency ?? settings.baseCurrency,
    costMode: 'cost',
    costValue: '',
    status: 'confirmed',
    reference: '',
  });
  const errorFor = (field: string) => errors.find((e) => e.field === field);
  const fieldError = (field: string) => {
    const e = errorFor(field);
    return e ? (
      <span className="error" data-testid={`order-error-${field}`}>
        {t(e.message)}
      </span>
    ) : null;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const cost = draft.costValue.trim() === '' ? undefined : number(draft.costValue);
    const result = await run(() =>
      saveOrder(db, {
        id: draft.id,
        companyId,
        date: draft.date,
        amount: number(draft.amount),
        currency: draft.currency,
        cost: draft.costMode === 'cost' ? cost : undefined,
        marginPercent: draft.costMode === 'margin' ? cost : undefined,
        status: draft.status,
        reference: draft.reference || undefined,
      }),
    );
    if (!result) return;
    if (result.ok) {
      setDraft(null);
      setErrors([]);
    } else setErrors(result.errors);
  }

  const describeCost = (o: Order) =>
    o.cost === undefined
      ? t('value.orders.noCost')
      : `${o.cost.toLocaleString(i18n.language)} · ${t('value.orders.marginValue', {
          percent: o.amount ? Math.round(((o.amount - o.cost) / o.amount) * 100) : 0,
        })}`;

  return (
    <section className="orders-editor" data-testid="orders-editor">
      <h3>{t('value.orders.title')}</h3>
      {orders.length === 0 ? (
        <p className="hint" data-testid="orders-empty">
          {t('value.orders.empty')}
        </p>
      ) : (
        <table className="plain">
          <thead>
            <tr>
              <th>{t('value.orders.date')}</th>
              <th>{t('value.orders.amount')}</th>
              <th>{t('value.orders.costOrMargin')}</th>
              <th>{t('value.orders.status')}</th>
              <th>{t('value.orders.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id} data-testid="order-row" data-status={o.status}>
                <td>{timeToDay(o.date)}</td>
                <td>
                  {o.amount.toLocaleString(i18n.language)} {o.currency}
                </td>
                <td>{describeCost(o)}</td>
                <td>{t(`value.orders.statusName.${o.status}`)}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => (setDraft(draftFrom(o)), setErrors([]))}
                  >
                    {t('value.orders.edit')}
                  </button>{' '}
                  {confirming === o.id ? (
                    <button
                      type="button"
                      className="link danger"
                      data-testid="order-confirm-delete"
                      disabled={busy}
                      onClick={() => void run(() => deleteOrder(db, o.id)).then(() => setConfirming(null))}
                    >
                      {t('value.orders.confirmDelete')}
                    </button>
                  ) : (
                    <button type="button" className="link danger" onClick={() => setConfirming(o.id)}>
                      {t('value.orders.delete')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && <p className="error">{error}</p>}
      {draft ? (
        <form onSubmit={(e) => void submit(e)} data-testid="order-form" noValidate>
          <label>
            {t('value.orders.date')}
            <input
              type="date"
              data-testid="order-date"
              value={draft.date}
              onChange={(e) => setDraft({ ...draft, date: e.target.value })}
            />
            {fieldError('date')}
          </label>
          <label>
            {t('value.orders.amount')}
            <input
              inputMode="decimal"
              data-testid="order-amount"
              value={draft.amount}
              onChange={(e) => setDraft({ ...draft, amount: e.target.value })}
            />
            {fieldError('amount')}
          </label>
          <label>
            {t('value.orders.currency')}
            <input
              data-testid="order-currency"
              maxLength={3}
              value={draft.currency}
              onChange={(e) => setDraft({ ...draft, currency: e.target.value.toUpperCase() })}
            />
            {fieldError('currency')}
          </label>
          <label>
            {t('value.orders.costOrMargin')}
            <select
              data-testid="order-cost-mode"
              value={draft.costMode}
              onChange={(e) => setDraft({ ...draft, costMode: e.target.value as Draft['costMode'] })}
            >
              <option value="cost">{t('value.orders.cost')}</option>
              <option value="margin">{t('value.orders.margin')}</option>
            </select>
            <input
              inputMode="decimal"
              data-testid="order-cost"
              placeholder={t('value.orders.noCost')}
              value={draft.costValue}
              onChange={(e) => setDraft({ ...draft, costValue: e.target.value })}
            />
            {fieldError('cost')}
            {fieldError('marginPercent')}
          </label>
          <label>
            {t('value.orders.status')}
            <select
              data-testid="order-status"
              value={draft.status}
              onChange={(e) => setDraft({ ...draft, status: e.target.value as OrderStatus })}
            >
              {ORDER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`value.orders.statusName.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('value.orders.reference')}
            <input
              data-testid="order-reference"
              value={draft.reference}
              onChange={(e) => setDraft({ ...draft, reference: e.target.value })}
            />
            {fieldError('reference')}
          </label>
          {fieldError('companyId')}
          {fieldError('id')}
          {fieldError('form')}
          <p>
            <button type="submit" className="primary" disabled={busy} data-testid="order-save">
              {t('value.orders.save')}
            </button>{' '}
            <button type="button" onClick={() => (setDraft(null), setErrors([]))}>
              {t('value.orders.cancel')}
            </button>
          </p>
        </form>
      ) : (
        <button type="button" data-testid="order-add" onClick={() => (setDraft(blank()), setErrors([]))}>
          {t('value.orders.add')}
        </button>
      )}
      <AcquisitionCostField companyId={companyId} />
    </section>
  );
}
