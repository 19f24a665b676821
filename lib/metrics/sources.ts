import { SOURCES, type Source } from '../db/types';
import { MIN_PROSPECTS } from './rules';
import type { Thread } from './threads';
import type { MetricCompany, Period } from './types';

// Source statistics (domain.md): which source brings most customers and which
// converts best, per rep and per period. For a group of companies (one source,
// one rep, or both; a company belongs to its source and to its owner rep):
// - customers: its companies in the book;
// - inquiries: inquiry threads (threads.ts) of its companies that began in the period;
// - first orders: its companies whose first counted order ever is dated in the period;
// - conversion: of its prospects (companies with an inquiry in the period and no
//   counted order before the period), the share whose first order came in the period.
// The best source has the highest conversion among sources with at least
// MIN_PROSPECTS prospects; ties go to more conversions, then more inquiries.

export interface ConversionRow<K extends string = string> {
  key: K;
  customers: number;
  inquiries: number;
  firstOrders: number;
  prospects: number;
  converted: number;
  conversion: number | null;
}

function emptyRow<K extends string>(key: K): ConversionRow<K> {
  return { key, customers: 0, inquiries: 0, firstOrders: 0, prospects: 0, converted: 0, conversion: null };
}

/** Conversion figures per group; `groupOf` says which group a company is in (null: none). */
export function conversionBy<K extends string>(
  companies: readonly MetricCompany[],
  threads: readonly Pick<Thread, 'companyId' | 'inquiry'>[],
  firstOrderAt: ReadonlyMap<string, number>,
  period: Period,
  groupOf: (company: MetricCompany) => K | null,
  keys: readonly K[] = [],
): ConversionRow<K>[] {
  const rows = new Map<K, ConversionRow<K>>(keys.map((k) => [k, emptyRow(k)]));
  const row = (k: K) => {
    let r = rows.get(k);
    if (!r) rows.set(k, (r = emptyRow(k)));
    return r;
  };
  const inPeriod = (t: number | undefined) => t !== undefined && t >= period.from && t < period.to;
  // Per company, once: its group's row and first order; a thread then costs one lookup.
  type Customer = { row: ConversionRow<K>; first: number | undefined; prospect: boolean };
  const byId = new Map<string, Customer>();
  for (const c of companies) {
    const k = groupOf(c);
    if (k === null) continue;
    const r = row(k);
    r.customers++;
    const first = firstOrderAt.get(c.id);
    if (inPeriod(first)) r.firstOrders++;
    byId.set(c.id, { row: r, first, prospect: false });
  }
  for (const t of threads) {
    if (!t.companyId || !inPeriod(t.inquiry?.at)) continue;
    const c = byId.get(t.companyId);
    if (!c) continue;
    c.row.inquiries++;
    if (c.prospect || (c.first !== undefined && c.first < period.from)) continue;
    c.prospect = true;
    c.row.prospects++;
    if (inPeriod(c.first)) c.row.converted++;
  }
  for (const r of rows.values()) r.conversion = r.prospects ? r.converted / r.prospects : null;
  return [...rows.values()];
}

export interface SourceStats {
  rows: ConversionRow<Source>[];
  /** The best-converting source (see the rule above), or null when no source has enough prospects. */
  best: Source | null;
}

/** One row adding up rows of disjoint groups of companies (conversion recomputed from the sums). */
export function sumRows<K extends string>(key: K, rows: readonly ConversionRow[]): ConversionRow<K> {
  const out = emptyRow(key);
  for (const r of rows) {
    out.customers += r.customers;
    out.inquiries += r.inquiries;
    out.firstOrders += r.firstOrders;
    out.prospects += r.prospects;
    out.converted += r.converted;
  }
  out.conversion = out.prospects ? out.converted / out.prospects : null;
  return out;
}

/** The best-converting source under the rule above, or null. */
export function bestSource(rows: readonly ConversionRow<Source>[]): Source | null {
  let best: ConversionRow<Source> | null = null;
  for (const r of rows) {
    if (r.prospects < MIN_PROSPECTS || r.conversion === null) continue;
    if (
      !best ||
      r.conversion > best.conversion! ||
      (r.conversion === best.conversion &&
        (r.converted > best.converted || (r.converted === best.converted && r.inquiries > best.inquiries)))
    )
      best = r;
  }
  return best?.key ?? null;
}

export function sourceStats(
  companies: readonly MetricCompany[],
  threads: readonly Pick<Thread, 'companyId' | 'inquiry'>[],
  firstOrderAt: ReadonlyMap<string, number>,
  period: Period,
  includeCompany: (company: MetricCompany) => boolean = () => true,
): SourceStats {
  const rows = conversionBy(
    companies,
    threads,
    firstOrderAt,
    period,
    (c) => (includeCompany(c) ? c.source : null),
    SOURCES,
  );
  return { rows, best: bestSource(rows) };
}

/**
 * Source statistics for the whole team and every rep from one pass: rows per
 * (owner rep, source), added up per source and per rep (a company is in exactly
 * one such group, so every count adds up).
 */
export function sourceStatsByRep(
  companies: readonly MetricCompany[],
  threads: readonly Pick<Thread, 'companyId' | 'inquiry'>[],
  firstOrderAt: ReadonlyMap<string, number>,
  period: Period,
  repIds: readonly string[],
): { team: SourceStats; reps: Map<string, SourceStats>; byRep: ConversionRow[] } {
  const cells = new Map<string, Map<Source, ConversionRow>>();
  // One key string per (source, rep) pair, made once: a new string per company would be hashed anew
  // at every lookup, and there are a hundred thousand companies for a few dozen pairs.
  const keys = new Map<string, Map<string, string>>();
  const keyOf = (c: MetricCompany) => {
    let bySource = keys.get(c.ownerRepId);
    if (!bySource) keys.set(c.ownerRepId, (bySource = new Map()));
    let key = bySource.get(c.source);
    if (key === undefined) bySource.set(c.source, (key = `${c.source}\u0000${c.ownerRepId}`));
    return key;
  };
  for (const row of conversionBy(companies, threads, firstOrderAt, period, keyOf)) {
    const [source, rep] = row.key.split('\u0000') as [Source, string];
    let bySource = cells.get(rep);
    if (!bySource) cells.set(rep, (bySource = new Map()));
    bySource.set(source, row);
  }
  const statsOf = (groups: readonly Map<Source, ConversionRow>[]): SourceStats => {
    const rows = SOURCES.map((source) =>
      sumRows(
        source,
        groups.flatMap((g) => (g.has(source) ? [g.get(source)!] : [])),
      ),
    );
    return { rows, best: bestSource(rows) };
  };
  const reps = new Map(repIds.map((id) => [id, statsOf(cells.has(id) ? [cells.get(id)!] : [])]));
  return {
    team: statsOf([...cells.values()]),
    reps,
    byRep: repIds.map((id) => sumRows(id, [...(cells.get(id)?.values() ?? [])])),
  };
}
