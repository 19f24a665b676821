import { Dexie } from 'dexie';
import type { CrmDb } from '../db/db';
import { computeCompany, computeSteps, type BookStats, type CompanyValueRow } from './book';
import {
  currentSummaryGeneration,
  dropSummaries,
  ensureInputs,
  SUMMARY_GENERATIONS,
  summaryRanking,
  summaryRankingSliced,
  summarySteps,
  VALUE_BOOK_STATS_KEY,
  writeSummaries,
} from './digest';
import { runSliced, STEP, UNSLICED, type Slicer } from './slices';
import { CustomerValueSchema, type CustomerValue } from './schema';
import { getValueSettings } from './settings';
import { RankIndex } from './tiers';

// Keeping values current. A full recompute values every company at once (tiers
// need the whole ranking) from the packed inputs of lib/value/digest.ts and
// stores the packed results (`valueSummaries`: value, rank, tier, stage); an
// incremental one values a single company from its records after one of its
// orders or interactions changed, ranks it against the others, and stores its
// whole row, reasons included, in `companyValues`. A row older than the last full
// recompute is out of date: the card's value slot computes it again (one
// company's records, a few milliseconds) instead of the full recompute writing
// 100k rows nobody may open.
//
// Incremental ranking: each database object gets a RankIndex (every customer's
// CLV, sorted, in a Float64Array) and the BookStats of the last full recompute,
// held in memory. Built by recomputeAll, or on the first incremental update after
// the worker started, from the stored summaries and the rows written since. We chose
// this over estimating a rank from stored percentiles because it is exact for
// the customer being updated and costs one binary search. Others' stored ranks
// drift by at most one per update until the next full recompute: run one daily
// and after settings change.
//
// One ranking, in one context: the cache is per JavaScript context, so two
// contexts recomputing would each rank against their own copy. Only the
// background worker recomputes (lib/value/scheduler.ts, fed by the change feed
// of every context's writes, and the card's value slot), so there is one copy, and
// a change that replaces the book (a restore, a merge, new settings) drops it
// there before the next update (forgetValueCache). Node scripts and tests
// recompute in their own process, on their own database object.

export { VALUE_BOOK_STATS_KEY };

/** A stored value older than this is recomputed when the card asks for it (days since the last order move on). */
export const VALUE_MAX_AGE_MS = 24 * 3_600_000;

interface Cache {
  stats: BookStats;
  ranks: RankIndex;
  /** Referrals are counted across the whole book: an incremental update keeps the last full count. */
  referrals: Map<string, number>;
}
/** The ranking held for incremental updates, per database object (in the extension: the worker's only). */
const caches = new WeakMap<CrmDb, Cache>();

export interface RecomputeReport {
  companies: number;
  orders: number;
  interactions: number;
  /** Whether the packed inputs were rebuilt from every record first (the whole book changed), and how many companies were refreshed from theirs. */
  rebuilt: boolean;
  refreshed: number;
  /** Time to read the book, to compute, and to write the results, in ms. */
  readMs: number;
  computeMs: number;
  writeMs: number;
}

/**
 * Values every company and replaces the stored results. Runs in the background worker, never in
 * a page. With a slicer (the background's scheduler passes one) the reading and the arithmetic
 * run in slices that give the worker's event loop back, so a card opened meanwhile is built
 * between two slices instead of after the whole book; the results are written a few records per
 * transaction beside the current ones and named current at once (lib/value/digest.ts).
 */
export async function recomputeAll(
  db: CrmDb,
  now = Date.now(),
  slicer: Slicer = UNSLICED,
): Promise<RecomputeReport> {
  const t0 = performance.now();
  const settings = await getValueSettings(db);
  const { inputs, report } = await ensureInputs(db, slicer);
  const t1 = performance.now();
  const book = await runSliced(computeSteps(inputs, settings, now), slicer);
  const records = await runSliced(summarySteps(book, now), slicer);
  const t2 = performance.now();
  const { stats } = book;
  // Written beside the current results in small transactions, named current in one, the old
  // ones dropped after (lib/value/digest.ts): a card's reads never wait behind the whole write.
  const current = await currentSummaryGeneration(db);
  const next = (current + 1) % SUMMARY_GENERATIONS;
  await writeSummaries(db, records, next, slicer);
  await db.settings.put({ key: VALUE_BOOK_STATS_KEY, value: { ...stats, summaryGeneration: next } });
  await dropSummaries(db, current, slicer);
  const referrals = new Map<string, number>();
  book.ids.forEach((id, i) => book.referrals?.[i] && referrals.set(id, book.referrals[i]!));
  // The ranking held for incremental updates, built in slices like the arithmetic.
  const ranks = await runSliced(RankIndex.fromColumns(book.ids, book.clv), slicer);
  caches.set(db, { stats, ranks, referrals });
  const t3 = performance.now();
  return {
    companies: book.ids.length,
    orders: inputs.orderDate.length,
    interactions: inputs.interAt.length,
    ...report,
    readMs: t1 - t0,
    computeMs: t2 - t1,
    writeMs: t3 - t2,
  };
}

