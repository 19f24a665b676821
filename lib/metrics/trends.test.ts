import { describe, expect, it } from 'vitest';
import { sourceSeries, trendSteps, WEEK_MS } from './trends';
import type { Thread } from './threads';
import { DAY_MS } from './types';

describe('trendSteps', () => {
  it('counts weeks back from the end, the oldest step cut at the start', () => {
    const steps = trendSteps({ from: 0, to: 30 * DAY_MS });
    expect(steps).toHaveLength(5);
    expect(steps.at(-1)).toEqual({ from: 23 * DAY_MS, to: 30 * DAY_MS });
    expect(steps[0]).toEqual({ from: 0, to: 2 * DAY_MS });
    expect(steps.every((s, i) => i === 0 || s.from === steps[i - 1]!.to)).toBe(true);
  });

  it('starts "all time" at the first record and steps by 30 days beyond two years', () => {
    const to = 1000 * DAY_MS;
    expect(trendSteps({ from: 0, to }, to - 3 * WEEK_MS)).toHaveLength(3);
    const long = trendSteps({ from: 0, to }, 100 * DAY_MS);
    expect(long).toHaveLength(30);
    expect(long.at(-1)!.to - long.at(-1)!.from).toBe(30 * DAY_MS);
  });
});

describe('sourceSeries', () => {
  it("counts each step's inquiries and first orders per source, for the scope's companies", () => {
    const steps = trendSteps({ from: 0, to: 14 * DAY_MS });
    const companies = [
      { id: 'a', name: 'A', source: 'alibaba' as const, ownerRepId: 'ann' },
      { id: 'b', name: 'B', source: 'website' as const, ownerRepId: 'bob' },
    ];
    const thread = (companyId: string, at: number) => ({ companyId, inquiry: { at } }) as unknown as Thread;
    const threads = [thread('a', DAY_MS), thread('a', 8 * DAY_MS), thread('b', 9 * DAY_MS)];
    const firstOrderAt = new Map([
      ['a', 10 * DAY_MS],
      ['b', -Infinity],
    ]);
    const all = sourceSeries(companies, threads, firstOrderAt, steps);
    expect(all.inquiries.alibaba).toEqual([1, 1]);
    expect(all.inquiries.website).toEqual([0, 1]);
    expect(all.firstOrders.alibaba).toEqual([0, 1]);
    expect(all.firstOrders.website).toEqual([0, 0]);
    const bob = sourceSeries(companies, threads, firstOrderAt, steps, (c) => c.ownerRepId === 'bob');
    expect(bob.inquiries.alibaba).toEqual([0, 0]);
    expect(bob.inquiries.website).toEqual([0, 1]);
  });
});
