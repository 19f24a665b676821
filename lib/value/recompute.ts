import { Dexie } from 'dexie';
import type { CrmDb } from '../db/db';
import { computeBook, computeCompany, type BookStats, type CompanyValueRow } from './book';
import { CustomerValueSchema, type CustomerValue } from './schema';
import { getValueSettings } from './settings';
import { RankIndex } from './tiers';

// Keeping `companyValues` current. A full recompute values every company at once
// (tiers need the whole ranking); an incremental one values a single company after
// one of its orders or interactions changed and ranks it against the others'
// stored values.
//
// Incremental ranking: each database object gets a RankIndex (every customer's
// CLV, sorted, in a Float64Array) and the BookStats of the last full recompute,
// held in memory. Built by recomputeAll, or on the first incremental update after
// the worker started, from the stored rows (one read of companyValues). We chose
// this over estimating a rank from stored percentiles because it is exact for
// the customer being updated and costs one binary search. Others' stored ranks
// drift by at most one per update until the next full recompute: run one daily
// and after settings change.
//
// One ranking, in one context: the cache is per JavaScript context, so two
// contexts recomputing would each rank against their own copy. Only the
// background worker recomputes (lib/value/scheduler.ts, fed by the pages'
// value/changed messages, and the card's value slot), so there is one copy, and
// a change that replaces the book (a restore, a merge, new settings) drops it
// there before the next update (forgetValueCache). Node scripts and tests
// recompute in their own process, on their own database object.

/** Book figures of the last full recompute, in the settings table (derived; rebuilt by recomputeAll). */
export const VALUE_BOOK_STATS_KEY = 'valueBookStats';

/** A stored value older than this is recomputed when the card asks for it (days since the last order move on). */
export const VALUE_MAX_AGE_MS = 24 * 3_600_000;

interface Cache {
  stats: BookStats;
  ranks: RankIndex;
}
/** The ranking held for incremental updates, per database object (in the extension: the worker's only). */
const caches = new WeakMap<CrmDb, Cache>();

export interface RecomputeReport {
  companies: number;
  orders: number;
  interactions: number;
  /** Time to read the book, to compute, and to write the results, in ms. */
  readMs: number;
  computeMs: number;
  writeMs: number;
}

/** Values every company and replaces `companyValues`. Runs in the background worker, never in a page. */
export async function recomputeAll(db: CrmDb, now = Date.now()): Promise<RecomputeReport> {
  const t0 = performance.now();
  const settings = await getValueSettings(db);
  const [companies, orders, interactions] = await db.transaction(
    'r',
    db.companies,
    db.orders,
    db.interactions,
    () =>
      Promise.all([
        db.companies.toArray(),
        // Through the compound index: each company's orders arrive in date order, so no sorting later.
        db.orders.orderBy('[companyId+date]').toArray(),
        // Each company's interactions in time order too: the customer's reply delays pair them up.
        db.interactions.orderBy('[companyId+at]').toArray(),
      ]),
  );
  const t1 = performance.now();
  const { rows, stats } = computeBook({ companies, orders, interactions }, settings, now);
  const t2 = performance.now();
  await db.transaction('rw', db.companyValues, db.settings, async () => {
    await db.companyValues.clear();
    await db.companyValues.bulkPut(rows);
    await db.settings.put({ key: VALUE_BOOK_STATS_KEY, value: stats });
  });
  caches.set(db, { stats, ranks: new RankIndex(rows.map((r) => [r.companyId, r.clv])) });
  const t3 = performance.now();
  return {
    companies: companies.length,
    orders: orders.length,
    interactions: interactions.length,
    readMs: t1 - t0,
    computeMs: t2 - t1,
    writeMs: t3 - t2,
  };
}

async function loadCache(db: CrmDb): Promise<Cache | null> {
  const cached = caches.get(db);
  if (cached) return cached;
  const [statsRow, entries] = await db.transaction('r', db.settings, db.companyValues, async () => {
    const row = await db.settings.get(VALUE_BOOK_STATS_KEY);
    const list: [string, number][] = [];
    await db.companyValues.each((r) => {
      if (typeof r.clv === 'number') list.push([r.companyId, r.clv]);
    });
    return [row, list] as const;
  });
  const stats = statsRow?.value as BookStats | undefined;
  if (!stats || typeof stats.bookChurn !== 'number') return null;
  const cache = { stats, ranks: new RankIndex(entries) };
  caches.set(db, cache);
  return cache;
}

/** Forgets the in-memory ranking, e.g. after a restore replaced the book; the next update reloads it. */
export function forgetValueCache(db: CrmDb): void {
  caches.delete(db);
}

/**
 * Revalues one company after one of its orders or interactions (or the company
 * itself) was written or deleted, and stores its row. Returns the new row, or
 * null when the company no longer exists (its row is removed). The first call
 * on a book never fully computed runs recomputeAll. Runs in the background
 * worker (lib/value/scheduler.ts and the card's value slot); pages report their
 * writes through lib/value/changes.ts instead of calling this.
 */
export async function recomputeCompany(
  db: CrmDb,
  companyId: string,
  now = Date.now(),
): Promise<CompanyValueRow | null> {
  const cache = await loadCache(db);
  if (!cache) {
    await recomputeAll(db, now);
    return ((await db.companyValues.get(companyId)) as CompanyValueRow | undefined) ?? null;
  }
  const settings = await getValueSettings(db);
  const [company, orders, interactions, previous] = await db.transaction(
    'r',
    [db.companies, db.orders, db.interactions, db.companyValues],
    () =>
      Promise.all([
        db.companies.get(companyId),
        db.orders
          .where('[companyId+date]')
          .between([companyId, Dexie.minKey], [companyId, Dexie.maxKey])
          .toArray(),
        db.interactions
          .where('[companyId+at]')
          .between([companyId, Dexie.minKey], [companyId, Dexie.maxKey])
          .toArray(),
        db.companyValues.get(companyId),
      ]),
  );
  if (!company) {
    cache.ranks.remove(companyId);
    await db.companyValues.delete(companyId);
    return null;
  }
  // Referrals are counted across the whole book; an incremental update keeps the last full count.
  const referrals = (previous?.figures as { referrals?: number } | undefined)?.referrals ?? 0;
  const row = computeCompany(
    company,
    orders,
    interactions,
    cache.stats,
    settings,
    now,
    (clv) => {
      cache.ranks.set(companyId, clv);
      return { rank: cache.ranks.rankOf(clv), count: cache.ranks.count };
    },
    referrals,
  );
  await db.companyValues.put(row);
  return row;
}

/**
 * The card's value slot: the stored row, recomputed first when missing or older
 * than VALUE_MAX_AGE_MS. Null for an unknown company.
 */
export async function getCustomerValue(
  db: CrmDb,
  companyId: string,
  now = Date.now(),
): Promise<CustomerValue | null> {
  let row: unknown = await db.companyValues.get(companyId);
  if (!row || now - (row as CompanyValueRow).computedAt > VALUE_MAX_AGE_MS) {
    row = await recomputeCompany(db, companyId, now);
  }
  if (!row) return null;
  const parsed = CustomerValueSchema.safeParse(row);
  return parsed.success ? parsed.data : null;
}
