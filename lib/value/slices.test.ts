import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { computeInputs, computeSteps } from './book';
import { eachSummary, type ValueSummary } from './digest';
import { packInputs } from './inputs';
import { forgetValueCache, recomputeAll } from './recompute';
import { DEFAULT_VALUE_SETTINGS } from './settings';
import { createSlicer, runSliced, yieldToLoop, STEP } from './slices';
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
});
