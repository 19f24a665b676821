import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, WHOLE_BOOK, type CrmDb } from './db';
import { dayRowsOf, packDayRow } from '../metrics/aggregates/days';
import { ensureDays, readAllDayRows, readDaysState } from '../metrics/aggregates/maintain';
import { threadFactOf } from '../metrics/aggregates/threadFacts';
import { readAllThreadFacts, threadWeeksComplete } from '../metrics/aggregates/threadWeeks';
import { buildThreads } from '../metrics/threads';
import type { Interaction, Order } from './types';

// Schema upgrade tests. Each shipped schema version gets a case that writes the
// data *as that version stored it* (frozen local types and stores, never today's
// types), opens the current database with openCrmDb, and checks that nothing
// was lost. A new schema version appends a case; shipped cases are never edited.
// The last test fails when db.ts has a version no case covers yet.

/** v1 as shipped: frozen copy of the stores. Do not edit. */
const STORES_V1 = {
  reps: 'id, email',
  companies: 'id, *domains, name, ownerRepId, source, updatedAt',
  contacts: 'id, *emails, companyId, name',
  interactions: 'id, [companyId+at], [contactId+at], threadId, messageId, repId, at',
  orders: 'id, [companyId+date], date, status',
  reminders: 'id, dueAt, [done+dueAt], companyId, threadId, ownerRepId',
  knowledge: 'id, kind, *tags',
  settings: 'key',
  companyValues: 'companyId',
} as const;

/** v2 as shipped: frozen copy of the stores. Do not edit. */
const STORES_V2 = {
  ...STORES_V1,
  interactions: 'id, [companyId+at], [contactId+at], threadId, messageId, at',
  companyValues: 'companyId, computedAt',
  valueInputs: 'bucket',
  valueSummaries: 'bucket',
  valueDirty: 'companyId',
} as const;

/** v1 records as shipped: frozen shapes. Do not edit. */
interface RepV1 {
  id: string;
  name: string;
  email?: string;
  role: 'rep' | 'manager' | 'admin';
  createdAt: number;
}
interface CompanyV1 {
  id: string;
  name: string;
  domains: string[];
  country?: string;
  source: string;
  ownerRepId: string;
  authorRepId: string;
  tags: string[];
  notes: string;
  acquisitionCost?: number;
  createdAt: number;
  updatedAt: number;
}
interface ContactV1 {
  id: string;
  companyId?: string;
  name: string;
  emails: string[];
  phones: string[];
  title?: string;
  authorRepId: string;
  createdAt: number;
  updatedAt: number;
}
interface InteractionV1 {
  id: string;
  companyId?: string;
  contactId?: string;
  threadId?: string;
  messageId?: string;
  direction: 'in' | 'out';
  channel: string;
  at: number;
  subject: string;
  summary: string;
  intent: string;
  outcome: string;
  repId: string;
  authorRepId: string;
  responseTimeMs?: number;
  createdAt: number;
  updatedAt: number;
}
interface OrderV1 {
  id: string;
  companyId: string;
  date: number;
  amount: number;
  currency: string;
  cost?: number;
  status: string;
  authorRepId: string;
  createdAt: number;
  updatedAt: number;
}
interface ReminderV1 {
  id: string;
  kind: string;
  dueAt: number;
  title: string;
  companyId?: string;
  done: 0 | 1;
  ownerRepId: string;
  authorRepId: string;
  createdAt: number;
  updatedAt: number;
}
interface KnowledgeV1 {
  id: string;
  kind: string;
  title: string;
  body: string;
  fields: Record<string, string>;
  tags: string[];
  language: string;
  authorRepId: string;
  createdAt: number;
  updatedAt: number;
}

