import { Dexie, type Table } from 'dexie';
import type { CrmDb } from '../db/db';
import type { Company, Interaction, Order } from '../db/types';
import { eachSummary } from '../value/digest';
import { VALUE_BOOK_STATS_KEY } from '../value/recompute';
import { getValueSettings, type ValueSettings } from '../value/settings';
import { dayInteraction } from './aggregates/days';
import { ensureDays, readDayWindow } from './aggregates/maintain';
import {
  firstWeekFor,
  packWeeks,
  threadFactOf,
  threadFiguresOfWeeks,
  type PackedWeek,
} from './aggregates/threadFacts';
import { readThreadWeeks } from './aggregates/threadWeeks';
import { buildDashboard, timed, type DashboardView, type Span } from './dashboard';
import { isCountedOrder, marginInBase } from './orders';
import { previousPeriod } from './period';
import { DEFAULT_NO_REPLY_DAYS, LOOKBACK_DAYS } from './rules';
import { buildThreads, subjectKey, type ThreadRef, type UnansweredThreads } from './threads';
import {
  DAY_MS,
  type MetricCompany,
  type MetricCompanyValue,
  type MetricInteraction,
  type MetricOrder,
  type MetricRep,
} from './types';

// Reading what the dashboard needs, and only that, through the indexes:
// - interactions by the `at` index, from LOOKBACK_DAYS before the previous period
//   to the period's end, in pages, each row cut to the fields the figures read
//   (a 30-day view reads 74 days of the log, whatever the book's size);
// - orders by the `date` index from the previous period's start;
// - companies in pages by primary key, cut to a few fields, and every company's
//   value figures from the packed results of the last full recompute (with the
//   rows revalued since): the source table counts every customer; reaction to
//   decline needs every customer's last order, including those nobody contacted;
// - contact names by key, for the thread rows on screen (loadContactNames);
// - the kept facts of whole threads by week (lib/metrics/aggregates/threadWeeks.ts) for the
//   scorecard's thread figures, the sources and the trends: a year is 53 packed rows.
// A company's first order needs its orders before the window: the stored value
// row's order count says whether there were any (when the row is newer than the
// company's orders read); otherwise one indexed query on [companyId+date].

const PAGE = 5_000;
const TABLE_PAGE = 10_000;

export interface LoadDashboardOptions {
  from: number;
  to: number;
  /** Only this rep's threads and customers in the list and the source table (the scorecard keeps every rep). */
  repId?: string;
  /** The moment figures are judged at (abandonment, complaint quiet days); defaults to Date.now(). */
  now?: number;
  /** The "no reply yet" days (lib/storage preferences); default 2. */
  noReplyDays?: number;
  /**
   * Called after each page of interactions read, with how many so far (for a progress line;
   * no total: counting an index range in IndexedDB costs as much as reading it).
   */
  onProgress?: (interactionsRead: number) => void;
  /** Called while the day rows are being rebuilt (once after an import or an upgrade), with interactions read. */
  onRebuild?: (interactionsRead: number) => void;
  /**
   * Walk the log through its indexes instead of reading the maintained day rows
   * (lib/metrics/aggregates): the recompute the day rows are tested against.
   */
  fromLog?: boolean;
  /** Told how long each part took (ms), named `first:` or `full:` by loading step. */
  span?: Span;
}

/**
 * Interactions with `at` in [from, to), oldest first, in pages of the `at` index.
 * A page ends inside a run of equal times, so each page keeps only the rows before
 * its last time and the next page starts at that time (a page all of one time is
 * read again twice as large).
 */
export async function readInteractions(
  db: CrmDb,
  from: number,
  to: number,
  pageSize = PAGE,
  onPage?: (read: number) => void,
): Promise<MetricInteraction[]> {
  const out: MetricInteraction[] = [];
  let lower = from;
  let size = pageSize;
  for (;;) {
    const rows = await db.interactions.where('at').between(lower, to, true, false).limit(size).toArray();
    if (rows.length < size) {
      for (const x of rows) out.push(dayInteraction(x));
      onPage?.(out.length);
      return out;
    }
    const lastAt = rows[rows.length - 1]!.at;
    if (lastAt === lower) {
      size *= 2;
      continue;
    }
    for (const x of rows) if (x.at < lastAt) out.push(dayInteraction(x));
    onPage?.(out.length);
    lower = lastAt;
    size = pageSize;
  }
}

