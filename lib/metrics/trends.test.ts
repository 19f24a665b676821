import { describe, expect, it } from 'vitest';
import { demoBook } from '../demo/book';
import { declineSignals, outboundTimes } from './decline';
import { FIGURE_IDS, memoisedFacts, scoreFigures, type ScopeData } from './scorecard';
import { figureSeries, sourceSeries, sourceSeriesByRep, trendSteps, WEEK_MS } from './trends';
import { buildThreads, type Thread } from './threads';
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

  it('gives the team and every rep the same counts in one pass as one call per scope', () => {
    const now = Date.UTC(2026, 5, 15, 10);
    const book = demoBook(now);
    const companies = book.companies.map((c, i) => ({
      id: c.id,
      name: c.name,
      source: c.source,
      // Spread over two reps and one nobody asks about.
      ownerRepId: ['ann', 'bob', 'cat'][i % 3]!,
    }));
    const threads = buildThreads(
      [...book.interactions].sort((a, b) => a.at - b.at),
      now,
    );
    const firstOrderAt = new Map(book.orders.map((o) => [o.companyId, o.date]));
    const steps = trendSteps({ from: now - 365 * DAY_MS, to: now + 1 });
    const { team, reps } = sourceSeriesByRep(companies, threads, firstOrderAt, steps, ['ann', 'bob', 'dan']);
    expect(team).toEqual(sourceSeries(companies, threads, firstOrderAt, steps));
    for (const repId of ['ann', 'bob', 'dan'])
      expect(reps.get(repId), repId).toEqual(
        sourceSeries(companies, threads, firstOrderAt, steps, (c) => c.ownerRepId === repId),
      );
    // Something was counted for a rep, so the comparison is not between empty series.
    expect(
      Object.values(reps.get('ann')!.inquiries)
        .flat()
        .some((n) => n > 0),
    ).toBe(true);
    expect(reps.has('cat')).toBe(false);
  });
});

describe('figureSeries', () => {
  it('gives each step the figures of the whole lists measured over that step', () => {
    const now = Date.UTC(2026, 5, 15, 10);
    const book = demoBook(now);
    const settings = { baseCurrency: 'USD', rates: { EUR: 1.1, CNY: 0.14 }, defaultMargin: 0.2 };
    const interactions = [...book.interactions].sort((a, b) => a.at - b.at);
    const orders = [...book.orders].sort((a, b) => a.date - b.date);
    const threads = buildThreads(interactions, now);
    const values = book.companies.map((c, i) => ({
      companyId: c.id,
      computedAt: now,
      orderCount: 2,
      lastOrderAt: now - (40 + i * 9) * DAY_MS,
      gapDays: 20,
    }));
    const period = { from: now - 365 * DAY_MS, to: now + 1 };
    const data: ScopeData = {
      threads,
      declineSignals: declineSignals(interactions, values, period, now),
      outbound: outboundTimes(interactions),
      includeCompany: () => true,
      // Sorted lists are cut to each step; the same lists out of order are read whole.
      facts: memoisedFacts(interactions, orders, settings),
    };
    const ctx = { now, noReplyDays: 2, settings };
    const steps = trendSteps(period);
    const series = figureSeries(data, steps, ctx);
    const unsorted = {
      ...data,
      facts: memoisedFacts([...interactions].reverse(), [...orders].reverse(), settings),
    };
    steps.forEach((step, k) => {
      const whole = scoreFigures(unsorted, step, ctx);
      for (const id of FIGURE_IDS) expect(series.values[id][k], `${id} step ${k}`).toEqual(whole[id].value);
    });
    // The book has something to measure in most weeks.
    expect(series.values.responseMedian.filter((v) => v !== null).length).toBeGreaterThan(10);
  });

  it("measures a rep's scope the same when its facts are split by owner once for every rep", () => {
    const now = Date.UTC(2026, 5, 15, 10);
    const book = demoBook(now);
    const settings = { baseCurrency: 'USD', rates: { EUR: 1.1, CNY: 0.14 }, defaultMargin: 0.2 };
    const interactions = [...book.interactions].sort((a, b) => a.at - b.at);
    const orders = [...book.orders].sort((a, b) => a.date - b.date);
    const owners = new Map(book.companies.map((c, i) => [c.id, i % 2 ? 'ann' : 'bob']));
    const ownerOf = (companyId: string) => owners.get(companyId);
    const period = { from: now - 365 * DAY_MS, to: now + 1 };
    const facts = memoisedFacts(interactions, orders, settings);
    const ctx = { now, noReplyDays: 2, settings };
    const steps = trendSteps(period);
    for (const repId of ['ann', 'bob']) {
      const data: ScopeData = {
        threads: buildThreads(interactions, now),
        declineSignals: [],
        outbound: outboundTimes(interactions),
        includeCompany: (id) => ownerOf(id) === repId,
        facts,
      };
      const split = figureSeries({ ...data, owner: { repId, of: ownerOf } }, steps, ctx);
      expect(split, repId).toEqual(figureSeries(data, steps, ctx));
      expect(
        split.values.goldenShare.some((v) => v !== null),
        repId,
      ).toBe(true);
      expect(
        split.values.channelDiversity.some((v) => v !== null),
        repId,
      ).toBe(true);
    }
  });
});
