import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../../db/db';
import { BOOK_TABLES } from '../../handover/format';
import { SYNCED_KINDS } from '../../sync/protocol';
import {
  CHANNELS,
  INTENTS,
  LOST_REASONS,
  ORDER_STATUSES,
  type Interaction,
  type Order,
} from '../../db/types';
import { buildThreads } from '../threads';
import { DAY_MS } from '../types';
import { dayInteraction, dayRowsOf } from './days';
import { threadFactOf, type ThreadFact } from './threadFacts';
import { readAllThreadFacts, THREAD_WEEKS_TABLE, threadWeeksComplete } from './threadWeeks';
import {
  BULK_RECORDS,
  DAYS_TABLE,
  DELTAS_TABLE,
  ensureDays,
  readAllDayRows,
  readDayInteractions,
  readDayOrders,
  readDaysState,
  rebuildDays,
} from './maintain';

// The dashboard's day rows are kept by a reader of the change feed in each write's
// transaction. Whatever is written, through whichever Dexie call, they must always
// equal a rebuild from the raw records: a random book, then random adds, edits that
// move records to other days, companies and statuses, deletes, collection edits and
// aborted transactions, compared with a recompute after every few steps.

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const T0 = Date.UTC(2025, 0, 1);
const REPS = ['ann', 'bob', 'cai'];
const COMPANIES = ['c1', 'c2', 'c3', 'c4', 'c5'];

