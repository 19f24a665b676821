import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { feedHead, readFeed, trimFeed } from '../db/feed';
import { valueChangeOf } from './changes';
import { revalueFromFeed } from './recomputeHere';
import { deleteOrder, listOrders, saveOrder, timeToDay } from './orders';
import { forgetValueCache } from './recompute';
import { NOW, company } from '../../test/support/value-book';

let db: CrmDb;
let n = 0;
afterEach(async () => {
  forgetValueCache(db);
  await db.delete();
});

async function fresh() {
  db = openCrmDb(`orders-test-${++n}`);
  await db.companies.add(company('A'));
}

/** Revalues here what the writes so far moved, as the background does from the change feed. */
const revalued = () => revalueFromFeed(db, () => NOW);

describe('orders editor functions', () => {
  it('adds an order with a margin, lists it and revalues the company', async () => {
    await fresh();
    const result = await saveOrder(
      db,
      {
        companyId: 'A',
        date: '2025-05-20',
        amount: 1000,
        currency: 'usd',
        marginPercent: 25,
        status: 'paid',
      },
      NOW,
    );
    expect(result.ok).toBe(true);
    const [stored] = await listOrders(db, 'A');
    // 25% margin on 1000 → cost 750, kept as the order's cost.
    expect(stored).toMatchObject({ amount: 1000, currency: 'USD', cost: 750, status: 'paid' });
    expect(timeToDay(stored!.date)).toBe('2025-05-20');
    await revalued();
    const value = await db.companyValues.get('A');
    expect(value?.currentValue).toBe(250);
  });

  it('explains each invalid field and writes nothing', async () => {
    await fresh();
    const result = await saveOrder(
      db,
      {
        companyId: 'A',
        date: '20/05/2025',
        amount: -5,
        currency: 'dollars',
        cost: 10,
        marginPercent: 5,
        status: 'paid',
      },
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        'value.orders.error.date',
        'value.orders.error.amount',
        'value.orders.error.currency',
      ]),
    );
    expect(await db.orders.count()).toBe(0);
  });

  it('refuses a cost and a margin together, and an unknown company', async () => {
    await fresh();
    const both = await saveOrder(
      db,
      {
        companyId: 'A',
        date: '2025-05-20',
        amount: 10,
        currency: 'USD',
        cost: 5,
        marginPercent: 5,
        status: 'quote',
      },
      NOW,
    );
    expect(both).toMatchObject({
      ok: false,
      errors: [{ field: 'cost', message: 'value.orders.error.costAndMargin' }],
    });
    const ghost = await saveOrder(
      db,
      { companyId: 'Z', date: '2025-05-20', amount: 10, currency: 'USD', status: 'quote' },
      NOW,
    );
    expect(ghost).toMatchObject({ ok: false, errors: [{ message: 'value.orders.error.company' }] });
  });

  it('edits a quote into an order and deletes it', async () => {
    await fresh();
    const added = await saveOrder(
      db,
      { companyId: 'A', date: '2025-05-01', amount: 2000, currency: 'EUR', status: 'quote' },
      NOW,
    );
    if (!added.ok) throw new Error('not added');
    await revalued();
    expect((await db.companyValues.get('A'))?.currentValue).toBe(0); // a quote is not revenue
    await saveOrder(
      db,
      {
        id: added.order.id,
        companyId: 'A',
        date: '2025-05-01',
        amount: 2000,
        currency: 'EUR',
        cost: 1500,
        status: 'confirmed',
      },
      NOW,
    );
    const [edited] = await listOrders(db, 'A');
    expect(edited).toMatchObject({
      id: added.order.id,
      status: 'confirmed',
      cost: 1500,
      createdAt: added.order.createdAt,
    });
    // 500 EUR margin at the example rate 1.08 → 540 USD.
    await revalued();
    expect((await db.companyValues.get('A'))?.currentValue).toBeCloseTo(540);
    await deleteOrder(db, added.order.id);
    expect(await listOrders(db, 'A')).toEqual([]);
    await revalued();
    expect((await db.companyValues.get('A'))?.currentValue).toBe(0);
  });

  it('never recomputes in the page that saved: its writes tell the feed which companies to revalue', async () => {
    await fresh();
    await db.companies.add(company('B'));
    await trimFeed(db, await feedHead(db));
    const added = await saveOrder(
      db,
      { companyId: 'A', date: '2025-05-20', amount: 1000, currency: 'USD', status: 'paid' },
      NOW,
    );
    if (!added.ok) throw new Error('not added');
    /** The value change the feed holds since the last call. */
    const change = async () => {
      const found = valueChangeOf(await readFeed(db, 100));
      await trimFeed(db, await feedHead(db));
      return found && { ...found, companyIds: found.companyIds.sort() };
    };
    expect(await change()).toEqual({ companyIds: ['A'], all: false });
    // Moved to another company: both are revalued.
    await saveOrder(
      db,
      {
        ...{ date: '2025-05-20', amount: 1000, currency: 'USD', status: 'paid' },
        id: added.order.id,
        companyId: 'B',
      },
      NOW,
    );
    expect(await change()).toEqual({ companyIds: ['A', 'B'], all: false });
    await deleteOrder(db, added.order.id);
    expect(await change()).toEqual({ companyIds: ['B'], all: false });
    expect(await db.companyValues.count()).toBe(0);
  });
});
