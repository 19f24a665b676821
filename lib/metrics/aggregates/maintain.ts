import { Dexie, type DBCore, type DBCoreKeyRange, type DBCoreTransaction } from 'dexie';
import { onNewBook, type CrmDb } from '../../db/db';
import { registerFeedReader, type FeedChange, type FeedReader } from '../../db/feed';
import { newId } from '../../db/ids';
import type { Interaction, Order } from '../../db/types';
import {
  addInteraction,
  addOrder,
  dayInteraction,
  dayOf,
  dayOrder,
  dayRowsOf,
  emptyDayRow,
  interactionsOfPacked,
  isEmptyDayRow,
  ordersOfPacked,
  packDayRow,
  unpackDayRow,
  type PackedDayRow,
  removeInteraction,
  removeOrder,
  type DayInteraction,
  type DayOrder,
  type DayRow,
} from './days';
import {
  buildThreadWeeks,
  completeWeeksState,
  refreshThreads,
  THREAD_WEEKS_TABLE,
  threadWeeksComplete,
  touchedThreads,
  weeksOf,
} from './threadWeeks';

// Keeping the dashboard's day rows (days.ts) up to date, as a reader of the
// change feed (lib/db/feed.ts): every write to interactions or orders, from any
// page, import or script, records what it changed for the rows IN THE SAME
// IndexedDB TRANSACTION (both commit, or neither does). It asks for the records
// as they were (oldValues), so an edit that moves a record to another day and a
// delete take out exactly what was counted.
//
// A write pays for one small record: a delta (DELTAS_TABLE) naming the records
// it took out (day and id) and the facts it put in. It reads no row and rewrites
// none: a day row of a busy team holds hundreds of records, and reading and
// rewriting it in every logged contact's transaction made the write half as
// slow again. The rows are brought up to date from the deltas (foldDeltas, in
// seq order, then the deltas are deleted, in one transaction) when they are
// read: on the dashboard's load, or by anything calling ensureDays. Applying a
// delta twice, or to a row rebuilt from a log that already holds its write, gives
// the same row: each takes out its records' previous versions by id and puts the
// new ones in place of any with the same id.
//
// The rows are derived: never exported, never synced, and rebuilt when missing.
// A state record says whether they hold the whole book:
// - a new, empty book starts complete (db.ts populate);
// - a book from before schema v6 has none: built on the dashboard's first load;
// - a clear() or range delete of the log (a restore), or one write request of
//   more than BULK_RECORDS records (an import's batch), drops them (and the
//   deltas) and marks them incomplete instead of recording a delta: an import
//   then costs nothing extra, no row keeps a record the book no longer has, and
//   the next dashboard load rebuilds them in one pass over the log;
// - a rebuild carries the state's stamp and marks the rows complete only if no
//   such write changed the stamp meanwhile (else it runs again). Small writes
//   during a rebuild record their deltas as usual, folded in after it.

/** Changing this only loses derived rows: they are rebuilt from the log. */
export const DAYS_TABLE = 'dashboardPacked';
/** Changes to the rows not folded into them yet (auto-increment key: write order). */
export const DELTAS_TABLE = 'dashboardDeltas';
/** The key of the state record in DAYS_TABLE (day rows have number keys). */
export const DAYS_STATE_KEY = 'state';
/** A write request with more records than this marks the rows for a rebuild rather than being applied. */
export const BULK_RECORDS = 500;
/** The feed reader's name. */
export const DAYS_READER = 'dashboard-days';

export interface DaysState {
  day: typeof DAYS_STATE_KEY;
  complete: boolean;
  /** Changed by every write that leaves the rows incomplete: a rebuild checks it is still its own. */
  stamp: string;
}

/** One write's change to the rows: records taken out (by day and id), then records put in. */
export interface DayDelta {
  seq?: number;
  /** x: interactions; o: orders. */
  kind: 'x' | 'o';
  removed: { day: number; id: string }[];
  added: (DayInteraction | DayOrder)[];
}

declare module '../../db/db' {
  interface RoomTables {
    dashboardPacked: Dexie.Table<PackedDayRow | DaysState, number | string>;
    dashboardDeltas: Dexie.Table<DayDelta, number>;
  }
}

const ALL_KEYS = { type: 3 } as unknown as DBCoreKeyRange; // DBCoreRangeType.Any

