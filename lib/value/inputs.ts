import { z } from 'zod';
import type { Company, Interaction, Order } from '../db/types';
import { LOST_REASONS } from '../db/types';
import { isCountedOrder } from './model';
import { runSteps, STEP, type Steps } from './slices';

// The value model's inputs in columns: for a set of companies, each company's
// counted orders in date order and its interactions in time order, every field
// the model reads and nothing else, in typed arrays. Built from the book's
// records (packInputs) for a recompute and for the digests of lib/value/digest.ts,
// which keep these columns in the database so a full recompute reads a few
// thousand packed records instead of a million orders and interactions.
//
// What is kept, and why it is enough (book.ts reads exactly these):
// - companies: id, acquisition cost, and the referral keys (lower-cased name,
//   domains, `referred-by:` tags);
// - orders: only counted ones (model.isCountedOrder: the status decides once and
//   for all), with date, amount, cost (NaN when none), currency (an index into
//   `currencies`: rates are applied at compute time, so new rates need no
//   rebuild) and whether it is shipped but unpaid;
// - interactions: time, direction and complaint flags, the rep's response time
//   (NaN when none), the lost reason, and the thread as a number that is only
//   compared within its company (0 = no thread id), which is all the customer's
//   reply delays need.

/** Bit flags of an interaction's kind. */
export const OUTBOUND = 1;
export const COMPLAINT = 2;

export interface ValueInputs {
  ids: string[];
  acquisitionCost: Float64Array;
  /** Referral keys: name trimmed and lower-cased; domains and `referred-by:` keys joined by newlines. */
  names: string[];
  domains: string[];
  referredBy: string[];
  /** Company i's orders are [orderStart[i], orderStart[i + 1]). */
  orderStart: Uint32Array;
  orderDate: Float64Array;
  orderAmount: Float64Array;
  orderCost: Float64Array;
  orderCurrency: Uint16Array;
  orderShipped: Uint8Array;
  currencies: string[];
  /** Company i's interactions are [interStart[i], interStart[i + 1]). */
  interStart: Uint32Array;
  interAt: Float64Array;
  interResponse: Float64Array;
  interKind: Uint8Array;
  interLost: Int8Array;
  interThread: Uint32Array;
}

type CompanyInput = Pick<Company, 'id' | 'acquisitionCost'> &
  Partial<Pick<Company, 'name' | 'domains' | 'tags'>>;
type OrderInput = Pick<Order, 'companyId' | 'date' | 'amount' | 'currency' | 'cost' | 'status'>;
type InteractionInput = Pick<Interaction, 'at' | 'intent' | 'direction'> &
  Partial<Pick<Interaction, 'companyId' | 'responseTimeMs' | 'lostReason' | 'threadId'>>;

export interface RecordsInput {
  companies: readonly CompanyInput[];
  orders: readonly OrderInput[];
  interactions: readonly InteractionInput[];
}

const REFERRED_BY = 'referred-by:';

/**
 * A counting sort of `count` items by owner (−1 = dropped), stable, then each
 * owner's slice put in `key` order (stable) unless it already is (it is when the
 * records were read through a [companyId+date] or [companyId+at] index).
 */
function groupByOwner(
  n: number,
  owner: Int32Array,
  key: Float64Array,
): { start: Uint32Array; order: Uint32Array } {
  const counts = new Uint32Array(n + 1);
  for (let k = 0; k < owner.length; k++) if (owner[k]! >= 0) counts[owner[k]! + 1]!++;
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + counts[i + 1]!;
  const order = new Uint32Array(start[n]!);
  const fill = start.slice(0, n);
  for (let k = 0; k < owner.length; k++) if (owner[k]! >= 0) order[fill[owner[k]!]!++] = k;
  for (let i = 0; i < n; i++) {
    const a = start[i]!;
    const b = start[i + 1]!;
    let sorted = true;
    for (let k = a + 1; k < b && sorted; k++) sorted = key[order[k - 1]!]! <= key[order[k]!]!;
    if (!sorted) order.subarray(a, b).sort((x, y) => key[x]! - key[y]! || x - y);
  }
  return { start, order };
}

