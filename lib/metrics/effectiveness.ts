import { quantile } from '../value/model';
import type { Thread } from './threads';
import type { Period } from './types';

// Communication effectiveness (domain.md, manager scorecard): messages needed to
// resolve an inquiry = the median, over inquiry threads that reached an outcome in
// the period (an order confirmed by us, or a logged lost reason: see threads.ts),
// of the thread's interactions up to and including the one that settled it.

export interface Effectiveness {
  resolvedInquiries: number;
  orders: number;
  lost: number;
  medianMessages: number | null;
}

export function communicationEffectiveness(
  threads: readonly Pick<Thread, 'inquiry' | 'outcome'>[],
  period: Period,
): Effectiveness {
  const counts: number[] = [];
  let orders = 0;
  for (const t of threads) {
    const o = t.outcome;
    if (!t.inquiry || !o || o.at < period.from || o.at >= period.to) continue;
    counts.push(o.messages);
    if (o.kind === 'order') orders++;
  }
  return {
    resolvedInquiries: counts.length,
    orders,
    lost: counts.length - orders,
    medianMessages: counts.length ? quantile(counts, 0.5) : null,
  };
}
