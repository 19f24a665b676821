import { Dexie } from 'dexie';
import type { CrmDb } from '../db/db';
import type { Company, Contact, Order, Reminder } from '../db/types';
import { companyFromSignature } from './signature';
import { companyNameFromDomain, isFreeMailDomain, normalizeEmail, registrableDomain } from '../domains';
import type { EmailInquiry, Mailbox } from '../email';
import type { Origin } from '../origin/schema';
import type { LookalikeIndex } from '../risk/lookalike';
import type { Risk } from '../risk/schema';
import { isCountedOrder } from '../value/model';
import type { CustomerValue } from '../value/schema';
import type { Card, OrderSummary, TimelineEntry } from './card';
import { BookIndex } from './facts';

/** What risk scoring learns from the book about this sender. */
export interface BookFacts {
  /** No contact, company or logged interaction knows this sender yet. */
  firstContact: boolean;
  /** Some company or contact already uses the sender's domain. */
  domainSeenBefore: boolean;
  /** Every company domain in the book (for look-alike checks), best prepared once as an index. */
  knownCompanyDomains: readonly string[] | LookalikeIndex;
}

/**
 * The analyses that fill the card's slots. Passed in so the background can hand
 * over the loaded IP database and the parsed headers, and tests can run the
 * matching alone.
 */
export interface Enrichers {
  /** Cached book-wide lookups; without one, the indexes are read for this email alone. */
  bookIndex?: BookIndex;
  origin?: (inquiry: EmailInquiry) => Origin | null;
  risk?: (inquiry: EmailInquiry, origin: Origin | null, facts: BookFacts) => Risk | null;
  value?: (db: CrmDb, companyId: string) => Promise<CustomerValue | null>;
  language?: (text: string) => string;
}

/** The other party of a message: the sender if it came in, the first recipient if the rep sent it. */
export function counterpartOf(inquiry: EmailInquiry): { counterpart: Mailbox; direction: 'in' | 'out' } {
  const account = normalizeEmail(inquiry.account);
  const from = normalizeEmail(inquiry.from.email);
  if (account && from === account) {
    const to = inquiry.to.find((m) => normalizeEmail(m.email) !== account) ?? inquiry.to[0];
    if (to) return { counterpart: { name: to.name, email: normalizeEmail(to.email) }, direction: 'out' };
  }
  return { counterpart: { name: inquiry.from.name, email: from }, direction: 'in' };
}

export async function findContact(db: CrmDb, email: string): Promise<Contact | null> {
  if (!email) return null;
  return (await db.contacts.where('emails').equals(email).first()) ?? null;
}

export async function findCompanyByDomain(db: CrmDb, domain: string): Promise<Company | null> {
  if (!domain || isFreeMailDomain(domain)) return null;
  return (await db.companies.where('domains').equals(domain).first()) ?? null;
}

export function summarizeOrders(orders: readonly Order[]): OrderSummary {
  const totals: Record<string, number> = {};
  let lastOrderAt: number | undefined;
  let count = 0;
  for (const order of orders) {
    if (!isCountedOrder(order.status)) continue;
    count += 1;
    totals[order.currency] = (totals[order.currency] ?? 0) + order.amount;
    if (lastOrderAt === undefined || order.date > lastOrderAt) lastOrderAt = order.date;
  }
  return { count, totals, lastOrderAt };
}

/**
 * Builds the card for an open email: contact by address, then company by
 * (public-suffix aware) domain, then none; the whole timeline newest first;
 * order summary; whether this message or thread is already logged; open
 * reminders; and the origin, risk and value slots from the enrichers.
 */