/** Owner index of each record by its companyId; consecutive records of one company skip the lookup. */
function owners(
  index: ReadonlyMap<string, number>,
  records: readonly { companyId?: string }[],
  keep: (k: number) => boolean,
): Int32Array {
  const owner = new Int32Array(records.length).fill(-1);
  let last: string | undefined;
  let lastIndex: number | undefined;
  for (let k = 0; k < records.length; k++) {
    const id = records[k]!.companyId;
    if (id === undefined || !keep(k)) continue;
    if (id !== last) {
      last = id;
      lastIndex = index.get(id);
    }
    if (lastIndex !== undefined) owner[k] = lastIndex;
  }
  return owner;
}

/** Packs companies with their orders and interactions; records of companies not in the list are left out. */
export function packInputs(input: RecordsInput): ValueInputs {
  const { companies, orders, interactions } = input;
  const n = companies.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(companies[i]!.id, i);

  const orderKey = new Float64Array(orders.length);
  for (let k = 0; k < orders.length; k++) orderKey[k] = orders[k]!.date;
  const o = groupByOwner(
    n,
    owners(index, orders, (k) => isCountedOrder(orders[k]!.status)),
    orderKey,
  );
  const m = o.order.length;
  const currencies: string[] = [];
  const currencyIndex = new Map<string, number>();
  const orderDate = new Float64Array(m);
  const orderAmount = new Float64Array(m);
  const orderCost = new Float64Array(m);
  const orderCurrency = new Uint16Array(m);
  const orderShipped = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    const r = orders[o.order[j]!]!;
    orderDate[j] = r.date;
    orderAmount[j] = r.amount;
    orderCost[j] = r.cost ?? NaN;
    let c = currencyIndex.get(r.currency);
    if (c === undefined) {
      c = currencies.push(r.currency) - 1;
      currencyIndex.set(r.currency, c);
    }
    orderCurrency[j] = c;
    orderShipped[j] = r.status === 'shipped' ? 1 : 0;
  }

  const interKey = new Float64Array(interactions.length);
  for (let k = 0; k < interactions.length; k++) interKey[k] = interactions[k]!.at;
  const x = groupByOwner(
    n,
    owners(index, interactions, () => true),
    interKey,
  );
  const q = x.order.length;
  const interAt = new Float64Array(q);
  const interResponse = new Float64Array(q);
  const interKind = new Uint8Array(q);
  const interLost = new Int8Array(q);
  const interThread = new Uint32Array(q);
  const threads = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    threads.clear();
    for (let j = x.start[i]!; j < x.start[i + 1]!; j++) {
      const r = interactions[x.order[j]!]!;
      interAt[j] = r.at;
      interResponse[j] = r.responseTimeMs ?? NaN;
      interKind[j] = (r.direction === 'out' ? OUTBOUND : 0) | (r.intent === 'complaint' ? COMPLAINT : 0);
      interLost[j] = r.lostReason ? LOST_REASONS.indexOf(r.lostReason) : -1;
      let t = 0;
      if (r.threadId) {
        t = threads.get(r.threadId) ?? 0;
        if (!t) threads.set(r.threadId, (t = threads.size + 1));
      }
      interThread[j] = t;
    }
  }

  const acquisitionCost = new Float64Array(n);
  const names = new Array<string>(n);
  const domains = new Array<string>(n);
  const referredBy = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const c = companies[i]!;
    acquisitionCost[i] = c.acquisitionCost ?? 0;
    names[i] = (c.name ?? '').trim().toLowerCase();
    domains[i] = (c.domains ?? []).join('\n');
    const keys: string[] = [];
    for (const tag of c.tags ?? [])
      if (tag.toLowerCase().startsWith(REFERRED_BY))
        keys.push(tag.slice(REFERRED_BY.length).trim().toLowerCase());
    referredBy[i] = keys.join('\n');
  }
  return {
    ids: companies.map((c) => c.id),
    acquisitionCost,
    names,
    domains,
    referredBy,
    orderStart: o.start,
    orderDate,
    orderAmount,
    orderCost,
    orderCurrency,
    orderShipped,
    currencies,
    interStart: x.start,
    interAt,
    interResponse,
    interKind,
    interLost,
    interThread,
  };
}

