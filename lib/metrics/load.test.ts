import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { logInteraction } from '../interactions/log';
import { trackReply } from '../reminders/noReply';
import { seedEmptyBook } from '../db/seed';
import { demoBook } from '../demo/book';
import { DEMO_ACCOUNT, DEMO_THREADS } from '../demo/mailbox';
import { interaction } from '../../test/support/value-book';
import { computeBook } from '../value/book';
import { recomputeAll } from '../value/recompute';
import { getValueSettings } from '../value/settings';
import { buildDashboard, type DashboardView } from './dashboard';
import {
  hasLoggedInteractions,
  loadContactNames,
  loadDashboard,
  loadDashboardInStages,
  loadThreadTimeline,
  readBookTables,
  readInteractions,
} from './load';
import { firstOrderDates } from './orders';
import { periodFor } from './period';
import { DAY_MS } from './types';

const NOW = Date.UTC(2026, 5, 15, 10);
let db: CrmDb;
let n = 0;
afterEach(async () => {
  await db.delete();
});

async function demo(values: boolean) {
  db = openCrmDb(`metrics-load-${++n}`);
  const book = demoBook(NOW);
  await seedEmptyBook(db, book, book.reps[0]?.id);
  if (values) await recomputeAll(db, NOW);
  return book;
}

/** The same view from every record of the book, with first orders from every order. */
async function fromEverything(
  book: Awaited<ReturnType<typeof demo>>,
  preset: '30' | '90' | '365' | 'all',
  valued: boolean,
) {
  return buildDashboard(
    {
      interactions: book.interactions,
      orders: book.orders,
      companies: book.companies,
      // What the value model makes of the whole book, computed here from the records.
      values: (valued ? computeBook(book, await getValueSettings(db), NOW).rows : []).map((v) => ({
        companyId: v.companyId,
        computedAt: v.computedAt,
        stage: v.stage,
        ...(v.figures as { orderCount: number; lastOrderAt: number | null; gapDays: number }),
      })),
      reps: book.reps,
      firstOrderAt: firstOrderDates(book.orders),
      settings: await getValueSettings(db),
    },
    { period: periodFor(preset, NOW), now: NOW, noReplyDays: 2 },
  );
}

