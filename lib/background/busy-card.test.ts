import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '../db/db';
import { PanelViewSchema, type PanelView } from '../messages';
import { forgetValueCache, recomputeAll, recomputeCompany } from '../value/recompute';
import { createValueScheduler, type ValueScheduler } from '../value/scheduler';
import { createSlicer, yieldToLoop } from '../value/slices';
import { NOW, company, daysAgo, order } from '../../test/support/value-book';
import { storedValueFirst } from './enrichers';
import { type BackgroundService, type ServiceDeps } from './service';
import type { CardCount } from './card';
import { createForeground } from './foreground';
import { testService, gmailSender, panelSender } from '@/test/support/background-service';

// The card never queues behind a whole-book valuation: opened while one runs, it shows the
// company's last value row at once, and is updated once when the valuation is written.

const gmailTab = gmailSender('m1', 3);
const panel = panelSender();

const opened = {
  type: 'page/state',
  state: {
    kind: 'inquiry',
    inquiry: {
      webmail: 'gmail',
      account: 'rep@exporter.cn',
      threadId: 'thread-m1',
      messageId: 'm1',
      url: 'https://mail.google.com/mail/u/0/#inbox/m1',
      from: { name: 'Hans Müller', email: 'hans@acme.example' },
      subject: 'Reorder',
      date: NOW - 86_400_000,
      bodyText: 'Same as last time, please.',
      thread: [
        { from: 'hans@acme.example', date: NOW - 86_400_000 },
        { from: 'rep@exporter.cn', date: NOW - 3_600_000 },
      ],
    },
  },
};

let db: CrmDb;
let n = 0;
let values: ValueScheduler;
let service: BackgroundService;
let views: PanelView[];
/** The whole-book valuation, held until the test lets it go on. */
let started: () => void;
let valuationStarted: Promise<void>;
let letGo: () => void;
/** When set, the next value read waits for it (an update whose reads wait for the database). */
let holdValues: (() => Promise<void>) | null;
let askedValue: () => void;
let valueAsked: Promise<void>;

beforeEach(async () => {
  fakeBrowser.reset();
  db = openCrmDb(`busy-card-${n++}`);
  views = [];
  holdValues = null;
  valueAsked = new Promise((resolve) => (askedValue = resolve));
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const m = message as { type?: string; view?: unknown };
    if (m.type === 'panel/changed') views.push(PanelViewSchema.parse(m.view));
  });
  valuationStarted = new Promise((resolve) => (started = resolve));
  let held = true;
  letGo = () => (held = false);
  values = createValueScheduler(db, {
    now: () => NOW,
    // A valuation that holds the tables it writes (the ranking, the book's figures) until the
    // test lets it go on, as a real one holds them while it writes and its arithmetic runs.
    valueBook: async (book, at) => {
      await book.transaction('rw', book.valueSummaries, book.settings, async () => {
        // Told from outside the transaction, so the test's own reads do not run inside it.
        setTimeout(started, 0);
        while (held) await book.settings.get('held');
      });
      return recomputeAll(book, at);
    },
    onWholeBook: () => void service.valuesRevalued(),
  });
  service = testService({
    db,
    enrichers: () => ({
      value: async (book, companyId) => {
        const hold = holdValues;
        if (hold) {
          holdValues = null;
          askedValue();
          await hold();
        }
        return storedValueFirst(
          book,
          companyId,
          NOW,
          (change) => values.apply(change),
          () => values.valuing(),
        );
      },
      language: () => '',
    }),
    valuesIdle: () => values.idle(),
    noReplyDays: async () => 2,
    notified: { get: async () => [], set: async () => undefined },
    now: () => NOW,
    log: () => undefined,
  });
  // A valued book with the customer's row on record, then a big order the row does not know yet.
  await db.companies.bulkAdd([
    company('acme', { domains: ['acme.example'] }),
    ...Array.from({ length: 9 }, (_, i) => company(`other${i}`)),
  ]);
  await db.contacts.add({
    id: 'hans',
    name: 'Hans Müller',
    emails: ['hans@acme.example'],
    companyId: 'acme',
    phones: [],
    tags: [],
    notes: '',
    ownerRepId: 'rep-1',
    authorRepId: 'rep-1',
    createdAt: 0,
    updatedAt: 0,
  } as never);
  await db.orders.bulkAdd([
    order('acme', daysAgo(200), 1000),
    ...Array.from({ length: 9 }, (_, i) => order(`other${i}`, daysAgo(30 + i), 2000 + i * 100)),
  ]);
  await recomputeAll(db, NOW - 3_600_000);
  await recomputeCompany(db, 'acme', NOW - 3_600_000);
  await db.orders.add(order('acme', daysAgo(2), 90_000));
});
afterEach(async () => {
  letGo();
  await values.idle();
  forgetValueCache(db);
  await db.delete();
});

