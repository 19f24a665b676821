import {
  Dexie,
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
} from 'dexie';
import { BOOK_TABLES } from './types';

// ─── The change feed: one record of every write to the book ────────────────────────────────
//
// One DBCore middleware sees every write to the book, from any context (the side panel, the
// options page, an import, a script, the background itself). For each write request it
//
//   1. records the change in the `changeFeed` table, IN THE SAME IndexedDB TRANSACTION as the
//      write (both commit, or neither does): table, op, primary keys, companies touched;
//   2. hands the change to every registered reader whose `tables` include the written table,
//      also inside that transaction, so a reader's own writes commit or abort with it.
//
// The background follows the persisted feed (lib/background/feed.ts): it revalues companies,
// reschedules reminder alarms and updates the open card from it, then deletes what it read.
// So no page or script announces its writes: a write path that forgets to cannot exist.
//
// ── Reader contract (registerFeedReader) ─────────────────────────────────────────────────────
//
//   registerFeedReader({
//     name: 'team-outbox',            // unique; registering a name again replaces the reader
//     tables: ['companies', 'orders'],// book tables whose writes it reads (see FEED_TABLES)
//     stores: ['outbox'],             // extra object stores it writes; they join the transaction
//     oldValues: false,               // true: change.old holds the records as they were before
//                                     // (or (records, tx) => boolean: only for requests that
//                                     // size, or in that transaction)
//     onChange(tx, change, down) {    // runs after the write, before the write's promise resolves
//       return down.table('outbox').mutate({ type: 'put', trans: tx, values: [...] });
//     },
//   }) → returns a function that unregisters it.
//
//   - `change` (FeedChange): { table, op: 'put' | 'delete', keys, values, old, companyIds, all }.
//       keys:   primary keys of the records written or deleted, in request order (failed ones
//               left out). For a range delete or clear() (all: true) keys are the deleted
//               records' keys only when the reader asked for oldValues, else [].
//       values: for 'put', the new records exactly as the write request carries them (no copy,
//               no read: the cheapest way to the new values — an outbox takes them from here).
//               Treat as read-only: they are what is being stored. [] for 'delete'.
//       old:    only for a reader with oldValues: true — the stored record before the write for
//               each key (undefined where there was none: a new record). Read once per write
//               request, for all readers that asked, in the write's transaction, before the
//               write. Readers that do not ask never pay for it (a plain bulkPut of new records
//               is then written with no read at all). Deleted records for 'delete'.
//       companyIds: companies touched — the record's company (companies: its id), and for an
//               edit (update/modify/upsert) or a delete also the company it had before. A plain
//               put() is taken as writing to the company it names (no read); code that moves a
//               stored record to another company with a plain put reports the old one with
//               markCompanies (lib/db/dirty.ts).
//       all:    a range delete or clear(): treat every record of `table` as changed.
//   - `tx` is the DBCore transaction of the write; `down` is the DBCore below this middleware.
//     Write only through `down.table(store).mutate({ ..., trans: tx })` to stores named in
//     `stores` (or the written tables): writes there are not fed back into the feed.
//   - onChange must chain on Dexie.Promise (return down's promises, or wrap with
//     Dexie.Promise.resolve); it must not await native promises or timers, or IndexedDB
//     commits the transaction under it. A throw or rejection aborts the whole write.
//   - Readers run in registration order, one after another, after the feed entry is queued.
//   - Register at module load (before the database opens) where possible; a reader registered
//     later takes part from the next transaction on.
//
// Cost for a write with no reader asking old values: one extra put of one small feed entry.

/** Changing this loses unread changes (the background then misses them until its next full pass). */
export const FEED_TABLE = 'changeFeed';

/** The book's tables whose writes are recorded (derived value packing and the marks are not). */
export const FEED_TABLES = [...BOOK_TABLES, 'companyValues'] as const;
export type FeedTable = (typeof FEED_TABLES)[number];

/** A feed entry lists at most this many keys and companies; beyond that it says `all`. */
export const MAX_LISTED = 500;

/** One write request, as the feed table keeps it. */
export interface FeedEntry {
  /** Auto-increment: commit order across every context. */
  seq?: number;
  table: FeedTable;
  /**
   * put: records written (add, put, update, modify); delete: records deleted (all: a clear or
   * range delete); touch: records of these companies moved away with a plain put (markCompanies).
   */
  op: 'put' | 'delete' | 'touch';
  /** Primary keys, as strings; [] when `all`. */
  keys: string[];
  /** Companies touched, before and after; [] when `all`. */
  companyIds: string[];
  /** Too many to list, a clear or a range delete: every record of `table` may have changed. */
  all: boolean;
  at: number;
}

