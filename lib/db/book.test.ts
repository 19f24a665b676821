import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from './db';
import {
  createContact,
  currentRep,
  deleteInteraction,
  logInteraction,
  noteRepMailbox,
  openReminders,
  STALE_NO_REPLY_MS,
  trackReply,
  updateInteraction,
} from './book';

const DAY = 86_400_000;
let db: CrmDb;
let n = 0;
beforeEach(async () => {
  db = openCrmDb(`book-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('book writes', () => {
  it('creates one rep for this browser and reuses it', async () => {
    const a = await currentRep(db);
    const b = await currentRep(db);
    expect(b.id).toBe(a.id);
    expect(await db.reps.count()).toBe(1);
  });

  it('stores no English default name, and names the rep after the mailbox once seen', async () => {
    expect((await currentRep(db)).name).toBe('');
    await noteRepMailbox(db, 'Li.Wei@Exporter.cn');
    expect(await currentRep(db)).toMatchObject({ name: 'li.wei', email: 'li.wei@exporter.cn' });
  });

  it('logs a contact with a follow-up reminder, and deleting the log removes its reminder', async () => {
    const { contact, company } = await createContact(db, { name: 'Hans', email: 'hans@mueller-bau.de' });
    const { interaction, reminder } = await logInteraction(db, {
      companyId: company!.id,
      contactId: contact.id,
      threadId: 'th',
      direction: 'in',
      channel: 'email',
      at: DAY,
      subject: 'Price for LED panels',
      summary: 'wants FOB price',
      intent: 'price-inquiry',
      outcome: '',
      followUpAt: 3 * DAY,
    });
    expect(reminder).toMatchObject({
      kind: 'follow-up',
      dueAt: 3 * DAY,
      done: 0,
      interactionId: interaction.id,
    });
    expect((await openReminders(db)).map((r) => r.id)).toEqual([reminder!.id]);
    await deleteInteraction(db, interaction.id);
    expect(await db.interactions.count()).toBe(0);
    expect(await openReminders(db)).toEqual([]);
  });

  it('edits a logged contact, keeping who logged it and when', async () => {
    const { interaction } = await logInteraction(
      db,
      {
        direction: 'in',
        channel: 'email',
        at: 5 * DAY,
        subject: 'Samples',
        summary: 'wants samples',
        intent: 'sample-request',
        outcome: '',
      },
      5 * DAY,
    );
    await updateInteraction(
      db,
      interaction.id,
      { summary: 'wants 3 samples, pays courier', intent: 'order', outcome: 'PI sent' },
      6 * DAY,
    );
    expect(await db.interactions.get(interaction.id)).toEqual({
      ...interaction,
      summary: 'wants 3 samples, pays courier',
      intent: 'order',
      outcome: 'PI sent',
      updatedAt: 6 * DAY,
    });
    // Saving the same text again is no error; a deleted one is.
    await updateInteraction(db, interaction.id, { summary: 'wants 3 samples, pays courier' }, 6 * DAY);
    await deleteInteraction(db, interaction.id);
    await expect(updateInteraction(db, interaction.id, { summary: 'x' })).rejects.toThrow('not-found');
  });

  it('adds the second address of a known contact to nobody else', async () => {
    const first = await createContact(db, { name: 'Hans', email: 'hans@mueller-bau.de' });
    const again = await createContact(db, { name: 'Hans M', email: 'HANS@mueller-bau.de' });
    expect(again.contact.id).toBe(first.contact.id);
    expect(await db.contacts.count()).toBe(1);
  });

  it('rejects an invalid address', async () => {
    await expect(createContact(db, { name: 'x', email: 'nope' })).rejects.toThrow('invalid-email');
  });
});

describe('no reply yet', () => {
  const NOW = 13 * DAY;
  const seen = (messages: { from: string; date: number }[]) => ({
    threadId: 't1',
    url: 'https://mail.google.com/mail/u/0/#inbox/t1',
    subject: 'Inquiry',
    account: 'me@exporter.cn',
    messages,
  });

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

  it('counts a logged outbound contact as an answer', async () => {
    await trackReply(db, seen([{ from: 'buyer@acme.de', date: 10 * DAY }]), 2, NOW);
    await logInteraction(db, {
      threadId: 't1',
      direction: 'out',
      channel: 'phone',
      at: 10.5 * DAY,
      subject: '',
      summary: 'called back',
      intent: 'follow-up',
      outcome: '',
    });
    expect(await openReminders(db)).toEqual([]);
    await trackReply(db, seen([{ from: 'buyer@acme.de', date: 10 * DAY }]), 2, NOW);
    expect(await openReminders(db)).toEqual([]);
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