/** Inputs of no company. */
export function emptyInputs(): ValueInputs {
  return packInputs({ companies: [], orders: [], interactions: [] });
}

/** One company's slice of a set of inputs, by position, for gathering. */
interface Slice {
  from: ValueInputs;
  i: number;
  currencyMap: Uint16Array;
}

/**
 * Gathers companies from several sets of inputs into one, in the order given.
 * Currencies are merged into one list; slices are copied whole (already sorted).
 */
function gather(slices: readonly Slice[], currencies: string[]): ValueInputs {
  return runSteps(gatherSteps(slices, currencies));
}

/** gather as steps: it may pause every STEP companies. */
function* gatherSteps(slices: readonly Slice[], currencies: string[]): Steps<ValueInputs> {
  const n = slices.length;
  let m = 0;
  let q = 0;
  for (const s of slices) {
    m += s.from.orderStart[s.i + 1]! - s.from.orderStart[s.i]!;
    q += s.from.interStart[s.i + 1]! - s.from.interStart[s.i]!;
  }
  const out: ValueInputs = {
    ids: new Array<string>(n),
    acquisitionCost: new Float64Array(n),
    names: new Array<string>(n),
    domains: new Array<string>(n),
    referredBy: new Array<string>(n),
    orderStart: new Uint32Array(n + 1),
    orderDate: new Float64Array(m),
    orderAmount: new Float64Array(m),
    orderCost: new Float64Array(m),
    orderCurrency: new Uint16Array(m),
    orderShipped: new Uint8Array(m),
    currencies,
    interStart: new Uint32Array(n + 1),
    interAt: new Float64Array(q),
    interResponse: new Float64Array(q),
    interKind: new Uint8Array(q),
    interLost: new Int8Array(q),
    interThread: new Uint32Array(q),
  };
  let oAt = 0;
  let xAt = 0;
  for (let j = 0; j < n; j++) {
    const { from: f, i, currencyMap } = slices[j]!;
    out.ids[j] = f.ids[i]!;
    out.acquisitionCost[j] = f.acquisitionCost[i]!;
    out.names[j] = f.names[i]!;
    out.domains[j] = f.domains[i]!;
    out.referredBy[j] = f.referredBy[i]!;
    const a = f.orderStart[i]!;
    const b = f.orderStart[i + 1]!;
    copyColumns(ORDER_COLUMNS, f, out, a, b, oAt);
    for (let k = a; k < b; k++) out.orderCurrency[oAt + k - a] = currencyMap[f.orderCurrency[k]!]!;
    oAt += b - a;
    out.orderStart[j + 1] = oAt;
    const c = f.interStart[i]!;
    const d = f.interStart[i + 1]!;
    copyColumns(INTERACTION_COLUMNS, f, out, c, d, xAt);
    xAt += d - c;
    out.interStart[j + 1] = xAt;
    if (j % STEP === STEP - 1) yield;
  }
  return out;
}

/** The per-order and per-interaction columns copied as they are (the currency is remapped). */
const ORDER_COLUMNS = ['orderDate', 'orderAmount', 'orderCost', 'orderShipped'] as const;
const INTERACTION_COLUMNS = ['interAt', 'interResponse', 'interKind', 'interLost', 'interThread'] as const;
type Column = (typeof ORDER_COLUMNS)[number] | (typeof INTERACTION_COLUMNS)[number];

