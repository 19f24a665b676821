import { describe, expect, it } from 'vitest';
import { filterThreads, threadPager, type ThreadRow } from './dashboard';

const T0 = Date.UTC(2025, 0, 6, 9);

function row(n: number, over: Partial<ThreadRow> = {}): ThreadRow {
  return {
    key: `t:${n}`,
    ref: { kind: 'thread', threadId: String(n) },
    subject: `PO ${n}`,
    repId: n % 3 === 0 ? 'rep-b' : 'rep-a',
    repIds: n % 3 === 0 ? ['rep-b'] : ['rep-a'],
    intents: n % 2 === 0 ? ['price-inquiry'] : ['order'],
    channels: ['email'],
    messages: 2,
    firstAt: T0 - n * 60_000,
    lastAt: T0 - n * 60_000,
    lastDirection: 'in',
    status: 'awaiting',
    companyName: n === 7 ? 'Hansen Flow Control GmbH' : `Company ${n}`,
    ...over,
  };
}

describe('threadPager', () => {
  const rows = Array.from({ length: 103 }, (_, n) => row(n));

  it('gives the list a page at a time, in its order, with the total', () => {
    const page = threadPager(rows);
    const first = page({ page: 0, size: 25 });
    expect(first.total).toBe(103);
    expect(first.page).toBe(0);
    expect(first.rows.map((r) => r.key)).toEqual(rows.slice(0, 25).map((r) => r.key));
    const last = page({ page: 4, size: 25 });
    expect(last.rows.map((r) => r.key)).toEqual(['t:100', 't:101', 't:102']);
  });

  it('keeps a page past the end (a filter shrank the list) inside the rows', () => {
    const page = threadPager(rows);
    const shrunk = page({ page: 3, size: 25, repId: 'rep-b' });
    // 35 of the 103 threads are rep-b's: two pages, the second of 10.
    expect(shrunk.total).toBe(35);
    expect(shrunk.page).toBe(1);
    expect(shrunk.rows).toHaveLength(10);
    expect(page({ page: -2, size: 25 }).page).toBe(0);
  });

  it('filters as the page filtered its own copy: rep, intent and words, every page the same', () => {
    const page = threadPager(rows);
    const filter = { repId: 'rep-a', intent: 'price-inquiry' as const, search: 'po 1' };
    const expected = filterThreads(rows, filter);
    expect(expected.length).toBeGreaterThan(3);
    const got = [0, 1].flatMap((p) => page({ ...filter, page: p, size: 3 }).rows);
    expect(got).toEqual(expected.slice(0, 6));
    expect(page({ page: 0, size: 25, search: 'hansen flow' }).rows.map((r) => r.key)).toEqual(['t:7']);
    expect(page({ page: 0, size: 25, search: 'nobody' })).toEqual({ rows: [], page: 0, total: 0 });
  });
});