/** A book as a release of schema `version` left it (v2 onwards: the versions after it only added tables). */
function bookAt(name: string, version: 3 | 4 | 5 | 6 | 7): Dexie {
  const old = new Dexie(name);
  old.version(2).stores(STORES_V2);
  old.version(3).stores({ changeFeed: '++seq' });
  if (version >= 4) old.version(4).stores({ syncOutbox: '++id, [kind+key]', syncMeta: 'key' });
  if (version >= 5) old.version(5).stores({ dashboardDays: 'day' });
  if (version >= 6)
    old.version(6).stores({ dashboardDays: null, dashboardPacked: 'day', dashboardDeltas: '++seq' });
  if (version >= 7)
    old.version(7).stores({
      reminders: 'id, dueAt, [done+dueAt], companyId, threadId, ownerRepId, contactId',
    });
  return old;
}

/** Writes the v1 book, and what `more` adds, into a book at schema `version`. */
async function writeOldBook(
  name: string,
  version: 3 | 4 | 5 | 6 | 7,
  more: (old: Dexie) => Promise<unknown>,
) {
  const old = bookAt(name, version);
  await old.open();
  await old.transaction('rw', old.tables, async () => {
    for (const [table, rows] of Object.entries(V1_BOOK)) await old.table(table).bulkPut(rows);
    await more(old);
  });
  old.close();
}

const T = Date.UTC(2025, 2, 1);
const V1_BOOK = {
  reps: [
    { id: 'r1', name: 'Alice', email: 'alice@exporter.cn', role: 'rep', createdAt: T },
  ] satisfies RepV1[],
  companies: [
    {
      id: 'c1',
      name: 'Acme GmbH',
      domains: ['acme.de'],
      country: 'DE',
      source: 'alibaba',
      ownerRepId: 'r1',
      authorRepId: 'r1',
      tags: ['vip'],
      notes: 'Met at Canton Fair',
      createdAt: T,
      updatedAt: T,
    },
  ] satisfies CompanyV1[],
  contacts: [
    {
      id: 'p1',
      companyId: 'c1',
      name: 'Hans',
      emails: ['hans@acme.de'],
      phones: ['+49 30 1'],
      authorRepId: 'r1',
      createdAt: T,
      updatedAt: T,
    },
  ] satisfies ContactV1[],
  interactions: [
    {
      id: 'i1',
      companyId: 'c1',
      contactId: 'p1',
      threadId: 't1',
      direction: 'in',
      channel: 'email',
      at: T,
      subject: 'Price for 500 pcs',
      summary: 'Asked FOB Ningbo',
      intent: 'price-inquiry',
      outcome: '',
      repId: 'r1',
      authorRepId: 'r1',
      createdAt: T,
      updatedAt: T,
    },
  ] satisfies InteractionV1[],
  orders: [
    {
      id: 'o1',
      companyId: 'c1',
      date: T,
      amount: 1000,
      currency: 'USD',
      status: 'paid',
      authorRepId: 'r1',
      createdAt: T,
      updatedAt: T,
    },
  ] satisfies OrderV1[],
  reminders: [
    {
      id: 'm1',
      kind: 'follow-up',
      dueAt: T + 1,
      title: 'Call Hans',
      companyId: 'c1',
      done: 0,
      ownerRepId: 'r1',
      authorRepId: 'r1',
      createdAt: T,
      updatedAt: T,
    },
  ] satisfies ReminderV1[],
  knowledge: [
    {
      id: 'k1',
      kind: 'faq',
      title: 'MOQ',
      body: '500 pcs',
      fields: { moq: '500 pcs' },
      tags: ['moq'],
      language: 'en',
      authorRepId: 'r1',
      createdAt: T,
      updatedAt: T,
    },
  ] satisfies KnowledgeV1[],
  settings: [{ key: 'valueModel', value: { discountRate: 0.1 } }],
  companyValues: [{ companyId: 'c1', computedAt: T, clv: 1234 }],
};

interface UpgradeCase {
  /** The schema version the old data was written with. */
  from: number;
  /** What the case checks, when one version has several cases. */
  about?: string;
  write(name: string): Promise<void>;
  check(db: CrmDb): Promise<void>;
}

