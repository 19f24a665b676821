import { expect, it } from 'vitest';
import { interaction } from '../../test/support/value-book';
import { complaintHandling } from './complaints';
import { buildThreads } from './threads';
import { DAY_MS } from './types';

const T0 = Date.UTC(2025, 3, 1, 8);

it('times resolved complaints and shares resolved among decided ones', () => {
  const now = T0 + 40 * DAY_MS;
  const complaint = (thread: string, at: number) =>
    interaction('c1', at, { threadId: thread, intent: 'complaint' });
  const reply = (thread: string, at: number) => interaction('c1', at, { threadId: thread, direction: 'out' });
  const threads = buildThreads(
    [
      // a: complaint day 0, reply day 2, quiet since: resolved in 2 days.
      complaint('a', T0),
      reply('a', T0 + 2 * DAY_MS),
      // b: complaint day 1, reply day 3, again day 5, reply day 9: resolved 8 days after the first.
      complaint('b', T0 + DAY_MS),
      reply('b', T0 + 3 * DAY_MS),
      complaint('b', T0 + 5 * DAY_MS),
      reply('b', T0 + 9 * DAY_MS),
      // c: complaint day 10, no reply: open.
      complaint('c', T0 + 10 * DAY_MS),
      // d: complaint day 30, reply day 31: only 9 quiet days by now, pending.
      complaint('d', T0 + 30 * DAY_MS),
      reply('d', T0 + 31 * DAY_MS),
    ],
    now,
  );
  // Complaints 4; resolved a (2 d) and b (8 d): median 5 days; decided = 2 resolved + 1 open → 2/3.
  expect(complaintHandling(threads, { from: T0, to: now })).toEqual({
    complaints: 4,
    resolved: 2,
    pending: 1,
    open: 1,
    medianResolutionMs: 5 * DAY_MS,
    resolvedShare: 2 / 3,
  });
  // The period holds a complaint by its first message: from day 1 on, a is out.
  expect(complaintHandling(threads, { from: T0 + DAY_MS, to: now })).toMatchObject({
    complaints: 3,
    medianResolutionMs: 8 * DAY_MS,
    resolvedShare: 0.5,
  });
});
