import { Dexie, type EntityTable } from 'dexie';
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

export type CrmDb = Dexie & {
  reps: EntityTable<Rep, 'id'>;
  companies: EntityTable<Company, 'id'>;
  contacts: EntityTable<Contact, 'id'>;
  interactions: EntityTable<Interaction, 'id'>;
  orders: EntityTable<Order, 'id'>;
  reminders: EntityTable<Reminder, 'id'>;
  knowledge: EntityTable<KnowledgeItem, 'id'>;
  settings: EntityTable<BookSetting, 'key'>;
  companyValues: EntityTable<CompanyValue, 'companyId'>;
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
}

export function openCrmDb(name: string = DB_NAME): CrmDb {
  const db = new Dexie(name) as CrmDb;
  defineSchema(db);
  return db;
}

/** The one database of this extension context. */
export const db: CrmDb = openCrmDb();
