import { Dexie } from 'dexie';
import type { CrmDb } from '../db/db';
import type { Interaction, Order } from '../db/types';
import { computeCompany, type BookStats } from '../value/book';
import { VALUE_BOOK_STATS_KEY, VALUE_MAX_AGE_MS } from '../value/recompute';
import { CustomerValueSchema } from '../value/schema';
import { getValueSettings } from '../value/settings';

// What the at-risk list shows beside each customer, read for the rows on screen
// only (a long list costs nothing until it is paged through): the decline
// signals and the win-back action (the value model's reasons: the stored row
// when it is current, else computed here from the company's records against the
// last full recompute's book figures, without writing anything), and the last
// logged contact. The customer's history opens from the row (loadCustomerHistory).

export interface Reason {
  id: string;
  params: Record<string, string | number>;
}

export interface AtRiskDetail {
  companyId: string;
  signals: Reason[];
  action: Reason | null;
  lastContact: { at: number; direction: Interaction['direction']; channel: Interaction['channel'] } | null;
}

function companyRange<T>(table: Dexie.Table<T, string>, index: string, id: string) {
  return table.where(index).between([id, Dexie.minKey], [id, Dexie.maxKey]);
}

/** Details for the at-risk rows shown; `rankOf` gives a customer's rank and the book's size (for its tier). */
export async function loadAtRiskDetails(
  db: CrmDb,
  companyIds: readonly string[],
  rankOf: (companyId: string) => { rank: number; count: number },
  now = Date.now(),
): Promise<Map<string, AtRiskDetail>> {
  const [settings, stats] = await Promise.all([
    getValueSettings(db),
    db.settings.get(VALUE_BOOK_STATS_KEY).then((r) => r?.value as BookStats | undefined),
  ]);
  const out = new Map<string, AtRiskDetail>();
  for (const companyId of companyIds) {
    const [company, stored, interactions, orders] = await db.transaction(
      'r',
      [db.companies, db.companyValues, db.interactions, db.orders],
      () =>
        Promise.all([
          db.companies.get(companyId),
          db.companyValues.get(companyId),
          companyRange(db.interactions, '[companyId+at]', companyId).toArray(),
          companyRange(db.orders, '[companyId+date]', companyId).toArray(),
        ]),
    );
    if (!company) continue;
    const last = interactions.at(-1);
    const lastContact = last ? { at: last.at, direction: last.direction, channel: last.channel } : null;
    let row: unknown = null;
    const current =
      stored && stats && stored.computedAt >= stats.computedAt && now - stored.computedAt <= VALUE_MAX_AGE_MS;
    if (current) row = stored;
    else if (stats)
      row = computeCompany(company, orders, interactions, stats, settings, now, () => rankOf(companyId));
    const value = CustomerValueSchema.safeParse(row);
    out.set(companyId, {
      companyId,
      signals: value.success ? value.data.stageSignals : [],
      action: value.success ? value.data.nextAction : null,
      lastContact,
    });
  }
  return out;
}

export interface CustomerHistory {
  interactions: Interaction[];
  orders: Order[];
}

/** A customer's newest logged contacts and orders, newest first, for the row opened in the at-risk list. */
export async function loadCustomerHistory(
  db: CrmDb,
  companyId: string,
  limit = 20,
): Promise<CustomerHistory> {
  const [interactions, orders] = await db.transaction('r', [db.interactions, db.orders], () =>
    Promise.all([
      companyRange(db.interactions, '[companyId+at]', companyId).reverse().limit(limit).toArray(),
      companyRange(db.orders, '[companyId+date]', companyId).reverse().limit(limit).toArray(),
    ]),
  );
  return { interactions: interactions as Interaction[], orders: orders as Order[] };
}