/** What a reader is handed for one write request (see the contract above). */
export interface FeedChange {
  table: FeedTable;
  op: 'put' | 'delete';
  keys: readonly unknown[];
  values: readonly unknown[];
  old?: readonly unknown[];
  companyIds: readonly string[];
  all: boolean;
}

export interface FeedReader {
  name: string;
  tables: readonly FeedTable[];
  stores?: readonly string[];
  /**
   * true: `change.old` holds the records before the write. A function: only for write requests
   * of that many records, in that transaction, for which it says true (a reader that handles a
   * large bulk write another way, or ignores some transactions, spares them the read of every old
   * record); `old` is undefined otherwise.
   */
  oldValues?: boolean | ((records: number, trans: DBCoreTransaction) => boolean);
  onChange(tx: DBCoreTransaction, change: FeedChange, down: DBCore): PromiseLike<unknown> | unknown;
}

const readers = new Map<string, FeedReader>();

/** Adds a reader of every write to its tables; returns its removal. */
export function registerFeedReader(reader: FeedReader): () => void {
  readers.set(reader.name, reader);
  return () => {
    if (readers.get(reader.name) === reader) readers.delete(reader.name);
  };
}

/** Tables whose records carry the company they belong to in `companyId` (and it is not their key). */
const COMPANY_CHILDREN: ReadonlySet<string> = new Set(['contacts', 'interactions', 'orders', 'reminders']);

const isFeedTable = (name: string): name is FeedTable => (FEED_TABLES as readonly string[]).includes(name);

/** Called after a read-write transaction that recorded changes has committed (see onFeedCommitted). */
type CommitListener = () => void;
const commitListeners = new Set<CommitListener>();

/**
 * Runs `listener` after every committed transaction of this context that wrote to the feed:
 * an extension page uses it to wake a sleeping background (lib/db/wake.ts).
 */
export function onFeedCommitted(listener: CommitListener): () => void {
  commitListeners.add(listener);
  return () => commitListeners.delete(listener);
}

/** Installed by openCrmDb. */
export const changeFeedMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'ChangeFeed',
  create: createFeedCore,
};

function createFeedCore(down: DBCore): Partial<DBCore> {
  // While an upgrade from an older version runs, the stack is built before the feed table
  // exists; Dexie builds it again once the store is there.
  const present = new Set(down.schema.tables.map((t) => t.name));
  if (!present.has(FEED_TABLE)) return {};
  const feed = down.table(FEED_TABLE);
  const watched = new WeakSet<object>();

  return {
    transaction(stores, mode, options) {
      if (mode !== 'readwrite' || !stores.some(isFeedTable)) return down.transaction(stores, mode, options);
      // Widening here widens the real IDBTransaction: Dexie's Transaction.create asks the top of
      // this stack for it, so a db.transaction('rw', db.orders, ...) that names neither the feed
      // nor a reader's stores can still write to them.
      const wider = new Set(stores);
      wider.add(FEED_TABLE);
      for (const reader of readers.values()) {
        if (!reader.tables.some((t) => stores.includes(t))) continue;
        for (const store of reader.stores ?? []) if (present.has(store)) wider.add(store);
      }
      return down.transaction([...wider], mode, options);
    },
    table(name) {
      const table = down.table(name);
      if (!isFeedTable(name)) return table;
      return {
        ...table,
        mutate: (req) => {
          const done = record(name, table, feed, down, req);
          watchCommit(req.trans, watched);
          return done;
        },
      };
    },
  };
}

/** Tells the commit listeners once, when the transaction that wrote to the feed completes. */
function watchCommit(trans: DBCoreTransaction, watched: WeakSet<object>): void {
  if (commitListeners.size === 0 || watched.has(trans)) return;
  const target = trans as Partial<EventTarget>;
  if (typeof target.addEventListener !== 'function') return;
  watched.add(trans);
  target.addEventListener('complete', () => {
    for (const listener of commitListeners) listener();
  });
}

/**
 * Whether a put edits stored records (update(), modify(), upsert(): Dexie read them first and
 * says so in the request), which may move a record to another company. A plain put() or
 * bulkPut() is taken as writing each record to the company it names: reading every old record
 * first made bulk writes of new records a sixth slower.
 */
function isEdit(req: DBCoreMutateRequest & { type: 'put' }): boolean {
  return req.updates !== undefined || req.criteria !== undefined;
}