export function completeState(): DaysState {
  return { day: DAYS_STATE_KEY, complete: true, stamp: newId() };
}

const dayRowsReader: FeedReader = {
  name: DAYS_READER,
  tables: ['interactions', 'orders'],
  stores: [DAYS_TABLE, DELTAS_TABLE, THREAD_WEEKS_TABLE],
  // The records before the write, except for a bulk write: it is not applied row by row.
  oldValues: (records) => records <= BULK_RECORDS,
  onChange(trans, change, down) {
    return applyChange(trans, change, down);
  },
};
let stopKeeping: (() => void) | null = registerFeedReader(dayRowsReader);
// A new book is empty: its (no) rows are complete from the start.
onNewBook((tx) =>
  Dexie.Promise.all([
    tx.table(DAYS_TABLE).put(completeState()),
    tx.table(THREAD_WEEKS_TABLE).put(completeWeeksState()),
  ]),
);

/**
 * For the benchmark's with-and-without comparison only: stops or resumes keeping the
 * rows. While stopped, writes leave the rows as they were: the caller undoes its writes
 * before resuming (or marks the rows for a rebuild).
 */
export function keepDayRows(on: boolean): void {
  if (on && !stopKeeping) stopKeeping = registerFeedReader(dayRowsReader);
  if (!on && stopKeeping) {
    stopKeeping();
    stopKeeping = null;
  }
}

function applyChange(trans: DBCoreTransaction, change: FeedChange, down: DBCore) {
  const days = down.table(DAYS_TABLE);
  const deltas = down.table(DELTAS_TABLE);
  const weeks = down.table(THREAD_WEEKS_TABLE);
  const incomplete = (): DaysState => ({ day: DAYS_STATE_KEY, complete: false, stamp: newId() });
  // A clear or range delete, a bulk write, or any delete: the rows and the deltas are dropped and
  // rebuilt on the dashboard's next load, so none keeps a record the book no longer has (a
  // forgotten contact's interactions sit in the deltas written when they were logged). Deletes
  // are rare: a contact removed from the timeline, a contact forgotten, a customer handed over.
  if (change.all || change.keys.length > BULK_RECORDS || change.op === 'delete') {
    return Dexie.Promise.all([
      days.mutate({ type: 'deleteRange', trans, range: ALL_KEYS }),
      deltas.mutate({ type: 'deleteRange', trans, range: ALL_KEYS }),
      weeks.mutate({ type: 'deleteRange', trans, range: ALL_KEYS }),
    ]).then(() => days.mutate({ type: 'put', trans, values: [incomplete()] }));
  }

  const isX = change.table === 'interactions';
  const timeOf = (r: unknown) => (isX ? (r as Interaction).at : (r as Order).date);
  const removed: DayDelta['removed'] = [];
  for (const old of change.old ?? [])
    if (old !== undefined) removed.push({ day: dayOf(timeOf(old)), id: (old as { id: string }).id });
  const added = change.op === 'put' ? (change.values as (Interaction | Order)[]) : [];
  if (removed.length === 0 && added.length === 0) return undefined;
  const delta: DayDelta = {
    kind: isX ? 'x' : 'o',
    removed,
    added: added.map((r) => (isX ? dayInteraction(r as Interaction) : dayOrder(r as Order))),
  };
  return Dexie.Promise.resolve(deltas.mutate({ type: 'add', trans, values: [delta] })).then((res) => {
    if (res.numFailures > 0) throw Object.values(res.failures)[0];
  });
}

/** Applies deltas, in order, to rows (by day); rows missing from `rows` are created empty. */
export function applyDeltas(rows: Map<number, DayRow>, deltas: readonly DayDelta[]): void {
  const rowOf = (day: number) => {
    let row = rows.get(day);
    if (!row) rows.set(day, (row = emptyDayRow(day)));
    return row;
  };
  for (const delta of deltas) {
    const isX = delta.kind === 'x';
    for (const r of delta.removed) {
      const row = rowOf(r.day);
      if (isX) removeInteraction(row, r.id);
      else removeOrder(row, r.id);
    }
    for (const r of delta.added) {
      if (isX) addInteraction(rowOf(dayOf((r as DayInteraction).at)), r as DayInteraction);
      else addOrder(rowOf(dayOf((r as DayOrder).date)), r as DayOrder);
    }
  }
}

