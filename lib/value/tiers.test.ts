import { describe, expect, it } from 'vitest';
import { DEFAULT_VALUE_SETTINGS } from './settings';
import { RankIndex, percentileOf, rankByValue, tierForRank, tierSizes } from './tiers';

const cutoffs = DEFAULT_VALUE_SETTINGS.cutoffs;

describe('tier pyramid', () => {
  it('cuts 1% / 5% / 20% of the ranking', () => {
    // 1000 customers: top 10 VIP, next 40 Key, next 150 Ordinary, the other 800 Small.
    expect(tierSizes(1000, cutoffs)).toEqual({ vip: 10, key: 50, ordinary: 200 });
    expect(tierForRank(10, 1000, cutoffs, 1)).toBe('vip');
    expect(tierForRank(11, 1000, cutoffs, 1)).toBe('key');
    expect(tierForRank(50, 1000, cutoffs, 1)).toBe('key');
    expect(tierForRank(51, 1000, cutoffs, 1)).toBe('ordinary');
    expect(tierForRank(201, 1000, cutoffs, 1)).toBe('small');
  });

  it('gives each tier a customer in a small book, but never a place above Small to one who loses money', () => {
    // 18 customers: ⌈0.18⌉ = 1 VIP; ⌈0.9⌉ = 1, widened to 2 → rank 2 Key; ⌈3.6⌉ = 4 → ranks 3–4 Ordinary.
    expect(tierSizes(18, cutoffs)).toEqual({ vip: 1, key: 2, ordinary: 4 });
    expect(tierForRank(1, 18, cutoffs, 100)).toBe('vip');
    expect(tierForRank(2, 18, cutoffs, 100)).toBe('key');
    expect(tierForRank(5, 18, cutoffs, 100)).toBe('small');
    expect(tierForRank(1, 18, cutoffs, -5)).toBe('small');
    // A book of one: its customer is VIP; the sizes never exceed the book.
    expect(tierSizes(1, cutoffs)).toEqual({ vip: 1, key: 1, ordinary: 1 });
  });

  it('follows changed cut-offs', () => {
    expect(tierForRank(30, 100, { vip: 10, key: 30, ordinary: 60 }, 1)).toBe('key');
  });

  it('ranks by value, ties by current value', () => {
    const { rank } = rankByValue(Float64Array.of(5, 9, 5, 1), Float64Array.of(1, 0, 2, 0));
    expect([...rank]).toEqual([3, 1, 2, 4]);
    expect(percentileOf(3, 4)).toBe(75);
  });

  it('re-ranks one customer incrementally', () => {
    const index = new RankIndex([
      ['a', 100],
      ['b', 50],
      ['c', 10],
    ]);
    expect(index.rankOf(50)).toBe(2);
    index.set('c', 75); // c overtakes b
    expect(index.rankOf(75)).toBe(2);
    expect(index.rankOf(50)).toBe(3);
    index.set('d', 500); // a new customer on top
    expect(index.count).toBe(4);
    expect(index.rankOf(500)).toBe(1);
    index.remove('a');
    expect(index.count).toBe(3);
    expect(index.rankOf(75)).toBe(2);
  });
});
