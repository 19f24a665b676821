import type { CrmDb } from './db';
import type {
  Channel,
  Company,
  Contact,
  Direction,
  Intent,
  Interaction,
  LostReason,
  Reminder,
  Rep,
} from './types';
import { companyNameFromDomain, isFreeMailDomain, normalizeEmail, registrableDomain } from '../domains';
import { newId } from './ids';

// Writes to the book that the side panel and options page make. Every write goes
// through here (never straight to a table from a click handler), in one
// transaction per user action, so an action either happens whole or not at all.

const CURRENT_REP_KEY = 'currentRepId';
const DAY_MS = 86_400_000;

export { newId };

/** The rep using this browser; created on first use so every record has an author. */
export async function currentRep(db: CrmDb, now = Date.now()): Promise<Rep> {
  return db.transaction('rw', db.settings, db.reps, async () => {
    const setting = await db.settings.get(CURRENT_REP_KEY);
    const existing = typeof setting?.value === 'string' ? await db.reps.get(setting.value) : undefined;
    if (existing) return existing;
    // No name yet (the pages show a translated placeholder); the mailbox's name part fills it later.
    const rep: Rep = { id: newId(), name: '', role: 'rep', createdAt: now };
    await db.reps.add(rep);
    await db.settings.put({ key: CURRENT_REP_KEY, value: rep.id });
    return rep;
  });
}

/**
 * The rep using this browser, read only, or undefined before `currentRep` first ran.
 * Safe inside a live query (which refuses read-write transactions, so cannot create the rep).
 */
export async function readCurrentRep(db: CrmDb): Promise<Rep | undefined> {
  const setting = await db.settings.get(CURRENT_REP_KEY);
  return typeof setting?.value === 'string' ? db.reps.get(setting.value) : undefined;
}

export async function renameRep(db: CrmDb, repId: string, name: string): Promise<void> {
  if (!(await db.reps.update(repId, { name: name.trim() }))) throw new Error('not-found');
}

/** Fills in the rep's mailbox address the first time the webmail shows it. */
export async function noteRepMailbox(db: CrmDb, account: string): Promise<void> {
  const email = normalizeEmail(account);
  if (!email) return;
  // Read first: this runs on every email opened, and is a write only the first time.
  const known = await readCurrentRep(db);
  if (known?.email) return;
  const rep = await currentRep(db);
  if (!rep.email)
    await db.reps.update(rep.id, {
      email,
      // 'Me' was the first builds' stored default.
      name: !rep.name || rep.name === 'Me' ? email.split('@')[0]! : rep.name,
    });
}

export async function setCurrentRep(db: CrmDb, repId: string): Promise<void> {
  if (!(await db.reps.get(repId))) throw new Error(`No rep ${repId}`);
  await db.settings.put({ key: CURRENT_REP_KEY, value: repId });
}

export interface NewContactInput {
  name: string;
  email: string;
  /** Company to attach to; when absent and the domain is a company domain, one is found or created. */
  companyId?: string;
  companyName?: string;
  country?: string;
  source?: Company['source'];
  phones?: string[];
}

/**
 * Creates a contact for an unknown sender. The company is the existing one that
 * owns the address's domain, or a new one named after the domain; free-mail
 * domains never become companies (a gmail.com sender gets a company only when
 * the rep names one).
 */
