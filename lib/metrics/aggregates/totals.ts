import type { Company, Interaction, Order } from '../../db/types';
import { isCountedOrder } from '../../value/model';
import { INQUIRY_INTENTS } from '../rules';
import { DAY_MS } from '../types';

// The dashboard's maintained totals: per day, per rep and per source, what was
// logged and ordered. Pure functions over records, so the same definitions serve
// the extension (kept in the same IndexedDB transaction as each write, by a
// reader of the change feed) and, later, the team's server over its tables.
//
// Definitions (one row per UTC day × owner rep × source):
// - day: ⌊at / 1 day⌋ of the interaction's time or the order's date (UTC days);
// - rep and source: the customer's owner rep and source. An interaction with no
//   company counts for the rep who logged it, under the source "none"; a record
//   whose company is not (yet) in the book under the rep "" and source "none".
//   When a customer changes owner (a handover) or source, or is deleted or
//   created after its records, its records' totals move with it;
// - contactsIn / contactsOut: logged interactions by direction;
// - inquiries: inbound interactions whose intent is an inquiry (price inquiry,
//   sample request, order); complaints: inbound complaints;
// - orders: counted orders (confirmed, shipped, paid);
// - costed[currency]: Σ (amount − cost) of counted orders with a cost;
//   uncosted[currency]: Σ amount of counted orders without one. The margin in the
//   base currency is read from these with the settings of the moment (rates and
//   default margin: lib/value's rule), so changing a rate never stales a total.

export const NO_SOURCE = 'none';

export interface TotalsRow {
  /** `${day}|${repId}|${source}` */
  key: string;
  day: number;
  repId: string;
  source: string;
  contactsIn: number;
  contactsOut: number;
  inquiries: number;
  complaints: number;
  orders: number;
  costed: Record<string, number>;
  uncosted: Record<string, number>;
}

export type CompanyLookup = (companyId: string) => Pick<Company, 'ownerRepId' | 'source'> | undefined;

export interface Attribution {
  repId: string;
  source: string;
}

export function dayOf(at: number): number {
  return Math.floor(at / DAY_MS);
}

export function totalsKey(day: number, repId: string, source: string): string {
  return `${day}|${repId}|${source}`;
}

export function emptyRow(day: number, repId: string, source: string): TotalsRow {
  return {
    key: totalsKey(day, repId, source),
    day,
    repId,
    source,
    contactsIn: 0,
    contactsOut: 0,
    inquiries: 0,
    complaints: 0,
    orders: 0,
    costed: {},
    uncosted: {},
  };
}

type InteractionFacts = Pick<Interaction, 'at' | 'direction' | 'intent' | 'repId'> &
  Partial<Pick<Interaction, 'companyId'>>;
type OrderFacts = Pick<Order, 'companyId' | 'date' | 'amount' | 'currency' | 'status'> &
  Partial<Pick<Order, 'cost'>>;

export function attributionOf(
  companyId: string | undefined,
  lookup: CompanyLookup,
  loggedBy?: string,
): Attribution {
  if (!companyId) return { repId: loggedBy ?? '', source: NO_SOURCE };
  const company = lookup(companyId);
  return company ? { repId: company.ownerRepId, source: company.source } : { repId: '', source: NO_SOURCE };
}

/** A running set of changes to rows, applied with a sign (+1 add a record, −1 take it out). */
export class TotalsDelta {
  readonly rows = new Map<string, TotalsRow>();

  private row(day: number, a: Attribution): TotalsRow {
    const key = totalsKey(day, a.repId, a.source);
    let r = this.rows.get(key);
    if (!r) this.rows.set(key, (r = emptyRow(day, a.repId, a.source)));
    return r;
  }

  interaction(x: InteractionFacts, a: Attribution, sign: 1 | -1): void {
    const r = this.row(dayOf(x.at), a);
    if (x.direction === 'in') {
      r.contactsIn += sign;
      if (INQUIRY_INTENTS.has(x.intent)) r.inquiries += sign;
      if (x.intent === 'complaint') r.complaints += sign;
    } else r.contactsOut += sign;
  }

  order(o: OrderFacts, a: Attribution, sign: 1 | -1): void {
    if (!isCountedOrder(o.status)) return;
    const r = this.row(dayOf(o.date), a);
    r.orders += sign;
    if (o.cost === undefined) r.uncosted[o.currency] = (r.uncosted[o.currency] ?? 0) + sign * o.amount;
    else r.costed[o.currency] = (r.costed[o.currency] ?? 0) + sign * (o.amount - o.cost);
  }
}

