import { Dexie, type IndexableType, type Table } from 'dexie';
import type { CrmDb } from '../db/db';
import type { Company, Contact, Interaction, Order, Reminder } from '../db/types';

// What is kept, and forgetting. For any contact or company: everything the
// book stores about it, by kind, with dates. For a contact: everything that is
// only theirs (the contact record, the contacts logged with them, the
// reminders on those, and any other record that names the contact), deleted
// in one transaction with plain table deletes, so the one feed of writes
// records each deletion like any other write and team sync carries it.

/** A person or a company the rep can look up. */
export type KeptSubject =
  | { kind: 'contact'; id: string; name: string; detail: string }
  | { kind: 'company'; id: string; name: string; detail: string };

const MAX_MATCHES = 20;

/** Contacts and companies whose name, address or domain starts with the query. */
export async function findSubjects(db: CrmDb, query: string): Promise<KeptSubject[]> {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const domain = q.includes('@') ? q.slice(q.lastIndexOf('@') + 1) : q;
  const [byEmail, byName, byDomain, byCompanyName] = await Promise.all([
    db.contacts.where('emails').startsWith(q).limit(MAX_MATCHES).toArray(),
    db.contacts.where('name').startsWithIgnoreCase(q).limit(MAX_MATCHES).toArray(),
    domain ? db.companies.where('domains').startsWith(domain).limit(MAX_MATCHES).toArray() : [],
    db.companies.where('name').startsWithIgnoreCase(q).limit(MAX_MATCHES).toArray(),
  ]);
  const out = new Map<string, KeptSubject>();
  for (const c of [...byEmail, ...byName])
    out.set(`contact:${c.id}`, { kind: 'contact', id: c.id, name: c.name, detail: c.emails.join(', ') });
  for (const c of [...byDomain, ...byCompanyName])
    out.set(`company:${c.id}`, { kind: 'company', id: c.id, name: c.name, detail: c.domains.join(', ') });
  return [...out.values()].slice(0, MAX_MATCHES * 2);
}

/** Records of tables this module does not know that name a contact, by an index on contactId (a drafts table, say). */
async function otherRecordsOf(db: CrmDb, contactId: string): Promise<Record<string, unknown[]>> {
  const known = new Set(['contacts', 'interactions', 'reminders']);
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables as Table<unknown, unknown>[]) {
    if (known.has(table.name)) continue;
    const index = table.schema.indexes.find((i) =>
      Array.isArray(i.keyPath) ? i.keyPath[0] === 'contactId' : i.keyPath === 'contactId',
    );
    if (!index) continue;
    const rows = Array.isArray(index.keyPath)
      ? await table.where(index.name).between([contactId, -Infinity], [contactId, Infinity]).toArray()
      : await table.where(index.name).equals(contactId).toArray();
    if (rows.length) out[table.name] = rows;
  }
  return out;
}

/** Everything that is only this contact's: what forgetting them deletes. */
export interface ContactRecords {
  contact: Contact;
  /** The contact's company: kept on forgetting (it is the company's, not only theirs). */
  company: Company | null;
  interactions: Interaction[];
  reminders: Reminder[];
  /** Records of other tables that name the contact, by table. */
  other: Record<string, unknown[]>;
}

export async function contactRecords(db: CrmDb, contactId: string): Promise<ContactRecords | null> {
  const contact = await db.contacts.get(contactId);
  if (!contact) return null;
  const interactions = await db.interactions
    .where('[contactId+at]')
    .between([contactId, -Infinity], [contactId, Infinity])
    .toArray();
  const interactionIds = new Set(interactions.map((i) => i.id));
  const threads = new Set(interactions.map((i) => i.threadId).filter(Boolean));
  // Reminders are few (open follow-ups and unanswered threads): one pass over them.
  const reminders = await db.reminders
    .filter(
      (r) =>
        r.contactId === contactId ||
        (r.interactionId !== undefined && interactionIds.has(r.interactionId)) ||
        (!r.contactId && !r.companyId && r.threadId !== undefined && threads.has(r.threadId)),
    )
    .toArray();
  const company = contact.companyId ? ((await db.companies.get(contact.companyId)) ?? null) : null;
  return { contact, company, interactions, reminders, other: await otherRecordsOf(db, contactId) };
}