/** Copies rows [a, b) of each column of `from` into `to` at `at`. */
function copyColumns(
  columns: readonly Column[],
  from: ValueInputs,
  to: ValueInputs,
  a: number,
  b: number,
  at: number,
) {
  // Element by element: a company has a handful of rows, and a subarray per column per company
  // (a million small objects for a big book) cost more than the copy and fed the collector.
  for (const column of columns) {
    const source = from[column] as Float64Array;
    const target = to[column] as Float64Array;
    for (let k = a; k < b; k++) target[at + k - a] = source[k]!;
  }
}

/** Maps each set's currency indexes into one merged list. */
function mergeCurrencies(parts: readonly ValueInputs[]): { currencies: string[]; maps: Uint16Array[] } {
  const currencies: string[] = [];
  const index = new Map<string, number>();
  const maps = parts.map((p) =>
    Uint16Array.from(p.currencies, (c) => {
      let at = index.get(c);
      if (at === undefined) {
        at = currencies.push(c) - 1;
        index.set(c, at);
      }
      return at;
    }),
  );
  return { currencies, maps };
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * All companies of several sets in one, sorted by id: the order the book's
 * records come in (so rank ties break the same way as a recompute from records).
 */
export function concatInputs(parts: readonly ValueInputs[]): ValueInputs {
  return runSteps(concatSteps(parts));
}

/**
 * concatInputs as steps (lib/value/slices.ts): the sort by id and the copy may pause every
 * STEP companies, so the background worker answers a card between two slices of a whole-book
 * valuation instead of after one block of the whole book's columns.
 */
export function* concatSteps(parts: readonly ValueInputs[]): Steps<ValueInputs> {
  const { currencies, maps } = mergeCurrencies(parts);
  const slices: Slice[] = [];
  const keys: string[] = [];
  for (let p = 0; p < parts.length; p++) {
    const from = parts[p]!;
    for (let i = 0; i < from.ids.length; i++) {
      slices.push({ from, i, currencyMap: maps[p]! });
      keys.push(from.ids[i]!);
    }
    yield;
  }
  const order = yield* sortSteps(keys);
  return yield* gatherSteps(
    Array.from(order, (k) => slices[k]!),
    currencies,
  );
}

/**
 * The positions of `keys` in ascending order, stable: a bottom-up merge sort over runs already in
 * order (the parts usually are), pausing every STEP moves.
 */
export function* sortSteps(keys: readonly string[]): Steps<Uint32Array> {
  const n = keys.length;
  let from = new Uint32Array(n);
  let to = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  // The natural runs: maximal stretches already in order.
  const starts: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || byId(keys[i - 1]!, keys[i]!) > 0) starts.push(i);
  starts.push(n);
  let runs = starts;
  let moved = 0;
  while (runs.length > 2) {
    const merged: number[] = [];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const lo = runs[r]!;
      const mid = runs[r + 1]!;
      const hi = r + 2 < runs.length ? runs[r + 2]! : mid;
      merged.push(lo);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid || j < hi) {
        to[k++] =
          j >= hi || (i < mid && byId(keys[from[i]!]!, keys[from[j]!]!) <= 0) ? from[i++]! : from[j++]!;
        if (++moved % STEP === 0) yield;
      }
    }
    merged.push(n);
    [from, to] = [to, from];
    runs = merged;
  }
  return from;
}

/**
 * A set with some companies replaced: each id of `replace` is dropped from
 * `base`, and the companies of `fresh` (packed from their current records) are
 * added. Ids in `replace` that are not in `fresh` are gone (deleted companies).
 * The result is sorted by id.
 */
export function replaceInputs(
  base: ValueInputs,
  replace: ReadonlySet<string>,
  fresh: ValueInputs,
): ValueInputs {
  const { currencies, maps } = mergeCurrencies([base, fresh]);
  const slices: Slice[] = [];
  for (let i = 0; i < base.ids.length; i++)
    if (!replace.has(base.ids[i]!)) slices.push({ from: base, i, currencyMap: maps[0]! });
  for (let i = 0; i < fresh.ids.length; i++) slices.push({ from: fresh, i, currencyMap: maps[1]! });
  slices.sort((a, b) => byId(a.from.ids[a.i]!, b.from.ids[b.i]!));
  return gather(slices, currencies);
}