/** Whether a row counts nothing (every total back to zero): it is deleted rather than kept. */
export function isEmptyRow(r: TotalsRow): boolean {
  const zero = (m: Record<string, number>) => Object.values(m).every((v) => Math.abs(v) < 1e-6);
  return (
    r.contactsIn === 0 &&
    r.contactsOut === 0 &&
    r.inquiries === 0 &&
    r.complaints === 0 &&
    r.orders === 0 &&
    zero(r.costed) &&
    zero(r.uncosted)
  );
}

/** `stored` plus `delta`, or null when the sum counts nothing. Currencies whose sum is zero are dropped. */
export function addRows(stored: TotalsRow | undefined, delta: TotalsRow): TotalsRow | null {
  const base = stored ?? emptyRow(delta.day, delta.repId, delta.source);
  const sum = (a: Record<string, number>, b: Record<string, number>) => {
    const out: Record<string, number> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
    for (const [k, v] of Object.entries(out)) if (Math.abs(v) < 1e-6) delete out[k];
    return out;
  };
  const next: TotalsRow = {
    ...base,
    contactsIn: base.contactsIn + delta.contactsIn,
    contactsOut: base.contactsOut + delta.contactsOut,
    inquiries: base.inquiries + delta.inquiries,
    complaints: base.complaints + delta.complaints,
    orders: base.orders + delta.orders,
    costed: sum(base.costed, delta.costed),
    uncosted: sum(base.uncosted, delta.uncosted),
  };
  return isEmptyRow(next) ? null : next;
}

/** Every row of a book from its records: the recompute the maintained rows must always equal. */
export function totalsOf(book: {
  companies: readonly Pick<Company, 'id' | 'ownerRepId' | 'source'>[];
  interactions: readonly InteractionFacts[];
  orders: readonly OrderFacts[];
}): Map<string, TotalsRow> {
  const companies = new Map(book.companies.map((c) => [c.id, c]));
  const lookup: CompanyLookup = (id) => companies.get(id);
  const delta = new TotalsDelta();
  for (const x of book.interactions) delta.interaction(x, attributionOf(x.companyId, lookup, x.repId), 1);
  for (const o of book.orders) delta.order(o, attributionOf(o.companyId, lookup), 1);
  const out = new Map<string, TotalsRow>();
  for (const [key, r] of delta.rows) {
    const row = addRows(undefined, r);
    if (row) out.set(key, row);
  }
  return out;
}

/**
 * The change to the rows that one write makes, given the records before and
 * after it (undefined: none) and the companies as they are before and after.
 * For a company write, `recordsOf` gives that company's interactions and orders
 * (its totals move when its owner or source changes, or it appears or goes).
 */
export function changeDelta(
  delta: TotalsDelta,
  write:
    | { table: 'interactions'; old?: InteractionFacts; next?: InteractionFacts }
    | { table: 'orders'; old?: OrderFacts; next?: OrderFacts }
    | {
        table: 'companies';
        old?: Pick<Company, 'ownerRepId' | 'source'>;
        next?: Pick<Company, 'ownerRepId' | 'source'>;
        records: { interactions: readonly InteractionFacts[]; orders: readonly OrderFacts[] };
      },
  lookup: CompanyLookup,
): void {
  switch (write.table) {
    case 'interactions':
      if (write.old)
        delta.interaction(write.old, attributionOf(write.old.companyId, lookup, write.old.repId), -1);
      if (write.next)
        delta.interaction(write.next, attributionOf(write.next.companyId, lookup, write.next.repId), 1);
      return;
    case 'orders':
      if (write.old) delta.order(write.old, attributionOf(write.old.companyId, lookup), -1);
      if (write.next) delta.order(write.next, attributionOf(write.next.companyId, lookup), 1);
      return;
    case 'companies': {
      const before: Attribution = write.old
        ? { repId: write.old.ownerRepId, source: write.old.source }
        : { repId: '', source: NO_SOURCE };
      const after: Attribution = write.next
        ? { repId: write.next.ownerRepId, source: write.next.source }
        : { repId: '', source: NO_SOURCE };
      if (before.repId === after.repId && before.source === after.source) return;
      for (const x of write.records.interactions) {
        delta.interaction(x, before, -1);
        delta.interaction(x, after, 1);
      }
      for (const o of write.records.orders) {
        delta.order(o, before, -1);
        delta.order(o, after, 1);
      }
    }
  }
}

/** Whether a company write moves its records' totals (so its records must be read). */
export function companyMoves(
  old: Pick<Company, 'ownerRepId' | 'source'> | undefined,
  next: Pick<Company, 'ownerRepId' | 'source'> | undefined,
): boolean {
  return old?.ownerRepId !== next?.ownerRepId || old?.source !== next?.source;
}
