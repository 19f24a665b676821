import type { Channel, Direction, Intent } from '../db/types';
import { reopenUrl } from './reopenUrl';
import { COMPLAINT_QUIET_DAYS, INQUIRY_INTENTS } from './rules';
import { DAY_MS, type MetricInteraction } from './types';

// Logged interactions grouped into threads, and what each thread says about how
// the customer was served. A thread is:
// - every interaction with the same webmail thread id;
// - else, interactions of one company whose subjects match once reply and forward
//   prefixes are cut ("Re: PO 11" is "PO 11"): calls and chats logged about it too;
// - else (no company, or no subject) the interaction on its own.
//
// Per thread, in time order:
// - inquiry: its first inbound message whose intent is an inquiry (INQUIRY_INTENTS);
//   answered by the first outbound message after it (first-response time);
// - complaint: from its first inbound complaint; resolved when an outbound reply
//   follows the last inbound complaint and COMPLAINT_QUIET_DAYS pass with no new
//   one; pending while those days run; open with no reply;
// - outcome: the thread reached an order (an order-intent message confirmed by an
//   outbound message at or after it) or was lost (a lost reason logged), whichever
//   came first; `messages` counts the thread's interactions up to that point;
// - status: awaiting reply when the newest message is inbound, logged or not: the
//   newest logged one is inbound, or the webmail showed a newer message from the
//   customer that nothing answers yet (an open "no reply yet" reminder of the
//   thread, which closes when the rep answers or logs an answer), as the card says;
//   closed when the newest is ours and the thread reached an outcome or its
//   complaint is resolved; answered otherwise.

export type ThreadStatus = 'answered' | 'awaiting' | 'closed';

/** Where the whole thread can be read back from the database (lib/metrics/load.ts loadThreadTimeline). */
export type ThreadRef =
  | { kind: 'thread'; threadId: string }
  | { kind: 'subject'; companyId: string; subjectKey: string }
  | { kind: 'single'; interactionId: string };

export interface Thread {
  key: string;
  ref: ThreadRef;
  companyId?: string;
  /** The customer's side: the contact of the newest inbound message, else of any message. */
  contactId?: string;
  subject: string;
  /** The rep the thread belongs to: who logged its first inbound message (else its first message). */
  repId: string;
  /** Every rep who logged a message in it, in order of appearance. */
  repIds: string[];
  intents: Intent[];
  channels: Channel[];
  messages: number;
  firstAt: number;
  lastAt: number;
  lastDirection: Direction;
  /** The newest webmail link of the thread that may be opened (reopenUrl). */
  url?: string;
  inquiry?: { at: number; respondedAt?: number };
  complaint?: {
    at: number;
    lastComplaintAt: number;
    replyAt?: number;
    state: 'resolved' | 'pending' | 'open';
  };
  outcome?: { kind: 'order' | 'lost'; at: number; messages: number };
  status: ThreadStatus;
}

/** What the scorecard's thread figures, the sources and the trends read of a thread (kept per thread: lib/metrics/aggregates/threadFacts.ts). */
export type ThreadFigures = Pick<
  Thread,
  'key' | 'repId' | 'companyId' | 'firstAt' | 'lastAt' | 'messages' | 'inquiry' | 'complaint' | 'outcome'
>;

const PREFIX =
  /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|rv|antw|odp)(?:\[\d+\])?\s*[:：]|(?:回复|答复|回覆|转发|轉寄)\s*[:：]?)\s*/i;