describe('loadDashboard', () => {
  for (const values of [true, false])
    it(`gives the same figures as the whole book ${values ? 'with' : 'without'} stored value rows`, async () => {
      const book = await demo(values);
      for (const preset of ['30', '90', '365', 'all'] as const) {
        const loaded = await loadDashboard(db, { ...periodFor(preset, NOW), now: NOW, noReplyDays: 2 });
        const whole = await fromEverything(book, preset, values);
        expect(loaded.scorecard).toEqual(whole.scorecard);
        expect(loaded.sources).toEqual(whole.sources);
        expect(loaded.threads.map((t) => [t.key, t.companyName, t.contactId, t.status])).toEqual(
          whole.threads.map((t) => [t.key, t.companyName, t.contactId, t.status]),
        );
      }
    });

  it('reads interactions only from the window the period needs', async () => {
    const book = await demo(true);
    const view = await loadDashboard(db, { ...periodFor('30', NOW), now: NOW });
    // 30 days, the 30 before, and 14 days of look-back.
    const from = NOW + 1 - 74 * DAY_MS;
    expect(view.read.interactions).toBe(book.interactions.filter((x) => x.at >= from).length);
    expect(view.read.interactions).toBeLessThan(book.interactions.length);
    // Every thread listed had activity in the period, newest first.
    expect(view.threads.every((t) => t.lastAt >= NOW + 1 - 30 * DAY_MS)).toBe(true);
    expect(view.threads.map((t) => t.lastAt)).toEqual(
      [...view.threads.map((t) => t.lastAt)].sort((a, b) => b - a),
    );
  });

  it('hands the period alone first (figures, no thread list), with figures the trends do not change, then the whole view', async () => {
    await demo(true);
    const views: [DashboardView, boolean][] = [];
    const reads: number[] = [];
    const options = { ...periodFor('365', NOW), now: NOW, onProgress: (n: number) => reads.push(n) };
    await loadDashboardInStages(db, options, undefined, (view, final) => views.push([view, final]));
    expect(views.map(([v, final]) => [v.previous !== null, final])).toEqual([
      [false, false],
      [true, true],
    ]);
    const [[alone], [whole]] = views as [[DashboardView, boolean], [DashboardView, boolean]];
    const now = (v: DashboardView) => v.scorecard.team.map((f) => [f.id, f.value, f.n]);
    expect(now(alone)).toEqual(now(whole));
    // The first step builds no thread: the list comes with the whole view.
    expect([alone.listed, alone.threads, alone.trends]).toEqual([false, [], null]);
    expect(whole.listed).toBe(true);
    expect(whole.threads.length).toBeGreaterThan(0);
    expect(alone.sources).toEqual(whole.sources);
    expect(alone.scorecard.team.every((f) => f.previous === null)).toBe(true);
    expect(whole).toEqual(await loadDashboard(db, { ...periodFor('365', NOW), now: NOW }));
    expect(reads.at(-1)).toBe(whole.read.interactions);
  });

  it('reuses the book tables across periods and names contacts on demand', async () => {
    await demo(true);
    const tables = await readBookTables(db);
    const fresh = await loadDashboard(db, { ...periodFor('90', NOW), now: NOW });
    expect(await loadDashboard(db, { ...periodFor('90', NOW), now: NOW }, tables)).toEqual(fresh);
    const names = await loadContactNames(db, ['demo-contact-hansen', 'demo-contact-hansen', 'missing']);
    expect([...names]).toEqual([['demo-contact-hansen', 'Klaus Hansen']]);
  });

  it('lists only one rep’s threads and customers when asked', async () => {
    await demo(true);
    const kevin = await loadDashboard(db, { ...periodFor('365', NOW), now: NOW, repId: 'demo-rep-kevin' });
    expect(kevin.threads.length).toBeGreaterThan(0);
    expect(kevin.threads.every((t) => t.repIds.includes('demo-rep-kevin'))).toBe(true);
    // Kevin owns Minghui (referral) and small customers 1, 4, 7, 10: two from Alibaba, two from trade shows.
    const customers = (source: string) => kevin.sources.scope.rows.find((r) => r.key === source)?.customers;
    expect([
      customers('referral'),
      customers('alibaba'),
      customers('trade-show'),
      customers('website'),
    ]).toEqual([1, 2, 2, 0]);
  });

  it('reads the whole of a thread for its timeline, by thread id or by company and subject', async () => {
    await demo(true);
    const view = await loadDashboard(db, { ...periodFor('all', NOW), now: NOW });
    const byId = view.threads.find((t) => t.ref.kind === 'thread')!;
    expect((await loadThreadTimeline(db, byId.ref)).length).toBe(byId.messages);
    const bySubject = view.threads.find((t) => t.ref.kind === 'subject' && t.messages === 2)!;
    const timeline = await loadThreadTimeline(db, bySubject.ref);
    expect(timeline.map((x) => x.direction)).toEqual(['in', 'out']);
    expect(timeline[0]!.summary).toMatch(/^Order request for PO /);
  });

  it('calls a thread awaiting reply when its newest message, newer than the log, is unanswered', async () => {
    // Al Noor: the rep logged the quote; the counter-offer that came after it is unanswered.
    await demo(true);
    const alnoor = DEMO_THREADS.find((t) => t.subject.includes('Q-26-118'))!;
    const row = async () =>
      (await loadDashboard(db, { ...periodFor('30', NOW), now: NOW, noReplyDays: 2 })).threads.find(
        (t) => t.ref.kind === 'thread' && t.ref.threadId === alnoor.id,
      )!;
    expect((await row()).status).toBe('answered');
    // The rep opens the thread: the webmail shows the counter-offer as its newest message.
    const messages = alnoor.messages.map((m) => ({ from: m.from.email, date: NOW - m.ageMinutes * 60_000 }));
    const seen = {
      threadId: alnoor.id,
      url: '',
      subject: alnoor.subject,
      account: DEMO_ACCOUNT.email,
      messages,
    };
    await trackReply(db, seen, 2, NOW);
    expect((await row()).status).toBe('awaiting');
    // The rep logs the answer: the thread is answered again.
    await logInteraction(
      db,
      {
        threadId: alnoor.id,
        direction: 'out',
        channel: 'email',
        at: NOW,
        subject: alnoor.subject,
        summary: 'Offered USD 82.00',
        outcome: '',
        intent: 'price-inquiry',
        companyId: 'demo-company-alnoor',
      },
      NOW,
    );
    expect((await row()).status).toBe('answered');
  });

  it('knows an empty book', async () => {
    db = openCrmDb(`metrics-load-${++n}`);
    expect(await hasLoggedInteractions(db)).toBe(false);
    await db.interactions.add(interaction('c', NOW));
    expect(await hasLoggedInteractions(db)).toBe(true);
  });
});

