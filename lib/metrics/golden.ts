import type { ValueSettings } from '../value/settings';
import { isCountedOrder, marginInBase } from './orders';
import { GOLDEN_SHARE } from './rules';
import type { MetricOrder, Period } from './types';

// Golden-customer identification (domain.md, manager scorecard; the seeds' 80/20):
// the share of the period's profit that comes from its top 20% of customers.
// Profit per customer = Σ margin of its counted orders dated in the period, in the
// base currency (lib/value's rule and rates). The customers are the period's
// buyers; the top ⌈20% × buyers⌉ by margin are the golden ones. Share = their
// margin ÷ everyone's; it can pass 100% when other buyers lose money, and there is
// no figure when the total is not positive.

export interface GoldenCustomers {
  buyers: number;
  golden: number;
  totalMargin: number;
  goldenMargin: number;
  share: number | null;
  /** Currencies of orders left out because the book has no rate for them. */
  missingCurrencies: string[];
}

/** Each buyer's margin over the period, and the currencies left out for want of a rate. */
export function marginsByCompany(
  orders: readonly MetricOrder[],
  period: Period,
  settings: Pick<ValueSettings, 'baseCurrency' | 'rates' | 'defaultMargin'>,
): { margins: Map<string, number>; missingCurrencies: Set<string> } {
  const margins = new Map<string, number>();
  const missingCurrencies = new Set<string>();
  for (const o of orders) {
    if (!isCountedOrder(o.status) || o.date < period.from || o.date >= period.to) continue;
    const margin = marginInBase(o, settings);
    if (margin === undefined) missingCurrencies.add(o.currency);
    else margins.set(o.companyId, (margins.get(o.companyId) ?? 0) + margin);
  }
  return { margins, missingCurrencies };
}

/** The golden-customer figures from the buyers' margins. */
export function goldenOf(
  buyerMargins: Iterable<number>,
  missingCurrencies: Iterable<string> = [],
): GoldenCustomers {
  const margins = [...buyerMargins].sort((a, b) => b - a);
  const golden = Math.ceil(margins.length * GOLDEN_SHARE);
  let total = 0;
  let top = 0;
  margins.forEach((m, i) => {
    total += m;
    if (i < golden) top += m;
  });
  return {
    buyers: margins.length,
    golden,
    totalMargin: total,
    goldenMargin: top,
    share: margins.length && total > 0 ? top / total : null,
    missingCurrencies: [...missingCurrencies].sort(),
  };
}

export function goldenCustomerShare(
  orders: readonly MetricOrder[],
  period: Period,
  settings: Pick<ValueSettings, 'baseCurrency' | 'rates' | 'defaultMargin'>,
  includeCompany: (companyId: string) => boolean = () => true,
): GoldenCustomers {
  const { margins, missingCurrencies } = marginsByCompany(
    orders.filter((o) => includeCompany(o.companyId)),
    period,
    settings,
  );
  return goldenOf(margins.values(), missingCurrencies);
}