/** Every row of a table in pages by primary key, each cut by `slim`. */
async function readPaged<T, R>(
  table: Table<T, string>,
  keyOf: (row: T) => string,
  slim: (row: T) => R,
): Promise<R[]> {
  const out: R[] = [];
  let last: string | undefined;
  for (;;) {
    const rows =
      last === undefined
        ? await table.orderBy(':id').limit(TABLE_PAGE).toArray()
        : await table.where(':id').above(last).limit(TABLE_PAGE).toArray();
    for (const r of rows) out.push(slim(r));
    if (rows.length < TABLE_PAGE) return out;
    last = keyOf(rows[rows.length - 1]!);
  }
}

/**
 * Every company's value figures: the last full recompute's summaries, each
 * replaced by the company's stored row when that row is newer (revalued since).
 */
async function readValues(db: CrmDb): Promise<MetricCompanyValue[]> {
  const byId = new Map<string, MetricCompanyValue>();
  let since = Infinity;
  await eachSummary(db, (v) => {
    since = Math.min(since, v.computedAt);
    byId.set(v.companyId, {
      companyId: v.companyId,
      computedAt: v.computedAt,
      stage: v.stage,
      orderCount: v.orderCount,
      lastOrderAt: v.lastOrderAt,
      gapDays: v.gapDays,
      clv: v.clv,
      currentValue: v.currentValue,
      potentialValue: v.potentialValue,
      tier: v.tier,
      rank: v.rank,
    });
  });
  const rows = db.companyValues as unknown as Table<Record<string, unknown>, string>;
  const newer = byId.size ? rows.where('computedAt').aboveOrEqual(since) : rows.toCollection();
  await newer.each((row) => {
    const value = slimValue(row);
    const held = byId.get(value.companyId);
    if (!held || held.computedAt <= value.computedAt) byId.set(value.companyId, value);
  });
  return [...byId.values()];
}

function slimValue(row: Record<string, unknown>): MetricCompanyValue {
  const figures = (row.figures ?? {}) as { orderCount?: unknown; lastOrderAt?: unknown; gapDays?: unknown };
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const out: MetricCompanyValue = {
    companyId: String(row.companyId),
    computedAt: num(row.computedAt) ?? 0,
  };
  if (typeof row.stage === 'string') out.stage = row.stage;
  if (typeof row.tier === 'string') out.tier = row.tier;
  for (const key of ['clv', 'currentValue', 'potentialValue', 'rank'] as const) {
    const x = num(row[key]);
    if (x !== undefined) out[key] = x;
  }
  const orderCount = num(figures.orderCount);
  if (orderCount !== undefined) out.orderCount = orderCount;
  const lastOrderAt = num(figures.lastOrderAt);
  if (lastOrderAt !== undefined) out.lastOrderAt = lastOrderAt;
  const gapDays = num(figures.gapDays);
  if (gapDays !== undefined) out.gapDays = gapDays;
  return out;
}

/**
 * The parts of the book every period reads whole, cut to what the figures use:
 * companies, stored value rows, reps and the value settings. They do not depend
 * on the period, so a page can keep them while the manager switches periods.
 */
export interface BookTables {
  companies: MetricCompany[];
  values: MetricCompanyValue[];
  reps: MetricRep[];
  settings: ValueSettings;
  /** The quadrant cuts of the last full recompute (null when the book was never valued as a whole). */
  medians: { current: number; potential: number } | null;
}

/** The quadrant medians the last full recompute stored with its book figures. */
async function readMedians(db: CrmDb): Promise<BookTables['medians']> {
  const stats = (await db.settings.get(VALUE_BOOK_STATS_KEY))?.value as
    | { currentMedian?: unknown; potentialMedian?: unknown }
    | undefined;
  const current = stats?.currentMedian;
  const potential = stats?.potentialMedian;
  return typeof current === 'number' && typeof potential === 'number' ? { current, potential } : null;
}

