import { COMPLAINT_QUIET_DAYS } from '../rules';
import type { Thread, ThreadFigures } from '../threads';
import { DAY_MS, type Period } from '../types';
import { packColumns, unpackColumns, type PackedColumns } from './packed';

// The facts of whole threads the first view's figures read (scorecard, sources,
// customer picture), packed by week: the step after the day rows (days.ts).
//
// The day rows hand a period every interaction of its days, and the period builds
// its threads again from them (with LOOKBACK_DAYS of look-back): a year is 300k
// threads built from a million records on every visit. A thread's figures need
// only a few times of its whole history, so they can be kept per thread instead:
// - its inquiry (first inbound inquiry) and first response after it;
// - its complaint: the first and last inbound complaint, and our first reply after the last;
// - its outcome (order or lost), when, and after how many messages;
// - its first and last message, its message count, rep and customer.
//
// A thread in a period: the figures keep their definitions (threads.ts and each
// figure's file), each counted by the time of its own event, over the thread's
// WHOLE history: responsiveness counts the threads whose inquiry falls in the
// period, complaint handling those whose first complaint does, messages-to-resolve
// those whose outcome does, and the sources table those whose inquiry does. With
// facts of whole threads, an inquiry answered after the look-back (a reply 20 days
// on) is answered, where a period's window cut it off.
//
// A fact is filed under the week of the thread's LAST message, so the facts of a
// period [from, to) are all in the weeks from `from`'s on (a thread's events all
// fall between its first and last message), and a thread that grows moves to its
// new last week. What is stored is numbers and a small dictionary per week (no
// per-interaction record): a year of 300k threads is a few dozen rows.
//
// A complaint's state depends on the day it is read (COMPLAINT_QUIET_DAYS after our
// reply), so the fact keeps the reply's time and the state is derived when read.

/** One thread's kept facts. */
export interface ThreadFact {
  key: string;
  repId: string;
  companyId?: string;
  firstAt: number;
  lastAt: number;
  messages: number;
  inquiryAt?: number;
  respondedAt?: number;
  complaintAt?: number;
  lastComplaintAt?: number;
  complaintReplyAt?: number;
  outcomeKind?: 'order' | 'lost';
  outcomeAt?: number;
  outcomeMessages?: number;
}

export type { ThreadFigures };

export const WEEK_MS = 7 * DAY_MS;

/** The week a fact is filed under: ⌊last message / 1 week⌋. */
export function weekOf(fact: Pick<ThreadFact, 'lastAt'>): number {
  return Math.floor(fact.lastAt / WEEK_MS);
}

/** The facts of a thread built from its whole history (threads.ts buildThreads). */
export function threadFactOf(t: Thread): ThreadFact {
  const fact: ThreadFact = {
    key: t.key,
    repId: t.repId,
    firstAt: t.firstAt,
    lastAt: t.lastAt,
    messages: t.messages,
  };
  if (t.companyId) fact.companyId = t.companyId;
  if (t.inquiry) {
    fact.inquiryAt = t.inquiry.at;
    if (t.inquiry.respondedAt !== undefined) fact.respondedAt = t.inquiry.respondedAt;
  }
  if (t.complaint) {
    fact.complaintAt = t.complaint.at;
    fact.lastComplaintAt = t.complaint.lastComplaintAt;
    if (t.complaint.replyAt !== undefined) fact.complaintReplyAt = t.complaint.replyAt;
  }
  if (t.outcome) {
    fact.outcomeKind = t.outcome.kind;
    fact.outcomeAt = t.outcome.at;
    fact.outcomeMessages = t.outcome.messages;
  }
  return fact;
}

const NUMERIC = [
  'firstAt',
  'lastAt',
  'messages',
  'inquiryAt',
  'respondedAt',
  'complaintAt',
  'lastComplaintAt',
  'complaintReplyAt',
  'outcomeAt',
  'outcomeMessages',
] as const satisfies readonly (keyof ThreadFact)[];
const STRINGS = ['key', 'repId', 'companyId', 'outcomeKind'] as const satisfies readonly (keyof ThreadFact)[];

/** One week's facts as stored: numbers in one typed array, ids in a dictionary (packed.ts). */
export interface PackedWeek {
  week: number;
  facts: PackedColumns;
}

/** Packs one week's facts (in any order; read back in the same order). */
export function packWeek(week: number, facts: readonly ThreadFact[]): PackedWeek {
  const columns: Record<string, unknown[]> = {};
  for (const field of [...NUMERIC, ...STRINGS]) columns[field] = facts.map((f) => f[field]);
  return { week, facts: packColumns(columns, NUMERIC, STRINGS) };
}

