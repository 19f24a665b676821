import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { computeInputs, computeSteps } from './book';
import { bucketOf, eachSummary, SUMMARY_RECORDS_PER_PUT, VALUE_BUCKETS, type ValueSummary } from './digest';
import { concatInputs, concatSteps, packInputs, sortSteps, splitInputs } from './inputs';
import { runSteps } from './slices';
import { forgetValueCache, recomputeAll } from './recompute';
import { DEFAULT_VALUE_SETTINGS } from './settings';
import { createSlicer, runSliced, yieldToLoop, STEP } from './slices';
import { RankIndex } from './tiers';
import { NOW, company, daysAgo, interaction, order } from '../../test/support/value-book';

const COMPANIES = 3 * STEP;

function records(count = COMPANIES) {
  const companies = Array.from({ length: count }, (_, i) => company(`c${String(i).padStart(5, '0')}`));
  return {
    companies,
    orders: companies.flatMap((c, i) => [
      order(c.id, daysAgo(400 - (i % 300)), 500 + i),
      order(c.id, daysAgo(90 - (i % 60)), 800 + (i % 97)),
    ]),
    interactions: companies.map((c, i) => interaction(c.id, daysAgo(i % 120))),
  };
}

const dbs: CrmDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    forgetValueCache(db);
    await db.delete();
  }
});

async function summaries(db: CrmDb): Promise<ValueSummary[]> {
  const out: ValueSummary[] = [];
  await eachSummary(db, (s) => out.push(s));
  return out.sort((a, b) => a.companyId.localeCompare(b.companyId));
}

