import { expect, it } from 'vitest';
import { interaction } from '../../test/support/value-book';
import { outboundTimes } from './decline';
import { memoisedFacts, scorecard, trendSense } from './scorecard';
import { buildThreads } from './threads';
import { DAY_MS } from './types';

const T0 = Date.UTC(2025, 9, 1, 8);
const H = 3_600_000;
const settings = { baseCurrency: 'USD', rates: {}, defaultMargin: 0.2 };

it('compares each figure with the previous period of equal length', () => {
  const now = T0 + 20 * DAY_MS;
  const inquiry = (thread: string, at: number, replyHours: number) => [
    interaction('c1', at, { threadId: thread, intent: 'price-inquiry' }),
    interaction('c1', at + replyHours * H, { threadId: thread, direction: 'out' }),
  ];
  const interactions = [
    // Previous period [day 0, day 10): answered in 6 h and 10 h → median 8 h.
    ...inquiry('p1', T0 + DAY_MS, 6),
    ...inquiry('p2', T0 + 2 * DAY_MS, 10),
    // This period [day 10, day 20): answered in 2 h → median 2 h, 6 h faster.
    ...inquiry('c1', T0 + 12 * DAY_MS, 2),
  ];
  const threads = buildThreads(interactions, now);
  const figures = scorecard(
    {
      threads,
      declineSignals: [],
      outbound: outboundTimes(interactions),
      includeCompany: () => true,
      facts: memoisedFacts(interactions, [], settings),
    },
    { from: T0 + 10 * DAY_MS, to: now },
    { from: T0, to: T0 + 10 * DAY_MS },
    { now, noReplyDays: 2, settings },
  );
  const median = figures.find((f) => f.id === 'responseMedian')!;
  expect(median).toEqual({
    id: 'responseMedian',
    value: 2 * H,
    n: 1,
    previous: { value: 8 * H, n: 2 },
    delta: -6 * H,
  });
  expect(trendSense('responseMedian', median.delta)).toBe(1);
  // Channel diversity 1 → 1: no change. No orders: no golden share either period, so no delta.
  expect(figures.find((f) => f.id === 'channelDiversity')).toMatchObject({ value: 1, delta: 0 });
  expect(figures.find((f) => f.id === 'goldenShare')).toMatchObject({ value: null, delta: null });
});

it('reads a change as better or worse by the figure’s direction', () => {
  expect(trendSense('abandonment', 0.1)).toBe(-1);
  expect(trendSense('complaintResolved', 0.1)).toBe(1);
  expect(trendSense('channelDiversity', -0.5)).toBe(-1);
  expect(trendSense('goldenShare', 0.2)).toBe(0);
  expect(trendSense('responseP90', null)).toBe(0);
});
