import type { CrmDb } from '../db/db';
import { currentRep } from '../db/book';
import { newId } from '../db/ids';
import type { Channel, Direction, Intent, Interaction, LostReason, Reminder } from '../db/types';
import { closeNoReply, deleteFollowUps, followUpReminder } from '../reminders/reminders';

// Logging a contact with the customer: the interaction, the follow-up it asks
// for and the "no reply yet" reminder an answer closes, in one transaction.

export interface LogInput {
  companyId?: string;
  contactId?: string;
  threadId?: string;
  messageId?: string;
  url?: string;
  direction: Direction;
  channel: Channel;
  at: number;
  subject: string;
  summary: string;
  intent: Intent;
  outcome: string;
  lostReason?: LostReason;
  /** When set, a follow-up reminder is due then. */
  followUpAt?: number;
}

/** Time from the last inbound message of the thread (or company) before `at` to an outbound reply. */
async function responseTime(db: CrmDb, input: LogInput): Promise<number | undefined> {
  if (input.direction !== 'out') return undefined;
  const earlier = input.threadId
    ? await db.interactions.where('threadId').equals(input.threadId).toArray()
    : input.companyId
      ? await db.interactions
          .where('[companyId+at]')
          .between([input.companyId, 0], [input.companyId, input.at], true, false)
          .toArray()
      : [];
  const lastInbound = earlier
    .filter((i) => i.direction === 'in' && i.at <= input.at)
    .reduce<
      number | undefined
    >((latest, i) => (latest === undefined || i.at > latest ? i.at : latest), undefined);
  return lastInbound === undefined ? undefined : input.at - lastInbound;
}

/** Logs one contact with the customer, and its follow-up reminder, in one transaction. */
export async function logInteraction(
  db: CrmDb,
  input: LogInput,
  now = Date.now(),
): Promise<{ interaction: Interaction; reminder: Reminder | null }> {
  const rep = await currentRep(db, now);
  return db.transaction('rw', db.interactions, db.reminders, async () => {
    const interaction: Interaction = {
      id: newId(),
      companyId: input.companyId,
      contactId: input.contactId,
      threadId: input.threadId || undefined,
      messageId: input.messageId || undefined,
      url: input.url || undefined,
      direction: input.direction,
      channel: input.channel,
      at: input.at,
      subject: input.subject,
      summary: input.summary,
      intent: input.intent,
      outcome: input.outcome,
      lostReason: input.lostReason,
      repId: rep.id,
      authorRepId: rep.id,
      responseTimeMs: await responseTime(db, input),
      createdAt: now,
      updatedAt: now,
    };
    await db.interactions.add(interaction);
    // An answer closes the thread's "no reply yet" reminder.
    if (input.direction === 'out' && input.threadId) await closeNoReply(db, input.threadId, now);
    let reminder: Reminder | null = null;
    if (input.followUpAt) {
      reminder = followUpReminder(
        { ...input, dueAt: input.followUpAt, title: input.subject || input.summary.slice(0, 120) },
        interaction.id,
        rep.id,
        now,
      );
      await db.reminders.add(reminder);
    }
    return { interaction, reminder };
  });
}

export type InteractionEdit = Partial<
  Pick<
    Interaction,
    'summary' | 'intent' | 'outcome' | 'direction' | 'channel' | 'at' | 'lostReason' | 'subject'
  >
>;

export async function updateInteraction(
  db: CrmDb,
  id: string,
  edit: InteractionEdit,
  now = Date.now(),
): Promise<void> {
  const changed = await db.interactions.update(id, { ...edit, updatedAt: now });
  if (!changed && !(await db.interactions.get(id))) throw new Error('not-found');
}

/** Deletes a logged interaction and the follow-up reminders it created. */
export async function deleteInteraction(db: CrmDb, id: string): Promise<void> {
  await db.transaction('rw', db.interactions, db.reminders, async () => {
    await deleteFollowUps(db, id);
    await db.interactions.delete(id);
  });
}