export async function readBookTables(db: CrmDb): Promise<BookTables> {
  const [companies, values, reps, settings, medians] = await Promise.all([
    readPaged<Company, MetricCompany>(
      db.companies as unknown as Table<Company, string>,
      (c) => c.id,
      (c): MetricCompany => ({ id: c.id, name: c.name, source: c.source, ownerRepId: c.ownerRepId }),
    ),
    readValues(db),
    db.reps.toArray(),
    getValueSettings(db),
    readMedians(db),
  ]);
  return { companies, values, reps: reps.map((r) => ({ id: r.id, name: r.name })), settings, medians };
}

type OrderRow = Pick<Order, 'companyId' | 'date' | 'amount' | 'currency' | 'cost' | 'status' | 'updatedAt'>;

function slimOrder(o: OrderRow): MetricOrder {
  return {
    companyId: o.companyId,
    date: o.date,
    amount: o.amount,
    currency: o.currency,
    status: o.status,
    ...(o.cost === undefined ? {} : { cost: o.cost }),
  };
}

/** Each company's first counted order: the earliest read, unless it ordered before `windowFrom`. */
async function firstOrders(
  db: CrmDb,
  orderRows: readonly OrderRow[],
  interactions: readonly MetricInteraction[],
  tables: BookTables,
  windowFrom: number,
): Promise<Map<string, number>> {
  const firstOrderAt = new Map<string, number>();
  const counted = new Map<string, { rated: number; unrated: boolean; updatedAt: number }>();
  for (const o of orderRows) {
    if (!isCountedOrder(o.status)) continue;
    const seen = firstOrderAt.get(o.companyId);
    if (seen === undefined || o.date < seen) firstOrderAt.set(o.companyId, o.date);
    const c = counted.get(o.companyId) ?? { rated: 0, unrated: false, updatedAt: 0 };
    if (marginInBase(o, tables.settings) === undefined) c.unrated = true;
    else c.rated++;
    c.updatedAt = Math.max(c.updatedAt, o.updatedAt);
    counted.set(o.companyId, c);
  }
  const candidates = new Set(counted.keys());
  for (const x of interactions)
    if (x.companyId && x.direction === 'in' && x.at >= windowFrom) candidates.add(x.companyId);
  const valueOf = new Map(tables.values.map((v) => [v.companyId, v]));
  const unsure: string[] = [];
  for (const companyId of candidates) {
    const v = valueOf.get(companyId);
    const c = counted.get(companyId);
    if (!v || v.orderCount === undefined || c?.unrated || (c && v.computedAt < c.updatedAt)) {
      unsure.push(companyId);
      continue;
    }
    const inWindow = c?.rated ?? 0;
    if (v.orderCount > inWindow) firstOrderAt.set(companyId, Number.NEGATIVE_INFINITY);
    else if (v.orderCount < inWindow) unsure.push(companyId);
  }
  if (unsure.length) {
    const earlier = await db.transaction('r', db.orders, () =>
      Promise.all(
        unsure.map((companyId) =>
          db.orders
            .where('[companyId+date]')
            .between([companyId, Dexie.minKey], [companyId, windowFrom], true, false)
            .filter((o) => isCountedOrder(o.status))
            .first(),
        ),
      ),
    );
    earlier.forEach((o) => o && firstOrderAt.set(o.companyId, o.date));
  }
  return firstOrderAt;
}

/**
 * The threads whose newest message waits for an answer though the log ends with ours: each open
 * "no reply yet" reminder falls due `noReplyDays` after the unanswered message it is about
 * (lib/db/book.ts trackReply), and closes when the rep answers or logs an answer. Few are open:
 * read by the [done+dueAt] index.
 */
export async function readUnanswered(db: CrmDb, noReplyDays: number): Promise<UnansweredThreads> {
  const open = await db.reminders
    .where('[done+dueAt]')
    .between([0, Dexie.minKey], [0, Dexie.maxKey])
    .filter((r) => r.kind === 'no-reply' && !!r.threadId)
    .toArray();
  const since = new Map<string, number>();
  for (const r of open) {
    const at = r.dueAt - noReplyDays * DAY_MS;
    if (at > (since.get(r.threadId!) ?? -Infinity)) since.set(r.threadId!, at);
  }
  return since;
}

