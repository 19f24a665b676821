import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import {
  currentSummaryGeneration,
  eachSummary,
  SUMMARY_GENERATIONS,
  VALUE_BUCKETS,
  type ValueSummary,
} from './digest';
import {
  forgetValueCache,
  recomputeAll,
  recomputeCompany,
  valueCacheReady,
  warmValueCache,
} from './recompute';
import { createRemoteValuer, valueBookIn, type ValuationHost } from './remote';
import { createValueScheduler } from './scheduler';
import { UNSLICED, type Slicer } from './slices';
import { serveValuations } from './valuer';
import type { ValuationChannel } from './valuer-protocol';
import { NOW, company, daysAgo, interaction, order } from '../../test/support/value-book';

// The split of a whole-book valuation between the background (lib/value/remote.ts) and the
// valuation worker (lib/value/valuer.ts), each side with its own database object as two threads
// would have, talking over real BroadcastChannels.

const COMPANIES = 120;

async function seed(db: CrmDb): Promise<void> {
  const companies = Array.from({ length: COMPANIES }, (_, i) => company(`c${String(i).padStart(4, '0')}`));
  await db.companies.bulkAdd(companies);
  await db.orders.bulkAdd(
    companies.flatMap((c, i) => [order(c.id, daysAgo(400 - i), 500 + i * 7), order(c.id, daysAgo(60), 900)]),
  );
  await db.interactions.bulkAdd(companies.map((c, i) => interaction(c.id, daysAgo(i % 90))));
}

const dbs: CrmDb[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  for (const db of dbs.splice(0)) {
    forgetValueCache(db);
    db.close();
  }
});

let dbCount = 0;
/** The background's and the worker's database objects over one database. */
async function twoThreads(): Promise<{ background: CrmDb; worker: CrmDb }> {
  const name = `remote-${++dbCount}`;
  const background = openCrmDb(name);
  const worker = openCrmDb(name);
  dbs.push(background, worker);
  await seed(background);
  return { background, worker };
}

function channel(name: string): ValuationChannel {
  const bc = new BroadcastChannel(name);
  closers.push(() => bc.close());
  return {
    post: (message) => bc.postMessage(message),
    listen(on) {
      const handler = (event: Event) => on((event as MessageEvent).data);
      bc.addEventListener('message', handler);
      return () => bc.removeEventListener('message', handler);
    },
  };
}

/** A host that starts a valuer (from `start`) when opened, and can be closed under a run. */
function fakeHost(start: () => () => void): ValuationHost & { opened: number; kill(): void } {
  let stop: (() => void) | null = null;
  const host = {
    opened: 0,
    async open() {
      if (stop) return;
      host.opened++;
      stop = start();
    },
    async alive() {
      return stop !== null;
    },
    async close() {
      host.kill();
    },
    kill() {
      stop?.();
      stop = null;
    },
  };
  return host;
}

async function stored(db: CrmDb): Promise<ValueSummary[]> {
  const out: ValueSummary[] = [];
  await eachSummary(db, (s) => out.push(s));
  return out.sort((a, b) => a.companyId.localeCompare(b.companyId));
}