/**
 * Reads what the readers and the entry need before the write, runs the write, then queues the
 * feed entry and runs the readers. Every step is chained on Dexie.Promise, which runs each
 * callback in the zone it was chained in: Dexie's own middlewares below this one (hooks, cache)
 * read the current transaction from that zone, not from the request.
 */
function record(
  name: FeedTable,
  table: DBCoreTable,
  feed: DBCoreTable,
  down: DBCore,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  const interested = [...readers.values()].filter((r) => r.tables.includes(name));
  const records = req.type === 'put' ? req.values.length : req.type === 'delete' ? req.keys.length : Infinity;
  const wantsOld = (r: FeedReader) =>
    typeof r.oldValues === 'function' ? r.oldValues(records, req.trans) : r.oldValues === true;
  const wantOld = interested.some(wantsOld);
  // The entry's companies need the old records of an edit or a delete of a company's child.
  const needOld =
    wantOld || (COMPANY_CHILDREN.has(name) && (req.type === 'delete' || (req.type === 'put' && isEdit(req))));

  const before = needOld ? readOld(table, req) : Dexie.Promise.resolve<OldRecords | null>(null);
  return before.then((old) =>
    Dexie.Promise.resolve(table.mutate(req)).then((res) => {
      const change = changeOf(name, table, req, res, old);
      const entry = entryOf(change);
      const written = Dexie.Promise.resolve(feed.mutate({ type: 'add', trans: req.trans, values: [entry] }));
      let chain: Promise<unknown> = written.then((added) => {
        // An entry that did not land would let a reaction go missing: fail the write instead.
        if (added.numFailures > 0) throw Object.values(added.failures)[0];
      });
      for (const reader of interested) {
        const given = wantsOld(reader) ? change : { ...change, old: undefined };
        chain = chain.then(() => Dexie.Promise.resolve(reader.onChange(req.trans, given, down)));
      }
      // A reaction that failed must not leave the write without it: the whole transaction goes.
      return chain.then(
        () => res,
        (error: unknown) => {
          abortQuietly(req.trans);
          throw error;
        },
      );
    }),
  );
}

function abortQuietly(trans: DBCoreTransaction): void {
  try {
    trans.abort();
  } catch {
    // Already finished or aborting.
  }
}

interface OldRecords {
  keys: unknown[];
  values: unknown[];
}

/** The stored records a write will replace or delete, by key (a range delete: the range's records). */
function readOld(table: DBCoreTable, req: DBCoreMutateRequest): Promise<OldRecords> {
  const trans = req.trans;
  if (req.type === 'deleteRange') {
    const query = { index: table.schema.primaryKey, range: req.range };
    return Dexie.Promise.resolve(table.query({ trans, values: true, query })).then(({ result }) => ({
      keys: result.map((value) => keyOf(table, value)),
      values: result,
    }));
  }
  const keys = req.type === 'delete' ? [...req.keys] : keysOf(table, req.values, req.keys);
  const present = keys.filter((key) => key !== undefined && key !== null);
  // An add never replaces a stored record (one whose key is taken fails): nothing to read.
  if (present.length === 0 || req.type === 'add')
    return Dexie.Promise.resolve({ keys, values: keys.map(() => undefined) });
  // 'immutable' lets update() and modify() reuse the records they just read.
  return Dexie.Promise.resolve(table.getMany({ trans, keys: present, cache: 'immutable' })).then(
    (found: unknown[]) => {
      const byKey = new Map<unknown, unknown>();
      present.forEach((key, i) => byKey.set(key, found[i]));
      return { keys, values: keys.map((key) => byKey.get(key)) };
    },
  );
}

