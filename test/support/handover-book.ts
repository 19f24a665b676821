import { openCrmDb, type CrmDb } from '../../lib/db/db';
import type { Company, Contact, Interaction, KnowledgeItem, Order, Reminder, Rep } from '../../lib/db/types';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { BOOK_FORMAT, BOOK_TABLES, emptyCounts, type BookTable } from '../../lib/handover/format';

// A small, realistic book for tests (and the e2e suite): two reps, their
// customers, a few months of history. Times are fixed so bundles are byte-stable.

export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const DAY = 86_400_000;

export const alice: Rep = {
  id: 'rep-alice',
  name: 'Alice Wang',
  email: 'alice@exporter.cn',
  role: 'rep',
  createdAt: T0,
};
export const bob: Rep = {
  id: 'rep-bob',
  name: 'Bob Li',
  email: 'bob@exporter.cn',
  role: 'rep',
  createdAt: T0,
};
export const maria: Rep = { id: 'rep-maria', name: 'Maria Chen', role: 'manager', createdAt: T0 };

export function company(id: string, over: Partial<Company> = {}): Company {
  return {
    id,
    name: `Company ${id}`,
    domains: [`${id}.example`],
    country: 'DE',
    source: 'alibaba',
    ownerRepId: alice.id,
    authorRepId: alice.id,
    tags: [],
    notes: '',
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function contact(id: string, companyId: string | undefined, over: Partial<Contact> = {}): Contact {
  return {
    id,
    companyId,
    name: `Contact ${id}`,
    emails: [`${id}@${companyId ?? 'gmail.com'}.example`],
    phones: [],
    authorRepId: alice.id,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function interaction(
  id: string,
  companyId: string,
  contactId: string,
  over: Partial<Interaction> = {},
): Interaction {
  return {
    id,
    companyId,
    contactId,
    threadId: `thread-${id}`,
    direction: 'in',
    channel: 'email',
    at: T0 + DAY,
    subject: `Inquiry ${id}`,
    summary: 'Asked for FOB price of 500 pcs',
    intent: 'price-inquiry',
    outcome: '',
    repId: alice.id,
    authorRepId: alice.id,
    createdAt: T0 + DAY,
    updatedAt: T0 + DAY,
    ...over,
  };
}

export function order(id: string, companyId: string, over: Partial<Order> = {}): Order {
  return {
    id,
    companyId,
    date: T0 + 10 * DAY,
    amount: 12_500,
    currency: 'USD',
    cost: 9_000,
    status: 'paid',
    authorRepId: alice.id,
    createdAt: T0 + 10 * DAY,
    updatedAt: T0 + 10 * DAY,
    ...over,
  };
}

export function reminder(id: string, companyId: string, over: Partial<Reminder> = {}): Reminder {
  return {
    id,
    kind: 'follow-up',
    dueAt: T0 + 20 * DAY,
    title: `Follow up ${id}`,
    companyId,
    done: 0,
    ownerRepId: alice.id,
    authorRepId: alice.id,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export const template: KnowledgeItem = {
  id: 'kn-moq',
  kind: 'template',
  title: 'MOQ answer',
  body: 'Dear {{name}}, our MOQ is {{moq}}.',
  fields: { moq: '500 pcs', leadTime: '25 days' },
  tags: ['moq'],
  language: 'en',
  authorRepId: alice.id,
  createdAt: T0,
  updatedAt: T0,
};

/** Alice's and Bob's book: Alice owns acme and globex, Bob owns initech. */
export async function fillSampleBook(db: CrmDb): Promise<void> {
  await db.transaction(
    'rw',
    BOOK_TABLES.map((t) => db.table(t)),
    async () => {
      await db.reps.bulkPut([alice, bob, maria]);
      await db.companies.bulkPut([
        company('acme', { name: 'Acme GmbH', tags: ['vip'], notes: 'Met at Canton Fair 2024' }),
        company('globex', { country: 'US', source: 'trade-show' }),
        company('initech', { ownerRepId: bob.id, authorRepId: bob.id, source: 'website' }),
      ]);
      await db.contacts.bulkPut([
        contact('hans', 'acme', { phones: ['+49 30 1234567'], title: 'Buyer' }),
        contact('homer', 'globex'),
        contact('peter', 'initech', { authorRepId: bob.id }),
      ]);
      await db.interactions.bulkPut([
        interaction('i1', 'acme', 'hans'),
        interaction('i2', 'acme', 'hans', {
          direction: 'out',
          at: T0 + 2 * DAY,
          responseTimeMs: DAY,
          summary: 'Quoted',
        }),
        interaction('i3', 'globex', 'homer', { intent: 'sample-request' }),
        interaction('i4', 'initech', 'peter', { repId: bob.id, authorRepId: bob.id }),
      ]);
      await db.orders.bulkPut([order('o1', 'acme'), order('o2', 'initech', { authorRepId: bob.id })]);
      await db.reminders.bulkPut([
        reminder('r1', 'acme'),
        reminder('r2', 'globex', { done: 1 }),
        reminder('r3', 'initech', { ownerRepId: bob.id, authorRepId: bob.id }),
      ]);
      await db.knowledge.put(template);
      await db.settings.bulkPut([
        { key: 'valueModel', value: { discountRate: 0.1, churn: 0.2 } },
        { key: 'currentRepId', value: alice.id },
      ]);
    },
  );
}

let counter = 0;
/** A fresh, empty book with its own database name. */
export function emptyBook(): CrmDb {
  return openCrmDb(`handover-test-${Date.now()}-${++counter}`);
}

/** Every record of every table, sorted, for "exactly as before" comparisons. */
export async function snapshot(db: CrmDb): Promise<Record<BookTable | 'companyValues', unknown[]>> {
  const out = {} as Record<BookTable | 'companyValues', unknown[]>;
  for (const table of [...BOOK_TABLES, 'companyValues'] as const)
    out[table] = await db.table(table).toArray();
  return out;
}

/** Collects a generator of UTF-8 chunks into one string. */
export async function collectText(chunks: AsyncIterable<Uint8Array | string>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of chunks)
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** A bundle with a correct checksum around whatever lines a test wants. */
export function craftBundle(
  lines: { t: string; r: unknown }[] | string[],
  header: Record<string, unknown> = {},
): string {
  const counts = emptyCounts();
  const body = lines.map((l) => {
    if (typeof l === 'string') return l;
    if (l.t in counts) counts[l.t as BookTable]++;
    return JSON.stringify(l);
  });
  const head = JSON.stringify({
    format: BOOK_FORMAT,
    version: 1,
    exportedAt: T0,
    scope: { kind: 'all' },
    counts,
    ...header,
  });
  const text = [head, ...body].map((l) => l + '\n').join('');
  return (
    text +
    JSON.stringify({ end: { counts, sha256: bytesToHex(sha256(new TextEncoder().encode(text))) } }) +
    '\n'
  );
}