export async function enrichInquiry(
  db: CrmDb,
  inquiry: EmailInquiry,
  /** The analyses, or their promise: the book is read while they are made ready (headers, IP database). */
  enrichersReady: Enrichers | Promise<Enrichers> = {},
): Promise<Card> {
  const { counterpart, direction } = counterpartOf(inquiry);
  const domain = registrableDomain(counterpart.email);
  const freeMail = isFreeMailDomain(domain);

  // The analyses are usually ready by the time the book's first answers come back (they wait for
  // nothing but the headers in memory): then the value slot's read and the work that needs only
  // the message (its origin and language: a few ms of trigram counting) run while the card's
  // second round of reads is in the database, not after it.
  let ready: Enrichers | null = null;
  const enrichersAsked = Promise.resolve(enrichersReady).then((enrichers) => (ready = enrichers));
  enrichersAsked.catch(() => undefined);
  let early: { origin: Origin | null; language: string } | null = null;
  const message = (enrichers: Enrichers) => ({
    origin: enrichers.origin?.(inquiry) ?? null,
    language: enrichers.language?.(`${inquiry.subject}\n${inquiry.bodyText}`) ?? '',
  });

  // Every record the card shows, read in one read-only transaction: one round of the database's
  // bookkeeping instead of one per lookup, on tables no long background job holds for writing.
  const records = await db.transaction(
    'r',
    [db.contacts, db.companies, db.interactions, db.orders, db.reminders],
    async () => {
      // Two rounds of reads, not five in a row: what needs only the message (whether it is
      // logged) starts at once, and the sender's domain's company is read beside the contact,
      // as it is most often the contact's own company.
      const loggedAsked = findLogged(db, inquiry);
      const [contact, byDomain] = await Promise.all([
        findContact(db, counterpart.email),
        findCompanyByDomain(db, domain),
      ]);
      let company: Company | null = null;
      if (contact?.companyId)
        company =
          byDomain?.id === contact.companyId
            ? byDomain
            : ((await db.companies.get(contact.companyId)) ?? null);
      let matchedBy: Card['match'] = contact ? 'contact' : 'none';
      if (!company) {
        company = byDomain;
        if (company && !contact) matchedBy = 'domain';
      }

      const secondRound = Promise.all([
        company
          ? db.interactions
              .where('[companyId+at]')
              .between([company.id, -Infinity], [company.id, Infinity])
              .toArray()
          : contact
            ? db.interactions
                .where('[contactId+at]')
                .between([contact.id, -Infinity], [contact.id, Infinity])
                .toArray()
            : Promise.resolve([]),
        company
          ? db.orders
              .where('[companyId+date]')
              .between([company.id, -Infinity], [company.id, Infinity])
              .toArray()
          : Promise.resolve([]),
        loggedAsked,
        openRemindersOf(db, company?.id, contact?.id, inquiry.threadId),
      ]);
      // The value row is read in a transaction of its own (the valuation writes value rows; the
      // card's records are on tables no long job writes). Handed out with the records, so
      // nothing here is awaited outside this transaction's zone.
      const enrichers: Enrichers | null = ready;
      let valueAsked: Promise<CustomerValue | null> | null = null;
      if (enrichers) {
        const value = enrichers.value;
        if (company && value) {
          const companyId = company.id;
          valueAsked = Dexie.ignoreTransaction(() => value(db, companyId));
          valueAsked.catch(() => undefined);
        }
        early = message(enrichers);
      }
      const [interactions, orders, logged, openReminders] = await secondRound;
      return { contact, company, matchedBy, interactions, orders, logged, openReminders, valueAsked };
    },
  );
  const { contact, company, matchedBy, interactions, orders, logged, openReminders } = records;

  const timeline: TimelineEntry[] = [
    ...interactions.map(
      (interaction): TimelineEntry => ({ kind: 'interaction', at: interaction.at, interaction }),
    ),
    ...orders.map((order): TimelineEntry => ({ kind: 'order', at: order.date, order })),
  ].sort((a, b) => b.at - a.at);

  const enrichers = await enrichersAsked;
  // Else the value slot's read goes to the database while the origin and risk are worked out here.
  let valueAsked = records.valueAsked;
  if (!early && company && enrichers.value) {
    valueAsked = enrichers.value(db, company.id);
    valueAsked.catch(() => undefined);
  }
  const { origin, language } = early ?? message(enrichers);
  const risk = await assessRisk(
    db,
    inquiry,
    origin,
    { contact, company, interactionCount: interactions.length, domain, freeMail },
    enrichers,
  );
  const value = valueAsked ? await valueAsked : null;

  return {
    inquiry,
    counterpart,
    direction,
    match: matchedBy,
    contact,
    company,
    domain,
    freeMail,
    suggestedCompanyName:
      !company && domain && !freeMail
        ? companyFromSignature(inquiry.bodyText, domain) || companyNameFromDomain(domain)
        : null,
    timeline,
    orderSummary: summarizeOrders(orders),
    loggedInteractionId: logged,
    openReminders,
    language,
    origin,
    risk,
    value,
  };
}

