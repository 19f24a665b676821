import { describe, expect, it } from 'vitest';
import { interaction } from '../../test/support/value-book';
import { buildThreads, subjectKey, threadKeyOf, threadRefOf } from './threads';
import { DAY_MS } from './types';

const T0 = Date.UTC(2025, 0, 6, 9);
const H = 3_600_000;

describe('subjectKey', () => {
  it('cuts reply and forward prefixes in several languages, case and spacing', () => {
    expect(subjectKey('Re: RE: Fwd:  PO 11')).toBe('po 11');
    expect(subjectKey('AW: WG: Angebot  LED')).toBe('angebot led');
    expect(subjectKey('回复：报价单')).toBe('报价单');
    expect(subjectKey('Re[2]: Samples')).toBe('samples');
    expect(subjectKey('Regarding samples')).toBe('regarding samples');
  });
});

describe('threads', () => {
  it('groups by thread id, else by company and subject, else alone', () => {
    const xs = [
      interaction('c1', T0, { id: 'a', threadId: 'T1', subject: 'Price list' }),
      interaction('c1', T0 + H, { id: 'b', threadId: 'T1', subject: 'Something else', direction: 'out' }),
      interaction('c1', T0, { id: 'c', subject: 'PO 11' }),
      interaction('c1', T0 + 2 * H, { id: 'd', subject: 'Re: po 11', channel: 'phone', direction: 'out' }),
      interaction('c2', T0, { id: 'e', subject: 'PO 11' }),
      interaction('c1', T0, { id: 'f', subject: '' }),
      { ...interaction('c1', T0, { id: 'g', subject: 'Hello' }), companyId: undefined },
    ];
    const keys = buildThreads(xs, T0 + DAY_MS)
      .map((t) => `${t.key}=${t.messages}`)
      .sort();
    expect(keys).toEqual(['i:f=1', 'i:g=1', 's:c1:po 11=2', 's:c2:po 11=1', 't:T1=2']);
    expect(threadKeyOf(threadRefOf(xs[3]!))).toBe('s:c1:po 11');
  });

  it('lists the threads in the order their first interaction comes, whatever kind they are', () => {
    const xs = [
      interaction('c1', T0, { id: 'a', subject: 'PO 11' }),
      interaction('c1', T0, { id: 'b', threadId: 'T1', subject: 'Price list' }),
      interaction('c1', T0, { id: 'c', subject: '' }),
      interaction('c1', T0 + H, { id: 'd', subject: 'Re: PO 11' }),
      interaction('c2', T0 + H, { id: 'e', threadId: 'T2', subject: 'x' }),
      interaction('c1', T0 + 2 * H, { id: 'f', threadId: 'T1', subject: 'y' }),
      interaction('c2', T0 + 2 * H, { id: 'g', subject: 'Samples' }),
    ];
    expect(buildThreads(xs, T0 + DAY_MS).map((t) => `${t.key}=${t.messages}`)).toEqual([
      's:c1:po 11=2',
      't:T1=2',
      'i:c=1',
      't:T2=1',
      's:c2:samples=1',
    ]);
  });

  it('reads the inquiry, its first response, the outcome and the status', () => {
    // in (price inquiry) at 0, out at +5 h, in (order) at +2 d, out at +2 d 1 h → reached an order
    // with 4 messages; the newest message is ours, so the thread is closed.
    const [t] = buildThreads(
      [
        interaction('c1', T0, {
          threadId: 'T',
          intent: 'price-inquiry',
          subject: 'LED panels',
          repId: 'ann',
        }),
        interaction('c1', T0 + 5 * H, { threadId: 'T', direction: 'out', repId: 'bob' }),
        interaction('c1', T0 + 2 * DAY_MS, { threadId: 'T', intent: 'order', repId: 'ann' }),
        interaction('c1', T0 + 2 * DAY_MS + H, {
          threadId: 'T',
          direction: 'out',
          intent: 'order',
          repId: 'bob',
        }),
      ],
      T0 + 10 * DAY_MS,
    );
    expect(t).toMatchObject({
      subject: 'LED panels',
      repId: 'ann',
      repIds: ['ann', 'bob'],
      intents: ['price-inquiry', 'other', 'order'],
      messages: 4,
      inquiry: { at: T0, respondedAt: T0 + 5 * H },
      outcome: { kind: 'order', at: T0 + 2 * DAY_MS + H, messages: 4 },
      status: 'closed',
    });
  });

  it('is awaiting reply when the newest message is inbound, answered when ours without an outcome', () => {
    const awaiting = buildThreads(
      [
        interaction('c1', T0, { threadId: 'A', intent: 'sample-request' }),
        interaction('c1', T0 + H, { threadId: 'A', direction: 'out' }),
        interaction('c1', T0 + 2 * H, { threadId: 'A', intent: 'follow-up' }),
      ],
      T0 + DAY_MS,
    )[0]!;
    expect(awaiting.status).toBe('awaiting');
    const answered = buildThreads(
      [
        interaction('c1', T0, { threadId: 'B', intent: 'price-inquiry' }),
        interaction('c1', T0 + H, { threadId: 'B', direction: 'out' }),
      ],
      T0 + DAY_MS,
    )[0]!;
    expect(answered.status).toBe('answered');
  });

  it('is awaiting reply when the webmail shows a newer unanswered message than the log, as the card says', () => {
    // The rep logged the quote (out) at +1 h; the customer's counter-offer came at +20 h and is
    // unanswered (an open "no reply yet" reminder): the thread awaits a reply, not "answered".
    const xs = [
      interaction('c1', T0, { threadId: 'Q', intent: 'price-inquiry' }),
      interaction('c1', T0 + H, { threadId: 'Q', direction: 'out' }),
    ];
    expect(buildThreads(xs, T0 + DAY_MS)[0]!.status).toBe('answered');
    expect(buildThreads(xs, T0 + DAY_MS, new Map([['Q', T0 + 20 * H]]))[0]!.status).toBe('awaiting');
    // Another thread's unanswered message says nothing about this one.
    expect(buildThreads(xs, T0 + DAY_MS, new Map([['other', T0 + 20 * H]]))[0]!.status).toBe('answered');
    // An answer logged after that message answers it, even before the reminder closes.
    const answeredLater = [...xs, interaction('c1', T0 + 21 * H, { threadId: 'Q', direction: 'out' })];
    expect(buildThreads(answeredLater, T0 + DAY_MS, new Map([['Q', T0 + 20 * H]]))[0]!.status).toBe(
      'answered',
    );
    // A thread that reached an order and got a new unanswered message awaits a reply too.
    const ordered = [
      interaction('c1', T0, { threadId: 'O', intent: 'order' }),
      interaction('c1', T0 + H, { threadId: 'O', direction: 'out', intent: 'order' }),
    ];
    expect(buildThreads(ordered, T0 + DAY_MS)[0]!.status).toBe('closed');
    expect(buildThreads(ordered, T0 + DAY_MS, new Map([['O', T0 + 5 * H]]))[0]!.status).toBe('awaiting');
  });

  it('resolves a complaint 14 days after our reply to its last complaint', () => {
    // Complaints at day 0 and day 3, our reply at day 4: resolved from day 18 on, pending before.
    const xs = [
      interaction('c1', T0, { threadId: 'C', intent: 'complaint' }),
      interaction('c1', T0 + 1 * DAY_MS, { threadId: 'C', direction: 'out' }),
      interaction('c1', T0 + 3 * DAY_MS, { threadId: 'C', intent: 'complaint' }),
      interaction('c1', T0 + 4 * DAY_MS, { threadId: 'C', direction: 'out', intent: 'complaint' }),
    ];
    const pending = buildThreads(xs, T0 + 17 * DAY_MS)[0]!;
    expect(pending.complaint).toEqual({
      at: T0,
      lastComplaintAt: T0 + 3 * DAY_MS,
      replyAt: T0 + 4 * DAY_MS,
      state: 'pending',
    });
    expect(pending.status).toBe('answered');
    const resolved = buildThreads(xs, T0 + 18 * DAY_MS)[0]!;
    expect(resolved.complaint?.state).toBe('resolved');
    expect(resolved.status).toBe('closed');
    const open = buildThreads(xs.slice(0, 3), T0 + 30 * DAY_MS)[0]!;
    expect(open.complaint?.state).toBe('open');
  });

  it('closes on a logged lost reason and keeps only webmail links', () => {
    const [t] = buildThreads(
      [
        interaction('c1', T0, {
          threadId: 'L',
          intent: 'price-inquiry',
          url: 'https://mail.google.com/mail/u/0/#inbox/L',
        }),
        interaction('c1', T0 + H, {
          threadId: 'L',
          direction: 'out',
          lostReason: 'price',
          url: 'javascript:alert(1)',
        }),
      ],
      T0 + DAY_MS,
    );
    expect(t).toMatchObject({
      outcome: { kind: 'lost', at: T0 + H, messages: 2 },
      status: 'closed',
      url: 'https://mail.google.com/mail/u/0/#inbox/L',
    });
  });

  it('sorts a thread logged out of order', () => {
    const [t] = buildThreads(
      [
        interaction('c1', T0 + H, { threadId: 'S', direction: 'out' }),
        interaction('c1', T0, { threadId: 'S', intent: 'order' }),
      ],
      T0 + DAY_MS,
    );
    expect(t).toMatchObject({ firstAt: T0, lastAt: T0 + H, inquiry: { at: T0, respondedAt: T0 + H } });
  });
});