/** The subject without reply/forward prefixes, case and spacing: what "the same subject" means. */
export function subjectKey(subject: string): string {
  let s = subject;
  for (let previous = ''; previous !== s; ) {
    previous = s;
    s = s.replace(PREFIX, '');
  }
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The thread an interaction belongs to (see the rules at the top of this file). */
export function threadRefOf(x: MetricInteraction): ThreadRef {
  if (x.threadId) return { kind: 'thread', threadId: x.threadId };
  const key = x.companyId ? subjectKey(x.subject) : '';
  if (x.companyId && key) return { kind: 'subject', companyId: x.companyId, subjectKey: key };
  return { kind: 'single', interactionId: x.id };
}

export function threadKeyOf(ref: ThreadRef): string {
  switch (ref.kind) {
    case 'thread':
      return `t:${ref.threadId}`;
    case 'subject':
      return `s:${ref.companyId}:${ref.subjectKey}`;
    case 'single':
      return `i:${ref.interactionId}`;
  }
}

/**
 * Webmail thread id → when the thread's newest message, from the customer, arrived while nothing
 * answers it yet (read from the open "no reply yet" reminders: lib/metrics/load.ts readUnanswered).
 */
export type UnansweredThreads = ReadonlyMap<string, number>;

/**
 * Groups interactions into threads; `now` decides whether a complaint's quiet days have passed,
 * `unanswered` which threads have a newer unanswered message than the ones logged.
 */
export function buildThreads(
  interactions: readonly MetricInteraction[],
  now: number,
  unanswered: UnansweredThreads = new Map(),
): Thread[] {
  // Most interactions carry a webmail thread id: they are grouped by it as it is, without a ref or
  // key built per interaction (a million of them make the garbage of an all-time view); the rest by
  // their key. Groups keep the order in which their first interaction came.
  type Group = { ref: ThreadRef; items: MetricInteraction[] };
  const byThreadId = new Map<string, Group>();
  const byKey = new Map<string, Group>();
  const groups: Group[] = [];
  for (const x of interactions) {
    let group = x.threadId ? byThreadId.get(x.threadId) : undefined;
    if (group) {
      group.items.push(x);
      continue;
    }
    const ref = threadRefOf(x);
    if (ref.kind === 'thread') {
      byThreadId.set(ref.threadId, (group = { ref, items: [x] }));
      groups.push(group);
      continue;
    }
    const key = threadKeyOf(ref);
    group = byKey.get(key);
    if (group) group.items.push(x);
    else {
      byKey.set(key, (group = { ref, items: [x] }));
      groups.push(group);
    }
  }
  const threads: Thread[] = [];
  for (const { ref, items } of groups) {
    const since = ref.kind === 'thread' ? unanswered.get(ref.threadId) : undefined;
    threads.push(summarise(threadKeyOf(ref), ref, items, now, since));
  }
  return threads;
}

function summarise(
  key: string,
  ref: ThreadRef,
  items: MetricInteraction[],
  now: number,
  unansweredSince: number | undefined,
): Thread {
  // Stable: interactions logged at the same moment keep their input order.
  let sorted = true;
  for (let k = 1; k < items.length && sorted; k++) sorted = items[k - 1]!.at <= items[k]!.at;
  if (!sorted) items.sort((a, b) => a.at - b.at);

  const repIds: string[] = [];
  const intents: Intent[] = [];
  const channels: Channel[] = [];
  let companyId: string | undefined;
  let contactId: string | undefined;
  let inboundContact: string | undefined;
  let firstInboundRep: string | undefined;
  let subject = '';
  let url: string | undefined;
  let inquiryIndex = -1;
  let respondedAt: number | undefined;
  let firstComplaintAt: number | undefined;
  let lastComplaintIndex = -1;
  let orderIndex = -1;
  let outcome: Thread['outcome'];

  for (let k = 0; k < items.length; k++) {
    const x = items[k]!;
    if (!repIds.includes(x.repId)) repIds.push(x.repId);
    if (!intents.includes(x.intent)) intents.push(x.intent);
    if (!channels.includes(x.channel)) channels.push(x.channel);
    companyId ??= x.companyId;
    contactId ??= x.contactId;
    if (!subject && x.subject.trim()) subject = x.subject.trim();
    if (x.direction === 'in') {
      firstInboundRep ??= x.repId;
      if (x.contactId) inboundContact = x.contactId;
      if (inquiryIndex < 0 && INQUIRY_INTENTS.has(x.intent)) inquiryIndex = k;
      if (x.intent === 'complaint') {
        firstComplaintAt ??= x.at;
        lastComplaintIndex = k;
      }
    } else if (inquiryIndex >= 0 && respondedAt === undefined) {
      respondedAt = x.at;
    }
    if (!outcome) {
      if (orderIndex < 0 && x.intent === 'order') orderIndex = k;
      if (x.lostReason) outcome = { kind: 'lost', at: x.at, messages: k + 1 };
      else if (orderIndex >= 0 && x.direction === 'out')
        outcome = { kind: 'order', at: x.at, messages: k + 1 };
    }
  }

  // The newest link that may be opened: looked for from the newest message back, so a long thread
  // checks one or two addresses rather than every message's.
  for (let k = items.length - 1; k >= 0 && url === undefined; k--) url = reopenUrl(items[k]!.url);

  let complaint: Thread['complaint'];
  if (firstComplaintAt !== undefined) {
    const reply = items.slice(lastComplaintIndex + 1).find((x) => x.direction === 'out');
    const state = !reply ? 'open' : now - reply.at >= COMPLAINT_QUIET_DAYS * DAY_MS ? 'resolved' : 'pending';
    complaint = {
      at: firstComplaintAt,
      lastComplaintAt: items[lastComplaintIndex]!.at,
      ...(reply ? { replyAt: reply.at } : {}),
      state,
    };
  }

  const first = items[0]!;
  const last = items[items.length - 1]!;
  // A logged answer at or after the unanswered message answers it (the reminder closes on its next look).
  const awaiting = last.direction === 'in' || (unansweredSince !== undefined && unansweredSince > last.at);
  const status: ThreadStatus = awaiting
    ? 'awaiting'
    : outcome || complaint?.state === 'resolved'
      ? 'closed'
      : 'answered';
  return {
    key,
    ref,
    ...(companyId ? { companyId } : {}),
    ...((inboundContact ?? contactId) ? { contactId: inboundContact ?? contactId } : {}),
    subject,
    repId: firstInboundRep ?? first.repId,
    repIds,
    intents,
    channels,
    messages: items.length,
    firstAt: first.at,
    lastAt: last.at,
    lastDirection: last.direction,
    ...(url ? { url } : {}),
    ...(inquiryIndex >= 0
      ? {
          inquiry: {
            at: items[inquiryIndex]!.at,
            ...(respondedAt === undefined ? {} : { respondedAt }),
          },
        }
      : {}),
    ...(complaint ? { complaint } : {}),
    ...(outcome ? { outcome } : {}),
    status,
  };
}

/** Whether a thread had any activity in [from, to): its messages span part of the period. */
export function activeIn(thread: Pick<Thread, 'firstAt' | 'lastAt'>, from: number, to: number): boolean {
  return thread.lastAt >= from && thread.firstAt < to;
}
