import { describe, expect, it } from 'vitest';
import {
  aliveProbability,
  annuityFactor,
  broadTerms,
  clv,
  currentValue,
  customerChurn,
  expectedGapDays,
  expectedPeriodMargin,
  lifetimeYears,
  orderMargin,
  potentialValue,
  purchaseProbability,
  quantile,
} from './model';
import { toBase } from './currency';

describe('current value', () => {
  it('is trailing margin minus cost to serve, and can go negative', () => {
    // Orders in the window: 1000 with cost 700 (margin 300) and 500 without cost at 20% (margin 100) → 400.
    const margin = orderMargin(1000, 700, 0.2) + orderMargin(500, undefined, 0.2);
    expect(margin).toBe(400);
    // 30 interactions × 5 = 150 to serve → 400 − 150 = 250.
    expect(currentValue(margin, 30, 5)).toBe(250);
    // A customer who talks 100 times for one 100-margin order costs 500 − 100 = −400.
    expect(currentValue(100, 100, 5)).toBe(-400);
  });

  it('converts to the base currency with the rep’s rates', () => {
    const settings = { baseCurrency: 'USD', rates: { EUR: 1.1 } };
    expect(toBase(1000, 'EUR', settings)).toBeCloseTo(1100); // 1000 × 1.1
    expect(toBase(1000, 'USD', settings)).toBe(1000);
    expect(toBase(1000, 'BRL', settings)).toBeUndefined(); // no rate: left out, and the card says so
  });
});

describe('cadence, churn and lifetime', () => {
  it('shrinks a short history toward the book’s gap', () => {
    // 5 orders over 120 days: own gap 30; book gap 90; (2×90 + 4×30) / (2 + 4) = 300 / 6 = 50.
    expect(expectedGapDays(5, 120, 90)).toBe(50);
    // A single order says nothing about cadence: the book's gap.
    expect(expectedGapDays(1, 0, 90)).toBe(90);
  });

  it('drops the alive probability as the silence grows past the gap', () => {
    // λ = 1/30, μ = −ln(0.8)/365.25 = 0.000611; λ+μ = 0.033944; μ/(λ+μ) = 0.0180.
    // Δ = 30: e^(1.0183) − 1 = 1.7685 → 1 / (1 + 0.0180 × 1.7685) = 0.9692.
    expect(aliveProbability(30, 0.2, 30)).toBeCloseTo(0.9692, 3);
    // Δ = 180: e^(6.110) − 1 = 449.5 → 1 / (1 + 8.09) = 0.110.
    expect(aliveProbability(30, 0.2, 180)).toBeCloseTo(0.11, 2);
    expect(aliveProbability(30, 0.2, 0)).toBe(1);
    // Ten years of silence: gone; a century does not overflow into NaN.
    expect(aliveProbability(30, 0.2, 3650)).toBeLessThan(1e-9);
    expect(aliveProbability(30, 0.2, 36_500)).toBe(0);
  });

  it('turns churn into lifetime: 20% churn is 5 years', () => {
    expect(lifetimeYears(customerChurn(1, 0.2), 10)).toBeCloseTo(5);
    // Half likely gone: churn = 1 − 0.5 × 0.8 = 0.6 → lifetime 1/0.6 = 1.67 years.
    expect(customerChurn(0.5, 0.2)).toBeCloseTo(0.6);
    expect(lifetimeYears(0.6, 10)).toBeCloseTo(1.667, 3);
    // Tiny churn is capped by the settings' longest lifetime.
    expect(lifetimeYears(0.01, 10)).toBe(10);
  });

  it('gives the chance of buying in a period from the cadence', () => {
    // Monthly buyer (gap 30), a 91.31-day quarter: 1 − e^(−3.044) = 0.9523.
    expect(purchaseProbability(1, 30, 91.3125)).toBeCloseTo(0.9523, 3);
    // Half alive: half the chance.
    expect(purchaseProbability(0.5, 30, 91.3125)).toBeCloseTo(0.4762, 3);
    // Yearly buyer in a quarter: 1 − e^(−0.25) = 0.2212.
    expect(purchaseProbability(1, 365.25, 91.3125)).toBeCloseTo(0.2212, 3);
  });

  it('makes margin × probability equal expected orders × average margin', () => {
    // Gap 30, quarter 91.3125: 3.044 orders a quarter × 200 = 608.75.
    const M = expectedPeriodMargin(200, 30, 91.3125);
    expect(M * purchaseProbability(1, 30, 91.3125)).toBeCloseTo(608.75, 1);
  });
});

