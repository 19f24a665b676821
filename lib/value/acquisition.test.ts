import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { parseAmount, saveAcquisitionCost } from './acquisition';
import { revalueFromFeed } from './recomputeHere';
import type { CompanyValueRow } from './book';
import { forgetValueCache } from './recompute';
import { NOW, cadence, company } from '../../test/support/value-book';

let db: CrmDb | undefined;
let n = 0;
afterEach(async () => {
  if (!db) return;
  forgetValueCache(db);
  await db.delete();
  db = undefined;
});
function fresh(): CrmDb {
  db = openCrmDb(`acquisition-test-${++n}`);
  return db;
}

describe('acquisition cost', () => {
  it('reads the amounts reps type', () => {
    expect(parseAmount('6500')).toBe(6500);
    expect(parseAmount(' 6,500 ')).toBe(6500);
    expect(parseAmount('6 500')).toBe(6500);
    expect(parseAmount('6.500,50')).toBe(6500.5);
    expect(parseAmount('6500,5')).toBe(6500.5);
    expect(parseAmount('-5')).toBeNaN();
    expect(parseAmount('abc')).toBeNaN();
  });

  it('is saved on the company, clears when blank, and takes its cost off the lifetime value', async () => {
    const db = fresh();
    await db.companies.add(company('A'));
    await db.orders.bulkAdd(cadence('A', 300, 10, 30, 1000, { cost: 700 }));
    await revalueFromFeed(db, () => NOW);
    // What the background does with each save's entry in the change feed, here.
    const reported = [];
    expect(await saveAcquisitionCost(db, 'A', '', NOW)).toEqual({ ok: true, acquisitionCost: undefined });
    reported.push(await revalueFromFeed(db, () => NOW));
    const rowOf = async () => (await db.companyValues.get('A')) as CompanyValueRow;
    const without = (await rowOf()).clv;

    expect(await saveAcquisitionCost(db, 'A', '1,500', NOW)).toEqual({ ok: true, acquisitionCost: 1500 });
    reported.push(await revalueFromFeed(db, () => NOW));
    expect((await db.companies.get('A'))!.acquisitionCost).toBe(1500);
    const row = await rowOf();
    expect(row.clv).toBeCloseTo(without - 1500);
    expect(row.drivers).toContainEqual({
      id: 'value.driver.acquisitionCost',
      params: { amount: 1500, currency: 'USD' },
    });
    expect(reported).toEqual([
      { companyIds: ['A'], all: false },
      { companyIds: ['A'], all: false },
    ]);

    await saveAcquisitionCost(db, 'A', '  ', NOW);
    await revalueFromFeed(db, () => NOW);
    expect((await db.companies.get('A'))!.acquisitionCost).toBeUndefined();
    expect((await rowOf()).clv).toBeCloseTo(without);
  });

  it('refuses a negative or unreadable amount and a company that is gone', async () => {
    const db = fresh();
    await db.companies.add(company('A', { acquisitionCost: 200 }));
    expect(await saveAcquisitionCost(db, 'A', '-5', NOW)).toEqual({
      ok: false,
      error: 'value.acquisition.error.amount',
    });
    expect(await saveAcquisitionCost(db, 'A', '2000000000000', NOW)).toEqual({
      ok: false,
      error: 'value.acquisition.error.amount',
    });
    expect((await db.companies.get('A'))!.acquisitionCost).toBe(200);
    expect(await saveAcquisitionCost(db, 'gone', '5', NOW)).toEqual({
      ok: false,
      error: 'value.acquisition.error.company',
    });
  });
});
