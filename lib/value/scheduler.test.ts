import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '../db/db';
import { feedHead, trimFeed } from '../db/feed';
import type { BackgroundService } from '../background/service';
import { deleteInteraction, logInteraction, updateInteraction } from '../interactions/log';
import type { CompanyValueRow } from './book';
import { eachSummary, type ValueSummary } from './digest';
import { forgetValueCache, getCustomerValue } from './recompute';
import { createValueScheduler, type ValueScheduler } from './scheduler';
import { NOW, cadence, company, daysAgo, order } from '../../test/support/value-book';
import { testService, panelSender } from '@/test/support/background-service';

// Pages write; the background reads their writes from the change feed and revalues.
// These tests drive the background's feed follower, its router and its scheduler.

const panel = panelSender();

let db: CrmDb;
let scheduler: ValueScheduler;
let service: BackgroundService;
let fullRecomputes: number;
let logs: string[];
let pendingTimers: (() => void)[];
let n = 0;

beforeEach(async () => {
  fakeBrowser.reset();
  db = openCrmDb(`scheduler-test-${++n}`);
  await db.companies.bulkAdd([company('A'), company('B'), company('C')]);
  await db.orders.bulkAdd([
    ...cadence('A', 400, 10, 30, 2000, { cost: 1500 }),
    order('B', daysAgo(60), 800, { cost: 600 }),
  ]);
  // The book as it was before the extension ran: nothing of it waits in the feed.
  await trimFeed(db, await feedHead(db));
  pendingTimers = [];
  fullRecomputes = 0;
  logs = [];
  scheduler = createValueScheduler(db, {
    now: () => NOW,
    // The debounce as a list of callbacks the test runs, so nothing depends on the clock.
    timers: {
      setTimeout: (run) => pendingTimers.push(run),
      clearTimeout: () => (pendingTimers = []),
    },
  });
  service = testService({
    db,
    log: (message) => logs.push(message),
    valueChanged: (change) => {
      if (change.all) fullRecomputes++;
      scheduler.apply(change);
    },
  });
  // What the side panel sends reaches the background's router.
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => service.handle(message, panel));
});

/** What the background does when it hears of the writes so far: reads the feed, queues the values. */
const followed = () => service.followFeed();
/** A whole-book change, as a restore or a CSV import of more companies than a change lists. */
const wholeBook = () => scheduler.apply({ companyIds: [], all: true });
afterEach(async () => {
  await scheduler.flush();
  forgetValueCache(db);
  await db.delete();
});

const row = async (id: string) => (await db.companyValues.get(id)) as CompanyValueRow | undefined;
/** What the last full recompute stored for every company. */
async function summaries(): Promise<Map<string, ValueSummary>> {
  const out = new Map<string, ValueSummary>();
  await eachSummary(db, (s) => out.set(s.companyId, s));
  return out;
}

describe('value changes reported by a page', () => {
  it('are revalued by the background, not by the page: the write returns before any row exists', async () => {
    await db.orders.add(order('B', daysAgo(30), 100, { cost: 50 }));
    // The write is done; reading the feed only queues the recompute in the background.
    await followed();
    expect(await row('B')).toBeUndefined();
    await scheduler.flush();
    // The first update on a book never ranked values all of it, so B has a rank among the others.
    expect(await row('B')).toMatchObject({ companyId: 'B', rankOf: 3, stage: 'development' });
  });

  it('revalue a company from its new order, ranked against the stored others', async () => {
    wholeBook();
    await scheduler.flush();
    expect((await summaries()).get('C')).toMatchObject({ stage: 'exploration', rank: 3 });
    await db.orders.bulkAdd(cadence('C', 300, 5, 20, 9000, { cost: 5000 }));
    await followed();
    await scheduler.flush();
    expect(await row('C')).toMatchObject({ rank: 1, tier: 'vip' });
  });

  it('coalesce a burst of whole-book changes into one full recompute after the quiet time', async () => {
    // Two clears, each read from the feed on its own: two whole-book changes.
    await db.interactions.clear();
    await followed();
    await db.interactions.clear();
    await followed();
    expect(fullRecomputes).toBe(2);
    // One debounce left waiting, nothing computed yet.
    expect(pendingTimers).toHaveLength(1);
    expect((await summaries()).size).toBe(0);
    pendingTimers[0]!();
    await scheduler.flush();
    expect([...(await summaries()).keys()].sort()).toEqual(['A', 'B', 'C']);
  });

  it('need no message: a page’s wake-up carries nothing, and a message claiming changes is dropped', async () => {
    const sendMessage = (message: unknown) => fakeBrowser.runtime.sendMessage(message);
    expect(await sendMessage({ type: 'value/changed', companyIds: ['A'], all: false })).toBeUndefined();
    expect(logs).toEqual([expect.stringMatching(/^dropped malformed value\/changed from a page: type /)]);
    await db.orders.add(order('C', daysAgo(5), 700));
    expect(await sendMessage({ type: 'feed/written' })).toEqual({ ok: true });
    await scheduler.flush();
    expect(await row('C')).toMatchObject({ companyId: 'C' });
  });

  it('run one at a time: a full recompute queued before an order never overwrites its update', async () => {
    wholeBook();
    const full = scheduler.runAll();
    await db.orders.add(order('B', daysAgo(1), 50_000, { cost: 10_000 }));
    await followed();
    await full;
    await scheduler.flush();
    const b = (await row('B'))!;
    expect(b.figures).toMatchObject({ orderCount: 2 });
    expect(b.rank).toBe(1);
  });

  it('revalue a company from logged complaints, as the log form and the timeline report them', async () => {
    wholeBook();
    await scheduler.flush();
    const before = (await getCustomerValue(db, 'A', NOW))!;
    const complaint = {
      companyId: 'A',
      direction: 'in' as const,
      channel: 'email' as const,
      subject: 'Drivers failing',
      summary: 'Two drivers failed on arrival',
      intent: 'complaint' as const,
      outcome: '',
    };
    await logInteraction(db, { ...complaint, at: daysAgo(20) }, NOW);
    await followed();
    await scheduler.flush();
    // One more contact to serve in the window.
    expect((await row('A'))!.currentValue).toBe(before.currentValue - 5);
    const { interaction } = await logInteraction(
      db,
      { ...complaint, at: daysAgo(3), intent: 'price-inquiry' },
      NOW,
    );
    await followed();
    await scheduler.flush();
    expect((await row('A'))!.stageSignals.map((r) => r.id)).not.toContain('value.signal.risingComplaints');
    // The timeline edits it into a second recent complaint: complaints are rising.
    await updateInteraction(db, interaction.id, { intent: 'complaint' }, NOW);
    await followed();
    await scheduler.flush();
    expect((await row('A'))!.stageSignals).toContainEqual({
      id: 'value.signal.risingComplaints',
      params: { recent: 2, before: 0 },
    });
    await deleteInteraction(db, interaction.id);
    await followed();
    await scheduler.flush();
    expect((await row('A'))!.stageSignals.map((r) => r.id)).not.toContain('value.signal.risingComplaints');
  });
});
