import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '../db/db';
import { createContact, currentRep } from '../db/book';
import { reassignRep } from '../handover/reassign';
import { logInteraction } from '../interactions/log';
import type { BackgroundService } from './service';
import { PanelViewSchema } from '../messages';
import { testService, gmailSender, inquiryPageState, panelSender } from '@/test/support/background-service';

const DAY = 86_400_000;
const NOW = 100 * DAY;
const gmailTab = gmailSender();
const panel = panelSender();

const inquiryState = inquiryPageState({
  date: NOW - 3 * DAY,
  thread: [{ from: 'hans@mueller-bau.de', date: NOW - 3 * DAY }],
});

let db: CrmDb;
let service: BackgroundService;
let logs: string[];
let n = 0;

beforeEach(async () => {
  fakeBrowser.reset();
  db = openCrmDb(`service-test-${n++}`);
  logs = [];
  let notified: string[] = [];
  service = testService({
    db,
    notified: { get: async () => notified, set: async (ids) => void (notified = ids) },
    now: () => NOW,
    log: (m) => logs.push(m),
  });
});
afterEach(async () => {
  await db.delete();
});

describe('background service', () => {
  it("hands the card's analyses the headers the page sent, parsed, and none for another message", async () => {
    const seen: (string[] | null)[] = [];
    const withHeaders = testService({
      db,
      enrichers: (_inquiry, headers) => {
        seen.push(headers ? headers.map((h) => h.name) : null);
        return {};
      },
      now: () => NOW,
    });
    await withHeaders.handle({ type: 'page/state', state: inquiryState }, gmailTab);
    await withHeaders.handle(
      {
        type: 'page/raw',
        messageId: 'msg-1',
        raw: 'Received: from a ([8.8.8.8]) by b; d\r\nList-Id: <n.example>\r\n',
      },
      gmailTab,
    );
    await withHeaders.handle({ type: 'page/raw', messageId: 'msg-other', raw: 'X-Other: 1\r\n' }, gmailTab);
    // The card once without headers, then its origin once with them; another message's headers change nothing.
    expect(seen).toEqual([null, ['received', 'list-id']]);
  });

  it('shows the card of the email a webmail tab reports', async () => {
    await createContact(db, { name: 'Hans Müller', email: 'hans@mueller-bau.de' });
    await service.handle({ type: 'page/state', state: inquiryState }, gmailTab);
    const view = PanelViewSchema.parse(await service.handle({ type: 'panel/get' }, panel));
    expect(view.card?.contact?.name).toBe('Hans Müller');
    expect(view.card?.company?.name).toBe('Mueller Bau');
  });

  it('drops malformed messages and messages from the wrong sender, saying why', async () => {
    // A malformed page update from a webmail tab is not shown, and replaces the card (issue 16).
    expect(await service.handle({ type: 'page/state', state: { kind: 'inquiry' } }, gmailTab)).toEqual({
      ok: false,
    });
    expect(await service.view()).toMatchObject({ state: { kind: 'unreadable', field: 'message' } });
    expect(await service.handle({ type: 'nonsense' }, gmailTab)).toBeUndefined();
    // A page on another site cannot pose as a webmail content script.
    const evil = { ...gmailTab, url: 'https://evil.example/x' };
    expect(await service.handle({ type: 'page/state', state: inquiryState }, evil)).toBeUndefined();
    // A content script cannot ask for the panel's data: not a message of its schema.
    expect(await service.handle({ type: 'panel/get' }, gmailTab)).toBeUndefined();
    // Another extension cannot talk to us at all.
    expect(await service.handle({ type: 'panel/get' }, { ...panel, id: 'other-extension' })).toBeUndefined();
    // A page cannot pose as a content script, and its own messages are checked field by field.
    expect(await service.handle({ type: 'page/state', state: inquiryState }, panel)).toBeUndefined();
    expect(await service.handle({ type: 'compose/insert', text: 42 }, panel)).toBeUndefined();
    expect(logs).toHaveLength(7);
    expect(logs).toEqual([
      expect.stringMatching(/^dropped malformed page\/state from a content script: state\.inquiry /),
      expect.stringMatching(/^dropped malformed nonsense from a content script: type /),
      'dropped page/state: message from https://evil.example',
      expect.stringMatching(/^dropped malformed panel\/get from a content script: type /),
      'dropped panel/get: foreign extension',
      expect.stringMatching(/^dropped malformed page\/state from a page: type /),
      expect.stringMatching(/^dropped malformed compose\/insert from a page: text /),
    ]);
    expect(await db.reminders.count()).toBe(0);
  });

  it('raises a "no reply yet" reminder for an unanswered inquiry and schedules its alarm', async () => {
    await service.handle({ type: 'page/state', state: inquiryState }, gmailTab);
    // The reminder's write is in the change feed; reading it schedules the alarm.
    await service.followFeed();
    const [reminder] = await db.reminders.toArray();
    expect(reminder).toMatchObject({ kind: 'no-reply', dueAt: NOW - DAY, threadId: 'thread-1' });
    // Already overdue: the alarm fires right away, once.
    const alarm = await fakeBrowser.alarms.get(`reminder:${reminder!.id}`);
    expect(alarm?.scheduledTime).toBe(NOW + 1000);
    await service.onAlarm(`reminder:${reminder!.id}`, { title: 'Follow-up due', noReply: 'No reply yet' });
    const shown = await fakeBrowser.notifications.getAll();
    expect(shown[reminder!.id]).toMatchObject({ title: 'No reply yet', message: 'Price for LED panels' });
    await service.scheduleReminders();
    expect(await fakeBrowser.alarms.get(`reminder:${reminder!.id}`)).toBeUndefined();
  });

  it('schedules a follow-up at its time and opens the thread from the notification', async () => {
    const { reminder } = await logInteraction(db, {
      threadId: 'thread-1',
      url: 'https://mail.google.com/mail/u/0/#inbox/thread-1',
      direction: 'in',
      channel: 'email',
      at: NOW,
      subject: 'Samples',
      summary: '',
      intent: 'sample-request',
      outcome: '',
      followUpAt: NOW + 2 * DAY,
    });
    // A page's write wakes the background, which reads the feed: no message names what changed.
    await service.handle({ type: 'feed/written' }, panel);
    expect((await fakeBrowser.alarms.get(`reminder:${reminder!.id}`))?.scheduledTime).toBe(NOW + 2 * DAY);
    await service.onNotificationClicked(reminder!.id);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain('https://mail.google.com/mail/u/0/#inbox/thread-1');
  });

  it('follows the rep to the inbox and between tabs', async () => {
    await service.handle({ type: 'page/state', state: inquiryState }, gmailTab);
    await service.handle(
      { type: 'page/state', state: { kind: 'none', webmail: 'gmail' } },
      { ...gmailTab, tab: { id: 8 } },
    );
    let view = PanelViewSchema.parse(await service.handle({ type: 'panel/get' }, panel));
    expect(view.state?.kind).toBe('none');
    await service.onTabActivated(7);
    view = PanelViewSchema.parse(await service.handle({ type: 'panel/get' }, panel));
    expect(view.card?.inquiry.messageId).toBe('msg-1');
  });
});