/** The facts of a packed week, as they were packed. */
export function unpackWeek(row: PackedWeek): ThreadFact[] {
  const columns = unpackColumns(row.facts, NUMERIC, STRINGS);
  const out: ThreadFact[] = [];
  for (let i = 0; i < row.facts.n; i++) {
    const fact: Record<string, unknown> = {};
    for (const field of [...NUMERIC, ...STRINGS]) {
      const v = columns[field]![i];
      if (v !== undefined) fact[field] = v;
    }
    out.push(fact as unknown as ThreadFact);
  }
  return out;
}

/** Files facts by week (weekOf), each week's facts in the order given. */
export function packWeeks(facts: readonly ThreadFact[]): PackedWeek[] {
  const weeks = new Map<number, ThreadFact[]>();
  for (const fact of facts) {
    const week = weekOf(fact);
    let list = weeks.get(week);
    if (!list) weeks.set(week, (list = []));
    list.push(fact);
  }
  return [...weeks.entries()].sort(([a], [b]) => a - b).map(([week, list]) => packWeek(week, list));
}

/** The first week whose facts may hold an event of a period starting at `from`. */
export function firstWeekFor(from: number): number {
  return Math.floor(from / WEEK_MS);
}

/**
 * The threads with activity in `period` (a message in [from, to), threads.ts activeIn) from
 * packed weeks, as the figures read them on `now`. Straight from the packed columns: no
 * object is made for a thread outside the period, and no string but the ones the figures read.
 */
export function threadFiguresOfWeeks(
  rows: readonly PackedWeek[],
  period: Period,
  now: number,
  into: ThreadFigures[] = [],
): ThreadFigures[] {
  const first = firstWeekFor(period.from);
  const [
    iFirst,
    iLast,
    iMessages,
    iInquiry,
    iResponded,
    iComplaint,
    iLastComplaint,
    iReply,
    iOutcome,
    iOutcomeMessages,
  ] = NUMERIC.map((_, k) => k);
  const [sKey, sRep, sCompany, sKind] = STRINGS.map((_, k) => k);
  const quiet = COMPLAINT_QUIET_DAYS * DAY_MS;
  for (const row of rows) {
    if (row.week < first) continue;
    const { n, nums, refs, text, ends } = row.facts;
    if (n === 0) continue;
    // Dictionary entries made once each, when first read.
    const entries = new Array<string | undefined>(ends.length + 1);
    const str = (f: number, i: number): string | undefined => {
      const k = refs[f * n + i]!;
      if (k === 0) return undefined;
      let v = entries[k];
      if (v === undefined) entries[k] = v = text.slice(k === 1 ? 0 : ends[k - 2]!, ends[k - 1]!);
      return v;
    };
    for (let i = 0; i < n; i++) {
      const lastAt = nums[iLast! * n + i]!;
      const firstAt = nums[iFirst! * n + i]!;
      if (lastAt < period.from || firstAt >= period.to) continue;
      const t: ThreadFigures = {
        key: str(sKey!, i)!,
        repId: str(sRep!, i)!,
        firstAt,
        lastAt,
        messages: nums[iMessages! * n + i]!,
      };
      const companyId = str(sCompany!, i);
      if (companyId !== undefined) t.companyId = companyId;
      const inquiryAt = nums[iInquiry! * n + i]!;
      if (!Number.isNaN(inquiryAt)) {
        const respondedAt = nums[iResponded! * n + i]!;
        t.inquiry = Number.isNaN(respondedAt) ? { at: inquiryAt } : { at: inquiryAt, respondedAt };
      }
      const complaintAt = nums[iComplaint! * n + i]!;
      if (!Number.isNaN(complaintAt)) {
        const lastComplaintAt = nums[iLastComplaint! * n + i]!;
        const replyAt = nums[iReply! * n + i]!;
        const replied = !Number.isNaN(replyAt);
        t.complaint = {
          at: complaintAt,
          lastComplaintAt: Number.isNaN(lastComplaintAt) ? complaintAt : lastComplaintAt,
          ...(replied ? { replyAt } : {}),
          state: !replied ? 'open' : now - replyAt >= quiet ? 'resolved' : 'pending',
        };
      }
      const outcomeAt = nums[iOutcome! * n + i]!;
      const kind = Number.isNaN(outcomeAt) ? undefined : str(sKind!, i);
      if (kind === 'order' || kind === 'lost') {
        const messages = nums[iOutcomeMessages! * n + i]!;
        t.outcome = { kind, at: outcomeAt, messages: Number.isNaN(messages) ? 0 : messages };
      }
      into.push(t);
    }
  }
  return into;
}