describe('the whole-book valuation in the valuation worker', () => {
  it('is written by the worker, and the background ranks one company against it after', async () => {
    const { background, worker } = await twoThreads();
    const name = `valuation-${dbCount}`;
    const host = fakeHost(() => serveValuations(worker, channel(name)));
    const remote = createRemoteValuer({ host, channel: channel(name), checkEveryMs: 20 });
    let revalued = 0;
    const values = createValueScheduler(background, {
      valueBook: valueBookIn(remote),
      onWholeBook: () => revalued++,
      debounceMs: 0,
      now: () => NOW,
    });
    await values.runAll();
    expect(host.opened).toBe(1);
    expect(revalued).toBe(1);
    // The results as a valuation in this thread writes them.
    const written = await stored(background);
    expect(written).toHaveLength(COMPANIES);
    const here = openCrmDb(`remote-here-${dbCount}`);
    dbs.push(here);
    await seed(here);
    await recomputeAll(here, NOW);
    expect(written.map((s) => [s.companyId, s.rank, s.tier])).toEqual(
      (await stored(here)).map((s) => [s.companyId, s.rank, s.tier]),
    );
    // The background holds the new ranking before it says the book was valued.
    expect(valueCacheReady(background)).toBe(true);
    const row = await recomputeCompany(background, 'c0000', NOW);
    expect(row?.rank).toBe(written.find((s) => s.companyId === 'c0000')!.rank);
  });

  it('closes the valuation worker when no valuation asked for it for a while, and opens it again for the next', async () => {
    const { background, worker } = await twoThreads();
    const name = `valuation-${dbCount}`;
    const host = fakeHost(() => serveValuations(worker, channel(name)));
    const remote = createRemoteValuer({ host, channel: channel(name), checkEveryMs: 20, idleCloseMs: 50 });
    await remote.value(NOW);
    expect(await host.alive()).toBe(true);
    await until(async () => !(await host.alive()));
    expect((await remote.value(NOW))?.companies).toBe(COMPANIES);
    expect(host.opened).toBe(2);
    expect(await stored(background)).toHaveLength(COMPANIES);
  });

  it('runs again in a new worker when the first is closed while it writes, and nothing half-written is read', async () => {
    const { background, worker } = await twoThreads();
    // A first whole valuation, read by the card while the second is cut short.
    await recomputeAll(background, NOW - 86_400_000);
    const before = await stored(background);
    const next = ((await currentSummaryGeneration(background)) + 1) % SUMMARY_GENERATIONS;
    const [lo, hi] = [next * VALUE_BUCKETS, (next + 1) * VALUE_BUCKETS];
    const name = `valuation-${dbCount}`;
    let starts = 0;
    let cutShort = false;
    const host = fakeHost(() => {
      const first = ++starts === 1;
      return serveValuations(worker, channel(name), {
        valueBook: (db, now, slicer) => {
          if (!first) return recomputeAll(db, now, slicer);
          // The first worker is closed once some of its results are written, never to answer again.
          const closing: Slicer = {
            async tick() {
              const written = await db.valueSummaries.where('bucket').between(lo, hi).count();
              if (written > 0 && !cutShort) {
                cutShort = true;
                // What a reader sees at that moment is still the whole first valuation.
                expect(await stored(background)).toEqual(before);
                host.kill();
                await new Promise(() => undefined);
              }
              await UNSLICED.tick();
            },
          };
          return recomputeAll(db, now, closing);
        },
      });
    });
    const remote = createRemoteValuer({ host, channel: channel(name), checkEveryMs: 20 });
    const report = await remote.value(NOW);
    expect(cutShort).toBe(true);
    expect(host.opened).toBe(2);
    expect(report?.companies).toBe(COMPANIES);
    const after = await stored(background);
    expect(after).toHaveLength(COMPANIES);
    expect(new Set(after.map((s) => s.computedAt))).toEqual(new Set([NOW]));
    // One generation of results is left: the new one, the cut-short run's records written over.
    expect(await currentSummaryGeneration(background)).toBe(next);
    expect(await background.valueSummaries.count()).toBe(
      await background.valueSummaries.where('bucket').between(lo, hi).count(),
    );
  });

  it('is valued in the background itself when no worker answers', async () => {
    const { background } = await twoThreads();
    const silent = fakeHost(() => () => undefined);
    const logs: string[] = [];
    const remote = createRemoteValuer({
      host: silent,
      channel: channel(`valuation-silent-${dbCount}`),
      readyMs: 50,
      attempts: 2,
      log: (line) => logs.push(line),
    });
    const report = await valueBookIn(remote)(background, NOW, UNSLICED);
    expect(report.companies).toBe(COMPANIES);
    expect(logs).toHaveLength(2);
    expect(await stored(background)).toHaveLength(COMPANIES);
  });
});

describe('a card built while the valuation worker runs', () => {
  it('pauses the valuation from when its build starts until a moment after it was sent', async () => {
    const name = `valuation-hold-${++dbCount}`;
    const db = openCrmDb(name);
    dbs.push(db);
    let steps = 0;
    let finish = false;
    const report = {
      companies: 0,
      orders: 0,
      interactions: 0,
      rebuilt: false,
      refreshed: 0,
      readMs: 0,
      computeMs: 0,
      writeMs: 0,
    };
    const host = fakeHost(() =>
      serveValuations(db, channel(name), {
        valueBook: async (_db, _now, slicer) => {
          while (!finish) {
            steps++;
            await slicer.tick();
            await sleep(1);
          }
          return report;
        },
      }),
    );
    const remote = createRemoteValuer({ host, channel: channel(name), checkEveryMs: 20 });
    const valued = remote.value(NOW);
    await until(() => steps > 3);
    remote.hold(true);
    await sleep(40);
    const held = steps;
    await sleep(150);
    expect(steps).toBe(held);
    remote.hold(false);
    await until(() => steps > held + 3);
    finish = true;
    expect(await valued).toEqual(report);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(test: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await test())) await sleep(5);
}

describe('the ranking loaded in slices', () => {
  it('is the ranking a full valuation in this thread holds', async () => {
    const { background, worker } = await twoThreads();
    await recomputeAll(worker, NOW);
    let ticks = 0;
    expect(valueCacheReady(background)).toBe(false);
    expect(await warmValueCache(background, { tick: async () => void ticks++ })).toBe(true);
    expect(ticks).toBeGreaterThan(1);
    const warmed = await recomputeCompany(background, 'c0042', NOW);
    const held = await recomputeCompany(worker, 'c0042', NOW);
    expect(warmed?.rank).toBe(held?.rank);
    expect(warmed?.tier).toBe(held?.tier);
  });
});