function changeOf(
  name: FeedTable,
  table: DBCoreTable,
  req: DBCoreMutateRequest,
  res: DBCoreMutateResponse,
  old: OldRecords | null,
): FeedChange {
  const companyIds = new Set<string>();
  if (req.type === 'deleteRange') {
    for (const value of old?.values ?? []) addCompanyOf(name, value, companyIds);
    return {
      table: name,
      op: 'delete',
      keys: old?.keys ?? [],
      values: [],
      old: old?.values ?? [],
      companyIds: [...companyIds],
      all: true,
    };
  }
  // A record that failed to go in (an add of an existing key) changed nothing.
  const ok = (i: number) => !res.failures[i];
  if (req.type === 'delete') {
    const keys = req.keys.filter((_, i) => ok(i));
    const oldValues = old ? old.values.filter((_, i) => ok(i)) : [];
    if (name === 'companies' || name === 'companyValues')
      for (const key of keys) addCompanyId(key, companyIds);
    for (const value of oldValues) if (value !== undefined) addCompanyOf(name, value, companyIds);
    return {
      table: name,
      op: 'delete',
      keys,
      values: [],
      old: oldValues,
      companyIds: [...companyIds],
      all: false,
    };
  }
  const keys = (res.results ?? keysOf(table, req.values, req.keys)).filter((_, i) => ok(i));
  const values = req.values.filter((_, i) => ok(i));
  const oldValues = old ? old.values.filter((_, i) => ok(i)) : undefined;
  for (const value of values) addCompanyOf(name, value, companyIds);
  for (const value of oldValues ?? []) if (value !== undefined) addCompanyOf(name, value, companyIds);
  return { table: name, op: 'put', keys, values, old: oldValues, companyIds: [...companyIds], all: false };
}

function entryOf(change: FeedChange): FeedEntry {
  const keys = change.keys.filter((k) => k !== undefined && k !== null).map(String);
  const all = change.all || keys.length > MAX_LISTED || change.companyIds.length > MAX_LISTED;
  return {
    table: change.table,
    op: change.op,
    keys: all ? [] : keys,
    companyIds: all ? [] : [...change.companyIds],
    all,
    at: Date.now(),
  };
}

function keysOf(table: DBCoreTable, values: readonly unknown[], keys: readonly unknown[] | null | undefined) {
  const extractKey = table.schema.primaryKey.extractKey;
  return keys ? [...keys] : extractKey ? values.map((v) => extractKey(v)) : values.map(() => undefined);
}

function keyOf(table: DBCoreTable, value: unknown): unknown {
  return table.schema.primaryKey.extractKey?.(value);
}

function addCompanyOf(name: FeedTable, record: unknown, into: Set<string>): void {
  if (typeof record !== 'object' || record === null) return;
  const r = record as { id?: unknown; companyId?: unknown };
  if (name === 'companies') addCompanyId(r.id, into);
  else if (COMPANY_CHILDREN.has(name) || name === 'companyValues') addCompanyId(r.companyId, into);
}

function addCompanyId(id: unknown, into: Set<string>): void {
  if (typeof id === 'string' && id !== '') into.add(id);
}

/**
 * Records that code moved stored records away from these companies with a plain put (which the
 * feed takes as keeping each record's company), from inside the write's transaction `tx`
 * (any read-write transaction on a book table includes the feed).
 */
export async function noteCompaniesTouched(
  tx: { table(name: string): { add(value: FeedEntry): Promise<unknown> } },
  companyIds: Iterable<string>,
): Promise<void> {
  const ids = [...new Set(companyIds)].filter((id) => id !== '');
  if (!ids.length) return;
  const all = ids.length > MAX_LISTED;
  await tx.table(FEED_TABLE).add({
    table: 'companies',
    op: 'touch',
    keys: all ? [] : ids,
    companyIds: all ? [] : ids,
    all,
    at: Date.now(),
  });
}

/**
 * Records, from inside the write's transaction `tx`, that this write gave the book a new shape
 * as a whole (an import, a restore, the demo book): every reader of the feed treats every
 * company as changed, so customer value re-ranks the whole book whatever the number of records.
 */
export async function noteWholeBookTouched(tx: {
  table(name: string): { add(value: FeedEntry): Promise<unknown> };
}): Promise<void> {
  await tx.table(FEED_TABLE).add({
    table: 'companies',
    op: 'touch',
    keys: [],
    companyIds: [],
    all: true,
    at: Date.now(),
  });
}

/** Unread entries in commit order, oldest first; at most `limit` when given. */
export async function readFeed(db: Dexie, limit?: number): Promise<Required<FeedEntry>[]> {
  const table = db.table<Required<FeedEntry>, number>(FEED_TABLE);
  return limit === undefined ? table.toArray() : table.limit(limit).toArray();
}

/** Deletes every entry up to and including `seq`: the background read them. */
export async function trimFeed(db: Dexie, seq: number): Promise<void> {
  await db.table(FEED_TABLE).where(':id').belowOrEqual(seq).delete();
}

/** The newest entry's seq (0 when the feed is empty): what a card built now already reflects. */
export async function feedHead(db: Dexie): Promise<number> {
  const last = (await db.table(FEED_TABLE).orderBy(':id').lastKey()) as number | undefined;
  return last ?? 0;
}
