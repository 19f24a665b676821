import type { Tier } from './schema';
import type { ValueSettings } from './settings';

// The customer pyramid (domain.md, value tiers): customers ranked by CLV, the
// ranking cut at cumulative shares (defaults 1% / 5% / 20%): the top ⌈N × 1%⌉
// are VIP, down to ⌈N × 5%⌉ Key, down to ⌈N × 20%⌉ Ordinary. In a small book
// each tier still gets at least one customer (a book of 18 has one VIP, one Key
// and two Ordinary), so a rep with few customers sees a pyramid, not only VIPs
// and Smalls; from 100 customers on the shares alone decide.

/** Number of customers at or above each cut-off in a book of n. */
export function tierSizes(
  n: number,
  cutoffs: ValueSettings['cutoffs'],
): { vip: number; key: number; ordinary: number } {
  const cut = (percent: number, above: number, wider: boolean) => {
    if (percent <= 0) return 0;
    const size = Math.ceil((n * percent) / 100 - 1e-9);
    return Math.min(n, wider ? Math.max(above + 1, size) : size);
  };
  const vip = cut(cutoffs.vip, 0, true);
  const key = cut(cutoffs.key, vip, cutoffs.key > cutoffs.vip);
  const ordinary = cut(cutoffs.ordinary, key, cutoffs.ordinary > cutoffs.key);
  return { vip, key, ordinary };
}

/**
 * Tier of the customer at 1-based `rank` among n. A customer whose value is not
 * positive is never above Small: the pyramid's top is for customers who make money.
 */
export function tierForRank(rank: number, n: number, cutoffs: ValueSettings['cutoffs'], value: number): Tier {
  return tierWithin(rank, tierSizes(n, cutoffs), value);
}

/** tierForRank with the book's tier sizes measured once (a full recompute ranks every customer against the same sizes). */
export function tierWithin(rank: number, sizes: ReturnType<typeof tierSizes>, value: number): Tier {
  if (value <= 0) return 'small';
  if (rank <= sizes.vip) return 'vip';
  if (rank <= sizes.key) return 'key';
  if (rank <= sizes.ordinary) return 'ordinary';
  return 'small';
}

/** Share of customers ranked at or above this one, in percent: rank / n × 100. */
export function percentileOf(rank: number, n: number): number {
  return n === 0 ? 0 : (rank / n) * 100;
}

/**
 * Orders indices 0..n−1 by value descending (ties: higher current value first,
 * then the lower index, so a ranking is reproducible). Returns the order and each
 * index's 1-based rank.
 */
export function rankByValue(
  values: Float64Array,
  tieBreak: Float64Array,
): { order: Uint32Array; rank: Uint32Array } {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[b]! - values[a]! || tieBreak[b]! - tieBreak[a]! || a - b);
  const rank = new Uint32Array(n);
  for (let r = 0; r < n; r++) rank[order[r]!] = r + 1;
  return { order, rank };
}

/**
 * The ranking kept between full recomputes for incremental updates: every
 * customer's CLV, sorted descending in a typed array. Updating one customer
 * removes its old value and inserts the new one (two binary searches and a
 * copyWithin: well under a millisecond at 100k); its rank is 1 + the number of
 * values strictly above it. Other customers' stored ranks may be one off until
 * the next full recompute, which the card never shows as a different tier except
 * at a cut-off boundary.
 */
/** Companies put in the index between two points where building it may pause (slices.ts's STEP). */
const RANK_STEP = 512;

export class RankIndex {
  private sorted: Float64Array;
  private size: number;
  private readonly byId: Map<string, number>;

  constructor(entries: Iterable<[string, number]> | Map<string, number>) {
    this.byId = entries instanceof Map ? entries : new Map(entries);
    this.sorted = Float64Array.from(this.byId.values()).sort().reverse();
    this.size = this.sorted.length;
  }

  /**
   * The index of a whole book's columns, as steps (lib/value/slices.ts): the map of a big book is
   * built a few hundred companies at a time, so the worker answers a card between them (at 50k
   * companies building it in one go held the worker for about 100 ms). The sort is one typed-array
   * sort of the values, a few milliseconds.
   */
  static *fromColumns(ids: readonly string[], values: ArrayLike<number>): Generator<void, RankIndex, void> {
    const byId = new Map<string, number>();
    for (let i = 0; i < ids.length; i++) {
      byId.set(ids[i]!, values[i]!);
      if (i % RANK_STEP === RANK_STEP - 1) yield;
    }
    return new RankIndex(byId);
  }

  get count(): number {
    return this.size;
  }

  /** Position of the first value ≤ v (values above v come before it). */
  private lowerBound(v: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! > v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** 1-based rank of a value: 1 + how many customers are worth strictly more. */
  rankOf(v: number): number {
    return this.lowerBound(v) + 1;
  }

  set(id: string, v: number): void {
    this.remove(id);
    if (this.size === this.sorted.length) {
      const grown = new Float64Array(Math.max(16, this.sorted.length * 2));
      grown.set(this.sorted);
      this.sorted = grown;
    }
    const at = this.lowerBound(v);
    this.sorted.copyWithin(at + 1, at, this.size);
    this.sorted[at] = v;
    this.size++;
    this.byId.set(id, v);
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (old === undefined) return;
    const at = this.lowerBound(old);
    this.sorted.copyWithin(at, at + 1, this.size);
    this.size--;
    this.byId.delete(id);
  }
}
