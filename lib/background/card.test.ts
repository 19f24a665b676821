import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '../db/db';
import { createContact } from '../db/book';
import { logInteraction } from '../interactions/log';
import { feedHead, readFeed, trimFeed, type FeedTable } from '../db/feed';
import { saveOrder } from '../value/orders';
import { PanelViewSchema, type PanelView } from '../messages';
import type { BackgroundService } from './service';
import { cardShows, touchesCard } from './card-shows';
import type { CardCount } from './card';
import { testService, gmailSender, panelSender } from '@/test/support/background-service';

const DAY = 86_400_000;
const NOW = 100 * DAY;
const gmailTab = gmailSender();
const panel = panelSender();

const opened = (messageId: string, from = 'hans@mueller-bau.de') => ({
  type: 'page/state',
  state: {
    kind: 'inquiry',
    inquiry: {
      webmail: 'gmail',
      account: 'rep@exporter.cn',
      threadId: `thread-${messageId}`,
      messageId,
      url: `https://mail.google.com/mail/u/0/#inbox/${messageId}`,
      from: { name: 'Hans Müller', email: from },
      subject: 'Price for LED panels',
      date: NOW - 3 * DAY,
      bodyText: 'Please quote 2000 pcs.',
      // The rep answered last: no "no reply yet" reminder, so only the test's writes touch the card.
      thread: [
        { from, date: NOW - 3 * DAY },
        { from: 'rep@exporter.cn', date: NOW - 2 * DAY },
      ],
    },
  },
});

let db: CrmDb;
let service: BackgroundService;
let views: PanelView[];
let originCalls: number;
let n = 0;

beforeEach(async () => {
  fakeBrowser.reset();
  db = openCrmDb(`card-test-${n++}`);
  views = [];
  originCalls = 0;
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const m = message as { type?: string; view?: unknown };
    if (m.type === 'panel/changed') views.push(PanelViewSchema.parse(m.view));
  });
  service = testService({
    db,
    enrichers: () => ({
      origin: () => {
        originCalls++;
        return null;
      },
      language: () => '',
    }),
    noReplyDays: async () => 2,
    notified: { get: async () => [], set: async () => undefined },
    now: () => NOW,
    log: () => undefined,
  });
});
afterEach(async () => {
  await db.delete();
});

/** Reads the feed as the background does after a write, and waits for the card work it asked for. */
async function settle(): Promise<void> {
  await service.followFeed();
  await service.view();
}

async function counts(): Promise<Record<string, CardCount>> {
  return (await service.handle({ type: 'card/counts' }, panel)) as Record<string, CardCount>;
}