describe('a whole-book valuation in slices', () => {
  it('lets a message that arrives meanwhile run before the arithmetic is over', async () => {
    const inputs = packInputs(records());
    const order: string[] = [];
    // A card asked for just after the valuation started: one turn of the event loop.
    const valuation = runSliced(computeSteps(inputs, DEFAULT_VALUE_SETTINGS, NOW), createSlicer(0)).then(() =>
      order.push('valued'),
    );
    void yieldToLoop().then(() => order.push('card'));
    await valuation;
    expect(order).toEqual(['card', 'valued']);
  });

  it('stops at its next step while foreground work is in flight, budget left or not, and goes on after', async () => {
    const inputs = packInputs(records());
    const order: string[] = [];
    let release: () => void = () => undefined;
    let held: Promise<void> | null = new Promise<void>((resolve) => (release = resolve));
    let steps = 0;
    const valuation = runSliced(
      computeSteps(inputs, DEFAULT_VALUE_SETTINGS, NOW),
      // A budget no step could use up: only the foreground makes it stop.
      createSlicer(
        60_000,
        yieldToLoop,
        () => 0,
        () => {
          steps++;
          return held;
        },
      ),
    ).then(() => order.push('valued'));
    // The card's work, in flight from the start: several turns of the event loop (its reads).
    for (let turn = 0; turn < 5; turn++) await yieldToLoop();
    order.push('card');
    expect(steps).toBe(1);
    held = null;
    release();
    await valuation;
    expect(order).toEqual(['card', 'valued']);
    expect(steps).toBeGreaterThanOrEqual(COMPANIES / STEP);
  });

  it('computes what the one-go computation does, pausing many times on the way', async () => {
    const inputs = packInputs(records());
    let pauses = 0;
    const sliced = await runSliced(
      computeSteps(inputs, DEFAULT_VALUE_SETTINGS, NOW),
      createSlicer(0, async () => {
        pauses++;
        await yieldToLoop();
      }),
    );
    const whole = computeInputs(inputs, DEFAULT_VALUE_SETTINGS, NOW);
    expect(pauses).toBeGreaterThanOrEqual(COMPANIES / STEP);
    expect(sliced.stats).toEqual(whole.stats);
    expect([...sliced.clv]).toEqual([...whole.clv]);
    expect([...sliced.rank]).toEqual([...whole.rank]);
  });

  it('stores the same results sliced as in one go', { timeout: 120_000 }, async () => {
    // Past one step, so the sliced valuation pauses; small, as fake-indexeddb is slow.
    const book = records(STEP + 100);
    const [oneGo, inSlices] = [openCrmDb('slices-one-go'), openCrmDb('slices-sliced')];
    dbs.push(oneGo, inSlices);
    for (const db of dbs) {
      await db.companies.bulkAdd(book.companies);
      await db.orders.bulkAdd(book.orders);
      await db.interactions.bulkAdd(book.interactions);
    }
    await recomputeAll(oneGo, NOW);
    const report = await recomputeAll(inSlices, NOW, createSlicer(0));
    expect(report.companies).toBe(STEP + 100);
    const expected = await summaries(oneGo);
    expect(expected).toHaveLength(STEP + 100);
    expect(await summaries(inSlices)).toEqual(expected);
  });

  it('gathers the book from its buckets in slices, into the one-go order by id', async () => {
    const inputs = packInputs(records());
    // Buckets hold companies by hash, so the book comes back in id order only after a sort.
    const parts = [...splitInputs(inputs, 64, bucketOf).values()];
    let pauses = 0;
    const sliced = await runSliced(
      concatSteps(parts),
      createSlicer(0, async () => {
        pauses++;
        await yieldToLoop();
      }),
    );
    const ids = [...inputs.ids].sort();
    expect(sliced.ids).toEqual(ids);
    expect(sliced).toEqual(concatInputs(parts));
    expect([...sliced.interAt]).toEqual([...inputs.interAt]);
    expect([...sliced.orderAmount]).toEqual([...inputs.orderAmount]);
    expect(pauses).toBeGreaterThanOrEqual(COMPANIES / STEP);
  });

  it('sorts like Array.prototype.sort, runs already in order or not', () => {
    const shuffled = Array.from({ length: 3000 }, (_, i) => `k${(i * 7919) % 3001}`);
    const twoRuns = [...shuffled.slice(0, 1500).sort(), ...shuffled.slice(1500).sort()];
    for (const keys of [shuffled, twoRuns, [], ['a'], ['b', 'a', 'a']]) {
      const order = runSteps(sortSteps(keys));
      expect(Array.from(order, (k) => keys[k])).toEqual([...keys].sort());
    }
  });

  it(
    'writes the results a few records per request, a card read between two of them',
    { timeout: 120_000 },
    async () => {
      const db = openCrmDb('slices-write');
      dbs.push(db);
      const book = records(300);
      await db.companies.bulkAdd(book.companies);
      await db.orders.bulkAdd(book.orders);
      await db.interactions.bulkAdd(book.interactions);
      const order: string[] = [];
      const table = db.valueSummaries;
      const bulkPut = table.bulkPut.bind(table);
      table.bulkPut = ((records: unknown[]) => {
        expect(records.length).toBeLessThanOrEqual(SUMMARY_RECORDS_PER_PUT);
        // A card asked for as the results start to be written: read on another table.
        if (!order.includes('write'))
          void db.companies.get(book.companies[0]!.id).then(() => order.push('card'));
        order.push('write');
        return bulkPut(records as never);
      }) as typeof table.bulkPut;
      await recomputeAll(db, NOW, createSlicer(0));
      expect(order.filter((o) => o === 'write').length).toBeGreaterThan(1);
      // The card was answered before the last write, not after the whole book's results.
      expect(order.lastIndexOf('write')).toBeGreaterThan(order.indexOf('card'));
      expect((await summaries(db)).length).toBe(300);
    },
  );
  it(
    'shows a reader one whole valuation at every moment of the writing, and keeps one when done',
    { timeout: 120_000 },
    async () => {
      const db = openCrmDb('slices-generations');
      dbs.push(db);
      const book = records(300);
      await db.companies.bulkAdd(book.companies);
      await db.orders.bulkAdd(book.orders);
      await db.interactions.bulkAdd(book.interactions);
      await recomputeAll(db, NOW - 86_400_000);
      const bucketsUsed = await db.valueSummaries.count();
      // A reader at every pause of the next valuation (between two of its write transactions too).
      const seen: { count: number; times: Set<number>; writes: number }[] = [];
      const writes: number[] = [];
      const table = db.valueSummaries;
      const bulkPut = table.bulkPut.bind(table);
      table.bulkPut = ((records: unknown[]) => {
        writes.push(records.length);
        return bulkPut(records as never);
      }) as typeof table.bulkPut;
      const reading = createSlicer(0, async () => {
        const read = await summaries(db);
        seen.push({
          count: read.length,
          times: new Set(read.map((r) => r.computedAt)),
          writes: writes.length,
        });
      });
      await recomputeAll(db, NOW, reading);
      expect(writes.length).toBeGreaterThan(1);
      // Read between two of the write transactions, not only before or after them.
      expect(seen.some((s) => s.writes > 0 && s.writes < writes.length)).toBe(true);
      for (const { count, times } of seen) {
        expect(count).toBe(300);
        expect(times.size).toBe(1);
      }
      // The readers saw the old valuation until the new one was named, then only the new one.
      const order = seen.map((s) => [...s.times][0]);
      expect(order[0]).toBe(NOW - 86_400_000);
      expect(order.at(-1)).toBe(NOW);
      expect(order.lastIndexOf(NOW - 86_400_000)).toBeLessThan(order.indexOf(NOW));
      // The old results are gone: as many records as one valuation's buckets, all of this one.
      expect(await db.valueSummaries.count()).toBe(bucketsUsed);
      expect((await summaries(db)).every((s) => s.computedAt === NOW)).toBe(true);
      // The next valuation writes into the other range of keys and drops this one.
      const range = async () =>
        new Set(
          ((await db.valueSummaries.toCollection().primaryKeys()) as number[]).map((k) =>
            Math.floor(k / VALUE_BUCKETS),
          ),
        );
      const before = await range();
      await recomputeAll(db, NOW + 1);
      const after = await range();
      expect(before.size).toBe(1);
      expect(after.size).toBe(1);
      expect([...after]).not.toEqual([...before]);
      expect(await db.valueSummaries.count()).toBe(bucketsUsed);
    },
  );

  it('builds the ranking held for updates in steps, the same as at once', () => {
    const ids = Array.from({ length: 3 * STEP + 7 }, (_, i) => `c${i}`);
    const values = Float64Array.from(ids, (_, i) => (i * 7919) % 1000);
    const steps = RankIndex.fromColumns(ids, values);
    let pauses = 0;
    let next = steps.next();
    while (!next.done) {
      pauses++;
      next = steps.next();
    }
    const whole = new RankIndex(ids.map((id, i) => [id, values[i]!]));
    expect(pauses).toBeGreaterThanOrEqual(3);
    expect(next.value.count).toBe(whole.count);
    for (const v of [0, 1, 499.5, 999, 1000]) expect(next.value.rankOf(v)).toBe(whole.rankOf(v));
  });
});