describe('readInteractions', () => {
  it('pages through runs of equal times without losing or repeating a row', async () => {
    db = openCrmDb(`metrics-load-${++n}`);
    // 5 at t=1, 12 at t=2 (longer than a page of 4), 3 at t=3, and one at t=9 (outside).
    const times = [...Array(5).fill(1), ...Array(12).fill(2), ...Array(3).fill(3), 9] as number[];
    await db.interactions.bulkAdd(times.map((t, i) => interaction('c', t, { id: `x${i}` })));
    const rows = await readInteractions(db, 0, 9, 4);
    expect(rows.length).toBe(20);
    expect(new Set(rows.map((r) => r.id)).size).toBe(20);
    expect(rows.map((r) => r.at)).toEqual(times.slice(0, 20));
  });
});

describe('the dashboard read from the maintained day rows', () => {
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }

  it('shows exactly what walking the log shows, after random edits and deletes', async () => {
    const book = await demo(true);
    const random = rng(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const companies = book.companies.map((c) => c.id);
    for (let step = 0; step < 80; step++) {
      const xs = await db.interactions.toCollection().primaryKeys();
      const os = await db.orders.toCollection().primaryKeys();
      const roll = random();
      if (roll < 0.3)
        await db.interactions.update(pick(xs), {
          at: NOW - Math.floor(random() * 400) * DAY_MS - Math.floor(random() * DAY_MS),
          direction: pick(['in', 'out'] as const),
          intent: pick(['price-inquiry', 'order', 'complaint', 'follow-up'] as const),
        });
      else if (roll < 0.45) await db.interactions.delete(pick(xs));
      else if (roll < 0.6)
        await db.interactions.add(
          interaction(pick(companies), NOW - Math.floor(random() * 200 * DAY_MS), {
            id: `new-${step}`,
            direction: pick(['in', 'out'] as const),
            intent: pick(['price-inquiry', 'order', 'complaint'] as const),
            lostReason: random() < 0.1 ? 'price' : undefined,
          }),
        );
      else if (roll < 0.8)
        await db.orders.update(pick(os), {
          date: NOW - Math.floor(random() * 500) * DAY_MS,
          status: pick(['confirmed', 'paid', 'cancelled', 'quote'] as const),
        });
      else await db.orders.delete(pick(os));
    }
    for (const preset of ['30', '90', '365', 'all'] as const) {
      const options = { ...periodFor(preset, NOW), now: NOW, noReplyDays: 2 };
      const fromDays = await loadDashboard(db, options);
      const fromLog = await loadDashboard(db, { ...options, fromLog: true });
      expect(fromDays.read.interactions, preset).toBeGreaterThan(0);
      expect(fromDays, preset).toEqual(fromLog);
    }
  });

  it('rebuilds the day rows first when they are missing, saying how far it got', async () => {
    await demo(false);
    await db.dashboardPacked.clear();
    const rebuilt: number[] = [];
    const options = { ...periodFor('all', NOW), now: NOW, noReplyDays: 2 };
    const view = await loadDashboard(db, { ...options, onRebuild: (read) => rebuilt.push(read) });
    expect(rebuilt.at(-1)).toBe(await db.interactions.count());
    expect(view).toEqual(await loadDashboard(db, { ...options, fromLog: true }));
  });
});
