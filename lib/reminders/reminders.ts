import type { CrmDb } from '../db/db';
import type { Reminder } from '../db/types';
import { newId } from '../db/ids';

// The rep's reminders: follow-ups set when logging a contact, and "no reply yet"
// ones the reply tracker (noReply.ts) raises. Read and written here only.

export async function completeReminder(db: CrmDb, id: string, now = Date.now()): Promise<void> {
  await db.reminders.update(id, { done: 1, updatedAt: now });
}

export async function snoozeReminder(db: CrmDb, id: string, until: number, now = Date.now()): Promise<void> {
  await db.reminders.update(id, { dueAt: until, done: 0, updatedAt: now });
}

/** Open reminders, soonest first. */
export function openReminders(db: CrmDb): Promise<Reminder[]> {
  return db.reminders.where('[done+dueAt]').between([0, -Infinity], [0, Infinity]).toArray();
}

/** Closes a conversation's open "no reply yet" reminder (it was answered, or needs no answer). */
export async function closeNoReply(db: CrmDb, threadId: string, now: number): Promise<void> {
  await db.reminders
    .where('threadId')
    .equals(threadId)
    .filter((r) => r.kind === 'no-reply' && r.done === 0)
    .modify({ done: 1, updatedAt: now });
}

/** The reminders a logged contact set (its follow-ups), deleted with it. */
export async function deleteFollowUps(db: CrmDb, interactionId: string): Promise<void> {
  await db.reminders.filter((r) => r.interactionId === interactionId).delete();
}

/** The follow-up reminder a logged contact asks for, due when the rep said. */
export function followUpReminder(
  input: {
    dueAt: number;
    title: string;
    companyId?: string;
    contactId?: string;
    threadId?: string;
    url?: string;
  },
  interactionId: string,
  repId: string,
  now: number,
): Reminder {
  return {
    id: newId(),
    kind: 'follow-up',
    dueAt: input.dueAt,
    title: input.title,
    companyId: input.companyId,
    contactId: input.contactId,
    threadId: input.threadId || undefined,
    interactionId,
    url: input.url || undefined,
    done: 0,
    ownerRepId: repId,
    authorRepId: repId,
    createdAt: now,
    updatedAt: now,
  };
}
