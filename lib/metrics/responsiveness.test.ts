import { expect, it } from 'vitest';
import { interaction } from '../../test/support/value-book';
import { responsiveness } from './responsiveness';
import { buildThreads } from './threads';
import { DAY_MS } from './types';

const T0 = Date.UTC(2025, 2, 3, 8);
const H = 3_600_000;

it('takes the median and p90 of first responses and the share abandoned after N days', () => {
  const now = T0 + 10 * DAY_MS;
  const answeredIn = (thread: string, at: number, hours: number) => [
    interaction('c1', at, { threadId: thread, intent: 'price-inquiry' }),
    interaction('c1', at + hours * H, { threadId: thread, direction: 'out' }),
    // A second answer later does not change the first response.
    interaction('c1', at + (hours + 30) * H, { threadId: thread, direction: 'out' }),
  ];
  const threads = buildThreads(
    [
      ...answeredIn('a', T0, 2),
      ...answeredIn('b', T0 + DAY_MS, 4),
      ...answeredIn('c', T0 + 2 * DAY_MS, 10),
      // Unanswered, 8 days old at `now`: abandoned.
      interaction('c1', T0 + 2 * DAY_MS, { threadId: 'd', intent: 'sample-request' }),
      // Unanswered, 1 day old: not judged yet with N = 2.
      interaction('c1', now - DAY_MS, { threadId: 'e', intent: 'order' }),
      // Not an inquiry (a complaint), and an inquiry before the period: neither counts.
      interaction('c1', T0 + DAY_MS, { threadId: 'f', intent: 'complaint' }),
      interaction('c1', T0 - 5 * DAY_MS, { threadId: 'g', intent: 'price-inquiry' }),
    ],
    now,
  );
  // Inquiries in the period: a, b, c, d, e = 5; answered a, b, c in 2, 4, 10 h.
  // Median = 4 h. p90: position (3 − 1) × 0.9 = 1.8 → 4 + (10 − 4) × 0.8 = 8.8 h.
  // Judged (at least 2 days old): a, b, c, d = 4; abandoned: d → 1 / 4 = 0.25.
  const r = responsiveness(threads, { from: T0, to: now + 1 }, now, 2);
  expect(r.p90Ms! / H).toBeCloseTo(8.8, 9);
  expect(r).toEqual({
    inquiries: 5,
    answered: 3,
    medianMs: 4 * H,
    p90Ms: r.p90Ms,
    judged: 4,
    abandoned: 1,
    abandonment: 0.25,
  });
  // With N = 9 days a (10 days old) and b (exactly 9) are judged; both were answered: 0 abandoned.
  expect(responsiveness(threads, { from: T0, to: now + 1 }, now, 9)).toMatchObject({
    judged: 2,
    abandonment: 0,
  });
});

it('has no figure without inquiries', () => {
  expect(responsiveness([], { from: 0, to: 1 }, 1, 2)).toMatchObject({
    medianMs: null,
    p90Ms: null,
    abandonment: null,
  });
});
