import {
  Dexie,
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
} from 'dexie';
import type { CrmDb, DirtyMark } from './db';
import { newId } from './ids';

// Dirty marks: which companies' value-model inputs changed since lib/value last
// built their digests. They are written by a DBCore middleware, not by the code
// that edits the book, so no page, script or import can change a company, an
// order or an interaction without leaving a mark, and the mark is written in the
// same IndexedDB transaction as the change: both commit, or neither does.
//
// Each write request leaves one mark per company it touched, all with one fresh
// `seq`, replacing older marks of those companies. A reader clears a mark only if
// its seq is still the one it read (clearDirtyMarks), so a write that lands while
// digests are being rebuilt leaves a mark that survives.

/** The tables the value model reads: writing to any of them leaves dirty marks. */
export const VALUE_INPUT_TABLES = ['companies', 'orders', 'interactions'] as const;
export type ValueInputTable = (typeof VALUE_INPUT_TABLES)[number];

/** A mark with this companyId means every company is out of date (after clear() or a range delete). */
export const WHOLE_BOOK = '*';

/** The table of marks; db.ts declares it. */
export const DIRTY_TABLE = 'valueDirty';

const isValueInputTable = (name: string): name is ValueInputTable =>
  (VALUE_INPUT_TABLES as readonly string[]).includes(name);

/** Installed by openCrmDb. */
export const valueDirtyMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'ValueDirtyMarks',
  create: createDirtyMarksCore,
};

function createDirtyMarksCore(down: DBCore): Partial<DBCore> {
  // While an upgrade from v1 runs, the stack is built before valueDirty exists; Dexie
  // builds it again once the store is there.
  if (!down.schema.tables.some((t) => t.name === DIRTY_TABLE)) return {};
  const marks = down.table(DIRTY_TABLE);
  return {
    transaction(stores, mode, options) {
      // Widening here widens the real IDBTransaction: Dexie's Transaction.create asks the
      // top of this stack for it, so a db.transaction('rw', db.orders, ...) that never
      // names valueDirty can still write marks in it.
      const widen = mode === 'readwrite' && !stores.includes(DIRTY_TABLE) && stores.some(isValueInputTable);
      return down.transaction(widen ? [...stores, DIRTY_TABLE] : stores, mode, options);
    },
    table(name) {
      const table = down.table(name);
      if (!isValueInputTable(name)) return table;
      return { ...table, mutate: (req) => mutateAndMark(name, table, marks, req) };
    },
  };
}

/**
 * Whether a put is an edit of stored records (update(), modify(), upsert(): Dexie
 * read them first and says so in the request), which may move a record to another
 * company. A plain put() or bulkPut() is taken as writing each record to the
 * company it names: reading every old record first made bulk writes of new
 * records a sixth slower. Code that moves a stored record to another company with
 * a plain put marks the old company itself (markCompanies), as the handover
 * merge does.
 */
function isEdit(req: DBCoreMutateRequest & { type: 'put' }): boolean {
  return req.updates !== undefined || req.criteria !== undefined;
}

/**
 * Runs the write, then puts the marks of the companies it touched: before and after
 * an edit, since an edit may move an order or an interaction to another company.
 *
 * Every step is chained on Dexie.Promise, which runs each callback in the zone it was
 * chained in: Dexie's own middlewares below this one (hooks, cache) read the current
 * transaction from that zone, not from the request.
 */
