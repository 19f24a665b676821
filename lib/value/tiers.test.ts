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

  it('makes the best customer of a small book VIP, but never one who loses money', () => {
    // 20 customers: ⌈0.2⌉ = 1 VIP, ⌈1⌉ = 1 (no Key beyond), ⌈4⌉ = 4 → ranks 2–4 Ordinary.
    expect(tierForRank(1, 20, cutoffs, 100)).toBe('vip');
    expect(tierForRank(2, 20, cutoffs, 100)).toBe('ordinary');
    expect(tierForRank(1, 20, cutoffs, -5)).toBe('small');
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
