import type { Interaction, Order } from '../../db/types';
import { DAY_MS, type MetricInteraction } from '../types';
import { packColumns, unpackColumns, type PackedColumns } from './packed';

// The dashboard's maintained day rows: for each UTC day, the facts its figures
// read from that day's interactions and orders, and nothing else (no summary,
// outcome or body text), packed in columns. A period's figures read the rows of
// its days (a few hundred records for a year) instead of walking the log's `at`
// index record by record, and build the same threads and sums from them with the
// same functions (lib/metrics), so every figure keeps its one definition.
//
// Why facts per day rather than sums per day, rep and source: most figures are
// not sums (medians of response and resolution times, the share of the top 20%
// of buyers, distinct channels per customer, first orders), and the rep and
// source of a customer's records are the customer's *current* owner and source:
// rows keyed by the record's own day only never move when a customer is handed
// over or re-sourced, so a handover rewrites nothing here. The rep filter and
// the sources table still group by the companies read once per visit.
//
// Rows are kept sorted as the log's indexes list the records (interactions by
// time then id, orders by date then id), so a period read from them is in the
// same order as one read from the log: the figures come out identical, rounding
// included.

/** One interaction as the figures read it (lib/metrics/types MetricInteraction). */
export type DayInteraction = MetricInteraction;
/** One order as the figures read it, with its id and when it was last changed (first orders need it). */
export type DayOrder = Pick<
  Order,
  'id' | 'companyId' | 'date' | 'amount' | 'currency' | 'status' | 'updatedAt'
> &
  Partial<Pick<Order, 'cost'>>;

const X_FIELDS = [
  'id',
  'at',
  'direction',
  'channel',
  'subject',
  'intent',
  'repId',
  'companyId',
  'contactId',
  'threadId',
  'lostReason',
  'url',
] as const satisfies readonly (keyof DayInteraction)[];
const O_FIELDS = [
  'id',
  'companyId',
  'date',
  'amount',
  'currency',
  'cost',
  'status',
  'updatedAt',
] as const satisfies readonly (keyof DayOrder)[];

type Columns<T, F extends readonly (keyof T)[]> = { [K in F[number]]: (T[K] | undefined)[] };
export type InteractionColumns = Columns<DayInteraction, typeof X_FIELDS>;
export type OrderColumns = Columns<DayOrder, typeof O_FIELDS>;

/** One day's row. */
export interface DayRow {
  /** ⌊time / 1 day⌋ (UTC). */
  day: number;
  x: InteractionColumns;
  o: OrderColumns;
}

/** How a day row is stored (packed.ts): a few typed arrays and a string per table, not a string per field. */
export interface PackedDayRow {
  day: number;
  x: PackedColumns;
  o: PackedColumns;
}

const X_NUMERIC = ['at'] as const;
const X_STRINGS = X_FIELDS.filter((f) => f !== 'at');
const O_NUMERIC = ['date', 'amount', 'cost', 'updatedAt'] as const;
const O_STRINGS = O_FIELDS.filter((f) => !(O_NUMERIC as readonly string[]).includes(f));

export function packDayRow(row: DayRow): PackedDayRow {
  return {
    day: row.day,
    x: packColumns(row.x, X_NUMERIC, X_STRINGS),
    o: packColumns(row.o, O_NUMERIC, O_STRINGS),
  };
}

export function unpackDayRow(row: PackedDayRow): DayRow {
  return {
    day: row.day,
    x: unpackColumns(row.x, X_NUMERIC, X_STRINGS) as InteractionColumns,
    o: unpackColumns(row.o, O_NUMERIC, O_STRINGS) as OrderColumns,
  };
}

/** A packed row's dictionary entries, 1-based (0: missing). */
function entriesOf(packed: PackedColumns): (string | undefined)[] {
  const entries: (string | undefined)[] = [undefined];
  let start = 0;
  for (const end of packed.ends) {
    entries.push(packed.text.slice(start, end));
    start = end;
  }
  return entries;
}

/**
 * The records of packed rows (in day order) whose time is in [from, to), straight from the
 * packed columns (no column arrays in between): what a period's read costs.
 */
function recordsOfPacked<T>(
  rows: readonly PackedDayRow[],
  table: 'x' | 'o',
  from: number,
  to: number,
  into: T[],
): T[] {
  const numeric: readonly string[] = table === 'x' ? X_NUMERIC : O_NUMERIC;
  const strings: readonly string[] = table === 'x' ? X_STRINGS : O_STRINGS;
  for (const row of rows) {
    const packed = row[table];
    const { n, nums, refs } = packed;
    if (n === 0) continue;
    const entries = entriesOf(packed);
    // The time is the first numeric column.
    for (let i = 0; i < n; i++) {
      const time = nums[i]!;
      if (time < from || time >= to) continue;
      const record: Record<string, unknown> = {};
      for (let f = 0; f < strings.length; f++) {
        const v = entries[refs[f * n + i]!];
        if (v !== undefined) record[strings[f]!] = v;
      }
      for (let f = 0; f < numeric.length; f++) {
        const v = nums[f * n + i]!;
        if (!Number.isNaN(v)) record[numeric[f]!] = v;
      }
      into.push(record as T);
    }
  }
  return into;
}

