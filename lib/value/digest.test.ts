import { afterEach, describe, expect, it } from 'vitest';
import { SyntheticBook } from '../../test/bench/generate';
import { openCrmDb, type CrmDb } from '../db/db';
import { readDirtyMarks } from '../db/dirty';
import { computeBook } from './book';
import {
  bucketOf,
  eachSummary,
  ensureInputs,
  BUCKETS_PER_READ,
  REBUILD_EVERY_MS,
  rebuildInputs,
  upkeepInputs,
  VALUE_BUCKETS,
  type ValueSummary,
} from './digest';
import { packInputs, type ValueInputs } from './inputs';
import { forgetValueCache, recomputeAll } from './recompute';
import { getValueSettings, saveValueSettings } from './settings';
import { NOW, company, daysAgo, interaction, order } from '../../test/support/value-book';

let db: CrmDb;
let n = 0;
afterEach(async () => {
  forgetValueCache(db);
  await db.delete();
});

/** A generated book of `companies`, written the way the pages write (many transactions). */
async function generated(companies: number): Promise<CrmDb> {
  db = openCrmDb(`digest-test-${++n}`);
  const book = new SyntheticBook({ companies, interactionsPerCompany: 8, now: NOW, seed: 7 });
  for (const chunk of book.chunks(100)) {
    await db.companies.bulkAdd(chunk.companies);
    await db.orders.bulkAdd(chunk.orders);
    await db.interactions.bulkAdd(chunk.interactions);
  }
  return db;
}

async function records(db: CrmDb) {
  return {
    companies: await db.companies.toArray(),
    orders: await db.orders.orderBy('[companyId+date]').toArray(),
    interactions: await db.interactions.orderBy('[companyId+at]').toArray(),
  };
}

async function summaries(db: CrmDb): Promise<Map<string, ValueSummary>> {
  const out = new Map<string, ValueSummary>();
  await eachSummary(db, (s) => out.set(s.companyId, s));
  return out;
}

/** Currency indexes depend on the order currencies were met in: compare the codes. */
function withCodes(v: ValueInputs) {
  return { ...v, orderCurrency: Array.from(v.orderCurrency, (c) => v.currencies[c]), currencies: null };
}

/** The stored packed inputs are exactly what packing every record gives now. */
async function expectInputsTrue(db: CrmDb) {
  const { inputs } = await ensureInputs(db);
  expect(withCodes(inputs)).toEqual(withCodes(packInputs(await records(db))));
}

