import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { eachSummary } from './digest';
import { forgetValueCache, getCustomerValue, recomputeAll, recomputeCompany } from './recompute';
import { getValueSettings, saveValueSettings } from './settings';
import { NOW, cadence, company, daysAgo, interaction, order } from '../../test/support/value-book';

let db: CrmDb;
let n = 0;
async function book(): Promise<CrmDb> {
  db = openCrmDb(`value-test-${++n}`);
  await db.companies.bulkAdd([company('vip'), ...Array.from({ length: 39 }, (_, i) => company(`s${i}`))]);
  await db.orders.bulkAdd([
    ...cadence('vip', 1080, 5, 30, 10_000, { cost: 7000 }),
    ...Array.from({ length: 39 }, (_, i) => order(`s${i}`, daysAgo(20 + i * 5), 300 + i * 10)),
  ]);
  return db;
}
afterEach(async () => {
  forgetValueCache(db);
  await db.delete();
});

describe('recompute', () => {
  it('values the whole book: every company ranked, rows built when the card asks', async () => {
    await book();
    const report = await recomputeAll(db, NOW);
    expect(report.companies).toBe(40);
    const ranks: number[] = [];
    await eachSummary(db, (s) => ranks.push(s.rank));
    expect(ranks.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await db.companyValues.count()).toBe(0);
    const vip = await getCustomerValue(db, 'vip', NOW);
    expect(vip).toMatchObject({ tier: 'vip', rank: 1, stage: 'stable', task: 'retain', currency: 'USD' });
  });

  it('moves a small customer up the ranking after one big order, without a full recompute', async () => {
    await book();
    await recomputeAll(db, NOW);
    const before = (await getCustomerValue(db, 's30', NOW))!;
    expect(before.tier).toBe('small');
    await db.orders.bulkAdd(cadence('s30', 200, 10, 30, 20_000, { cost: 12_000 }));
    const row = await recomputeCompany(db, 's30', NOW);
    expect(row!.rank).toBe(1);
    expect(row!.tier).toBe('vip');
    expect((await getCustomerValue(db, 's30', NOW))!.rank).toBe(1);
  });

  it('rebuilds its ranking from stored rows after the worker restarts', async () => {
    await book();
    await recomputeAll(db, NOW);
    forgetValueCache(db);
    await db.interactions.bulkAdd(
      Array.from({ length: 200 }, (_, i) => interaction('s0', daysAgo(1 + (i % 300)))),
    );
    const row = await recomputeCompany(db, 's0', NOW);
    // 200 interactions × 5 to serve make this one-order customer lose money.
    expect(row!.currentValue).toBeLessThan(0);
    expect(row!.rankOf).toBe(40);
  });

  it('removes the row of a deleted company and values a new one on demand', async () => {
    await book();
    await recomputeAll(db, NOW);
    await db.companies.delete('s1');
    expect(await recomputeCompany(db, 's1', NOW)).toBeNull();
    expect(await db.companyValues.get('s1')).toBeUndefined();
    await db.companies.add(company('fresh'));
    expect((await getCustomerValue(db, 'fresh', NOW))!.stage).toBe('exploration');
    expect(await getCustomerValue(db, 'nobody', NOW)).toBeNull();
  });

  it('recomputes stale values when the card asks', async () => {
    await book();
    await recomputeAll(db, NOW);
    const later = NOW + 200 * 86_400_000; // 200 days without an order
    const vip = await getCustomerValue(db, 'vip', later);
    expect(vip!.stage).toBe('decline');
    expect(vip!.task).toBe('win-back');
  });
});

describe('value settings', () => {
  it('defaults, saves and rejects out-of-range values', async () => {
    db = openCrmDb(`value-settings-${++n}`);
    expect((await getValueSettings(db)).cutoffs).toEqual({ vip: 1, key: 5, ordinary: 20 });
    await saveValueSettings(db, { baseCurrency: 'EUR', rates: { USD: 0.9 }, discountRate: 0.05 });
    const saved = await getValueSettings(db);
    expect(saved).toMatchObject({
      baseCurrency: 'EUR',
      rates: { USD: 0.9 },
      discountRate: 0.05,
      windowMonths: 12,
    });
    await expect(saveValueSettings(db, { cutoffs: { vip: 10, key: 5, ordinary: 20 } })).rejects.toThrow();
    await expect(saveValueSettings(db, { defaultMargin: 2 })).rejects.toThrow();
  });
});