/** The interactions of packed rows (in day order) with `at` in [from, to), in index order. */
export function interactionsOfPacked(
  rows: readonly PackedDayRow[],
  from: number,
  to: number,
  into: DayInteraction[] = [],
): DayInteraction[] {
  return recordsOfPacked(rows, 'x', from, to, into);
}

/** The orders of packed rows (in day order) dated in [from, to), in index order. */
export function ordersOfPacked(
  rows: readonly PackedDayRow[],
  from: number,
  to: number,
  into: DayOrder[] = [],
): DayOrder[] {
  return recordsOfPacked(rows, 'o', from, to, into);
}

export function dayOf(time: number): number {
  return Math.floor(time / DAY_MS);
}

export function emptyDayRow(day: number): DayRow {
  const columns = <F extends readonly string[]>(fields: F) =>
    Object.fromEntries(fields.map((f) => [f, []])) as unknown as { [K in F[number]]: unknown[] };
  return { day, x: columns(X_FIELDS) as InteractionColumns, o: columns(O_FIELDS) as OrderColumns };
}

export function isEmptyDayRow(row: DayRow): boolean {
  return row.x.id.length === 0 && row.o.id.length === 0;
}

/** An interaction cut to what the figures read (the same cut as the log reader's). */
export function dayInteraction(x: Interaction | DayInteraction): DayInteraction {
  const out: DayInteraction = {
    id: x.id,
    direction: x.direction,
    channel: x.channel,
    at: x.at,
    subject: x.subject,
    intent: x.intent,
    repId: x.repId,
  };
  if (x.companyId) out.companyId = x.companyId;
  if (x.contactId) out.contactId = x.contactId;
  if (x.threadId) out.threadId = x.threadId;
  if (x.lostReason) out.lostReason = x.lostReason;
  if (x.url) out.url = x.url;
  return out;
}

export function dayOrder(o: Order | DayOrder): DayOrder {
  const out: DayOrder = {
    id: o.id,
    companyId: o.companyId,
    date: o.date,
    amount: o.amount,
    currency: o.currency,
    status: o.status,
    updatedAt: o.updatedAt,
  };
  if (o.cost !== undefined) out.cost = o.cost;
  return out;
}

/** Where a record with this time and id goes: after every (time, id) below it, as an index lists them. */
function positionOf(
  times: readonly (number | undefined)[],
  ids: readonly (string | undefined)[],
  time: number,
  id: string,
) {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = times[mid]!;
    if (t < time || (t === time && ids[mid]! < id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function removeAt(columns: Record<string, unknown[]>, index: number): void {
  for (const column of Object.values(columns)) column.splice(index, 1);
}

function insertAt<T>(
  columns: Record<string, unknown[]>,
  fields: readonly (keyof T & string)[],
  index: number,
  record: T,
) {
  for (const f of fields) columns[f]!.splice(index, 0, record[f]);
}

/** Takes the interaction with this id out of the row; whether it was there. */
export function removeInteraction(row: DayRow, id: string): boolean {
  const index = row.x.id.indexOf(id);
  if (index < 0) return false;
  removeAt(row.x, index);
  return true;
}

export function removeOrder(row: DayRow, id: string): boolean {
  const index = row.o.id.indexOf(id);
  if (index < 0) return false;
  removeAt(row.o, index);
  return true;
}

/** Puts the interaction in the row in index order (replacing a record with its id). */
export function addInteraction(row: DayRow, x: DayInteraction, replace = true): void {
  if (replace) removeInteraction(row, x.id);
  insertAt(row.x, X_FIELDS, positionOf(row.x.at, row.x.id, x.at, x.id), x);
}

export function addOrder(row: DayRow, o: DayOrder, replace = true): void {
  if (replace) removeOrder(row, o.id);
  insertAt(row.o, O_FIELDS, positionOf(row.o.date, row.o.id, o.date, o.id), o);
}

/** Day rows of a set of records, as a rebuild writes them. */
export function dayRowsOf(
  interactions: Iterable<Interaction | DayInteraction>,
  orders: Iterable<Order | DayOrder>,
) {
  const rows = new Map<number, DayRow>();
  const rowOf = (day: number) => {
    let row = rows.get(day);
    if (!row) rows.set(day, (row = emptyDayRow(day)));
    return row;
  };
  // Records of a table have unique ids: nothing to replace.
  for (const x of interactions) addInteraction(rowOf(dayOf(x.at)), dayInteraction(x), false);
  for (const o of orders) addOrder(rowOf(dayOf(o.date)), dayOrder(o), false);
  return rows;
}
