import { Dexie } from 'dexie';
import type { CrmDb } from '../../db/db';
import { buildThreads, subjectKey, threadKeyOf, threadRefOf, type ThreadRef } from '../threads';
import {
  dayInteraction,
  interactionsOfPacked,
  type DayInteraction,
  type DayRow,
  type PackedDayRow,
} from './days';
import {
  firstWeekFor,
  packWeek,
  packWeeks,
  threadFactOf,
  unpackWeek,
  WEEK_MS,
  type PackedWeek,
  type ThreadFact,
} from './threadFacts';

// The stored facts of whole threads (threadFacts.ts), packed by the week of each
// thread's last message: kept beside the day rows (maintain.ts) and in step with
// them. Derived like the rows: never exported or synced, dropped with them by a
// bulk write, a clear or a delete, and built again from the rows when missing.
//
// Kept from the same deltas as the rows, in the same fold transaction: a delta
// names the interactions it put in and the ones it took out (by day and id). The
// threads a page of deltas touches are those of the records put in and those the
// records taken out belonged to (looked up in the day rows as they were before the
// page: the last fold's state). Each is built again from its messages in the log
// (by thread id, else company and subject, else the one interaction) and filed
// under its new last week; its old copy is taken out of every week one of its
// messages, old or new, falls in (the week it was filed under is the week of its
// last message at the last fold, which is either still in the log or one taken out
// since). No thread-to-week index is kept: half a million small records to write
// on every rebuild, for what the messages already say.

/** Changing this only loses derived facts: they are built again from the day rows. */
export const THREAD_WEEKS_TABLE = 'dashboardThreads';
/** The key of the state record (weeks have number keys): present when the weeks hold the whole book. */
export const THREAD_WEEKS_STATE_KEY = 'state';

export interface ThreadWeeksState {
  week: typeof THREAD_WEEKS_STATE_KEY;
  complete: true;
}

declare module '../../db/db' {
  interface RoomTables {
    dashboardThreads: Dexie.Table<PackedWeek | ThreadWeeksState, number | string>;
  }
}

type WeeksTable = Dexie.Table<PackedWeek | ThreadWeeksState, number | string>;
export const weeksOf = (db: CrmDb) => db.table(THREAD_WEEKS_TABLE) as WeeksTable;

export function completeWeeksState(): ThreadWeeksState {
  return { week: THREAD_WEEKS_STATE_KEY, complete: true };
}

/** Whether the weeks hold the whole book (read inside a transaction that includes the table). */
export async function threadWeeksComplete(db: CrmDb): Promise<boolean> {
  return (await weeksOf(db).get(THREAD_WEEKS_STATE_KEY)) !== undefined;
}

const weekOfTime = (at: number) => Math.floor(at / WEEK_MS);

/** The interaction with this id in a day row's columns, if there. */
function interactionInRow(row: DayRow | undefined, id: string): DayInteraction | undefined {
  const i = row ? row.x.id.indexOf(id) : -1;
  if (!row || i < 0) return undefined;
  const record: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(row.x)) if (column[i] !== undefined) record[field] = column[i];
  return record as DayInteraction;
}

/** What a page of deltas did to threads: keys touched, and the weeks their old copies may sit in. */
export interface TouchedThreads {
  refs: Map<string, ThreadRef>;
  weeks: Map<string, Set<number>>;
}

/**
 * The threads a page of interaction deltas touches. `before` gives the day rows as the last fold
 * left them (before the page is applied).
 */
export function touchedThreads(
  deltas: readonly { removed: { day: number; id: string }[]; added: DayInteraction[] }[],
  before: (day: number) => DayRow | undefined,
): TouchedThreads {
  const touched: TouchedThreads = { refs: new Map(), weeks: new Map() };
  const touch = (x: DayInteraction) => {
    const ref = threadRefOf(x);
    const key = threadKeyOf(ref);
    touched.refs.set(key, ref);
    let weeks = touched.weeks.get(key);
    if (!weeks) touched.weeks.set(key, (weeks = new Set()));
    weeks.add(weekOfTime(x.at));
  };
  for (const delta of deltas) {
    for (const r of delta.removed) {
      const old = interactionInRow(before(r.day), r.id);
      if (old) touch(old);
    }
    for (const x of delta.added) touch(x);
  }
  return touched;
}

