import { expect, it } from 'vitest';
import { interaction } from '../../test/support/value-book';
import { declineReaction, declineSignals, outboundTimes, overdueAt } from './decline';
import { DAY_MS } from './types';

const T0 = Date.UTC(2025, 5, 2, 8);

it('times our next outbound contact after a lost reason or the customer turning overdue', () => {
  const period = { from: T0, to: T0 + 60 * DAY_MS };
  const now = T0 + 60 * DAY_MS;
  const interactions = [
    // A: lost reason logged on our own call on day 2; next outbound contact day 5 → 3 days.
    interaction('A', T0 + 2 * DAY_MS, {
      id: 'lost',
      direction: 'out',
      channel: 'phone',
      lostReason: 'price',
    }),
    interaction('A', T0 + 4 * DAY_MS, { direction: 'in' }),
    interaction('A', T0 + 5 * DAY_MS, { direction: 'out' }),
    // B: overdue on day 10 (below); we write on day 17 → 7 days.
    interaction('B', T0 + 1 * DAY_MS, { direction: 'out' }),
    interaction('B', T0 + 17 * DAY_MS, { direction: 'out', channel: 'meeting' }),
    // C: lost reason on day 20 and no contact since: not reacted.
    interaction('C', T0 + 20 * DAY_MS, { lostReason: 'competitor' }),
  ];
  const values = [
    // B: last order day −50, expected gap 30 days → overdue after max(30, 2 × 30) = 60 days: day 10.
    { companyId: 'B', computedAt: now, orderCount: 5, lastOrderAt: T0 - 50 * DAY_MS, gapDays: 30 },
    // D: last order day −20, gap 5 → overdue after max(30, 10) = 30 days: day 10; never contacted.
    { companyId: 'D', computedAt: now, orderCount: 2, lastOrderAt: T0 - 20 * DAY_MS, gapDays: 5 },
    // E: overdue on day 90, after the period; F: never ordered.
    { companyId: 'E', computedAt: now, orderCount: 1, lastOrderAt: T0 + 30 * DAY_MS, gapDays: 30 },
    { companyId: 'F', computedAt: now, orderCount: 0, lastOrderAt: null },
  ];
  expect(overdueAt(values[0]!)).toBe(T0 + 10 * DAY_MS);
  const signals = declineSignals(interactions, values, period, now);
  expect(signals.map((s) => `${s.companyId}:${s.kind}`).sort()).toEqual([
    'A:lostReason',
    'B:overdue',
    'C:lostReason',
    'D:overdue',
  ]);
  // Reacted: A (3 d) and B (7 d) → median 5 days; share 2 / 4.
  expect(declineReaction(signals, outboundTimes(interactions), now)).toEqual({
    signals: 4,
    reacted: 2,
    medianMs: 5 * DAY_MS,
    reactedShare: 0.5,
  });
});

it('keeps each customer’s first signal in the period', () => {
  const signals = declineSignals(
    [
      interaction('A', T0 + 9 * DAY_MS, { lostReason: 'price' }),
      interaction('A', T0 + 3 * DAY_MS, { lostReason: 'service' }),
    ],
    [{ companyId: 'A', computedAt: T0, orderCount: 1, lastOrderAt: T0 - 25 * DAY_MS, gapDays: 1 }],
    { from: T0, to: T0 + 30 * DAY_MS },
    T0 + 30 * DAY_MS,
  );
  // Overdue at −25 + 30 = day 5; lost reasons on days 3 and 9 → day 3 wins.
  expect(signals).toEqual([expect.objectContaining({ companyId: 'A', at: T0 + 3 * DAY_MS })]);
});