/** Everything stored about a company: its record, its people, their contacts, its orders and reminders. */
export interface CompanyRecords {
  company: Company;
  contacts: Contact[];
  interactions: Interaction[];
  orders: Order[];
  reminders: Reminder[];
  /** When its value figures were last computed (derived, rebuilt from the records). */
  valueComputedAt: number | null;
}

export async function companyRecords(db: CrmDb, companyId: string): Promise<CompanyRecords | null> {
  const company = await db.companies.get(companyId);
  if (!company) return null;
  const range = [
    [companyId, -Infinity],
    [companyId, Infinity],
  ] as const;
  const [contacts, interactions, orders, reminders, value] = await Promise.all([
    db.contacts.where('companyId').equals(companyId).toArray(),
    db.interactions
      .where('[companyId+at]')
      .between(...range)
      .toArray(),
    db.orders
      .where('[companyId+date]')
      .between(...range)
      .toArray(),
    db.reminders.where('companyId').equals(companyId).toArray(),
    db.companyValues.get(companyId),
  ]);
  return { company, contacts, interactions, orders, reminders, valueComputedAt: value?.computedAt ?? null };
}

/** How many records forgetting deletes, by kind. */
export interface ForgetCounts {
  contacts: number;
  interactions: number;
  reminders: number;
  other: Record<string, number>;
}

export function countsOf(records: ContactRecords): ForgetCounts {
  return {
    contacts: 1,
    interactions: records.interactions.length,
    reminders: records.reminders.length,
    other: Object.fromEntries(Object.entries(records.other).map(([table, rows]) => [table, rows.length])),
  };
}

/** What is deleted, as a file the rep can keep (or hand to the customer who asked). */
export function forgetExport(records: ContactRecords, now = Date.now()): string {
  const { contact, interactions, reminders, other } = records;
  return JSON.stringify(
    {
      kind: 'trade-inbox-crm/forgotten-contact',
      exportedAt: new Date(now).toISOString(),
      contact,
      interactions,
      reminders,
      other,
    },
    null,
    2,
  );
}

/**
 * Forgets a contact: deletes the contact and everything only theirs in one transaction, read
 * again inside it so a record logged meanwhile is not left behind. Plain deletes through the
 * tables: the change feed and the value marks see each one. Returns the companies whose value
 * moved (their interactions were deleted) and what was deleted.
 */
export async function forgetContact(
  db: CrmDb,
  contactId: string,
): Promise<{ counts: ForgetCounts; companyIds: string[] } | null> {
  const otherTables = (db.tables as Table<unknown, unknown>[]).filter(
    (t) => !['contacts', 'interactions', 'reminders'].includes(t.name),
  );
  return db.transaction(
    'rw',
    [db.contacts, db.interactions, db.reminders, db.companies, ...otherTables],
    async () => {
      const records = await contactRecords(db, contactId);
      if (!records) return null;
      await db.reminders.bulkDelete(records.reminders.map((r) => r.id));
      await db.interactions.bulkDelete(records.interactions.map((i) => i.id));
      for (const [name, rows] of Object.entries(records.other)) {
        const table = db.table(name);
        const keyPath = table.schema.primKey.keyPath;
        const keys = rows.map((row) => Dexie.getByKeyPath(row as object, keyPath as string));
        await table.bulkDelete(keys as IndexableType[]);
      }
      await db.contacts.delete(contactId);
      const companyIds = [
        ...new Set(records.interactions.map((i) => i.companyId).concat(records.contact.companyId)),
      ].filter((id): id is string => Boolean(id));
      return { counts: countsOf(records), companyIds };
    },
  );
}
