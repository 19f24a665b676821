import type { CrmDb } from '../db/db';
import { currentRep } from '../db/book';
import { newId } from '../db/ids';
import { isFreeMailDomain, normalizeEmail, registrableDomain } from '../domains';
import type { EmailInquiry } from '../email';
import { firstHeader, type MailHeaders } from '../mail/parse';
import type { RiskLevel } from '../risk/schema';
import { closeNoReply } from './reminders';

// The "no reply yet" rule: which opened conversations the rep owes an answer, and
// the reminder that keeps it in view until the webmail or the book shows one.

const DAY_MS = 86_400_000;

/** Senders no person answers from: no-reply, bounce and notification addresses. */
const AUTOMATED_LOCAL_PART =
  /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?|notifications?|newsletters?)([-+_.].*)?$/i;

export function isAutomatedAddress(email: string): boolean {
  return AUTOMATED_LOCAL_PART.test(normalizeEmail(email).split('@')[0] ?? '');
}

/**
 * Whether a message's headers (parsed by lib/mail, so folded and repeated headers read as the
 * mail parser reads them) mark it as list, bulk or machine-sent mail: RFC 2369 List-*,
 * Precedence, RFC 3834 Auto-Submitted other than "no".
 */
export function hasBulkHeaders(headers: MailHeaders): boolean {
  if (firstHeader(headers, 'list-unsubscribe') !== undefined || firstHeader(headers, 'list-id') !== undefined)
    return true;
  const precedence = firstHeader(headers, 'precedence')?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return true;
  const auto = firstHeader(headers, 'auto-submitted')?.trim().toLowerCase();
  return auto !== undefined && auto !== '' && !auto.startsWith('no');
}

/** The bulk signs of a message's parsed header block; one the parser could not read shows none. */
export async function hasBulkHeadersOf(headers: Promise<MailHeaders | null> | undefined): Promise<boolean> {
  const parsed = await headers;
  return parsed ? hasBulkHeaders(parsed) : false;
}

/** What the card read of the open message that the rule needs. */
export interface OpenMessageSigns {
  /** Its raw headers mark it as list, bulk or machine-sent mail (`hasBulkHeaders`). */
  bulk: boolean;
  /** Its scam-risk level, when its card was built. */
  risk?: RiskLevel | null;
}

/**
 * Whether the newest message of an opened conversation is an inquiry the rep owes an answer,
 * so that it earns a "no reply yet" reminder. Not when it comes from
 * - the rep's own mailbox (then it is answered: trackReply closes the reminder),
 * - the rep's own company domain (a colleague; a free-mail domain like gmail.com is nobody's company),
 * - an automated address (noreply@, no-reply@, mailer-daemon@, bounce@, notifications@, newsletter@),
 * - list or bulk mail, by its raw headers when the webmail gives them (List-Unsubscribe, List-Id,
 *   Precedence: bulk/list/junk, Auto-Submitted other than "no"); Gmail's arrive shortly after the
 *   card, and close a reminder raised before they came,
 * - a sender whose open message the card scores high risk (a likely scam: the rep is warned, not
 *   nagged to answer, and no successor inherits the chase); the headers can raise the level when
 *   they come, and close a reminder raised before.
 * An unanswered message whose reminder fell due more than 30 days ago is archive mail and raises
 * none (STALE_NO_REPLY_MS), so browsing old mail never pops notifications.
 */
export function replyExpected(
  inquiry: EmailInquiry,
  last: { from: string; date: number },
  signs: OpenMessageSigns,
): boolean {
  const account = normalizeEmail(inquiry.account);
  const sender = normalizeEmail(last.from);
  if (!sender || sender === account) return false;
  const ownDomain = registrableDomain(account);
  if (ownDomain && !isFreeMailDomain(ownDomain) && registrableDomain(sender) === ownDomain) return false;
  if (isAutomatedAddress(sender)) return false;
  // The open message's signs speak for the newest one when the same sender wrote it: the
  // headers only when it is the very message, the risk (of the sender) for the whole thread.
  const sameSender = normalizeEmail(inquiry.from.email) === sender;
  if (sameSender && signs.risk === 'high') return false;
  const openIsLast = sameSender && (!last.date || inquiry.date === last.date);
  return !(signs.bulk && openIsLast);
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
   * automated or list message; see `replyExpected`): no reminder
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