describe('a closed webmail tab', () => {
  it('takes its card off the panel, and a closed background tab changes nothing', async () => {
    const sent: { view: unknown }[] = [];
    fakeBrowser.runtime.onMessage.addListener(
      (message: unknown) => void sent.push(message as { view: unknown }),
    );
    await service.handle({ type: 'page/state', state: inquiryState }, gmailTab);
    await service.handle(
      { type: 'page/state', state: { kind: 'none', webmail: 'gmail' } },
      { ...gmailTab, tab: { id: 8 } },
    );
    await service.onTabActivated(7);
    // Tab 8 closes in the background: the open card stays.
    await service.onTabRemoved(8);
    let view = PanelViewSchema.parse(await service.handle({ type: 'panel/get' }, panel));
    expect(view.card?.inquiry.messageId).toBe('msg-1');
    const before = sent.length;
    await service.onTabRemoved(7);
    view = PanelViewSchema.parse(await service.handle({ type: 'panel/get' }, panel));
    expect(view).toMatchObject({ tabId: null, state: null, card: null });
    // The open panel is told at once.
    expect(sent.length).toBe(before + 1);
    expect(PanelViewSchema.parse(sent.at(-1)!.view)).toMatchObject({ state: null, card: null });
  });
});

describe('a slow card', () => {
  it('never lands after the rep has moved on', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const sent: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((message: unknown) => void sent.push(message));
    let notified: string[] = [];
    const slowService = testService({
      db,
      // The card for the inquiry waits; the inbox view needs no card.
      enrichers: async () => {
        await slow;
        return {};
      },
      notified: { get: async () => notified, set: async (ids) => void (notified = ids) },
      now: () => NOW,
    });
    const opening = slowService.handle({ type: 'page/state', state: inquiryState }, gmailTab);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await slowService.handle({ type: 'page/state', state: { kind: 'none', webmail: 'gmail' } }, gmailTab);
    release();
    await opening;
    const views = sent
      .filter((m) => (m as { type: string }).type === 'panel/changed')
      .map((m) => PanelViewSchema.parse((m as { view: unknown }).view));
    expect(views.at(-1)?.state?.kind).toBe('none');
    expect(views.some((v) => v.card !== null)).toBe(false);
  });
});

