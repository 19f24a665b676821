import type { CrmDb } from '../db/db';
import type { FeedEntry } from '../db/feed';
import type { Card } from '../enrich/card';

// Which book writes an open card shows, decided from the change feed's entries (lib/db/feed.ts):
// the tables, keys and companies each write touched, and for a new record that may belong to the
// card (a reminder raised on its thread, the contact the rep just made of its sender) that record
// itself. A write elsewhere in the book leaves the card alone.

/** The records an open card shows, as the feed names them. */
export interface CardShows {
  companyId: string | null;
  contactId: string | null;
  /** The counterpart's address and registrable domain: a new contact or company may be theirs. */
  email: string;
  domain: string;
  threadId: string;
  messageId: string;
  /** Keys of every record on the card: its contact and company, timeline, reminders, the logged interaction. */
  ids: ReadonlySet<string>;
}

/** Tables a card is read from (its value row included). Settings and reps show on no card. */
export const CARD_TABLES: ReadonlySet<string> = new Set([
  'companies',
  'contacts',
  'interactions',
  'orders',
  'reminders',
  'companyValues',
]);

export function cardShows(card: Card): CardShows {
  const ids = new Set<string>();
  if (card.company) ids.add(card.company.id);
  if (card.contact) ids.add(card.contact.id);
  for (const entry of card.timeline) ids.add(entry.kind === 'order' ? entry.order.id : entry.interaction.id);
  for (const reminder of card.openReminders) ids.add(reminder.id);
  if (card.loggedInteractionId) ids.add(card.loggedInteractionId);
  return {
    companyId: card.company?.id ?? null,
    contactId: card.contact?.id ?? null,
    email: card.counterpart.email,
    domain: card.domain,
    threadId: card.inquiry.threadId,
    messageId: card.inquiry.messageId,
    ids,
  };
}

type Entry = Pick<FeedEntry, 'table' | 'op' | 'keys' | 'companyIds' | 'all'>;
type Loose = Record<string, unknown>;

/** Whether a record written elsewhere now belongs on the card (a new one, or one moved to it). */
function joins(table: string, record: Loose, shows: CardShows): boolean {
  const is = (field: string, value: string | null) => !!value && record[field] === value;
  switch (table) {
    case 'companies':
      return Array.isArray(record.domains) && !!shows.domain && record.domains.includes(shows.domain);
    case 'contacts':
      return Array.isArray(record.emails) && record.emails.includes(shows.email);
    case 'interactions':
      return (
        is('companyId', shows.companyId) ||
        is('contactId', shows.contactId) ||
        is('messageId', shows.messageId) ||
        is('threadId', shows.threadId)
      );
    case 'reminders':
      return (
        is('companyId', shows.companyId) || is('contactId', shows.contactId) || is('threadId', shows.threadId)
      );
    default:
      return false;
  }
}

/**
 * Written records of `table` that may join the card, to be read before deciding: a company or a
 * contact only while the card has none (then one for its sender may have been made), interactions
 * and reminders always (one may be logged on its thread or raised for its contact with no company).
 * Orders and value rows always name their company: the entry's companies decide those.
 */
function mayJoin(table: string, shows: CardShows): boolean {
  if (table === 'companies') return shows.companyId === null;
  if (table === 'contacts') return shows.contactId === null;
  return table === 'interactions' || table === 'reminders';
}

/** Whether a run of feed entries changed a record the card shows (or that belongs on it now). */
export async function touchesCard(db: CrmDb, entries: readonly Entry[], shows: CardShows): Promise<boolean> {
  const toRead = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (!CARD_TABLES.has(entry.table)) continue;
    if (entry.all) return true;
    if (shows.companyId && entry.companyIds.includes(shows.companyId)) return true;
    if (entry.keys.some((key) => shows.ids.has(key))) return true;
    if (entry.op !== 'put' || !mayJoin(entry.table, shows)) continue;
    const keys = toRead.get(entry.table) ?? new Set<string>();
    for (const key of entry.keys) keys.add(key);
    toRead.set(entry.table, keys);
  }
  for (const [table, keys] of toRead) {
    const records = await db.table<Loose, string>(table).bulkGet([...keys]);
    if (records.some((record) => record && joins(table, record, shows))) return true;
  }
  return false;
}
