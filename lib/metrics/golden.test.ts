import { expect, it } from 'vitest';
import { order } from '../../test/support/value-book';
import { goldenCustomerShare } from './golden';

const T0 = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;
const settings = { baseCurrency: 'USD', rates: { EUR: 2 }, defaultMargin: 0.2 };

it('shares the period margin of the top 20% of buyers, in the base currency', () => {
  const orders = [
    // A: 10,000 − 6,000 = 4,000.
    order('A', T0 + DAY, 10_000, { cost: 6_000 }),
    // B: 1,000 EUR − 500 EUR = 500 EUR = 1,000 USD at 2.
    order('B', T0 + DAY, 1_000, { cost: 500, currency: 'EUR' }),
    // C: no cost: 20% default margin of 2,500 = 500; plus a quote and a cancelled order, not counted.
    order('C', T0 + DAY, 2_500),
    order('C', T0 + DAY, 9_999, { status: 'quote' }),
    order('C', T0 + DAY, 9_999, { status: 'cancelled' }),
    // D: 300 + 200 = 500 over two orders. E: sells at a loss, 800 − 1,000 = −200.
    order('D', T0 + DAY, 1_500, { cost: 1_200 }),
    order('D', T0 + 2 * DAY, 1_000, { cost: 800 }),
    order('E', T0 + DAY, 800, { cost: 1_000 }),
    // F: outside the period; G: a currency without a rate (left out, and named).
    order('F', T0 - DAY, 50_000, { cost: 0 }),
    order('G', T0 + DAY, 5_000, { currency: 'JPY' }),
  ];
  // Buyers A..E = 5; top ⌈0.2 × 5⌉ = 1 (A: 4,000). Total 4,000 + 1,000 + 500 + 500 − 200 = 5,800.
  // Share = 4,000 / 5,800 ≈ 0.6897.
  const g = goldenCustomerShare(orders, { from: T0, to: T0 + 30 * DAY }, settings);
  expect(g).toMatchObject({ buyers: 5, golden: 1, goldenMargin: 4_000, missingCurrencies: ['JPY'] });
  expect(g.totalMargin).toBeCloseTo(5_800, 6);
  expect(g.share).toBeCloseTo(4_000 / 5_800, 9);

  // Only B and E (a rep's customers): top ⌈0.4⌉ = 1 (B: 1,000), total 800 → 125%: the rest lose money.
  const some = goldenCustomerShare(orders, { from: T0, to: T0 + 30 * DAY }, settings, (id) =>
    ['B', 'E'].includes(id),
  );
  expect(some.share).toBeCloseTo(1.25, 9);
});

it('has no share when the total margin is not positive', () => {
  const g = goldenCustomerShare([order('E', T0, 800, { cost: 1_000 })], { from: T0, to: T0 + DAY }, settings);
  expect(g.share).toBeNull();
});