/** A book with no dashboard rows yet: the first load builds them, equal to a recompute from the log. */
async function expectDayRowsBuiltFromLog(db: CrmDb) {
  expect(await readDaysState(db)).toBeUndefined();
  await ensureDays(db);
  expect((await readDaysState(db))?.complete).toBe(true);
  const fromLog = dayRowsOf(await db.interactions.toArray(), await db.orders.toArray());
  expect(fromLog.size).toBeGreaterThan(0);
  expect(await readAllDayRows(db)).toEqual(fromLog);
}

const CASES: UpgradeCase[] = [
  {
    from: 1,
    async write(name) {
      const old = new Dexie(name);
      old.version(1).stores(STORES_V1);
      await old.open();
      await old.transaction('rw', old.tables, async () => {
        for (const [table, rows] of Object.entries(V1_BOOK)) await old.table(table).bulkPut(rows);
      });
      old.close();
    },
    async check(db) {
      for (const [table, rows] of Object.entries(V1_BOOK))
        expect(await db.table(table).toArray(), table).toEqual(rows);
      // The indexes a rep relies on still answer.
      expect((await db.companies.where('domains').equals('acme.de').first())?.id).toBe('c1');
      expect((await db.contacts.where('emails').equals('hans@acme.de').first())?.id).toBe('p1');
      expect(await db.interactions.where('[companyId+at]').between(['c1', 0], ['c1', Infinity]).count()).toBe(
        1,
      );
      expect(await db.reminders.where('[done+dueAt]').between([0, 0], [0, Infinity]).count()).toBe(1);
    },
  },
  {
    from: 1,
    about: 'v2: the value tables, and the whole book marked out of date',
    // The same v1 book as the first case writes.
    write: (name) => CASES[0]!.write(name),
    async check(db) {
      for (const [table, rows] of Object.entries(V1_BOOK))
        expect(await db.table(table).toArray(), table).toEqual(rows);
      // The book has no digests yet: one mark says all of it needs them, and no other.
      const marks = await db.valueDirty.toArray();
      expect(marks).toEqual([{ companyId: WHOLE_BOOK, seq: expect.any(String) }]);
      expect(marks[0]!.seq).not.toBe('');
      expect(db.interactions.schema.idxByName.repId).toBeUndefined();
      expect(await db.interactions.where('threadId').equals('t1').count()).toBe(1);
      expect((await db.companyValues.where('computedAt').above(0).first())?.companyId).toBe('c1');
      await db.valueInputs.put({ bucket: 0, companies: ['c1'] });
      await db.valueSummaries.put({ bucket: 3, total: 1234 });
      expect(await db.valueInputs.get(0)).toEqual({ bucket: 0, companies: ['c1'] });
      expect(await db.valueSummaries.get(3)).toEqual({ bucket: 3, total: 1234 });
      // Writes to the upgraded book leave marks.
      await db.orders.update('o1', { amount: 2000 });
      expect((await db.valueDirty.get('c1'))?.seq).toEqual(expect.any(String));
    },
  },
  {
    from: 2,
    about: 'v3: the change feed, empty, and fed by every write from then on',
    async write(name) {
      const old = new Dexie(name);
      old.version(2).stores(STORES_V2);
      await old.open();
      await old.transaction('rw', old.tables, async () => {
        for (const [table, rows] of Object.entries(V1_BOOK)) await old.table(table).bulkPut(rows);
        await old.table('valueDirty').put({ companyId: 'c1', seq: 'v2-mark' });
        await old.table('valueInputs').put({ bucket: 0, companies: ['c1'] });
      });
      old.close();
    },
    async check(db) {
      for (const [table, rows] of Object.entries(V1_BOOK))
        expect(await db.table(table).toArray(), table).toEqual(rows);
      // Derived data and marks come through as they were: the upgrade adds a table, nothing more.
      expect(await db.valueDirty.toArray()).toEqual([{ companyId: 'c1', seq: 'v2-mark' }]);
      expect(await db.valueInputs.get(0)).toEqual({ bucket: 0, companies: ['c1'] });
      expect(await db.changeFeed.count()).toBe(0);
      await db.orders.update('o1', { amount: 2000 });
      const entries = await db.changeFeed.toArray();
      expect(entries).toEqual([
        {
          seq: expect.any(Number),
          table: 'orders',
          op: 'put',
          keys: ['o1'],
          companyIds: ['c1'],
          all: false,
          at: expect.any(Number),
        },
      ]);
    },
  },
  {
    from: 2,
    about: 'v4: team mode tables, empty: a solo book stays a solo book',
    async write(name) {
      const old = new Dexie(name);
      old.version(1).stores(STORES_V1);
      old.version(2).stores({
        interactions: 'id, [companyId+at], [contactId+at], threadId, messageId, at',
        companyValues: 'companyId, computedAt',
        valueInputs: 'bucket',
        valueSummaries: 'bucket',
        valueDirty: 'companyId',
      });
      await old.open();
      await old.transaction('rw', old.tables, async () => {
        for (const [table, rows] of Object.entries(V1_BOOK)) await old.table(table).bulkPut(rows);
      });
      old.close();
    },
    async check(db) {
      for (const [table, rows] of Object.entries(V1_BOOK))
        expect(await db.table(table).toArray(), table).toEqual(rows);
      expect(await db.syncOutbox.count()).toBe(0);
      expect(await db.syncMeta.count()).toBe(0);
      await db.syncOutbox.add({ op: 'delete', kind: 'companies', key: 'c1', at: T });
      expect(await db.syncOutbox.where('[kind+key]').equals(['companies', 'c1']).count()).toBe(1);
    },
  },
  {
    from: 3,
    about: 'v4 over v3: unread change-feed entries stay to be read',
    async write(name) {
      await writeOldBook(name, 3, async (old) => {
        await old
          .table('changeFeed')
          .add({ table: 'orders', op: 'put', keys: ['o1'], companyIds: ['c1'], all: false, at: T });
      });
    },
    async check(db) {
      for (const [table, rows] of Object.entries(V1_BOOK))
        expect(await db.table(table).toArray(), table).toEqual(rows);
      expect(await db.changeFeed.toArray()).toEqual([
        { seq: 1, table: 'orders', op: 'put', keys: ['o1'], companyIds: ['c1'], all: false, at: T },
      ]);
      expect(await db.syncOutbox.count()).toBe(0);
    },
  },
  {
    from: 4,
    about: 'v5: the dashboard day rows, missing on an old book, are built from its log on first use',
    async write(name) {
      await writeOldBook(name, 4, async (old) => {
        await old.table('syncMeta').put({ key: 'cookie', value: 7 });
      });
    },
    async check(db) {
      for (const [table, rows] of Object.entries(V1_BOOK))
        expect(await db.table(table).toArray(), table).toEqual(rows);
      expect(await db.syncMeta.get('cookie')).toEqual({ key: 'cookie', value: 7 });
      // No state record: the rows do not hold the book yet.
      await expectDayRowsBuiltFromLog(db);
    },
  },
  {
    from: 5,
    about: 'v6: the v5 day rows are dropped and built again, packed, from the log on first use',
    async write(name) {
      await writeOldBook(name, 5, async (old) => {
        // v5's rows and their state, said complete: nothing of them is read any more.
        await old.table('dashboardDays').bulkPut([
          { day: 'state', complete: true, stamp: 'v5' },
          { day: 1, x: { id: ['gone'] }, o: { id: [] } },
        ]);
      });
    },
    async check(db) {
      for (const [table, rows] of Object.entries(V1_BOOK))
        expect(await db.table(table).toArray(), table).toEqual(rows);
      expect(db.tables.map((t) => t.name)).not.toContain('dashboardDays');
      await expectDayRowsBuiltFromLog(db);
    },
  },
  {
    from: 6,
    about: 'v7: reminders found by their contact through an index, a reminder on a contact alone included',
    async write(name) {
      await writeOldBook(name, 6, async (old) => {
        // A reminder on a contact with no company yet, as the panel raised it before v7.
        await old.table('reminders').put({
          id: 'm2',
          kind: 'follow-up',
          dueAt: T + 2,
          title: 'Send Li the catalogue',
          contactId: 'p2',
          done: 0,
          ownerRepId: 'r1',
          authorRepId: 'r1',
          createdAt: T,
          updatedAt: T,
        });
      });
    },
    async check(db) {
      for (const [table, rows] of Object.entries(V1_BOOK)) {
        if (table === 'reminders') continue;
        expect(await db.table(table).toArray(), table).toEqual(rows);
      }
      expect(await db.reminders.toArray()).toEqual([
        ...V1_BOOK.reminders,
        expect.objectContaining({ id: 'm2', contactId: 'p2', done: 0 }),
      ]);
      expect((await db.reminders.where('contactId').equals('p2').toArray()).map((r) => r.id)).toEqual(['m2']);
      // A reminder with no contact is simply not in the index.
      expect(await db.reminders.where('contactId').equals('p1').count()).toBe(0);
    },
  },
  {
    from: 7,
    about: 'v8: the facts of whole threads are built from the kept day rows on first use, the rows kept',
    async write(name) {
      await writeOldBook(name, 7, async (old) => {
        // Our answer two days on, and the day rows as v7 kept them (complete, packed as since v6).
        const reply = {
          ...V1_BOOK.interactions[0]!,
          id: 'i2',
          direction: 'out',
          at: T + 2 * 86_400_000,
          subject: 'Re: Price for 500 pcs',
          intent: 'other',
        } satisfies InteractionV1;
        await old.table('interactions').put(reply);
        const rows = dayRowsOf(
          [...V1_BOOK.interactions, reply] as unknown as Interaction[],
          V1_BOOK.orders as unknown as Order[],
        );
        await old.table('dashboardPacked').bulkPut([...rows.values()].map(packDayRow));
        await old.table('dashboardPacked').put({ day: 'state', complete: true, stamp: 'v7' });
      });
    },
    async check(db) {
      for (const [table, rows] of Object.entries(V1_BOOK)) {
        if (table === 'interactions') continue;
        expect(await db.table(table).toArray(), table).toEqual(rows);
      }
      expect(await db.interactions.count()).toBe(2);
      expect(await threadWeeksComplete(db)).toBe(false);
      await ensureDays(db);
      // The day rows were kept as they were (not rebuilt: the same stamp), the facts built from them.
      expect(await readDaysState(db)).toEqual({ day: 'state', complete: true, stamp: 'v7' });
      expect(await threadWeeksComplete(db)).toBe(true);
      const [thread] = buildThreads(await db.interactions.toArray(), 0);
      expect(await readAllThreadFacts(db)).toEqual(new Map([['t:t1', threadFactOf(thread!)]]));
      expect(threadFactOf(thread!)).toMatchObject({
        inquiryAt: T,
        respondedAt: T + 2 * 86_400_000,
        messages: 2,
      });
    },
  },
];

const opened: CrmDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('schema upgrades keep every record', () => {
  for (const upgrade of CASES) {
    const about = upgrade.about ? ` (${upgrade.about})` : '';
    it(`opens a v${upgrade.from} database with today's schema${about}`, async () => {
      const name = `upgrade-from-v${upgrade.from}-${CASES.indexOf(upgrade)}-${Date.now()}`;
      await upgrade.write(name);
      const db = openCrmDb(name);
      opened.push(db);
      await db.open();
      await upgrade.check(db);
    });
  }

  it('has an upgrade case for every schema version before the current one', async () => {
    const db = openCrmDb(`upgrade-version-${Date.now()}`);
    opened.push(db);
    await db.open();
    const covered = Math.max(...CASES.map((c) => c.from));
    // A new version N needs a case writing version N-1's shape (or N's, once it ships).
    expect(db.verno, 'add an upgrade case in db.test.ts for the new schema version').toBeLessThanOrEqual(
      covered + 1,
    );
    expect(covered).toBeGreaterThanOrEqual(1);
  });
});