describe('one card per opened message', () => {
  it('builds the card once, reads only its origin again when the headers come, and ignores a repeated report', async () => {
    const { contact } = await createContact(db, { name: 'Hans Müller', email: 'hans@mueller-bau.de' });
    await service.followFeed();
    await service.handle(opened('msg-1'), gmailTab);
    await service.handle(opened('msg-1'), gmailTab);
    await service.handle(
      { type: 'page/raw', messageId: 'msg-1', raw: 'Received: from a by b; d\r\n' },
      gmailTab,
    );
    await settle();
    expect(await counts()).toEqual({
      'msg-1': { opens: 1, builds: 1, origins: 1, updates: 0, unchanged: 0 },
    });
    // The origin was read twice in all (the build, the headers), the rest of the card once.
    expect(originCalls).toBe(2);
    expect(views.map((v) => v.card?.contact?.id)).toEqual([contact.id, contact.id]);
    const view = PanelViewSchema.parse(await service.handle({ type: 'panel/get' }, panel));
    expect(view).toEqual(views.at(-1));
  });

  it('updates the open card once per write to a record it shows, and not for writes elsewhere', async () => {
    const { contact, company } = await createContact(db, {
      name: 'Hans Müller',
      email: 'hans@mueller-bau.de',
    });
    const other = await createContact(db, { name: 'Ann Lee', email: 'ann@bolt.co.uk' });
    await service.followFeed();
    await service.handle(opened('msg-1'), gmailTab);
    await settle();
    const log = (companyId: string | undefined, contactId: string, summary: string) =>
      logInteraction(
        db,
        {
          companyId,
          contactId,
          direction: 'in',
          channel: 'email',
          at: NOW,
          subject: 's',
          summary,
          intent: 'price-inquiry',
          outcome: '',
        },
        NOW,
      );

    await log(other.company!.id, other.contact.id, 'Bolt asks for a catalogue');
    await saveOrder(db, {
      companyId: other.company!.id,
      date: '1970-04-01',
      amount: 500,
      currency: 'USD',
      status: 'paid',
    });
    await settle();
    expect((await counts())['msg-1']).toMatchObject({ builds: 1, updates: 0 });

    await log(company!.id, contact.id, 'Hans wants the PI by Friday');
    await settle();
    expect((await counts())['msg-1']).toMatchObject({ builds: 1, updates: 1 });
    expect(
      views.at(-1)?.card?.timeline.map((e) => e.kind === 'interaction' && e.interaction.summary),
    ).toEqual(['Hans wants the PI by Friday']);

    await saveOrder(db, {
      companyId: company!.id,
      date: '1970-04-01',
      amount: 900,
      currency: 'EUR',
      status: 'paid',
    });
    await settle();
    expect((await counts())['msg-1']).toMatchObject({ builds: 1, updates: 2 });
    expect(views.at(-1)?.card?.orderSummary.count).toBe(1);

    await db.companies.update(company!.id, { name: 'Müller Bau GmbH' });
    await settle();
    expect((await counts())['msg-1']).toMatchObject({ opens: 1, builds: 1, updates: 3 });
    expect(views.at(-1)?.card?.company?.name).toBe('Müller Bau GmbH');
  });

  it("updates a new sender's card when a contact is made for them, from any context", async () => {
    await service.handle(opened('msg-2', 'kari@nordlys.no'), gmailTab);
    await settle();
    expect(views.at(-1)?.card?.contact).toBeNull();
    await createContact(db, { name: 'Kari Nordmann', email: 'kari@nordlys.no' });
    await settle();
    expect(views.at(-1)?.card?.contact?.name).toBe('Kari Nordmann');
    expect((await counts())['msg-2']).toMatchObject({ builds: 1, updates: 1 });
  });

  it('builds again for another message, and for a message opened again', async () => {
    await service.handle(opened('msg-1'), gmailTab);
    await service.handle(opened('msg-2'), gmailTab);
    await service.handle(opened('msg-1'), gmailTab);
    await settle();
    const all = await counts();
    expect(all['msg-1']).toMatchObject({ opens: 2, builds: 2 });
    expect(all['msg-2']?.opens).toBe(1);
    expect(views.at(-1)?.card?.inquiry.messageId).toBe('msg-1');
  });
});

describe('touchesCard', () => {
  it('decides from the entries: companies and keys the card shows, and new records that belong on it', async () => {
    const { contact, company } = await createContact(db, {
      name: 'Hans Müller',
      email: 'hans@mueller-bau.de',
    });
    await service.handle(opened('msg-1'), gmailTab);
    await settle();
    const shows = cardShows(views.at(-1)!.card!);
    const entry = (
      table: FeedTable,
      keys: string[],
      companyIds: string[] = [],
      op: 'put' | 'delete' = 'put',
    ) => ({ table, op, keys, companyIds, all: false });
    expect(await touchesCard(db, [entry('orders', ['o1'], [company!.id])], shows)).toBe(true);
    expect(await touchesCard(db, [entry('orders', ['o2'], ['elsewhere'])], shows)).toBe(false);
    expect(await touchesCard(db, [entry('contacts', [contact.id])], shows)).toBe(true);
    expect(await touchesCard(db, [entry('settings', ['currentRepId'])], shows)).toBe(false);
    expect(await touchesCard(db, [{ ...entry('interactions', []), all: true }], shows)).toBe(true);
    // A reminder raised on the card's thread for no company: read to decide.
    await trimFeed(db, await feedHead(db));
    await db.reminders.add({
      id: 'r1',
      kind: 'no-reply',
      dueAt: NOW,
      title: 't',
      threadId: 'thread-msg-1',
      done: 0,
      ownerRepId: 'rep',
      authorRepId: 'rep',
      createdAt: NOW,
      updatedAt: NOW,
    });
    const [written] = await readFeed(db);
    expect(written?.companyIds).toEqual([]);
    expect(await touchesCard(db, [written!], shows)).toBe(true);
  });
});
