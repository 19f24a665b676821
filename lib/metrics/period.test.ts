import { expect, it } from 'vitest';
import { periodFor, previousPeriod } from './period';
import { DAY_MS } from './types';

it('ends periods now and compares with the equal period before', () => {
  const now = Date.UTC(2025, 0, 31);
  const p = periodFor('30', now);
  expect(p).toEqual({ from: now + 1 - 30 * DAY_MS, to: now + 1 });
  expect(previousPeriod(p)).toEqual({ from: now + 1 - 60 * DAY_MS, to: now + 1 - 30 * DAY_MS });
  expect(periodFor('all', now)).toEqual({ from: 0, to: now + 1 });
  expect(previousPeriod(periodFor('all', now))).toBeNull();
});
