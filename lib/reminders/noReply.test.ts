import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { EmailInquirySchema } from '../email';
import { parseHeaderBlock } from '../mail/parse';
import { openReminders } from './reminders';
import { hasBulkHeaders, isAutomatedAddress, replyExpected, STALE_NO_REPLY_MS, trackReply } from './noReply';
import { seenThread } from '@/test/support/threads';

const DAY = 86_400_000;
let db: CrmDb;
let n = 0;
beforeEach(async () => {
  db = openCrmDb(`no-reply-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('no reply yet', () => {
  const NOW = 13 * DAY;
  const seen = seenThread;

  it('falls due N days after an unanswered inbound message and closes once answered', async () => {
    await trackReply(db, seen([{ from: 'buyer@acme.de', date: 10 * DAY }]), 2, NOW);
    let open = await openReminders(db);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'no-reply', dueAt: 12 * DAY });
    // Seeing the thread again changes nothing.
    await trackReply(db, seen([{ from: 'buyer@acme.de', date: 10 * DAY }]), 2, NOW);
    expect(await openReminders(db)).toHaveLength(1);
    await trackReply(
      db,
      seen([
        { from: 'buyer@acme.de', date: 10 * DAY },
        { from: 'me@exporter.cn', date: 11 * DAY },
      ]),
      2,
      NOW,
    );
    open = await openReminders(db);
    expect(open).toEqual([]);
  });

  it('raises none for a message that needs no answer, and closes one raised before', async () => {
    const buyer = seen([{ from: 'buyer@acme.de', date: 10 * DAY }]);
    await trackReply(db, { ...buyer, needsReply: false }, 2, NOW);
    expect(await db.reminders.count()).toBe(0);
    await trackReply(db, buyer, 2, NOW);
    expect(await openReminders(db)).toHaveLength(1);
    await trackReply(db, { ...buyer, needsReply: false }, 2, NOW);
    expect(await openReminders(db)).toEqual([]);
  });

  it('raises none for archive mail, but keeps one the rep has not dealt with', async () => {
    const buyer = seen([{ from: 'buyer@acme.de', date: 10 * DAY }]);
    await trackReply(db, buyer, 2, 12 * DAY + STALE_NO_REPLY_MS + 1);
    expect(await db.reminders.count()).toBe(0);
    await trackReply(db, buyer, 2, NOW);
    await trackReply(db, buyer, 2, 12 * DAY + STALE_NO_REPLY_MS + 1);
    expect(await openReminders(db)).toHaveLength(1);
  });
});

describe('the signs of mail that needs no answer', () => {
  it('reads the automated signs', () => {
    expect(isAutomatedAddress('do-not-reply+orders@made-in-china.com')).toBe(true);
    expect(isAutomatedAddress('notifications@linkedin.com')).toBe(true);
    expect(isAutomatedAddress('info@acme.de')).toBe(false);
    expect(isAutomatedAddress('noreen@acme.de')).toBe(false);
  });

  it('reads the bulk signs from the parsed headers, folded ones too, never from inside a header', async () => {
    const bulk = async (raw: string) => hasBulkHeaders(await parseHeaderBlock(raw));
    expect(await bulk('Subject: x\r\nPrecedence: bulk')).toBe(true);
    expect(await bulk('List-Id: <news.acme.de>')).toBe(true);
    expect(await bulk('List-Unsubscribe:\r\n <mailto:u@list.acme.de>')).toBe(true);
    expect(await bulk('Auto-Submitted: auto-replied')).toBe(true);
    expect(await bulk('Auto-Submitted: no\r\nSubject: List-Id: fake')).toBe(false);
    expect(await bulk('Subject: Precedence: bulk\r\nFrom: a@b.de')).toBe(false);
  });
});

describe('the reply the rep owes', () => {
  const inquiry = EmailInquirySchema.parse({
    webmail: 'gmail',
    account: 'rep@exporter.cn',
    threadId: 't1',
    messageId: 'm1',
    url: 'https://mail.google.com/mail/u/0/#inbox/t1',
    from: { name: 'Ahmed', email: 'ahmed@trade-global.biz' },
    to: [],
    cc: [],
    subject: 'Urgent order',
    date: 10 * DAY,
    bodyText: '',
    thread: [],
  });
  const last = { from: 'ahmed@trade-global.biz', date: 10 * DAY };

  it('is owed to a buyer, and not to a sender whose open message scores high risk', () => {
    expect(replyExpected(inquiry, last, { bulk: false, risk: 'low' })).toBe(true);
    expect(replyExpected(inquiry, last, { bulk: false, risk: 'medium' })).toBe(true);
    expect(replyExpected(inquiry, last, { bulk: false })).toBe(true);
    expect(replyExpected(inquiry, last, { bulk: false, risk: 'high' })).toBe(false);
    // An older message of the same scam sender open: the thread needs no answer either.
    expect(replyExpected(inquiry, { ...last, date: 12 * DAY }, { bulk: false, risk: 'high' })).toBe(false);
  });

  it("judges another sender's newest message by its own sender, not the open message's risk", () => {
    const colleagueOfBuyer = { from: 'sara@trade-global.biz', date: 12 * DAY };
    expect(replyExpected(inquiry, colleagueOfBuyer, { bulk: false, risk: 'high' })).toBe(true);
    expect(replyExpected(inquiry, colleagueOfBuyer, { bulk: true })).toBe(true);
  });
});