let db: CrmDb;
let n = 0;
beforeEach(async () => {
  db = openCrmDb(`days-test-${n++}-${Date.now()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

function maker(random: () => number) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  // Times on a coarse grid so records share a moment and a day often.
  const time = () => T0 + Math.floor(random() * 40) * (DAY_MS / 4) + (random() < 0.3 ? 0 : 1000);
  let next = 0;
  const interaction = (): Interaction => {
    const x: Interaction = {
      id: `x${String(next++).padStart(5, '0')}`,
      direction: pick(['in', 'out'] as const),
      channel: pick(CHANNELS),
      at: time(),
      subject: pick(['PO 1', 'Re: PO 1', 'Samples', 'Price list', '']),
      summary: 'never read by the figures',
      intent: pick(INTENTS),
      outcome: '',
      repId: pick(REPS),
      authorRepId: 'ann',
      createdAt: T0,
      updatedAt: T0,
    };
    if (random() < 0.9) x.companyId = pick(COMPANIES);
    if (random() < 0.5) x.threadId = pick(['t1', 't2', 't3']);
    if (random() < 0.5) x.contactId = pick(['p1', 'p2']);
    if (random() < 0.1) x.lostReason = pick(LOST_REASONS);
    if (random() < 0.2) x.url = 'https://mail.google.com/mail/u/0/#inbox/abc';
    return x;
  };
  const order = (): Order => {
    const o: Order = {
      id: `o${String(next++).padStart(5, '0')}`,
      companyId: pick(COMPANIES),
      date: time(),
      amount: Math.round(random() * 10_000),
      currency: pick(['USD', 'EUR']),
      status: pick(ORDER_STATUSES),
      authorRepId: 'ann',
      createdAt: T0,
      updatedAt: T0 + Math.floor(random() * 1000),
    };
    if (random() < 0.5) o.cost = Math.round(o.amount * 0.7);
    return o;
  };
  return { pick, time, interaction, order };
}

/** The rows a rebuild from the raw records would write. */
async function recomputed() {
  return dayRowsOf(await db.interactions.toArray(), await db.orders.toArray());
}

/** The facts of every thread built from the raw records (whole threads, threads.ts). */
async function factsRecomputed(): Promise<Map<string, ThreadFact>> {
  const xs = (await db.interactions.toArray())
    .map(dayInteraction)
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  return new Map(buildThreads(xs, 0).map((t) => [t.key, threadFactOf(t)]));
}

/**
 * The rows and the thread facts as the dashboard reads them (rebuilt first when a delete or a bulk
 * write dropped them) equal a recompute.
 */
async function expectMaintained(step: string) {
  await ensureDays(db);
  const kept = await readAllDayRows(db);
  const fresh = await recomputed();
  expect([...kept.keys()].sort(), step).toEqual([...fresh.keys()].sort());
  for (const [day, row] of fresh) expect(kept.get(day), `${step}, day ${day}`).toEqual(row);
  expect(await threadWeeksComplete(db), step).toBe(true);
  const facts = await readAllThreadFacts(db);
  const freshFacts = await factsRecomputed();
  expect([...facts.keys()].sort(), `${step}: threads`).toEqual([...freshFacts.keys()].sort());
  for (const [key, fact] of freshFacts) expect(facts.get(key), `${step}, thread ${key}`).toEqual(fact);
}

describe('the dashboard day rows', () => {
  it('equal a recompute from the raw records after random writes, edits and deletes', async () => {
    const random = rng(17);
    const make = maker(random);
    await db.interactions.bulkPut(Array.from({ length: 300 }, make.interaction));
    await db.orders.bulkPut(Array.from({ length: 120 }, make.order));
    await expectMaintained('after the first writes');

    for (let step = 0; step < 240; step++) {
      const roll = random();
      const xs = await db.interactions.toCollection().primaryKeys();
      const os = await db.orders.toCollection().primaryKeys();
      if (roll < 0.15) await db.interactions.add(make.interaction());
      else if (roll < 0.22) await db.orders.put(make.order());
      else if (roll < 0.35 && xs.length)
        // An edit that may move the interaction to another day and company.
        await db.interactions.update(make.pick(xs), {
          at: make.time(),
          direction: make.pick(['in', 'out'] as const),
          companyId: make.pick(COMPANIES),
          intent: make.pick(INTENTS),
        });
      else if (roll < 0.4 && xs.length)
        // An edit that moves the interaction to another thread: its old thread loses a message.
        await db.interactions.update(make.pick(xs), {
          threadId: make.pick(['t1', 't2', 't4', undefined]),
          subject: make.pick(['PO 1', 'Samples', 'Re: Price list', '']),
        });
      else if (roll < 0.45 && os.length)
        await db.orders.update(make.pick(os), { date: make.time(), status: make.pick(ORDER_STATUSES) });
      else if (roll < 0.55 && xs.length) await db.interactions.delete(make.pick(xs));
      else if (roll < 0.6 && os.length) await db.orders.bulkDelete([make.pick(os), make.pick(os)]);
      else if (roll < 0.66)
        // A collection edit: every interaction of one company moved by a day.
        await db.interactions
          .where('[companyId+at]')
          .between([make.pick(COMPANIES), -Infinity], [make.pick(COMPANIES) + '\uffff', Infinity])
          .modify((x) => {
            x.at += DAY_MS;
          });
      else if (roll < 0.72 && xs.length) {
        // A plain put over a stored record (a re-log): the record before it is taken out.
        const stored = (await db.interactions.get(make.pick(xs)))!;
        await db.interactions.put({ ...stored, at: make.time(), subject: 'Re: moved' });
      } else if (roll < 0.8) {
        // A transaction that fails: neither the writes nor the rows change.
        await db
          .transaction('rw', db.interactions, db.orders, async () => {
            await db.interactions.add(make.interaction());
            await db.orders.add(make.order());
            if (xs.length) await db.interactions.delete(make.pick(xs));
            throw new Error('cancelled');
          })
          .catch(() => undefined);
      } else if (roll < 0.88) {
        // Several writes in one transaction.
        await db.transaction('rw', db.interactions, db.orders, async () => {
          await db.interactions.bulkAdd([make.interaction(), make.interaction()]);
          if (os.length) await db.orders.update(make.pick(os), { amount: 1 });
          if (xs.length) await db.interactions.delete(make.pick(xs));
        });
      } else if (xs.length) {
        await db.interactions.where('id').anyOf(xs.slice(0, 3)).delete();
      }
      // Folded every few steps: a fold then meets several edits of the same threads at once.
      if (step % 20 === 19) await expectMaintained(`after step ${step}`);
      else if (step % 7 === 3) await ensureDays(db);
    }
    await expectMaintained('at the end');
    expect((await readDaysState(db))?.complete).toBe(true);
  });

  it('keep nothing of deleted records, however they were written (a forgotten contact leaves no trace)', async () => {
    const make = maker(rng(5));
    await db.interactions.bulkPut(Array.from({ length: 40 }, make.interaction));
    await ensureDays(db);
    // Logged one by one, as the panel does: each is a delta until the dashboard next reads.
    const theirs = Array.from({ length: 3 }, () => ({
      ...make.interaction(),
      contactId: 'forgotten-contact',
    }));
    for (const x of theirs) await db.interactions.add(x);
    await db.interactions.bulkDelete(theirs.map((x) => x.id));
    const derived = async () =>
      JSON.stringify([await db.table(DAYS_TABLE).toArray(), await db.table(DELTAS_TABLE).toArray()]);
    expect(await derived()).not.toContain('forgotten-contact');
    await expectMaintained('after the deletes');
    expect(await derived()).not.toContain('forgotten-contact');
  });

  it('are complete on a new book and read back a period as the log lists it', async () => {
    expect((await readDaysState(db))?.complete).toBe(true);
    const make = maker(rng(3));
    await db.interactions.bulkPut(Array.from({ length: 200 }, make.interaction));
    await db.orders.bulkPut(Array.from({ length: 80 }, make.order));
    // The writes are deltas until the rows are next read (the dashboard's load folds them in).
    await ensureDays(db);
    const from = T0 + 5 * DAY_MS + 6 * 3600_000;
    const to = T0 + 20 * DAY_MS + 1000;
    const log = await db.interactions.where('at').between(from, to, true, false).toArray();
    const days = await readDayInteractions(db, from, to);
    expect(days.map((x) => x.id)).toEqual(log.map((x) => x.id));
    expect(days[0]).toEqual({
      id: log[0]!.id,
      direction: log[0]!.direction,
      channel: log[0]!.channel,
      at: log[0]!.at,
      subject: log[0]!.subject,
      intent: log[0]!.intent,
      repId: log[0]!.repId,
      ...(log[0]!.companyId ? { companyId: log[0]!.companyId } : {}),
      ...(log[0]!.contactId ? { contactId: log[0]!.contactId } : {}),
      ...(log[0]!.threadId ? { threadId: log[0]!.threadId } : {}),
      ...(log[0]!.lostReason ? { lostReason: log[0]!.lostReason } : {}),
      ...(log[0]!.url ? { url: log[0]!.url } : {}),
    });
    const orders = await db.orders.where('date').aboveOrEqual(from).toArray();
    expect((await readDayOrders(db, from, Infinity)).map((o) => o.id)).toEqual(orders.map((o) => o.id));
  });

  it('cost a write one small delta, read no row, and are brought up to date when read', async () => {
    const make = maker(rng(11));
    await db.interactions.bulkPut(Array.from({ length: 100 }, make.interaction));
    await ensureDays(db);
    expect(await db.dashboardDeltas.count()).toBe(0);
    const before = await db.dashboardPacked.toArray();
    // One logged contact and one edit that moves a record to another day: two deltas, no row touched.
    const x = make.interaction();
    await db.interactions.add(x);
    const moved = (await db.interactions.limit(1).toArray())[0]!;
    await db.interactions.update(moved.id, { at: moved.at + 3 * DAY_MS });
    const deltas = await db.dashboardDeltas.toArray();
    expect(deltas.map((d) => [d.kind, d.removed.length, d.added.length])).toEqual([
      ['x', 0, 1],
      ['x', 1, 1],
    ]);
    expect(deltas[0]!.added[0]).not.toHaveProperty('summary');
    expect(await db.dashboardPacked.toArray()).toEqual(before);
    await ensureDays(db);
    expect(await db.dashboardDeltas.count()).toBe(0);
    await expectMaintained('after the deltas were folded in');
    // Folding again changes nothing (a delta applied twice gives the same row).
    await db.dashboardDeltas.bulkAdd(deltas.map(({ seq: _seq, ...d }) => d));
    await ensureDays(db);
    await expectMaintained('after the same deltas were folded in twice');
  });

  it('are marked for a rebuild by a bulk write or a clear, and rebuilt from the log', async () => {
    const make = maker(rng(5));
    await db.interactions.bulkPut(Array.from({ length: 50 }, make.interaction));
    // An import's batch: not applied row by row, the rows are rebuilt instead.
    await db.interactions.bulkPut(Array.from({ length: BULK_RECORDS + 1 }, make.interaction));
    expect((await readDaysState(db))?.complete).toBe(false);
    // Dropped, not left half right: no row keeps what the book may no longer have.
    expect((await readAllDayRows(db)).size).toBe(0);
    const progress: number[] = [];
    await ensureDays(db, (read) => progress.push(read));
    expect((await readDaysState(db))?.complete).toBe(true);
    expect(progress.at(-1)).toBe(BULK_RECORDS + 51);
    await expectMaintained('after the rebuild');

    // A restore clears the log: the rows go with it and are rebuilt from what comes in.
    await db.orders.bulkPut(Array.from({ length: 30 }, make.order));
    await db.interactions.clear();
    expect((await readDaysState(db))?.complete).toBe(false);
    expect((await readAllDayRows(db)).size).toBe(0);
    await db.interactions.bulkPut(Array.from({ length: 40 }, make.interaction));
    await rebuildDays(db, undefined, 7); // small pages: days are split across transactions correctly
    await expectMaintained('after the clear and the rebuild in small pages');
  });

  it('rebuild again when a bulk write lands while they are being built', async () => {
    const make = maker(rng(9));
    await db.interactions.bulkPut(Array.from({ length: 60 }, make.interaction));
    await db.dashboardPacked.clear();
    let bulkDone = false;
    await rebuildDays(
      db,
      () => {
        if (bulkDone) return;
        bulkDone = true;
        void db.orders.bulkPut(Array.from({ length: BULK_RECORDS + 1 }, make.order));
      },
      10,
    );
    expect((await readDaysState(db))?.complete).toBe(true);
    await expectMaintained('after a rebuild that met a bulk write');
  });

  it('are derived: never part of an export or of team sync', () => {
    for (const table of [DAYS_TABLE, DELTAS_TABLE, THREAD_WEEKS_TABLE]) {
      expect(BOOK_TABLES as readonly string[]).not.toContain(table);
      expect(SYNCED_KINDS as readonly string[]).not.toContain(table);
    }
  });

  it('move a thread that grows to the week of its new last message, kept once', async () => {
    const make = maker(rng(21));
    const first: Interaction = {
      ...make.interaction(),
      threadId: 'long',
      direction: 'in',
      intent: 'price-inquiry',
      at: T0,
    };
    await db.interactions.add(first);
    await expectMaintained('one message');
    expect((await readAllThreadFacts(db)).get('t:long')).toMatchObject({ lastAt: T0, messages: 1 });
    // Our answer three weeks on: the thread leaves its first week for the answer's.
    await db.interactions.add({
      ...make.interaction(),
      threadId: 'long',
      direction: 'out',
      at: T0 + 21 * DAY_MS,
    });
    await expectMaintained('answered three weeks on');
    expect((await readAllThreadFacts(db)).get('t:long')).toMatchObject({
      lastAt: T0 + 21 * DAY_MS,
      messages: 2,
      inquiryAt: T0,
      respondedAt: T0 + 21 * DAY_MS,
    });
    // The answer moved back to the first week by an edit: the thread follows it back.
    const answer = (await db.interactions.where('threadId').equals('long').toArray()).find((x) => x.at > T0)!;
    await db.interactions.update(answer.id, { at: T0 + DAY_MS });
    await expectMaintained('the answer moved back');
  });
});
