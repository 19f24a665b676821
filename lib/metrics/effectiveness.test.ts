import { expect, it } from 'vitest';
import { interaction } from '../../test/support/value-book';
import { communicationEffectiveness } from './effectiveness';
import { buildThreads } from './threads';
import { DAY_MS } from './types';

const T0 = Date.UTC(2025, 4, 5, 8);

it('takes the median of messages up to the order or the lost reason', () => {
  const x = (thread: string, day: number, extra: Parameters<typeof interaction>[2] = {}) =>
    interaction('c1', T0 + day * DAY_MS, { threadId: thread, ...extra });
  const threads = buildThreads(
    [
      // a: inquiry, quote, order, confirmation → an order after 4 messages (a later message does not count).
      x('a', 0, { intent: 'price-inquiry' }),
      x('a', 1, { direction: 'out' }),
      x('a', 2, { intent: 'order' }),
      x('a', 3, { direction: 'out', intent: 'order' }),
      x('a', 4, { intent: 'follow-up' }),
      // b: inquiry, answer → lost on price logged on the 3rd message.
      x('b', 0, { intent: 'sample-request' }),
      x('b', 1, { direction: 'out' }),
      x('b', 2, { lostReason: 'price' }),
      // c: inquiry answered, nothing settled: not counted.
      x('c', 0, { intent: 'price-inquiry' }),
      x('c', 1, { direction: 'out' }),
      // d: an order intent with no inquiry before it is itself the inquiry: 2 messages.
      x('d', 5, { intent: 'order' }),
      x('d', 6, { direction: 'out' }),
      // e: our own offer settled without any inbound inquiry: not an inquiry thread.
      x('e', 0, { direction: 'out', intent: 'order' }),
    ],
    T0 + 30 * DAY_MS,
  );
  // Counts 4 (a), 3 (b), 2 (d) → median 3.
  expect(communicationEffectiveness(threads, { from: T0, to: T0 + 30 * DAY_MS })).toEqual({
    resolvedInquiries: 3,
    orders: 2,
    lost: 1,
    medianMessages: 3,
  });
  // By the outcome's date: from day 4, only d (settled day 6) is in.
  expect(
    communicationEffectiveness(threads, { from: T0 + 4 * DAY_MS, to: T0 + 30 * DAY_MS }).medianMessages,
  ).toBe(2);
});
