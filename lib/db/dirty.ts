import { Dexie, type DBCoreTable, type DBCoreTransaction, type Table } from 'dexie';
import type { CrmDb, DirtyMark } from './db';
import { MAX_LISTED, noteCompaniesTouched, noteWholeBookTouched, registerFeedReader } from './feed';
import { newId } from './ids';

// Dirty marks: which companies' value-model inputs changed since lib/value last
// built their digests. They are written by a reader of the change feed
// (lib/db/feed.ts), not by the code that edits the book, so no page, script or
// import can change a company, an order or an interaction without leaving a mark,
// and the mark is written in the same IndexedDB transaction as the change: both
// commit, or neither does.
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

/**
 * The value marks, as one reader of the change feed (lib/db/feed.ts): it puts the marks of
 * the companies each write touched (before and after an edit, since an edit may move an order
 * or an interaction to another company) in the write's own transaction. It asks for no old
 * records: the feed's companyIds already hold what an edit or a delete read.
 */
export const VALUE_MARKS_READER = 'value-dirty-marks';

registerFeedReader({
  name: VALUE_MARKS_READER,
  tables: VALUE_INPUT_TABLES,
  stores: [DIRTY_TABLE],
  onChange(trans, change, down) {
    // A write touching more companies than the feed lists (a pulled page, a bulk edit) says `all`
    // in its entry and revalues the whole book: one whole-book mark, not a mark per company that
    // would each be written, read and cleared again one by one (the digest is rebuilt in one pass).
    const companyIds = change.all || change.companyIds.length > MAX_LISTED ? [WHOLE_BOOK] : change.companyIds;
    return putMarks(down.table(DIRTY_TABLE), trans, companyIds);
  },
});

function putMarks(marks: DBCoreTable, trans: DBCoreTransaction, companyIds: readonly string[]) {
  if (companyIds.length === 0) return undefined;
  const seq = newSeq();
  const values: DirtyMark[] = companyIds.map((companyId) => ({ companyId, seq }));
  return Dexie.Promise.resolve(marks.mutate({ type: 'put', trans, values })).then((marked) => {
    // A mark that did not land would let a digest go stale: fail the write instead.
    if (marked.numFailures > 0) throw Object.values(marked.failures)[0];
  });
}

/** A fresh mark sequence: unique, and time-ordered like record ids. */
export function newSeq(): string {
  return newId();
}

/**
 * Marks companies out of date from inside the write's transaction `tx` (any read-write
 * transaction on a book table includes the marks and the feed), and tells the feed: for writes
 * the feed cannot see through, such as a plain put that moves a record away from a company.
 */
export async function markCompanies(
  tx: { table(name: string): Table<unknown, unknown> },
  companyIds: Iterable<string>,
): Promise<void> {
  const seq = newSeq();
  const ids = [...new Set(companyIds)].filter((id) => id !== '');
  if (!ids.length) return;
  await tx.table(DIRTY_TABLE).bulkPut(ids.map((companyId): DirtyMark => ({ companyId, seq })));
  await noteCompaniesTouched(tx as Parameters<typeof noteCompaniesTouched>[0], ids);
}

/**
 * Marks the whole book out of date from inside the write's transaction `tx`, and tells the feed:
 * for a write that gives the book a new shape (an import or restore of a bundle, the demo book).
 * Tiers are ranks across the book, so a handful of new customers moves everyone's rank; and the
 * value model's packed inputs are rebuilt from every record rather than patched company by company.
 */
export async function markWholeBook(tx: { table(name: string): Table<unknown, unknown> }): Promise<void> {
  await tx.table(DIRTY_TABLE).put({ companyId: WHOLE_BOOK, seq: newSeq() } satisfies DirtyMark);
  await noteWholeBookTouched(tx as Parameters<typeof noteWholeBookTouched>[0]);
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