describe('the packed value inputs', () => {
  it('give a full recompute the same values, ranks, tiers and stages as the records themselves', async () => {
    await generated(300);
    // Some orders in a currency with a rate, and some in one without: both must survive packing.
    await db.orders.bulkAdd([
      order((await db.companies.toCollection().first())!.id, daysAgo(40), 9000, {
        currency: 'EUR',
        cost: 5000,
      }),
      order((await db.companies.toCollection().last())!.id, daysAgo(50), 4000, { currency: 'GBP' }),
    ]);
    await saveValueSettings(db, { rates: { EUR: 1.1 }, broad: { referral: true } as never });
    const report = await recomputeAll(db, NOW);
    expect(report).toMatchObject({ companies: 300, rebuilt: true });
    const expected = computeBook(await records(db), await getValueSettings(db), NOW).rows;
    const stored = await summaries(db);
    expect(stored.size).toBe(300);
    for (const row of expected) {
      const s = stored.get(row.companyId)!;
      expect(s.clv).toBeCloseTo(row.clv, 6);
      expect(s.currentValue).toBeCloseTo(row.currentValue, 6);
      expect([s.rank, s.tier, s.stage]).toEqual([row.rank, row.tier, row.stage]);
    }
    // The pyramid is there: a generated book has customers in every tier.
    expect(new Set([...stored.values()].map((s) => s.tier))).toEqual(
      new Set(['vip', 'key', 'ordinary', 'small']),
    );
  });

  it('follow every kind of write: added, edited, moved and deleted records, new and deleted companies', async () => {
    await generated(120);
    await recomputeAll(db, NOW);
    expect(await readDirtyMarks(db)).toEqual([]);
    const [a, b, c] = await db.companies.limit(3).toArray();
    await db.orders.add(order(a!.id, daysAgo(3), 12_000, { cost: 8000 }));
    const moved = (await db.interactions.where('companyId').equals(b!.id).first())!;
    await db.interactions.update(moved.id, { companyId: c!.id, intent: 'complaint' });
    await db.orders.where('companyId').equals(c!.id).modify({ status: 'cancelled' });
    await db.companies.add(company('newcomer', { acquisitionCost: 300 }));
    await db.interactions.add(interaction('newcomer', daysAgo(1), { threadId: 't-1' }));
    await db.interactions.add(interaction('newcomer', daysAgo(2), { threadId: 't-1', direction: 'out' }));
    const gone = (await db.companies.offset(10).first())!;
    await db.companies.delete(gone.id);
    await db.orders.where('companyId').equals(gone.id).delete();
    expect((await readDirtyMarks(db)).length).toBeGreaterThan(0);

    // The scheduler's upkeep brings exactly the marked companies up to date and clears their marks.
    expect(await upkeepInputs(db)).toBeGreaterThanOrEqual(5);
    expect(await readDirtyMarks(db)).toEqual([]);
    await expectInputsTrue(db);
    const report = await recomputeAll(db, NOW);
    expect(report).toMatchObject({ rebuilt: false, refreshed: 0, companies: 120 });
    expect((await summaries(db)).get('newcomer')).toMatchObject({ stage: 'exploration', orderCount: 0 });
  });

  it('are refreshed by the full recompute itself when writes happened since the upkeep', async () => {
    await generated(60);
    await recomputeAll(db, NOW);
    const first = (await db.companies.toCollection().first())!;
    await db.orders.bulkAdd(
      Array.from({ length: 12 }, (_, i) => order(first.id, daysAgo(10 + i * 30), 50_000)),
    );
    const report = await recomputeAll(db, NOW);
    expect(report).toMatchObject({ rebuilt: false, refreshed: 1 });
    expect((await summaries(db)).get(first.id)).toMatchObject({ rank: 1, tier: 'vip' });
  });

  it('are rebuilt from the records after the whole book changed, or when a bucket is damaged', async () => {
    await generated(80);
    await recomputeAll(db, NOW);
    await db.interactions.clear();
    expect((await recomputeAll(db, NOW)).rebuilt).toBe(true);
    await expectInputsTrue(db);

    const stored = await db.valueInputs.where('bucket').aboveOrEqual(0).first();
    await db.valueInputs.put({ ...stored!, orderDate: 'not a column' });
    const report = await recomputeAll(db, NOW);
    expect(report.rebuilt).toBe(true);
    await expectInputsTrue(db);
  });

  it('are rebuilt a few companies at a time into the same inputs as one read of every record', async () => {
    await generated(90);
    // An order of a company that no longer exists is left out, wherever its id falls.
    await db.orders.add(order('zz-gone', daysAgo(5), 700));
    const inputs = await rebuildInputs(db, 7);
    expect(withCodes(inputs)).toEqual(withCodes(packInputs(await records(db))));
    await expectInputsTrue(db);
  });

  it('are rebuilt from the records once a week whatever the marks say', async () => {
    await generated(40);
    await recomputeAll(db, NOW);
    expect((await recomputeAll(db, NOW)).rebuilt).toBe(false);
    const meta = (await db.valueInputs.get(-1))!;
    await db.valueInputs.put({ ...meta, builtAt: Date.now() - REBUILD_EVERY_MS - 1 });
    expect((await recomputeAll(db, NOW)).rebuilt).toBe(true);
    expect((await recomputeAll(db, NOW)).rebuilt).toBe(false);
  });

  it('keep buckets small: a thousand of them, each holding only its own companies', async () => {
    await generated(200);
    await recomputeAll(db, NOW);
    const buckets = await db.valueInputs.where('bucket').aboveOrEqual(0).toArray();
    expect(buckets.length).toBeGreaterThan(150);
    expect(buckets.every((r) => (r.ids as string[]).length < 10)).toBe(true);
    // Each company sits in the bucket its id hashes to, and in no other.
    for (const r of buckets) expect((r.ids as string[]).every((id) => bucketOf(id) === r.bucket)).toBe(true);
    expect(buckets.every((r) => r.bucket < VALUE_BUCKETS)).toBe(true);
  });

  it("are read in small requests, each asked for only after the valuation's slicer let it go on", async () => {
    await generated(300);
    await recomputeAll(db, NOW);
    // Every request for packed buckets as the database sees it, and every slicer tick, in order.
    const seen: (number | 'tick')[] = [];
    db.close({ disableAutoOpen: false });
    db.use({
      stack: 'dbcore',
      name: 'count-input-reads',
      create: (down) => ({
        ...down,
        table: (name) => {
          const inner = down.table(name);
          if (name !== 'valueInputs') return inner;
          return {
            ...inner,
            query: async (req) => {
              const res = await inner.query(req);
              seen.push(res.result.length);
              return res;
            },
          };
        },
      }),
    });
    await db.open();
    const { inputs } = await ensureInputs(db, {
      async tick() {
        seen.push('tick');
        // A card's hold at the second tick: while it lasts, no request for inputs is sent.
        if (seen.length !== 3) return;
        const before = seen.length;
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(seen.length).toBe(before);
      },
    });
    expect(withCodes(inputs)).toEqual(withCodes(packInputs(await records(db))));
    const reads = seen.filter((x): x is number => x !== 'tick');
    expect(reads.length).toBe(Math.ceil(VALUE_BUCKETS / BUCKETS_PER_READ));
    // No request answers more than a few buckets: a card's read never queues behind a big one.
    expect(Math.max(...reads)).toBeLessThanOrEqual(BUCKETS_PER_READ);
    expect(BUCKETS_PER_READ).toBeLessThanOrEqual(8);
    // Each request comes right after a tick (where a hold is heard), never two without one.
    for (let i = 0; i < seen.length; i++) if (seen[i] !== 'tick') expect(seen[i - 1]).toBe('tick');
  });
});
