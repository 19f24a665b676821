import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { createContact } from '../db/book';
import { trackReply } from '../reminders/noReply';
import { openReminders } from '../reminders/reminders';
import { deleteInteraction, logInteraction, updateInteraction } from './log';
import { seenThread } from '@/test/support/threads';

const DAY = 86_400_000;
let db: CrmDb;
let n = 0;
beforeEach(async () => {
  db = openCrmDb(`log-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('logging a contact', () => {
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
});

describe('an answer logged by hand', () => {
  const NOW = 13 * DAY;
  const seen = seenThread;

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
});
