import { expect, it } from 'vitest';
import { demoBook } from '../demo/book';
import { interaction } from '../../test/support/value-book';
import { firstOrderDates } from './orders';
import { conversionBy, sourceStats, sourceStatsByRep } from './sources';
import { buildThreads } from './threads';
import type { MetricCompany } from './types';

const T0 = Date.UTC(2025, 8, 1);
const DAY = 86_400_000;
const period = { from: T0, to: T0 + 30 * DAY };

const c = (id: string, source: MetricCompany['source'], ownerRepId = 'ann'): MetricCompany => ({
  id,
  name: id,
  source,
  ownerRepId,
});

it('counts customers, inquiries, first orders and conversion per source, and picks the best', () => {
  const companies = [
    c('a1', 'alibaba'),
    c('a2', 'alibaba'),
    c('a3', 'alibaba', 'bob'),
    c('a4', 'alibaba'),
    c('w1', 'website'),
    c('w2', 'website', 'bob'),
    c('w3', 'website'),
    c('w4', 'website'),
    c('t1', 'trade-show'),
  ];
  const inquiry = (companyId: string, day: number, thread: string) =>
    interaction(companyId, T0 + day * DAY, { threadId: thread, intent: 'price-inquiry' });
  const threads = buildThreads(
    [
      inquiry('a1', 1, 'x1'),
      inquiry('a1', 2, 'x2'), // a second inquiry of a1: 2 inquiries, still 1 prospect
      inquiry('a2', 3, 'x3'),
      inquiry('a3', 4, 'x4'),
      inquiry('a4', -5, 'x5'), // before the period
      inquiry('w1', 1, 'y1'),
      inquiry('w2', 2, 'y2'),
      inquiry('w3', 3, 'y3'),
      inquiry('w4', 4, 'y4'),
      inquiry('t1', 5, 'z1'),
    ],
    T0 + 30 * DAY,
  );
  const firstOrderAt = new Map([
    ['a1', T0 + 10 * DAY], // converted in the period
    ['a2', T0 + 40 * DAY], // after the period: not converted
    ['a4', T0 + 2 * DAY], // a first order in the period, but no inquiry in it
    ['w1', T0 + 5 * DAY], // converted
    ['w2', T0 + 6 * DAY], // converted
    ['w3', Number.NEGATIVE_INFINITY], // ordered before: a customer, not a prospect
    ['t1', T0 + 7 * DAY], // converted, but 1 prospect is too few to be best
  ]);
  const stats = sourceStats(companies, threads, firstOrderAt, period);
  const row = (s: string) => stats.rows.find((r) => r.key === s);
  // alibaba: 4 customers; inquiries a1 ×2, a2, a3 = 4; first orders a1, a4 = 2;
  // prospects a1, a2, a3 = 3, converted a1 → 1/3.
  expect(row('alibaba')).toEqual({
    key: 'alibaba',
    customers: 4,
    inquiries: 4,
    firstOrders: 2,
    prospects: 3,
    converted: 1,
    conversion: 1 / 3,
  });
  // website: prospects w1, w2, w4 (w3 ordered before) = 3, converted w1, w2 → 2/3: the best.
  expect(row('website')).toMatchObject({ inquiries: 4, firstOrders: 2, prospects: 3, conversion: 2 / 3 });
  expect(row('trade-show')).toMatchObject({ prospects: 1, conversion: 1 });
  expect(row('referral')).toMatchObject({ customers: 0, conversion: null });
  expect(stats.best).toBe('website');

  // Bob's customers only (a3, w2): alibaba 0/1, website 1/1; neither has 3 prospects: no best.
  const bob = sourceStats(companies, threads, firstOrderAt, period, (x) => x.ownerRepId === 'bob');
  expect(bob.rows.find((r) => r.key === 'website')).toMatchObject({ customers: 1, converted: 1 });
  expect(bob.best).toBeNull();

  // Per rep, all sources: ann has a1, a2, a4, w1, w3, w4, t1; prospects a1, a2, w1, w4, t1 = 5, converted a1, w1, t1.
  const byRep = conversionBy(companies, threads, firstOrderAt, period, (x) => x.ownerRepId);
  expect(byRep.find((r) => r.key === 'ann')).toMatchObject({ customers: 7, prospects: 5, converted: 3 });
  expect(byRep.find((r) => r.key === 'bob')).toMatchObject({ customers: 2, prospects: 2, converted: 1 });
});

it('adds up per rep and source to the same figures as each group measured alone', () => {
  const now = Date.UTC(2026, 5, 15);
  const book = demoBook(now);
  const threads = buildThreads(book.interactions, now);
  const first = firstOrderDates(book.orders);
  const p = { from: now - 200 * DAY, to: now };
  const reps = book.reps.map((r) => r.id);
  const all = sourceStatsByRep(book.companies, threads, first, p, reps);
  expect(all.team).toEqual(sourceStats(book.companies, threads, first, p));
  for (const rep of reps)
    expect(all.reps.get(rep)).toEqual(
      sourceStats(book.companies, threads, first, p, (c) => c.ownerRepId === rep),
    );
  expect(all.byRep).toEqual(conversionBy(book.companies, threads, first, p, (c) => c.ownerRepId, reps));
});