/** The days a list of deltas touches. */
function daysOfDeltas(deltas: readonly DayDelta[]): number[] {
  const days = new Set<number>();
  for (const delta of deltas) {
    for (const r of delta.removed) days.add(r.day);
    for (const r of delta.added)
      days.add(dayOf(delta.kind === 'x' ? (r as DayInteraction).at : (r as DayOrder).date));
  }
  return [...days];
}

/** Deltas folded per transaction. */
const FOLD_PAGE = 2_000;

/**
 * Brings the rows up to date with the deltas written since the last fold: each page of deltas,
 * in write order, applied to the rows of the days it touches and deleted, in one transaction
 * (a write landing meanwhile waits, or comes before and is folded in the next page). The facts
 * of the threads the page touches are built again in the same transaction (threadWeeks.ts),
 * when the weeks hold the book.
 */
export async function foldDeltas(db: CrmDb): Promise<number> {
  let folded = 0;
  for (;;) {
    const stores = [daysOf(db), deltasOf(db), weeksOf(db), db.interactions];
    const n = await db.transaction('rw', stores, async () => {
      const deltas = await deltasOf(db).orderBy(':id').limit(FOLD_PAGE).toArray();
      if (deltas.length === 0) return 0;
      const keys = daysOfDeltas(deltas);
      const stored = (await daysOf(db).bulkGet(keys)) as (PackedDayRow | undefined)[];
      const rows = new Map<number, DayRow>();
      keys.forEach((day, i) => rows.set(day, stored[i] ? unpackDayRow(stored[i]) : emptyDayRow(day)));
      // The threads touched, read from the rows as the last fold left them.
      const touched = (await threadWeeksComplete(db))
        ? touchedThreads(
            deltas.filter((d) => d.kind === 'x') as {
              removed: DayDelta['removed'];
              added: DayInteraction[];
            }[],
            (day) => rows.get(day),
          )
        : null;
      applyDeltas(rows, deltas);
      if (touched) await refreshThreads(db, touched);
      const kept = [...rows.values()].filter((row) => !isEmptyDayRow(row));
      const emptied = [...rows.values()].filter(isEmptyDayRow).map((row) => row.day);
      if (kept.length) await daysOf(db).bulkPut(kept.map(packDayRow));
      if (emptied.length) await daysOf(db).bulkDelete(emptied);
      await deltasOf(db)
        .where(':id')
        .belowOrEqual(deltas[deltas.length - 1]!.seq!)
        .delete();
      return deltas.length;
    });
    folded += n;
    if (n < FOLD_PAGE) return folded;
  }
}

type DaysTable = Dexie.Table<PackedDayRow | DaysState, number | string>;
const daysOf = (db: CrmDb) => db.table(DAYS_TABLE) as DaysTable;
const deltasOf = (db: CrmDb) => db.table(DELTAS_TABLE) as Dexie.Table<DayDelta, number>;

export async function readDaysState(db: CrmDb): Promise<DaysState | undefined> {
  return (await daysOf(db).get(DAYS_STATE_KEY)) as DaysState | undefined;
}

/** How many interactions a rebuild reads per transaction. */
const REBUILD_PAGE = 20_000;

/**
 * Builds every day row from the log, page by page (each page of days in one
 * transaction that reads the log and writes the rows), then marks them complete
 * unless a bulk write came in meanwhile (then it runs again). `onProgress` gets
 * the interactions read so far.
 */