describe('CLV', () => {
  it('discounts each period’s expected margin and subtracts acquisition cost', () => {
    // M·P = 1000 for 4 periods at r = 10%: 909.09 + 826.45 + 751.31 + 683.01 = 3169.87; − 500 = 2669.87.
    expect(annuityFactor(4, 0.1)).toBeCloseTo(3.1699, 4);
    expect(
      clv({
        periodMargin: 1000,
        purchaseProbability: 1,
        periodServeCost: 0,
        lifetimePeriods: 4,
        discountRate: 0.1,
        acquisitionCost: 500,
      }),
    ).toBeCloseTo(2669.87, 2);
  });

  it('counts a fractional last period in proportion', () => {
    // 2.5 periods: 1000/1.1 + 1000/1.21 + 0.5 × 1000/1.331 = 909.09 + 826.45 + 375.66 = 2111.20.
    expect(
      clv({
        periodMargin: 2000,
        purchaseProbability: 0.5,
        periodServeCost: 0,
        lifetimePeriods: 2.5,
        discountRate: 0.1,
        acquisitionCost: 0,
      }),
    ).toBeCloseTo(2111.19, 2);
  });

  it('is negative when serving costs more than the margin', () => {
    // (100 × 0.5 − 80) = −30 a period, 2 periods undiscounted → −60.
    expect(
      clv({
        periodMargin: 100,
        purchaseProbability: 0.5,
        periodServeCost: 80,
        lifetimePeriods: 2,
        discountRate: 0,
        acquisitionCost: 0,
      }),
    ).toBe(-60);
  });

  it('computes the broad terms', () => {
    // 3 feedbacks × 50 = 150; 2 referrals × 500 × satisfaction 0.8 = 800; 10 000 unpaid × 2% = 200.
    expect(
      broadTerms({
        feedbackCount: 3,
        valuePerFeedback: 50,
        referrals: 2,
        valuePerReferral: 500,
        satisfaction: 0.8,
        exposure: 10_000,
        defaultProbability: 0.02,
      }),
    ).toEqual({ information: 150, referral: 800, loss: 200 });
  });
});

describe('potential value', () => {
  it('adds the captured headroom to a big buyer and the momentum of rising margin', () => {
    // Headroom: 0.25 × (10 000 − 2 000) × 1 = 2000. Momentum: (1500 − 500) × 24/12 × 1 = 2000. Total 4000.
    const p = potentialValue({
      annualMargin: 2000,
      bigBuyerMargin: 10_000,
      captureShare: 0.25,
      alive: 1,
      recentHalfMargin: 1500,
      olderHalfMargin: 500,
      windowMonths: 12,
    });
    expect(p.headroom + p.momentum).toBe(4000);
  });

  it('is zero for a big buyer whose margin is flat', () => {
    const p = potentialValue({
      annualMargin: 12_000,
      bigBuyerMargin: 10_000,
      captureShare: 0.25,
      alive: 1,
      recentHalfMargin: 6000,
      olderHalfMargin: 6000,
      windowMonths: 12,
    });
    expect(p.headroom + p.momentum).toBe(0);
  });

  it('reads quantiles between order statistics', () => {
    // Sorted 1..10: position 0.9 × 9 = 8.1 → 9 + 0.1 × (10 − 9) = 9.1.
    expect(quantile([10, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0.9)).toBeCloseTo(9.1);
    expect(quantile([], 0.5)).toBe(0);
  });
});
