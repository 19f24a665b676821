import { toBase } from '../value/currency';
import { isCountedOrder, orderMargin } from '../value/model';
import type { ValueSettings } from '../value/settings';
import type { MetricOrder } from './types';

// Orders as the value model counts them: not quotes, not cancelled (lib/value/model
// isCountedOrder), margin = amount − cost or
// the default margin (lib/value/model orderMargin), in the base currency at the
// book's rates (lib/value/currency toBase).

export { isCountedOrder };

/** The order's margin in the base currency; undefined when its currency has no rate (left out, and said so). */
export function marginInBase(
  order: Pick<MetricOrder, 'amount' | 'cost' | 'currency'>,
  settings: Pick<ValueSettings, 'baseCurrency' | 'rates' | 'defaultMargin'>,
): number | undefined {
  return toBase(orderMargin(order.amount, order.cost, settings.defaultMargin), order.currency, settings);
}

/** Each company's first counted order date. */
export function firstOrderDates(orders: readonly MetricOrder[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const o of orders) {
    if (!isCountedOrder(o.status)) continue;
    const seen = first.get(o.companyId);
    if (seen === undefined || o.date < seen) first.set(o.companyId, o.date);
  }
  return first;
}