describe('a card opened while the background is busy', () => {
  it('shows at once with the last value row, and once more when the valuation is written', async () => {
    const before = (await db.companyValues.get('acme'))!;
    const valuation = values.runAll();
    await valuationStarted;
    expect(values.valuing()).toBe(true);

    // Were the card to wait for the valuation, this would never resolve: the valuation is held.
    // (The page's bookkeeping after the card, its "no reply yet" rule, may wait: not the card.)
    const handled = service.handle(opened, gmailTab);
    await service.view();
    expect(values.valuing()).toBe(true);
    expect(views).toHaveLength(1);
    expect(views[0]!.card?.company?.id).toBe('acme');
    expect(views[0]!.card?.value?.clv).toBe(before.clv);

    letGo();
    await Promise.all([valuation, handled]);
    await service.view();
    expect(values.valuing()).toBe(false);
    expect(views).toHaveLength(2);
    // The big order counts now.
    expect(views[1]!.card?.value?.clv).toBeGreaterThan(before.clv as number);
    const counts = (await service.handle({ type: 'card/counts' }, panel)) as Record<string, CardCount>;
    expect(counts.m1).toMatchObject({ opens: 1, builds: 1, updates: 1 });
  });

  it('shows without a value when the company has no row yet, and with it once valued', async () => {
    await db.companyValues.clear();
    const valuation = values.runAll();
    await valuationStarted;
    const handled = service.handle(opened, gmailTab);
    await service.view();
    expect(views).toHaveLength(1);
    expect(views[0]!.card?.company?.id).toBe('acme');
    expect(views[0]!.card?.value).toBeNull();

    letGo();
    await Promise.all([valuation, handled]);
    await service.view();
    expect(views.at(-1)!.card?.value?.tier).toBeDefined();
  });

  it('never queues a new card behind an update of the card the rep left', async () => {
    // The first card's update (after a valuation) reads a value that does not come yet.
    await service.handle(opened, gmailTab);
    await service.view();
    let release: () => void = () => undefined;
    const heldValue = new Promise<void>((resolve) => (release = resolve));
    holdValues = () => heldValue;
    void service.valuesRevalued();
    await valueAsked;
    // The rep opens another message from an unknown sender meanwhile: its card comes at once.
    const other = structuredClone(opened);
    other.state.inquiry.messageId = 'm2';
    other.state.inquiry.from = { name: 'Li Wei', email: 'li@newbuyer.example' };
    other.state.inquiry.thread = [];
    const handled = service.handle(other, gmailTab);
    // Were the new card to wait for the held update, this would never resolve.
    await new Promise<void>((resolve) => {
      const check = () =>
        views.some((v) => v.card?.inquiry.messageId === 'm2') ? resolve() : void setTimeout(check, 5);
      check();
    });
    expect(views.at(-1)!.card?.inquiry.messageId).toBe('m2');
    release();
    await handled;
    await service.view();
    // The update of the card the rep left was dropped, not shown over the new one.
    expect(views.at(-1)!.card?.inquiry.messageId).toBe('m2');
  });

  /** The background's card service, noting 'card asked' and 'card shown' in `events`. */
  function cardService(
    events: string[],
    foreground: ReturnType<typeof createForeground>,
    more: Partial<Awaited<ReturnType<ServiceDeps['enrichers']>>> = {},
  ) {
    fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
      if ((message as { type?: string }).type === 'panel/changed') events.push('card shown');
    });
    return testService({
      db,
      enrichers: () => {
        events.push('card asked');
        return { ...more, language: () => '' };
      },
      foreground,
      now: () => NOW,
    });
  }

  it('is built with no slice of the valuation between its reads: the valuation waits for it', async () => {
    const events: string[] = [];
    const foreground = createForeground();
    let sliced: () => void = () => undefined;
    const firstSlice = new Promise<void>((resolve) => (sliced = resolve));
    const scheduler = createValueScheduler(db, {
      now: () => NOW,
      // The background's valuation: every step a slice (a budget of 0), the open card first.
      valueBook: (book, at) =>
        recomputeAll(
          book,
          at,
          createSlicer(
            0,
            async () => {
              events.push('slice');
              sliced();
              await yieldToLoop();
            },
            undefined,
            foreground.held,
          ),
        ),
    });
    const card = cardService(events, foreground, {
      value: (book, companyId) =>
        storedValueFirst(
          book,
          companyId,
          NOW,
          () => undefined,
          () => scheduler.valuing(),
        ),
    });
    const valuation = scheduler.runAll();
    await firstSlice;
    await card.handle(opened, gmailTab);
    await valuation;
    const asked = events.indexOf('card asked');
    const shown = events.indexOf('card shown');
    expect(asked).toBeGreaterThan(events.indexOf('slice'));
    expect(shown).toBeGreaterThan(asked);
    // Not one slice while the card was built; the valuation went on once it was shown.
    expect(events.slice(asked, shown)).not.toContain('slice');
    expect(events.slice(shown)).toContain('slice');
  });
  it("is answered between two of the valuation's write transactions, before the next one", async () => {
    const events: string[] = [];
    const foreground = createForeground();
    const scheduler = createValueScheduler(db, {
      now: () => NOW,
      valueBook: (book, at) =>
        recomputeAll(book, at, createSlicer(0, yieldToLoop, undefined, foreground.held)),
    });
    const card = cardService(events, foreground);
    // A book whose results take several write transactions; the rep opens the email as the
    // first of them is written.
    await db.companies.bulkAdd(Array.from({ length: 120 }, (_, i) => company(`more${i}`)));
    const table = db.valueSummaries;
    const bulkPut = table.bulkPut.bind(table);
    let opening: Promise<unknown> | null = null;
    table.bulkPut = ((records: unknown[]) => {
      events.push('write');
      opening ??= card.handle(opened, gmailTab);
      return bulkPut(records as never);
    }) as typeof table.bulkPut;
    await scheduler.runAll();
    await opening;
    const asked = events.indexOf('card asked');
    const shown = events.indexOf('card shown');
    expect(asked).toBeGreaterThan(events.indexOf('write'));
    expect(shown).toBeGreaterThan(asked);
    expect(events.slice(asked, shown)).not.toContain('write');
    expect(events.slice(shown)).toContain('write');
  });
});
