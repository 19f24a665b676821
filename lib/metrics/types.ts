import type { Company, Interaction, Order, Rep } from '../db/types';

// What the dashboard's figures read: slim views of the book's records (only the
// fields a figure uses, so a period of a million-interaction book fits in memory),
// and the period they are measured over. Times are epoch milliseconds.

/** An interaction as the metrics read it (no summary or outcome text: the timeline loads those on demand). */
export type MetricInteraction = Pick<
  Interaction,
  'id' | 'direction' | 'channel' | 'at' | 'subject' | 'intent' | 'repId'
> &
  Partial<Pick<Interaction, 'companyId' | 'contactId' | 'threadId' | 'lostReason' | 'url'>>;

export type MetricOrder = Pick<Order, 'companyId' | 'date' | 'amount' | 'currency' | 'cost' | 'status'>;

export type MetricCompany = Pick<Company, 'id' | 'name' | 'source' | 'ownerRepId'>;

export type MetricRep = Pick<Rep, 'id' | 'name'>;

/**
 * The stored value row's figures a metric reads (lib/value writes them to
 * `companyValues`): the stage and, for customers who ordered, the last order and
 * the expected gap between orders.
 */
export interface MetricCompanyValue {
  companyId: string;
  computedAt: number;
  stage?: string;
  orderCount?: number;
  lastOrderAt?: number | null;
  gapDays?: number;
  /** The value model's reading (the customer picture): CLV, current and potential value, tier. */
  clv?: number;
  currentValue?: number;
  potentialValue?: number;
  tier?: string;
  /** 1-based rank by CLV among the book's customers. */
  rank?: number;
}

/** A half-open time range [from, to). */
export interface Period {
  from: number;
  to: number;
}

export { DAY_MS } from '../value/model';