async function loadCache(db: CrmDb): Promise<Cache | null> {
  const cached = caches.get(db);
  if (cached) return cached;
  const loaded = await db.transaction('r', db.settings, db.valueSummaries, db.companyValues, async () => {
    const stats = (await db.settings.get(VALUE_BOOK_STATS_KEY))?.value as BookStats | undefined;
    if (!stats || typeof stats.bookChurn !== 'number' || typeof stats.computedAt !== 'number') return null;
    const { clvs, referrals } = await summaryRanking(db);
    // Rows revalued since the last full recompute rank with their newer value.
    await db.companyValues
      .where('computedAt')
      .aboveOrEqual(stats.computedAt)
      .each((r) => {
        if (typeof r.clv === 'number') clvs.push([r.companyId, r.clv]);
      });
    return { stats, clvs, referrals };
  });
  if (!loaded) return null;
  const cache = { stats: loaded.stats, ranks: new RankIndex(loaded.clvs), referrals: loaded.referrals };
  caches.set(db, cache);
  return cache;
}

/** Whether stored book figures can rank a company (a full recompute wrote them). */
function usableStats(stats: unknown): stats is BookStats {
  const s = stats as Partial<BookStats> | undefined;
  return typeof s?.bookChurn === 'number' && typeof s.computedAt === 'number';
}

/**
 * When the last full recompute ran (its BookStats), or null when the book was never fully valued.
 * One small read when the ranking is not held: asking this never loads the whole book's ranking.
 */
export async function lastFullRecompute(db: CrmDb): Promise<number | null> {
  const cached = caches.get(db);
  if (cached) return cached.stats.computedAt;
  const stats = (await db.settings.get(VALUE_BOOK_STATS_KEY))?.value;
  return usableStats(stats) ? stats.computedAt : null;
}

/** Whether the ranking for incremental updates is held, so one company is valued without reading the book's. */
export function valueCacheReady(db: CrmDb): boolean {
  return caches.has(db);
}

/**
 * Loads the ranking held for incremental updates in slices (the card goes first), from the last
 * full recompute's stored results: in the background worker after a valuation written elsewhere
 * (the valuation worker) and when the worker starts, so no card waits for it. Returns whether a
 * ranking is held afterwards (false: the book was never valued).
 */
export async function warmValueCache(db: CrmDb, slicer: Slicer = UNSLICED): Promise<boolean> {
  if (caches.has(db)) return true;
  const loaded = await summaryRankingSliced(db, slicer);
  if (!loaded || !usableStats(loaded.stats)) return false;
  const stats = loaded.stats;
  // Rows revalued since the last full recompute rank with their newer value.
  const since = new Map<string, number>();
  for (let i = 0; i < loaded.clvs.length; i++) {
    since.set(loaded.clvs[i]![0], loaded.clvs[i]![1]);
    if (i % STEP === STEP - 1) await slicer.tick();
  }
  await db.companyValues
    .where('computedAt')
    .aboveOrEqual(stats.computedAt)
    .each((r) => {
      if (typeof r.clv === 'number') since.set(r.companyId, r.clv);
    });
  await slicer.tick();
  await slicer.tick();
  const ranks = new RankIndex(since);
  // A full recompute in this context, or a write of the held ranking, meanwhile wins.
  if (!caches.has(db)) caches.set(db, { stats, ranks, referrals: loaded.referrals });
  return true;
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
  let cache = await loadCache(db);
  if (!cache) {
    await recomputeAll(db, now);
    cache = caches.get(db)!;
  }
  const settings = await getValueSettings(db);
  const [company, orders, interactions] = await db.transaction(
    'r',
    [db.companies, db.orders, db.interactions],
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
      ]),
  );
  if (!company) {
    cache.ranks.remove(companyId);
    await db.companyValues.delete(companyId);
    return null;
  }
  const referrals = cache.referrals.get(companyId) ?? 0;
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

/** Whether a stored row is current: written since the last full recompute, and recently. */
export function isCurrentRow(row: { computedAt: number }, lastFull: number | null, now: number): boolean {
  return lastFull !== null && row.computedAt >= lastFull && now - row.computedAt <= VALUE_MAX_AGE_MS;
}

/**
 * The card's value slot: the stored row, recomputed first when missing, older
 * than the last full recompute or than VALUE_MAX_AGE_MS. Null for an unknown company.
 */
export async function getCustomerValue(
  db: CrmDb,
  companyId: string,
  now = Date.now(),
): Promise<CustomerValue | null> {
  const row = await db.companyValues.get(companyId);
  if (row && isCurrentRow(row, await lastFullRecompute(db), now)) return asCustomerValue(row);
  return asCustomerValue(await recomputeCompany(db, companyId, now));
}

/** A stored or computed row as the card's value, or null when there is none or it is not one. */
export function asCustomerValue(row: unknown): CustomerValue | null {
  if (!row) return null;
  const parsed = CustomerValueSchema.safeParse(row);
  return parsed.success ? parsed.data : null;
}