/**
 * The kept weeks of whole threads' facts (lib/metrics/aggregates/threadWeeks.ts) that may hold
 * activity in [from, to); walking the log instead (`fromLog`), the same weeks packed from
 * threads built of every logged interaction: the recompute the kept weeks are tested against.
 */
async function readWeeks(db: CrmDb, from: number, to: number, fromLog: boolean): Promise<PackedWeek[]> {
  if (!fromLog) return readThreadWeeks(db, from, to);
  const all = await readInteractions(db, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  const first = Number.isFinite(from) ? firstWeekFor(from) : Number.NEGATIVE_INFINITY;
  const last = Number.isFinite(to) ? firstWeekFor(to) : Number.POSITIVE_INFINITY;
  return packWeeks(buildThreads(all, 0).map(threadFactOf)).filter((w) => w.week >= first && w.week < last);
}

/**
 * Loads the period's dashboard in two steps, handing each view to `onView`:
 * 1. the period's figures alone (scorecard, sources, customer picture; final: false): the thread
 *    figures from the kept facts of whole threads, a few weeks' packed rows, and the customer
 *    figures from the period's own interactions and orders; no thread list, no trends;
 * 2. the whole view (final: true): the previous period's figures from the facts too, the
 *    interactions from LOOKBACK_DAYS before the previous period, the thread list built from
 *    them, and the trends.
 * The period's figures are the same in both (each is measured on its own: buildDashboard).
 */
export async function loadDashboardInStages(
  db: CrmDb,
  options: LoadDashboardOptions,
  tables: BookTables | undefined,
  onView: (view: DashboardView, final: boolean) => void,
): Promise<void> {
  const now = options.now ?? Date.now();
  const period = { from: options.from, to: options.to };
  const previous = previousPeriod(period);
  const lookback = LOOKBACK_DAYS * DAY_MS;
  const dashboardOptions = {
    period,
    now,
    noReplyDays: options.noReplyDays ?? DEFAULT_NO_REPLY_DAYS,
    repId: options.repId,
  };
  let read = 0;
  const progress = (n: number) => options.onProgress?.(read + n);
  const fromLog = options.fromLog === true;
  const span = options.span;
  const spanOf =
    (stage: string): Span | undefined =>
    (name, ms) =>
      span?.(`${stage}:${name}`, ms);
  const time = async <T>(stage: string, name: string, part: Promise<T>): Promise<T> => {
    const start = performance.now();
    const out = await part;
    span?.(`${stage}:${name}`, performance.now() - start);
    return out;
  };
  // The day rows (and the thread facts) are rebuilt first when they do not hold the whole book.
  if (!fromLog) await time('first', 'days.ensure', ensureDays(db, options.onRebuild));
  const window = (xFrom: number, xTo: number, oFrom: number, oTo: number, stage: string) =>
    fromLog
      ? Promise.all([
          readInteractions(db, xFrom, xTo, PAGE, progress),
          oTo === Infinity
            ? db.orders.where('date').aboveOrEqual(oFrom).toArray()
            : db.orders.where('date').between(oFrom, oTo, true, false).toArray(),
        ])
      : readDayWindow(db, { from: xFrom, to: xTo }, { from: oFrom, to: oTo }, spanOf(stage)).then((w) => {
          progress(w.interactions.length);
          return [w.interactions, w.orders] as const;
        });

  const [[current, currentOrders], weeks, book] = await Promise.all([
    time('first', 'window.read', window(period.from, period.to, period.from, Infinity, 'first')),
    time('first', 'weeks.read', readWeeks(db, period.from, Infinity, fromLog)),
    tables ?? time('first', 'bookTables', readBookTables(db)),
  ]);
  read = current.length;
  const input = {
    companies: book.companies,
    values: book.values,
    reps: book.reps,
    settings: book.settings,
    medians: book.medians,
  };
  const periodFacts = timed(span && spanOf('first'), 'weeks.threads', () =>
    threadFiguresOfWeeks(weeks, period, now),
  );
  const first = await time(
    'first',
    'firstOrders',
    firstOrders(db, currentOrders, current, book, period.from),
  );
  onView(
    buildDashboard(
      {
        ...input,
        interactions: current,
        orders: currentOrders.map(slimOrder),
        firstOrderAt: first,
        threadFacts: { period: periodFacts },
      },
      { ...dashboardOptions, compare: false, trends: false, list: false, span: spanOf('first') },
    ),
    false,
  );

  // The interactions before the period: the previous period's, and the look-back of the thread list.
  const none: readonly [MetricInteraction[], OrderRow[]] = [[], []];
  const [[earlier, earlierOrders], earlierWeeks, unanswered] = await Promise.all([
    previous
      ? time(
          'full',
          'window.read',
          window(previous.from - lookback, period.from, previous.from, period.from, 'full'),
        )
      : none,
    previous
      ? time('full', 'weeks.read', readWeeks(db, previous.from, period.from, fromLog))
      : ([] as PackedWeek[]),
    time('full', 'unanswered', readUnanswered(db, dashboardOptions.noReplyDays)),
  ]);
  const interactions = earlier.length ? earlier.concat(current) : current;
  const orderRows = earlierOrders.length ? earlierOrders.concat(currentOrders) : currentOrders;
  const firstOrderAt = previous
    ? await time('full', 'firstOrders', firstOrders(db, orderRows, interactions, book, previous.from))
    : first;
  const previousFacts = previous
    ? timed(span && spanOf('full'), 'weeks.threads', () =>
        threadFiguresOfWeeks(earlierWeeks.concat(weeks), previous, now),
      )
    : undefined;
  onView(
    buildDashboard(
      {
        ...input,
        unanswered,
        interactions,
        orders: orderRows.map(slimOrder),
        firstOrderAt,
        threadFacts: { period: periodFacts, ...(previousFacts ? { previous: previousFacts } : {}) },
      },
      { ...dashboardOptions, span: spanOf('full') },
    ),
    true,
  );
}

/**
 * Loads the period's whole dashboard view model, trends included (see
 * buildDashboard). `tables` reuses a readBookTables result (read afresh when absent).
 */
export async function loadDashboard(
  db: CrmDb,
  options: LoadDashboardOptions,
  tables?: BookTables,
): Promise<DashboardView> {
  let last: DashboardView | undefined;
  await loadDashboardInStages(db, options, tables, (view) => {
    last = view;
  });
  return last!;
}

/** Contact names by id, for the thread rows on screen (the view carries contact ids only). */
export async function loadContactNames(db: CrmDb, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const contacts = unique.length ? await db.contacts.bulkGet(unique) : [];
  return new Map(contacts.flatMap((c) => (c ? [[c.id, c.name] as const] : [])));
}

/** Whether the book has any logged interaction at all. */
export async function hasLoggedInteractions(db: CrmDb): Promise<boolean> {
  return (await db.interactions.limit(1).count()) > 0;
}

/** Whether the book has anything to measure: a logged interaction or a company (the dashboard's empty state). */
export async function hasAnythingToMeasure(db: CrmDb): Promise<boolean> {
  return (await hasLoggedInteractions(db)) || (await db.companies.limit(1).count()) > 0;
}

/** A thread's every logged interaction, oldest first, with its text, for the expanded row. */
export async function loadThreadTimeline(db: CrmDb, ref: ThreadRef): Promise<Interaction[]> {
  switch (ref.kind) {
    case 'thread':
      return (await db.interactions.where('threadId').equals(ref.threadId).toArray()).sort(
        (a, b) => a.at - b.at,
      );
    case 'subject':
      return db.interactions
        .where('[companyId+at]')
        .between([ref.companyId, Dexie.minKey], [ref.companyId, Dexie.maxKey])
        .filter((x) => !x.threadId && subjectKey(x.subject) === ref.subjectKey)
        .toArray();
    case 'single': {
      const x = await db.interactions.get(ref.interactionId);
      return x ? [x] : [];
    }
  }
}