describe('"no reply yet" only for inquiries the rep owes an answer', () => {
  const opened = (patch: { from?: string; account?: string; date?: number }) => {
    const from = patch.from ?? 'hans@mueller-bau.de';
    const date = patch.date ?? NOW - 3 * DAY;
    return {
      type: 'page/state',
      state: {
        kind: 'inquiry',
        inquiry: {
          ...inquiryState.inquiry,
          account: patch.account ?? inquiryState.inquiry.account,
          from: { name: '', email: from },
          date,
          thread: [{ from, date }],
        },
      },
    };
  };
  const openReminderIds = async () =>
    (await db.reminders.toArray()).filter((r) => r.done === 0).map((r) => r.id);

  it('raises none for automated senders, colleagues or archive mail', async () => {
    for (const from of [
      'noreply@alibaba.com',
      'no-reply@accounts.google.com',
      'MAILER-DAEMON@mx.exporter.cn',
    ])
      await service.handle(opened({ from }), gmailTab);
    // A colleague at the rep's own company, even on another subdomain.
    await service.handle(opened({ from: 'li.na@sales.exporter.cn' }), gmailTab);
    // Due 40 days ago: an old unanswered mail in the archive.
    await service.handle(opened({ date: NOW - 42 * DAY }), gmailTab);
    expect(await db.reminders.count()).toBe(0);
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    // Due 20 days ago is still a reminder, shown at once.
    await service.handle(opened({ date: NOW - 22 * DAY }), gmailTab);
    await service.followFeed();
    const [id] = await openReminderIds();
    expect((await fakeBrowser.alarms.get(`reminder:${id}`))?.scheduledTime).toBe(NOW + 1000);
  });

  it("treats a free-mail domain as nobody's company", async () => {
    await service.handle(opened({ account: 'rep.lighting@gmail.com', from: 'buyer.ng@gmail.com' }), gmailTab);
    expect(await openReminderIds()).toHaveLength(1);
  });

  it('closes the reminder when the raw headers show list mail', async () => {
    await service.handle(opened({}), gmailTab);
    const [id] = await openReminderIds();
    expect(id).toBeDefined();
    // A one-to-one mail's headers change nothing.
    await service.handle(
      { type: 'page/raw', messageId: 'msg-1', raw: 'From: hans@mueller-bau.de\r\nAuto-Submitted: no' },
      gmailTab,
    );
    expect(await openReminderIds()).toEqual([id]);
    await service.handle(
      {
        type: 'page/raw',
        messageId: 'msg-1',
        raw: 'From: hans@mueller-bau.de\r\nList-Unsubscribe: <mailto:u@list.mueller-bau.de>',
      },
      gmailTab,
    );
    expect(await openReminderIds()).toEqual([]);
    await service.followFeed();
    expect(await fakeBrowser.alarms.get(`reminder:${id}`)).toBeUndefined();
    // Opened again: the headers are known, and the reminder stays closed.
    await service.handle(opened({}), gmailTab);
    expect(await openReminderIds()).toEqual([]);
  });
});

describe('a high-risk message (issue 14)', () => {
  const high = {
    score: 95,
    level: 'high' as const,
    signals: [{ id: 'lookalike-domain', weight: 60, params: {} }],
  };
  const low = { score: 0, level: 'low' as const, signals: [] };
  const start = (risk: (headers: unknown) => typeof high | typeof low) =>
    testService({
      db,
      enrichers: (_inquiry, headers) => ({ risk: () => risk(headers) }),
      now: () => NOW,
      log: (m) => logs.push(m),
    });
  const openReminders = async () => (await db.reminders.toArray()).filter((r) => r.done === 0);

  it('raises no "no reply yet" reminder, so a successor inherits none', async () => {
    const scam = start(() => high);
    await scam.handle({ type: 'page/state', state: inquiryState }, gmailTab);
    const view = PanelViewSchema.parse(await scam.handle({ type: 'panel/get' }, panel));
    expect(view.card?.risk?.level).toBe('high');
    expect(await openReminders()).toEqual([]);
    // The rep leaves: everything of theirs goes to a successor, and no chase of the scam with it.
    const leaver = await currentRep(db);
    await db.reps.add({ id: 'rep-successor', name: 'Successor', role: 'rep', createdAt: NOW });
    await reassignRep(db, leaver.id, 'rep-successor', NOW);
    expect(await db.reminders.where('ownerRepId').equals('rep-successor').count()).toBe(0);
  });

  it('closes the reminder raised before the headers showed the message is high risk', async () => {
    const service = start((headers) => (headers ? high : low));
    await service.handle({ type: 'page/state', state: inquiryState }, gmailTab);
    expect(await openReminders()).toHaveLength(1);
    await service.handle(
      { type: 'page/raw', messageId: 'msg-1', raw: 'From: hans@mueller-bau.de\r\nSubject: Price' },
      gmailTab,
    );
    expect(await openReminders()).toEqual([]);
    // Opened again: still high, still closed.
    await service.handle({ type: 'page/state', state: inquiryState }, gmailTab);
    expect(await openReminders()).toEqual([]);
  });

  it('still raises one for a low-risk inquiry', async () => {
    const service = start(() => low);
    await service.handle({ type: 'page/state', state: inquiryState }, gmailTab);
    expect(await openReminders()).toHaveLength(1);
  });
});
