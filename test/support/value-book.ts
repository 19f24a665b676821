import type { Company, Interaction, Order } from '../../lib/db/types';
import { DAY_MS } from '../../lib/value/model';

// Small builders for value tests and the benchmark: complete records with
// sensible defaults, so a test states only what matters to it.

export const NOW = Date.UTC(2025, 5, 1, 12);
export const daysAgo = (d: number, now = NOW) => now - d * DAY_MS;

export function company(id: string, extra: Partial<Company> = {}): Company {
  return {
    id,
    name: `Company ${id}`,
    domains: [`${id.toLowerCase()}.example`],
    source: 'alibaba',
    ownerRepId: 'rep-1',
    authorRepId: 'rep-1',
    tags: [],
    notes: '',
    createdAt: 0,
    updatedAt: 0,
    ...extra,
  };
}

let seq = 0;
export function order(companyId: string, date: number, amount: number, extra: Partial<Order> = {}): Order {
  return {
    id: `o-${++seq}`,
    companyId,
    date,
    amount,
    currency: 'USD',
    status: 'paid',
    authorRepId: 'rep-1',
    createdAt: date,
    updatedAt: date,
    ...extra,
  };
}

export function interaction(companyId: string, at: number, extra: Partial<Interaction> = {}): Interaction {
  return {
    id: `i-${++seq}`,
    companyId,
    direction: 'in',
    channel: 'email',
    at,
    subject: '',
    summary: '',
    intent: 'other',
    outcome: '',
    repId: 'rep-1',
    authorRepId: 'rep-1',
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

/** Orders every `gapDays` from `fromDaysAgo` down to `toDaysAgo` days ago. */
export function cadence(
  companyId: string,
  fromDaysAgo: number,
  toDaysAgo: number,
  gapDays: number,
  amount: number,
  extra: Partial<Order> = {},
): Order[] {
  const out: Order[] = [];
  for (let d = fromDaysAgo; d >= toDaysAgo; d -= gapDays)
    out.push(order(companyId, daysAgo(d), amount, extra));
  return out;
}