/** A thread's messages in the log now, oldest first (ties by id, as the day rows list them). */
async function messagesOf(db: CrmDb, key: string, ref: ThreadRef): Promise<DayInteraction[]> {
  let found: DayInteraction[];
  switch (ref.kind) {
    case 'thread':
      found = (await db.interactions.where('threadId').equals(ref.threadId).toArray()).map(dayInteraction);
      break;
    case 'subject':
      found = (
        await db.interactions
          .where('[companyId+at]')
          .between([ref.companyId, Dexie.minKey], [ref.companyId, Dexie.maxKey])
          .filter((x) => !x.threadId && subjectKey(x.subject) === ref.subjectKey)
          .toArray()
      ).map(dayInteraction);
      break;
    case 'single': {
      const x = await db.interactions.get(ref.interactionId);
      found = x ? [dayInteraction(x)] : [];
      break;
    }
  }
  // An interaction moved to another thread since (a thread id given later) is no longer this one's.
  return found
    .filter((x) => threadKeyOf(threadRefOf(x)) === key)
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Builds the touched threads again from their messages in the log and files each under its new
 * last week, taking its old copy out. Runs inside the fold's transaction (interactions read,
 * the weeks table written).
 */
export async function refreshThreads(db: CrmDb, touched: TouchedThreads): Promise<void> {
  if (touched.refs.size === 0) return;
  const keys = [...touched.refs.keys()];
  const built = await Promise.all(
    keys.map(async (key) => {
      const messages = await messagesOf(db, key, touched.refs.get(key)!);
      for (const x of messages) touched.weeks.get(key)!.add(weekOfTime(x.at));
      const [thread] = buildThreads(messages, 0);
      return thread ? threadFactOf(thread) : undefined;
    }),
  );
  const weeks = new Set<number>();
  for (const set of touched.weeks.values()) for (const w of set) weeks.add(w);
  const wanted = [...weeks];
  const stored = (await weeksOf(db).bulkGet(wanted)) as (PackedWeek | undefined)[];
  const gone = new Set(keys);
  const facts = new Map<number, ThreadFact[]>();
  wanted.forEach((week, i) => {
    const row = stored[i];
    facts.set(week, row ? unpackWeek(row).filter((f) => !gone.has(f.key)) : []);
  });
  for (const fact of built) if (fact) facts.get(weekOfTime(fact.lastAt))!.push(fact);
  const kept: PackedWeek[] = [];
  const emptied: number[] = [];
  for (const [week, list] of facts) {
    if (list.length) kept.push(packWeek(week, list));
    else if (stored[wanted.indexOf(week)]) emptied.push(week);
  }
  if (kept.length) await weeksOf(db).bulkPut(kept);
  if (emptied.length) await weeksOf(db).bulkDelete(emptied);
}

/**
 * Builds every thread's facts from the day rows (the whole book) and stores them with the state
 * record, in one transaction with the rows; does nothing when the rows do not hold the book
 * (`rowsComplete` false: a bulk write came first, the rows' rebuild will come back here).
 */
export async function buildThreadWeeks(
  db: CrmDb,
  rowsTable: Dexie.Table<unknown, number | string>,
  rowsComplete: () => Promise<boolean>,
): Promise<void> {
  await db.transaction('rw', rowsTable, weeksOf(db), async () => {
    if (!(await rowsComplete())) return;
    const rows = (await rowsTable
      .where(':id')
      .between(-Infinity, Infinity, true, true)
      .toArray()) as PackedDayRow[];
    const interactions = interactionsOfPacked(rows, -Infinity, Infinity);
    const weeks = packWeeks(buildThreads(interactions, 0).map(threadFactOf));
    await weeksOf(db).clear();
    await weeksOf(db).bulkPut([...weeks, completeWeeksState()]);
  });
}

/** The stored weeks that may hold threads with activity from `from` on (to `to`, exclusive of later weeks' starts). */
export async function readThreadWeeks(db: CrmDb, from: number, to = Infinity): Promise<PackedWeek[]> {
  const first = Number.isFinite(from) ? firstWeekFor(from) : -Infinity;
  const last = Number.isFinite(to) ? weekOfTime(to) : Infinity;
  if (last < first) return [];
  return (await weeksOf(db).where(':id').between(first, last, true, false).toArray()) as PackedWeek[];
}

/** Every stored week unpacked, facts by key (tests compare them with facts built from the records). */
export async function readAllThreadFacts(db: CrmDb): Promise<Map<string, ThreadFact>> {
  const rows = await readThreadWeeks(db, -Infinity);
  const out = new Map<string, ThreadFact>();
  for (const row of rows)
    for (const fact of unpackWeek(row)) {
      if (out.has(fact.key)) throw new Error(`thread ${fact.key} is filed twice`);
      out.set(fact.key, fact);
    }
  return out;
}
