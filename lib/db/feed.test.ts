import { Dexie, type DBCore, type DBCoreTable } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBook } from '../open-book';
import { openCrmDb, type CrmDb } from './db';
import { markCompanies } from './dirty';
import {
  feedHead,
  MAX_LISTED,
  onFeedCommitted,
  readFeed,
  registerFeedReader,
  trimFeed,
  type FeedChange,
} from './feed';
import { company as companyOf, order as orderOf } from '../../test/support/value-book';
import type { Reminder } from './types';

// Every extension context opens the database with every room's reaction to writes (the
// dashboard's day rows read the records a small write replaces): so do these tests.
openBook();

const T = Date.UTC(2025, 2, 1);
const company = (id: string) => companyOf(id, { createdAt: T, updatedAt: T });
const order = (id: string, companyId: string, amount = 100) => orderOf(companyId, T, amount, { id });
const reminder = (id: string, companyId: string): Reminder => ({
  id,
  kind: 'follow-up',
  dueAt: T,
  title: 'Call',
  companyId,
  done: 0,
  ownerRepId: 'r1',
  authorRepId: 'r1',
  createdAt: T,
  updatedAt: T,
});

let db: CrmDb;
let n = 0;
const unregister: (() => void)[] = [];
beforeEach(async () => {
  db = openCrmDb(`feed-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  for (const off of unregister.splice(0)) off();
  await db.delete();
});

/** The feed's entries without their seq and time. */
async function entries() {
  return (await readFeed(db, 1000)).map(({ table, op, keys, companyIds, all }) => ({
    table,
    op,
    keys,
    companyIds: [...companyIds].sort(),
    all,
  }));
}

describe('the feed records every write to the book, in the write’s transaction', () => {
  it('records puts, edits and deletes with their keys and the companies touched', async () => {
    await db.companies.add(company('A'));
    await db.orders.bulkAdd([order('o1', 'A'), order('o2', 'A')]);
    await db.orders.update('o1', { companyId: 'B' });
    await db.reminders.put(reminder('m1', 'A'));
    await db.reminders.delete('m1');
    await db.settings.put({ key: 'k', value: 1 });
    expect(await entries()).toEqual([
      { table: 'companies', op: 'put', keys: ['A'], companyIds: ['A'], all: false },
      { table: 'orders', op: 'put', keys: ['o1', 'o2'], companyIds: ['A'], all: false },
      // An edit reports the company the record left as well as the one it joined.
      { table: 'orders', op: 'put', keys: ['o1'], companyIds: ['A', 'B'], all: false },
      { table: 'reminders', op: 'put', keys: ['m1'], companyIds: ['A'], all: false },
      { table: 'reminders', op: 'delete', keys: ['m1'], companyIds: ['A'], all: false },
      { table: 'settings', op: 'put', keys: ['k'], companyIds: [], all: false },
    ]);
  });

  it('says all for a clear, and for more records than an entry lists', async () => {
    await db.orders.bulkAdd(Array.from({ length: MAX_LISTED + 1 }, (_, i) => order(`o${i}`, 'A')));
    await db.contacts.clear();
    expect(await entries()).toEqual([
      { table: 'orders', op: 'put', keys: [], companyIds: [], all: true },
      { table: 'contacts', op: 'delete', keys: [], companyIds: [], all: true },
    ]);
  });

  it('keeps no entry of an aborted transaction, and none of the derived tables', async () => {
    await expect(
      db.transaction('rw', db.orders, async () => {
        await db.orders.add(order('o1', 'A'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.valueInputs.put({ bucket: 0 });
    await db.valueDirty.clear();
    expect(await entries()).toEqual([]);
  });

  it('records a plain put that moved records away, when markCompanies reports the old company', async () => {
    await db.orders.add(order('o1', 'A'));
    await trimFeed(db, await feedHead(db));
    await db.transaction('rw', db.orders, async (tx) => {
      await db.orders.put(order('o1', 'B'));
      await markCompanies(tx, ['A']);
    });
    // The dashboard's day rows read the record a small write replaces, so the order's old
    // company is in its entry too; markCompanies reports it as well.
    expect(await entries()).toEqual([
      { table: 'orders', op: 'put', keys: ['o1'], companyIds: ['A', 'B'], all: false },
      { table: 'companies', op: 'touch', keys: ['A'], companyIds: ['A'], all: false },
    ]);
  });

  it('is read in commit order and trimmed up to what was read', async () => {
    await db.companies.bulkAdd([company('A'), company('B')]);
    await db.companies.add(company('C'));
    const read = await readFeed(db, 1);
    expect(read.map((e) => e.keys)).toEqual([['A', 'B']]);
    await trimFeed(db, read[0]!.seq);
    expect((await readFeed(db, 10)).map((e) => e.keys)).toEqual([['C']]);
    expect(await feedHead(db)).toBeGreaterThan(read[0]!.seq);
  });

  it('tells commit listeners once per committed transaction', async () => {
    let told = 0;
    unregister.push(onFeedCommitted(() => told++));
    await db.transaction('rw', db.companies, db.orders, async () => {
      await db.companies.add(company('A'));
      await db.orders.add(order('o1', 'A'));
    });
    await db.valueInputs.put({ bucket: 0 });
    await new Promise((r) => setTimeout(r, 0));
    expect(told).toBe(1);
  });
});

describe('feed readers', () => {
  it('hands each write to a reader of its tables, with keys and the new values, and no old ones unasked', async () => {
    const seen: FeedChange[] = [];
    unregister.push(
      registerFeedReader({
        name: 'spy',
        tables: ['orders'],
        onChange: (_tx, change) => void seen.push(change),
      }),
    );
    await db.companies.add(company('A'));
    await db.orders.add(order('o1', 'A'));
    await db.orders.update('o1', { amount: 5 });
    expect(seen.map((c) => [c.op, c.keys, (c.values[0] as { amount: number }).amount, c.old])).toEqual([
      ['put', ['o1'], 100, undefined],
      ['put', ['o1'], 5, undefined],
    ]);
  });

  it('gives old records only to a reader that asks, read once per write', async () => {
    const olds: (readonly unknown[] | undefined)[] = [];
    const calls: string[] = [];
    const counted = openCrmDb(`feed-count-${n++}`);
    counted.use({
      stack: 'dbcore',
      name: 'count-reads',
      level: 5,
      create: (down: DBCore) => ({
        ...down,
        table: (name: string): DBCoreTable => {
          const inner = down.table(name);
          return { ...inner, getMany: (req) => (calls.push(`${name}.getMany`), inner.getMany(req)) };
        },
      }),
    });
    unregister.push(
      registerFeedReader({
        name: 'aggregates',
        tables: ['orders'],
        oldValues: true,
        onChange: (_tx, change) => void olds.push(change.old),
      }),
      registerFeedReader({
        name: 'plain',
        tables: ['orders'],
        onChange: (_tx, change) => void olds.push(change.old),
      }),
    );
    try {
      await counted.open();
      await counted.orders.put(order('o1', 'A', 100));
      await counted.orders.put(order('o1', 'A', 300));
      await counted.orders.delete('o1');
      const amounts = olds.map((old) => old?.map((o) => (o as { amount: number } | undefined)?.amount));
      expect(amounts).toEqual([[undefined], undefined, [100], undefined, [300], undefined]);
      expect(calls.filter((c) => c.startsWith('orders.'))).toEqual([
        'orders.getMany',
        'orders.getMany',
        'orders.getMany',
      ]);
    } finally {
      await counted.delete();
    }
  });

  it('gives old records to a reader that asks by size only for requests of that size', async () => {
    const olds: (readonly unknown[] | undefined)[] = [];
    unregister.push(
      registerFeedReader({
        name: 'small-writes-only',
        tables: ['orders'],
        oldValues: (records) => records <= 2,
        onChange: (_tx, change) => void olds.push(change.old),
      }),
    );
    await db.orders.put(order('o1', 'A', 100));
    await db.orders.bulkPut([order('o1', 'A', 200), order('o2', 'A', 5), order('o3', 'A', 6)]);
    await db.orders.bulkPut([order('o1', 'A', 300), order('o2', 'A', 7)]);
    const amounts = olds.map((old) => old?.map((o) => (o as { amount: number } | undefined)?.amount));
    expect(amounts).toEqual([[undefined], undefined, [200, 5]]);
  });

  it('gives old records to a reader that asks by transaction only in the transactions it names', async () => {
    const olds: (readonly unknown[] | undefined)[] = [];
    const skipped = new WeakSet<object>();
    unregister.push(
      registerFeedReader({
        name: 'not-in-skipped-transactions',
        tables: ['orders'],
        oldValues: (_records, tx) => !skipped.has(tx),
        onChange: (_tx, change) => void olds.push(change.old),
      }),
    );
    await db.orders.put(order('o1', 'A', 100));
    await db.transaction('rw', db.orders, async () => {
      skipped.add(Dexie.currentTransaction.idbtrans);
      await db.orders.put(order('o1', 'A', 200));
    });
    await db.orders.put(order('o1', 'A', 300));
    const amounts = olds.map((old) => old?.map((o) => (o as { amount: number } | undefined)?.amount));
    expect(amounts).toEqual([[undefined], undefined, [200]]);
  });

  it('writes a reader’s own stores in the write’s transaction: an abort takes them back', async () => {
    unregister.push(
      registerFeedReader({
        name: 'outbox',
        tables: ['companies'],
        stores: ['knowledge'],
        onChange: (tx, change, down) =>
          down.table('knowledge').mutate({
            type: 'put',
            trans: tx,
            values: change.keys.map((key) => ({ id: `out-${String(key)}`, kind: 'note', tags: [] })),
          }),
      }),
    );
    await db.companies.add(company('A'));
    await expect(
      db.transaction('rw', db.companies, async () => {
        await db.companies.add(company('B'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect((await db.knowledge.toArray()).map((k) => k.id)).toEqual(['out-A']);
    // The reader's writes are its own: they are not fed back.
    expect((await entries()).map((e) => e.table)).toEqual(['companies']);
  });

  it('a reader that fails fails the write', async () => {
    unregister.push(
      registerFeedReader({
        name: 'broken',
        tables: ['orders'],
        onChange: () => Dexie.Promise.reject(new Error('reader broke')),
      }),
    );
    await expect(db.orders.add(order('o1', 'A'))).rejects.toThrow('reader broke');
    expect(await db.orders.count()).toBe(0);
    expect(await entries()).toEqual([]);
  });
});