export async function createContact(
  db: CrmDb,
  input: NewContactInput,
  now = Date.now(),
): Promise<{ contact: Contact; company: Company | null }> {
  const email = normalizeEmail(input.email);
  if (!email) throw new Error('invalid-email');
  const rep = await currentRep(db, now);
  return db.transaction('rw', db.contacts, db.companies, async () => {
    const existing = await db.contacts.where('emails').equals(email).first();
    if (existing) {
      const company = existing.companyId ? ((await db.companies.get(existing.companyId)) ?? null) : null;
      return { contact: existing, company };
    }
    const domain = registrableDomain(email);
    const companyDomain = domain && !isFreeMailDomain(domain) ? domain : '';
    let company: Company | null = null;
    if (input.companyId) company = (await db.companies.get(input.companyId)) ?? null;
    if (!company && companyDomain)
      company = (await db.companies.where('domains').equals(companyDomain).first()) ?? null;
    const companyName =
      input.companyName?.trim() || (companyDomain ? companyNameFromDomain(companyDomain) : '');
    if (!company && companyName) {
      company = {
        id: newId(),
        name: companyName,
        domains: companyDomain ? [companyDomain] : [],
        country: input.country,
        source: input.source ?? 'email',
        ownerRepId: rep.id,
        authorRepId: rep.id,
        tags: [],
        notes: '',
        createdAt: now,
        updatedAt: now,
      };
      await db.companies.add(company);
    }
    const contact: Contact = {
      id: newId(),
      companyId: company?.id,
      name: input.name.trim() || email.split('@')[0]!,
      emails: [email],
      phones: input.phones ?? [],
      authorRepId: rep.id,
      createdAt: now,
      updatedAt: now,
    };
    await db.contacts.add(contact);
    return { contact, company };
  });
}

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
      reminder = {
        id: newId(),
        kind: 'follow-up',
        dueAt: input.followUpAt,
        title: input.subject || input.summary.slice(0, 120),
        companyId: input.companyId,
        contactId: input.contactId,
        threadId: input.threadId || undefined,
        interactionId: interaction.id,
        url: input.url || undefined,
        done: 0,
        ownerRepId: rep.id,
        authorRepId: rep.id,
        createdAt: now,
        updatedAt: now,
      };
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
    await db.reminders.filter((r) => r.interactionId === id).delete();
    await db.interactions.delete(id);
  });
}

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

async function closeNoReply(db: CrmDb, threadId: string, now: number): Promise<void> {
  await db.reminders
    .where('threadId')
    .equals(threadId)
    .filter((r) => r.kind === 'no-reply' && r.done === 0)
    .modify({ done: 1, updatedAt: now });
}

export interface ThreadSeen {
  threadId: string;
  url: string;
  subject: string;
  /** The mailbox owner's address, to tell our messages from theirs. */
  account: string;
  /** The conversation's messages, oldest first. */
  messages: { from: string; date: number }[];
  companyId?: string;
  contactId?: string;
  /**
   * False when the newest message is not one the rep owes an answer to (a colleague's, an
   * automated or list message; see `replyExpected` in lib/background/service.ts): no reminder
   * is raised, and an open one closes.
   */
  needsReply?: boolean;
}

/**
 * A "no reply yet" reminder that would have fallen due longer ago than this is archive mail
 * the rep is browsing: none is raised (one already open stays, the rep has not dealt with it).
 */
export const STALE_NO_REPLY_MS = 30 * DAY_MS;

/**
 * Keeps the "no reply yet" reminder of a conversation in step with what the
 * webmail shows: when the newest message is inbound, a reminder falls due
 * `days` after it; when the rep has answered (newest message is ours), it closes.
 */
export async function trackReply(db: CrmDb, seen: ThreadSeen, days: number, now = Date.now()): Promise<void> {
  const account = normalizeEmail(seen.account);
  const last = seen.messages.at(-1);
  if (!seen.threadId || !last || !account || !last.date) return;
  const answered = normalizeEmail(last.from) === account;
  const rep = await currentRep(db, now);
  await db.transaction('rw', db.reminders, db.interactions, async () => {
    if (answered) return closeNoReply(db, seen.threadId, now);
    // Logging an outbound contact after the last inbound message also counts as an answer.
    const loggedAnswer = await db.interactions
      .where('threadId')
      .equals(seen.threadId)
      .filter((i) => i.direction === 'out' && i.at >= last.date)
      .count();
    if (loggedAnswer > 0 || seen.needsReply === false) return closeNoReply(db, seen.threadId, now);
    const dueAt = last.date + days * DAY_MS;
    const open = await db.reminders
      .where('threadId')
      .equals(seen.threadId)
      .filter((r) => r.kind === 'no-reply')
      .toArray();
    const current = open.find((r) => r.done === 0);
    if (current) {
      if (current.dueAt !== dueAt) await db.reminders.update(current.id, { dueAt, updatedAt: now });
      return;
    }
    // A reminder the rep already closed for this very message stays closed.
    if (open.some((r) => r.dueAt === dueAt)) return;
    if (dueAt < now - STALE_NO_REPLY_MS) return;
    await db.reminders.add({
      id: newId(),
      kind: 'no-reply',
      dueAt,
      title: seen.subject,
      companyId: seen.companyId,
      contactId: seen.contactId,
      threadId: seen.threadId,
      url: seen.url || undefined,
      done: 0,
      ownerRepId: rep.id,
      authorRepId: rep.id,
      createdAt: now,
      updatedAt: now,
    });
  });
}