/** What the risk slot needs to know of the card's match. */
interface Matched {
  contact: Contact | null;
  company: Company | null;
  interactionCount: number;
  domain: string;
  freeMail: boolean;
}

/** The risk slot: the enrichers' risk from the origin and what the book knows of this sender. */
async function assessRisk(
  db: CrmDb,
  inquiry: EmailInquiry,
  origin: Origin | null,
  { contact, company, interactionCount, domain, freeMail }: Matched,
  enrichers: Enrichers,
): Promise<Risk | null> {
  if (!enrichers.risk) return null;
  const index = enrichers.bookIndex ?? new BookIndex(db);
  const facts: BookFacts = {
    firstContact: !contact && !company && interactionCount === 0,
    domainSeenBefore: freeMail ? contact !== null : company !== null || (await index.hasContactOn(domain)),
    // A sender on the matched company's own domain imitates no one: skip building the index.
    knownCompanyDomains: company?.domains.includes(domain) ? [] : await index.lookalikes(),
  };
  if (!enrichers.bookIndex) index.dispose();
  return enrichers.risk(inquiry, origin, facts) ?? null;
}

/**
 * A built card with its origin read again from the message's raw headers, which webmails like
 * Gmail give a moment after the page: only the origin slot and the risk that weighs it change,
 * nothing else of the card is read again.
 */
export async function withOrigin(db: CrmDb, card: Card, enrichers: Enrichers): Promise<Card> {
  const origin = enrichers.origin?.(card.inquiry) ?? null;
  const interactionCount = card.timeline.filter((entry) => entry.kind === 'interaction').length;
  const risk = await assessRisk(db, card.inquiry, origin, { ...card, interactionCount }, enrichers);
  return { ...card, origin, risk };
}

/**
 * The open reminders of the card's company, contact and thread, soonest first, each once: three
 * indexed reads of the few reminders each has, never a read of every open reminder in the book.
 */
async function openRemindersOf(
  db: CrmDb,
  companyId: string | undefined,
  contactId: string | undefined,
  threadId: string,
): Promise<Reminder[]> {
  const [byCompany, byContact, byThread] = await Promise.all([
    companyId ? db.reminders.where('companyId').equals(companyId).toArray() : [],
    contactId ? db.reminders.where('contactId').equals(contactId).toArray() : [],
    threadId ? db.reminders.where('threadId').equals(threadId).toArray() : [],
  ]);
  const open = new Map<string, Reminder>();
  for (const reminder of [...byCompany, ...byContact, ...byThread])
    if (reminder.done === 0) open.set(reminder.id, reminder);
  return [...open.values()].sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The interaction that logged the open message. "Logged" is about this message: a thread logged
 * at an earlier message (the rep's quote) whose newest message is still unanswered is not logged.
 * By the thread only when the webmail gives no message id, or for a log made at or after this
 * message arrived (the rep logged the thread's answer).
 */
async function findLogged(db: CrmDb, inquiry: EmailInquiry): Promise<string | null> {
  if (inquiry.messageId) {
    const byMessage = await db.interactions.where('messageId').equals(inquiry.messageId).first();
    if (byMessage) return byMessage.id;
  }
  if (inquiry.threadId) {
    const inThread = await db.interactions.where('threadId').equals(inquiry.threadId).toArray();
    const covering = inThread.find((i) => !inquiry.messageId || !inquiry.date || i.at >= inquiry.date);
    if (covering) return covering.id;
  }
  return null;
}