function mutateAndMark(
  name: ValueInputTable,
  table: DBCoreTable,
  marks: DBCoreTable,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  const touched = new Set<string>();
  // A record that failed to go in (an add of an existing key) changed nothing.
  const markWritten = (res: DBCoreMutateResponse) => {
    if (req.type === 'add' || req.type === 'put')
      req.values.forEach((value, i) => {
        if (!res.failures[i]) addCompanyOf(name, value, touched);
      });
    return putMarks(marks, req.trans, touched, res);
  };
  if (req.type === 'deleteRange') {
    touched.add(WHOLE_BOOK);
    return Dexie.Promise.resolve(table.mutate(req)).then(markWritten);
  }
  if (name === 'companies') {
    // A company is its own mark and its id is its key: its old record adds nothing.
    if (req.type === 'delete') for (const key of req.keys) addCompanyId(key, touched);
    return Dexie.Promise.resolve(table.mutate(req)).then(markWritten);
  }
  const keys =
    req.type === 'delete'
      ? req.keys
      : req.type === 'put' && isEdit(req)
        ? keysOf(table, req.values, req.keys)
        : [];
  const before =
    keys.length === 0
      ? Dexie.Promise.resolve<unknown[]>([])
      : // 'immutable' lets update() and modify() reuse the records they just read.
        Dexie.Promise.resolve(table.getMany({ trans: req.trans, keys, cache: 'immutable' }));
  return before
    .then((old) => {
      for (const record of old) addCompanyOf(name, record, touched);
      return table.mutate(req);
    })
    .then(markWritten);
}

function putMarks(
  marks: DBCoreTable,
  trans: DBCoreTransaction,
  companyIds: Set<string>,
  res: DBCoreMutateResponse,
): Promise<DBCoreMutateResponse> | DBCoreMutateResponse {
  if (companyIds.size === 0) return res;
  const seq = newSeq();
  const values: DirtyMark[] = Array.from(companyIds, (companyId) => ({ companyId, seq }));
  return Dexie.Promise.resolve(marks.mutate({ type: 'put', trans, values })).then((marked) => {
    // A mark that did not land would let a digest go stale: fail the write instead.
    if (marked.numFailures > 0) throw Object.values(marked.failures)[0];
    return res;
  });
}

function keysOf(table: DBCoreTable, values: readonly unknown[], keys: readonly unknown[] | null | undefined) {
  const extractKey = table.schema.primaryKey.extractKey;
  const all = keys ?? (extractKey ? values.map(extractKey) : []);
  return all.filter((key) => key !== undefined && key !== null);
}

function addCompanyOf(name: ValueInputTable, record: unknown, into: Set<string>): void {
  if (typeof record !== 'object' || record === null) return;
  const r = record as { id?: unknown; companyId?: unknown };
  addCompanyId(name === 'companies' ? r.id : r.companyId, into);
}

function addCompanyId(id: unknown, into: Set<string>): void {
  if (typeof id === 'string' && id !== '') into.add(id);
}

/** A fresh mark sequence: unique, and time-ordered like record ids. */
export function newSeq(): string {
  return newId();
}

/**
 * Marks companies out of date from inside a transaction on valueDirty (the
 * caller's, which any read-write transaction on companies, orders or
 * interactions is): for writes the middleware cannot see through, such as a plain
 * put that moves a record away from a company.
 */
export async function markCompanies(marks: CrmDb['valueDirty'], companyIds: Iterable<string>): Promise<void> {
  const seq = newSeq();
  const values = [...new Set(companyIds)].filter((id) => id !== '').map((companyId) => ({ companyId, seq }));
  if (values.length) await marks.bulkPut(values);
}

/** Every dirty mark, WHOLE_BOOK included. */
export async function readDirtyMarks(db: CrmDb): Promise<DirtyMark[]> {
  return db.valueDirty.toArray();
}

/**
 * Deletes the given marks, each only if it is still the stored one: a mark written
 * since it was read (a newer seq) stays, so that change is picked up next time.
 */
export async function clearDirtyMarks(db: CrmDb, marks: readonly DirtyMark[]): Promise<void> {
  if (marks.length === 0) return;
  await db.transaction('rw', db.valueDirty, async () => {
    const stored = await db.valueDirty.bulkGet(marks.map((m) => m.companyId));
    const unchanged = marks.filter((m, i) => stored[i]?.seq === m.seq).map((m) => m.companyId);
    await db.valueDirty.bulkDelete(unchanged);
  });
}
