import { Dexie, type DBCore, type DBCoreTable } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBook } from '../open-book';
import { openCrmDb, WHOLE_BOOK, type CrmDb } from './db';
import { clearDirtyMarks, markCompanies, readDirtyMarks, VALUE_INPUT_TABLES } from './dirty';
import { MAX_LISTED } from './feed';
import type { Interaction, Order } from './types';
import {
  company as companyOf,
  interaction as interactionOf,
  order as orderOf,
} from '../../test/support/value-book';

// Every extension context opens the database with every room's reaction to writes (the
// dashboard's day rows read the records a small write replaces): so do these tests.
openBook();

const T = Date.UTC(2025, 2, 1);

// The value tests' record builders, with ids given here.
const company = (id: string) => companyOf(id, { createdAt: T, updatedAt: T });
const order = (id: string, companyId: string) => orderOf(companyId, T, 100, { id });
const interaction = (id: string, companyId?: string) => {
  const record = interactionOf(companyId ?? '', T, { id });
  if (companyId === undefined) delete record.companyId;
  return record;
};

let db: CrmDb;
let n = 0;
beforeEach(async () => {
  db = openCrmDb(`dirty-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

/** The companies marked dirty, sorted. */
async function marked(): Promise<string[]> {
  return (await readDirtyMarks(db)).map((m) => m.companyId).sort();
}

/** Starts a step with no marks, so the step's own marks are what is left. */
async function forgetMarks(): Promise<void> {
  await db.valueDirty.clear();
}

describe('writes to the value inputs leave dirty marks', () => {
  it('watches companies, orders and interactions', () => {
    expect([...VALUE_INPUT_TABLES].sort()).toEqual(['companies', 'interactions', 'orders']);
  });

  it('starts a new book with no marks', async () => {
    expect(await marked()).toEqual([]);
  });

  // Orders and interactions hang off a company through companyId, the same way.
  const children = {
    orders: { table: () => db.orders, record: order },
    interactions: { table: () => db.interactions, record: interaction },
  } as const;
  for (const [name, { table, record }] of Object.entries(children)) {
    describe(name, () => {
      // The casts spare each test the union of two table types: both take any record built by `record`.
      const t = () => table() as unknown as Dexie.Table<Order | Interaction, string>;

      it('add and bulkAdd mark the new records’ companies', async () => {
        await t().add(record('x1', 'A'));
        expect(await marked()).toEqual(['A']);
        await forgetMarks();
        await t().bulkAdd([record('x2', 'B'), record('x3', 'C'), record('x4', 'B')]);
        expect(await marked()).toEqual(['B', 'C']);
      });

      it('put and bulkPut mark the company each record names', async () => {
        await t().put(record('x1', 'A'));
        expect(await marked()).toEqual(['A']);
        await forgetMarks();
        await t().bulkPut([record('x1', 'C'), record('x2', 'B'), record('x3', 'D')]);
        // Orders and interactions: the dashboard's day rows read the records a small write
        // replaces, so the company x1 moved away from is known and marked too.
        expect(await marked()).toEqual(['A', 'B', 'C', 'D']);
      });

      it('a plain put that moves a record marks its old company through markCompanies', async () => {
        await t().put(record('x1', 'A'));
        await forgetMarks();
        await db.transaction('rw', t(), async (tx) => {
          await t().put(record('x1', 'B'));
          await markCompanies(tx, ['A']);
        });
        expect(await marked()).toEqual(['A', 'B']);
      });

      it('modify with a function that moves records marks both companies', async () => {
        await t().bulkAdd([record('x1', 'A'), record('x2', 'A')]);
        await forgetMarks();
        await t()
          .toCollection()
          .modify((r: { companyId?: string }) => {
            r.companyId = 'E';
          });
        expect(await marked()).toEqual(['A', 'E']);
      });

      it('update that moves a record to another company marks both', async () => {
        await t().add(record('x1', 'A'));
        await forgetMarks();
        expect(await t().update('x1', { companyId: 'B' })).toBe(1);
        expect(await marked()).toEqual(['A', 'B']);
        await forgetMarks();
        await t().update('x1', { updatedAt: T + 1 });
        expect(await marked()).toEqual(['B']);
      });

      it('modify on a collection marks the companies it touched, before and after', async () => {
        await t().bulkAdd([record('x1', 'A'), record('x2', 'B'), record('x3', 'C')]);
        await forgetMarks();
        await t()
          .where('id')
          .anyOf('x1', 'x2')
          .modify((r) => {
            r.companyId = 'D';
          });
        expect(await marked()).toEqual(['A', 'B', 'D']);
        await forgetMarks();
        await t()
          .where('id')
          .equals('x3')
          .modify({ updatedAt: T + 1 });
        expect(await marked()).toEqual(['C']);
      });

      it('delete and bulkDelete mark the deleted records’ companies', async () => {
        await t().bulkAdd([record('x1', 'A'), record('x2', 'B'), record('x3', 'C')]);
        await forgetMarks();
        await t().delete('x1');
        expect(await marked()).toEqual(['A']);
        await forgetMarks();
        await t().bulkDelete(['x2', 'x3', 'missing']);
        expect(await marked()).toEqual(['B', 'C']);
      });

      it('a collection delete marks the deleted records’ companies', async () => {
        await t().bulkAdd([record('x1', 'A'), record('x2', 'B')]);
        await forgetMarks();
        await t()
          .filter((r) => r.companyId === 'B')
          .delete();
        expect(await marked()).toEqual(['B']);
      });

      it('clear marks the whole book', async () => {
        await t().add(record('x1', 'A'));
        await forgetMarks();
        await t().clear();
        expect(await marked()).toEqual([WHOLE_BOOK]);
      });
    });
  }

  it('an interaction without a company marks nothing, and one given a company marks it', async () => {
    await db.interactions.add(interaction('i1'));
    await db.interactions.add({ ...interaction('i2'), companyId: '' });
    expect(await marked()).toEqual([]);
    await db.interactions.update('i1', { companyId: 'A' });
    expect(await marked()).toEqual(['A']);
  });

  it('company writes mark the company itself', async () => {
    await db.companies.add(company('A'));
    expect(await marked()).toEqual(['A']);
    await forgetMarks();
    await db.companies.bulkPut([company('A'), company('B')]);
    expect(await marked()).toEqual(['A', 'B']);
    await forgetMarks();
    await db.companies.update('B', { name: 'Bee' });
    expect(await marked()).toEqual(['B']);
    await forgetMarks();
    await db.companies.bulkAdd([company('C'), company('D')]);
    await db.companies.delete('A');
    await db.companies.bulkDelete(['C']);
    expect(await marked()).toEqual(['A', 'C', 'D']);
    await forgetMarks();
    await db.companies.clear();
    expect(await marked()).toEqual([WHOLE_BOOK]);
  });

  it('a write touching more companies than the feed lists marks the whole book, once', async () => {
    await db.interactions.bulkPut(
      Array.from({ length: MAX_LISTED + 1 }, (_, i) => interaction(`x${i}`, `C${i}`)),
    );
    expect(await marked()).toEqual([WHOLE_BOOK]);
    await forgetMarks();
    await db.interactions.bulkPut(
      Array.from({ length: MAX_LISTED }, (_, i) => interaction(`y${i}`, `C${i}`)),
    );
    expect(await marked()).toHaveLength(MAX_LISTED);
  });

  it('all marks of one write share one seq, and a later write replaces it', async () => {
    await db.orders.bulkAdd([order('o1', 'A'), order('o2', 'B')]);
    const [a, b] = await db.valueDirty.bulkGet(['A', 'B']);
    expect(a!.seq).toBe(b!.seq);
    await db.orders.put(order('o1', 'A'));
    const [a2, b2] = await db.valueDirty.bulkGet(['A', 'B']);
    expect(a2!.seq).not.toBe(a!.seq);
    expect(b2!.seq).toBe(b!.seq);
  });

  it('leaves no marks for contacts, reminders and the derived tables', async () => {
    await db.contacts.add({
      id: 'p1',
      companyId: 'A',
      name: 'Hans',
      emails: [],
      phones: [],
      authorRepId: 'r1',
      createdAt: T,
      updatedAt: T,
    });
    await db.reminders.add({
      id: 'm1',
      kind: 'follow-up',
      dueAt: T,
      title: 'Call Hans',
      companyId: 'A',
      done: 0,
      ownerRepId: 'r1',
      authorRepId: 'r1',
      createdAt: T,
      updatedAt: T,
    });
    await db.companyValues.put({ companyId: 'A', computedAt: T });
    await db.valueInputs.put({ bucket: 0 });
    await db.contacts.clear();
    expect(await marked()).toEqual([]);
  });
});

describe('the marks share the write’s transaction', () => {
  const storesOf = (names: DOMStringList) => Array.from(names).sort();
  const currentStores = () =>
    storesOf((Dexie.currentTransaction as unknown as { idbtrans: IDBTransaction }).idbtrans.objectStoreNames);

  it('widens read-write transactions with the marks only on the value inputs (the feed on any book table)', async () => {
    // Orders and interactions also widen with the dashboard's day rows (lib/metrics/aggregates).
    expect(await db.transaction('rw', db.orders, currentStores)).toEqual([
      'changeFeed',
      'dashboardDeltas',
      'dashboardPacked',
      'dashboardThreads',
      'orders',
      'valueDirty',
    ]);
    expect(await db.transaction('rw', db.companies, db.contacts, currentStores)).toEqual([
      'changeFeed',
      'companies',
      'contacts',
      'valueDirty',
    ]);
    expect(await db.transaction('r', db.orders, currentStores)).toEqual(['orders']);
    expect(await db.transaction('rw', db.contacts, db.reminders, currentStores)).toEqual([
      'changeFeed',
      'contacts',
      'reminders',
    ]);
    expect(await db.transaction('rw', db.valueInputs, db.valueDirty, currentStores)).toEqual([
      'valueDirty',
      'valueInputs',
    ]);
  });

  it('marks writes in a transaction that does not name valueDirty', async () => {
    await db.transaction('rw', db.orders, async () => {
      await db.orders.add(order('o1', 'A'));
      await db.orders.update('o1', { companyId: 'B' });
    });
    expect(await marked()).toEqual(['A', 'B']);
  });

  it('keeps no marks of a transaction that aborted', async () => {
    await expect(
      db.transaction('rw', db.orders, db.interactions, async () => {
        await db.orders.add(order('o1', 'A'));
        await db.interactions.add(interaction('i1', 'B'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.orders.count()).toBe(0);
    expect(await marked()).toEqual([]);
  });

  it('a failed add leaves no mark of its own', async () => {
    await db.orders.add(order('o1', 'A'));
    await forgetMarks();
    await expect(db.orders.add(order('o1', 'B'))).rejects.toThrow();
    expect(await marked()).toEqual([]);
  });
});

describe('clearDirtyMarks', () => {
  it('clears marks still as read, and keeps one written again since', async () => {
    await db.orders.bulkAdd([order('o1', 'A'), order('o2', 'B')]);
    const read = await readDirtyMarks(db);
    expect(read.map((m) => m.companyId).sort()).toEqual(['A', 'B']);
    await db.orders.update('o2', { amount: 5 }); // B changes while its digest is rebuilt
    const rewritten = await db.valueDirty.get('B');
    await clearDirtyMarks(db, read);
    expect(await readDirtyMarks(db)).toEqual([rewritten]);
    await clearDirtyMarks(db, [rewritten!]);
    expect(await marked()).toEqual([]);
  });

  it('does nothing for no marks, or for marks already gone', async () => {
    await clearDirtyMarks(db, []);
    await clearDirtyMarks(db, [{ companyId: 'A', seq: 'x' }]);
    expect(await marked()).toEqual([]);
  });
});

describe('bulk writes', () => {
  it('marks each of the companies of a 20k-record bulkPut once, with one write of marks and no read', async () => {
    // Count what the marks middleware asks of the tables below it.
    const calls: string[] = [];
    const counted = openCrmDb(`dirty-bulk-${n++}`);
    counted.use({
      stack: 'dbcore',
      name: 'count-calls',
      level: 5,
      create: (down: DBCore) => ({
        ...down,
        table: (name: string): DBCoreTable => {
          const inner = down.table(name);
          return {
            ...inner,
            getMany: (req) => (calls.push(`${name}.getMany ${req.keys.length}`), inner.getMany(req)),
            mutate: (req) => (
              calls.push(`${name}.${req.type} ${'values' in req ? req.values.length : ''}`),
              inner.mutate(req)
            ),
          };
        },
      }),
    });
    try {
      await counted.open();
      calls.length = 0; // (a new book writes the state of its dashboard day rows when it opens)
      const companies = Array.from({ length: 400 }, (_, i) => `c${i}`);
      const rows = Array.from({ length: 20_000 }, (_, i) =>
        interaction(`i${i}`, companies[i % companies.length]),
      );
      await counted.interactions.bulkPut(rows);
      // A plain bulkPut writes each record to the company it names: no old record is read.
      // One feed entry says what changed; the marks reader reads no old record, and the
      // dashboard's day rows take a bulk write as a reason to rebuild (dropped, one state record).
      expect(calls).toEqual([
        'interactions.put 20000',
        'changeFeed.add 1',
        'valueDirty.put 400',
        'dashboardPacked.deleteRange ',
        'dashboardDeltas.deleteRange ',
        'dashboardThreads.deleteRange ',
        'dashboardPacked.put 1',
      ]);
      const marks = await counted.valueDirty.toArray();
      expect(marks.map((m) => m.companyId).sort()).toEqual([...companies].sort());
      expect(new Set(marks.map((m) => m.seq)).size).toBe(1);
      expect(await counted.interactions.count()).toBe(20_000);
    } finally {
      await counted.delete();
    }
  }, 60_000);
});