/** Splits a set into `buckets` sets by bucketOf(id), each keeping the input order. */
export function splitInputs(
  inputs: ValueInputs,
  buckets: number,
  bucketOf: (id: string) => number,
): Map<number, ValueInputs> {
  const members = new Map<number, Slice[]>();
  const identity = Uint16Array.from(inputs.currencies, (_, k) => k);
  for (let i = 0; i < inputs.ids.length; i++) {
    const b = bucketOf(inputs.ids[i]!) % buckets;
    let list = members.get(b);
    if (!list) members.set(b, (list = []));
    list.push({ from: inputs, i, currencyMap: identity });
  }
  const out = new Map<number, ValueInputs>();
  for (const [b, list] of members) {
    // Each bucket keeps only the currencies its orders use.
    const used = new Set<number>();
    for (const s of list)
      for (let k = inputs.orderStart[s.i]!; k < inputs.orderStart[s.i + 1]!; k++)
        used.add(inputs.orderCurrency[k]!);
    const kept = [...used].sort((a, c) => a - c);
    const map = new Uint16Array(inputs.currencies.length);
    kept.forEach((c, at) => (map[c] = at));
    out.set(
      b,
      gather(
        list.map((s) => ({ ...s, currencyMap: map })),
        kept.map((c) => inputs.currencies[c]!),
      ),
    );
  }
  return out;
}

const f64 = z.instanceof(Float64Array);
const u32 = z.instanceof(Uint32Array);

/** What a stored set must look like; lengths are checked by isConsistent. */
export const ValueInputsSchema = z.object({
  ids: z.array(z.string()),
  acquisitionCost: f64,
  names: z.array(z.string()),
  domains: z.array(z.string()),
  referredBy: z.array(z.string()),
  orderStart: u32,
  orderDate: f64,
  orderAmount: f64,
  orderCost: f64,
  orderCurrency: z.instanceof(Uint16Array),
  orderShipped: z.instanceof(Uint8Array),
  currencies: z.array(z.string()),
  interStart: u32,
  interAt: f64,
  interResponse: f64,
  interKind: z.instanceof(Uint8Array),
  interLost: z.instanceof(Int8Array),
  interThread: u32,
});

/** Whether every column has the length the offsets say, and every offset and currency index is in range. */
export function isConsistent(v: ValueInputs): boolean {
  const n = v.ids.length;
  if (
    v.acquisitionCost.length !== n ||
    v.names.length !== n ||
    v.domains.length !== n ||
    v.referredBy.length !== n ||
    v.orderStart.length !== n + 1 ||
    v.interStart.length !== n + 1 ||
    v.orderStart[0] !== 0 ||
    v.interStart[0] !== 0
  )
    return false;
  for (let i = 0; i < n; i++)
    if (v.orderStart[i + 1]! < v.orderStart[i]! || v.interStart[i + 1]! < v.interStart[i]!) return false;
  const m = v.orderStart[n]!;
  const q = v.interStart[n]!;
  if (
    [v.orderDate, v.orderAmount, v.orderCost, v.orderCurrency, v.orderShipped].some((c) => c.length !== m) ||
    [v.interAt, v.interResponse, v.interKind, v.interLost, v.interThread].some((c) => c.length !== q)
  )
    return false;
  for (let k = 0; k < m; k++) if (v.orderCurrency[k]! >= v.currencies.length) return false;
  return true;
}

/** A stored set, or null when it is not one (a damaged or foreign record: the caller rebuilds it). */
export function parseInputs(value: unknown): ValueInputs | null {
  const parsed = ValueInputsSchema.safeParse(value);
  return parsed.success && isConsistent(parsed.data) ? parsed.data : null;
}