export async function rebuildDays(
  db: CrmDb,
  onProgress?: (read: number) => void,
  pageSize = REBUILD_PAGE,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const stamp = newId();
    await db.transaction('rw', daysOf(db), weeksOf(db), async () => {
      await daysOf(db).put({ day: DAYS_STATE_KEY, complete: false, stamp });
      // The thread facts are built from the rows once these are whole (ensureDays).
      await weeksOf(db).clear();
    });
    let lower = Number.NEGATIVE_INFINITY;
    let read = 0;
    for (let done = false; !done; ) {
      await db.transaction('rw', db.interactions, db.orders, daysOf(db), async () => {
        let size = pageSize;
        let page: Interaction[];
        let upper: number;
        for (;;) {
          page = await db.interactions.where('at').aboveOrEqual(lower).limit(size).toArray();
          if (page.length < size) {
            upper = Number.POSITIVE_INFINITY;
            done = true;
            break;
          }
          // Whole days only: the page's last day is left for the next page.
          upper = dayOf(page[page.length - 1]!.at) * 86_400_000;
          if (upper > lower) break;
          size *= 2;
        }
        const interactions = page.filter((x) => x.at < upper);
        const orders =
          upper === Number.POSITIVE_INFINITY
            ? await db.orders.where('date').aboveOrEqual(lower).toArray()
            : await db.orders.where('date').between(lower, upper, true, false).toArray();
        const rows = dayRowsOf(interactions, orders);
        const first = lower === Number.NEGATIVE_INFINITY ? -Infinity : dayOf(lower);
        const last = upper === Number.POSITIVE_INFINITY ? Infinity : dayOf(upper);
        await daysOf(db).where(':id').between(first, last, true, false).delete();
        await daysOf(db).bulkPut([...rows.values()].map(packDayRow));
        read += interactions.length;
        lower = upper;
      });
      onProgress?.(read);
    }
    const finished = await db.transaction('rw', daysOf(db), async () => {
      const state = (await daysOf(db).get(DAYS_STATE_KEY)) as DaysState | undefined;
      if (state?.stamp !== stamp) return false;
      await daysOf(db).put({ ...state, complete: true });
      return true;
    });
    if (finished) {
      // Writes made while it ran: their deltas go on top of the rows built.
      await foldDeltas(db);
      return;
    }
  }
  throw new Error('the book kept changing in bulk while the dashboard totals were being rebuilt');
}

/**
 * Makes the day rows hold the whole book: folds in the deltas written since the last read, or
 * rebuilds the rows when they do not hold the whole book (see the top of this file).
 */
export async function ensureDays(db: CrmDb, onProgress?: (read: number) => void): Promise<void> {
  if ((await readDaysState(db))?.complete) await foldDeltas(db);
  else await rebuildDays(db, onProgress);
  // The thread facts, when missing (an upgrade from schema v7, or after the rows' rebuild).
  if (!(await threadWeeksComplete(db)))
    await buildThreadWeeks(
      db,
      daysOf(db) as Dexie.Table<unknown, number | string>,
      async () => (await readDaysState(db))?.complete === true,
    );
}

/** The stored (packed) rows of the days that overlap [from, to), oldest first. */
async function rowsBetween(db: CrmDb, from: number, to: number): Promise<PackedDayRow[]> {
  const first = Number.isFinite(from) ? dayOf(from) : -Infinity;
  const last = Number.isFinite(to) ? dayOf(to - 1) : Infinity;
  if (last < first) return [];
  return (await daysOf(db).where(':id').between(first, last, true, true).toArray()) as PackedDayRow[];
}

/** Interactions with `at` in [from, to), in the `at` index's order, from the day rows. */
export async function readDayInteractions(db: CrmDb, from: number, to: number): Promise<DayInteraction[]> {
  return interactionsOfPacked(await rowsBetween(db, from, to), from, to);
}

/** Orders dated in [from, to), in the `date` index's order, from the day rows. */
export async function readDayOrders(db: CrmDb, from: number, to: number): Promise<DayOrder[]> {
  return ordersOfPacked(await rowsBetween(db, from, to), from, to);
}

/** Both at once, reading each day row once. */
export async function readDayWindow(
  db: CrmDb,
  interactions: { from: number; to: number },
  orders: { from: number; to: number },
  span?: (name: string, ms: number) => void,
): Promise<{ interactions: DayInteraction[]; orders: DayOrder[] }> {
  const started = performance.now();
  const rows = await rowsBetween(
    db,
    Math.min(interactions.from, orders.from),
    Math.max(interactions.to, orders.to),
  );
  const read = performance.now();
  span?.('rows.get', read - started);
  const out = {
    interactions: interactionsOfPacked(rows, interactions.from, interactions.to),
    orders: ordersOfPacked(rows, orders.from, orders.to),
  };
  span?.('rows.unpack', performance.now() - read);
  return out;
}

/** Every day row with the deltas folded in, as a map by day (tests compare them with a rebuild from the records). */
export async function readAllDayRows(db: CrmDb): Promise<Map<number, DayRow>> {
  await foldDeltas(db);
  const rows = (await daysOf(db)
    .where(':id')
    .between(-Infinity, Infinity, true, true)
    .toArray()) as PackedDayRow[];
  return new Map(rows.map((r) => [r.day, unpackDayRow(r)]));
}
