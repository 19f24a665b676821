import { Dexie, type EntityTable, type Transaction } from 'dexie';
import type {
  BookSetting,
  Company,
  Contact,
  Interaction,
  KnowledgeItem,
  Order,
  Reminder,
  Rep,
} from './types';
import { newSeq, WHOLE_BOOK } from './dirty';
import { changeFeedMiddleware, type FeedEntry } from './feed';
import { wakeBackgroundOnWrites } from './wake';

export { WHOLE_BOOK };

/** Changing this wipes user data: the browser would open a new, empty database. */
export const DB_NAME = 'trade-inbox-crm';

/**
 * Computed per-company value figures (filled by lib/value's recompute). Derived
 * data: safe to rebuild, never exported as part of the book.
 */
export interface CompanyValue {
  companyId: string;
  computedAt: number;
  [figure: string]: unknown;
}

/**
 * Derived: packed value-model inputs or results for one bucket of companies.
 * Only lib/value reads and writes the fields; safe to rebuild, never exported.
 */
export interface ValueBucketRecord {
  bucket: number;
  [field: string]: unknown;
}

/**
 * A company whose value digest is out of date (companyId WHOLE_BOOK: all of them).
 * Written by lib/db/dirty.ts with every change to companies, orders or interactions.
 */
export interface DirtyMark {
  companyId: string;
  /** Unique per write: a mark may be cleared only while it still carries the seq that was read. */
  seq: string;
}

/**
 * Tables that rooms above the database keep (team mode's outbox and pull state in lib/sync/tables.ts,
 * the dashboard's day rows in lib/metrics/aggregates/maintain.ts): each room adds its own here by
 * augmenting this interface, so the database names no room above it. Their schema versions are
 * below, with the rest of the history.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RoomTables {}

export type CrmDb = RoomTables &
  Dexie & {
    reps: EntityTable<Rep, 'id'>;
    companies: EntityTable<Company, 'id'>;
    contacts: EntityTable<Contact, 'id'>;
    interactions: EntityTable<Interaction, 'id'>;
    orders: EntityTable<Order, 'id'>;
    reminders: EntityTable<Reminder, 'id'>;
    knowledge: EntityTable<KnowledgeItem, 'id'>;
    settings: EntityTable<BookSetting, 'key'>;
    companyValues: EntityTable<CompanyValue, 'companyId'>;
    valueInputs: EntityTable<ValueBucketRecord, 'bucket'>;
    valueSummaries: EntityTable<ValueBucketRecord, 'bucket'>;
    valueDirty: EntityTable<DirtyMark, 'companyId'>;
    changeFeed: EntityTable<FeedEntry, 'seq'>;
  };

/**
 * Schema history. Versions are only ever appended: a shipped version is never
 * edited, and each new one gets an upgrade test in db.test.ts that writes the
 * previous shape and opens the current database.
 */
export function defineSchema(db: Dexie): void {
  // v1: the first shipped schema.
  db.version(1).stores({
    reps: 'id, email',
    companies: 'id, *domains, name, ownerRepId, source, updatedAt',
    contacts: 'id, *emails, companyId, name',
    interactions: 'id, [companyId+at], [contactId+at], threadId, messageId, repId, at',
    orders: 'id, [companyId+date], date, status',
    reminders: 'id, dueAt, [done+dueAt], companyId, threadId, ownerRepId',
    knowledge: 'id, kind, *tags',
    settings: 'key',
    companyValues: 'companyId',
  });
  // v2: the value model's derived tables and dirty marks. The interactions index on
  // repId is dropped: nothing queried it, and every write paid for it.
  db.version(2)
    .stores({
      interactions: 'id, [companyId+at], [contactId+at], threadId, messageId, at',
      companyValues: 'companyId, computedAt',
      // Derived, written by lib/value: packed inputs of the value model, one record per
      // bucket of companies (number key).
      valueInputs: 'bucket',
      // Derived, written by lib/value: packed results of the last full recompute.
      valueSummaries: 'bucket',
      // Companies whose digest is out of date (lib/db/dirty.ts); WHOLE_BOOK means all.
      valueDirty: 'companyId',
    })
    .upgrade((tx) => {
      // An existing book has no digests yet: all of it is out of date.
      const mark: DirtyMark = { companyId: WHOLE_BOOK, seq: newSeq() };
      return tx.table('valueDirty').put(mark);
    });
  // v3: the change feed (lib/db/feed.ts): one entry per write to the book, written in the
  // write's transaction; the background reads and deletes them. Auto-increment key: commit order.
  db.version(3).stores({ changeFeed: '++seq' });
  // v4: team mode (lib/sync). syncOutbox: changes not yet accepted by the team server, in the
  // order they were made (the auto-increment key is the mutation id); syncMeta: the pull
  // cookie, the client id, rejected changes. Both stay empty while no server is set.
  db.version(4).stores({ syncOutbox: '++id, [kind+key]', syncMeta: 'key' });
  // v5: the dashboard's day rows (lib/metrics/aggregates): derived, kept in each write's transaction
  // by a reader of the change feed, never exported or synced. An existing book has no state record
  // yet, so its rows are built from the log on the dashboard's first load.
  db.version(5).stores({ dashboardDays: 'day' });
  // v6: the dashboard's day rows stored packed (a few typed arrays and one string per row instead
  // of a string per field), and each write's change to them as a small delta folded in when the
  // rows are read. Derived: the v5 rows are dropped and built again from the log on first use.
  db.version(6).stores({ dashboardDays: null, dashboardPacked: 'day', dashboardDeltas: '++seq' });
  // v7: reminders by contact. The card shows the open reminders of its company, contact and
  // thread; without this index it read every open reminder of the book.
  db.version(7).stores({
    reminders: 'id, dueAt, [done+dueAt], companyId, threadId, ownerRepId, contactId',
  });
  // v8: the dashboard's facts of whole threads packed by the week of each thread's last message
  // (lib/metrics/aggregates/threadWeeks.ts): derived like the day rows, kept in the same fold,
  // never exported or synced. An existing book has no state record yet, so they are built from
  // the day rows on the dashboard's first load.
  db.version(8).stores({ dashboardThreads: 'week' });
  // What a new, empty book starts with: each room that keeps derived tables says (onNewBook).
  db.on('populate', (tx) => Dexie.Promise.all(newBookSteps.map((step) => step(tx))).then(() => undefined));
}

const newBookSteps: ((tx: Transaction) => unknown)[] = [];

/**
 * Adds a step to the creation of a new, empty book (Dexie's populate, in its first transaction):
 * the dashboard's day rows start complete. Registered when the room's module loads, before the
 * context's first read opens the database.
 */
export function onNewBook(step: (tx: Transaction) => unknown): void {
  newBookSteps.push(step);
}

export function openCrmDb(name: string = DB_NAME): CrmDb {
  const db = new Dexie(name) as CrmDb;
  defineSchema(db);
  db.use(changeFeedMiddleware);
  return db;
}

/** The one database of this extension context. */
export const db: CrmDb = openCrmDb();

// In an extension page, every write wakes the background to read the change feed.
wakeBackgroundOnWrites();
