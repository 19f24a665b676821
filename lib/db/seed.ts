import type { CrmDb } from './db';
import { markWholeBook } from './dirty';
import type { Company, Contact, Interaction, KnowledgeItem, Order, Reminder, Rep } from './types';

export interface BookRecords {
  reps: Rep[];
  companies: Company[];
  contacts: Contact[];
  interactions: Interaction[];
  orders: Order[];
  reminders: Reminder[];
  knowledge: KnowledgeItem[];
}

/**
 * Writes a ready-made book (the demo book) into an empty database, all or
 * nothing. Refuses a book that already holds customers, so demo data never
 * mixes with a rep's real records.
 */
export async function seedEmptyBook(db: CrmDb, records: BookRecords, currentRepId?: string): Promise<void> {
  await db.transaction(
    'rw',
    [db.reps, db.companies, db.contacts, db.interactions, db.orders, db.reminders, db.knowledge, db.settings],
    async (tx) => {
      if ((await db.companies.count()) > 0 || (await db.contacts.count()) > 0)
        throw new Error('book-not-empty');
      await db.reps.bulkPut(records.reps);
      await db.companies.bulkAdd(records.companies);
      await db.contacts.bulkAdd(records.contacts);
      await db.interactions.bulkAdd(records.interactions);
      await db.orders.bulkAdd(records.orders);
      await db.reminders.bulkAdd(records.reminders);
      await db.knowledge.bulkPut(records.knowledge);
      if (currentRepId) await db.settings.put({ key: 'currentRepId', value: currentRepId });
      // A new book: value ranks every customer at once (its first full valuation).
      await markWholeBook(tx);
    },
  );
}
