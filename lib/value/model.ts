import type { OrderStatus } from '../db/types';

// The value formulas (domain.md, "Customer value"), one small pure function each,
// so each can be checked by hand. Money is in the base currency; time in days
// unless a name says otherwise. The seeds' broad customer value (GCV) reads
//   V = Y0 − C0 + Σ_i Σ_j Y_ij·P_ij / (1 + r)^i + VI + β·E − L·P_L
// (first purchase, acquisition cost, discounted expected margins, information
// value, satisfaction-weighted influence, expected loss); the functions below
// are its terms.

export const DAY_MS = 86_400_000;
export const YEAR_DAYS = 365.25;
export const MONTH_DAYS = YEAR_DAYS / 12;

/** Orders that count toward value, profit and first orders: not quotes, not cancelled. */
export function isCountedOrder(status: OrderStatus): boolean {
  return status === 'confirmed' || status === 'shipped' || status === 'paid';
}

/**
 * Direct cost of one order: its cost when known, else amount × (1 − defaultMargin).
 * Margin = amount − direct cost. Example: 1000 with no cost at 20% default margin → cost 800, margin 200.
 */
export function orderMargin(amount: number, cost: number | undefined, defaultMargin: number): number {
  return cost === undefined ? amount * defaultMargin : amount - cost;
}

/**
 * Current value: profit over the trailing window =
 *   Σ margins of counted orders in the window − costPerInteraction × interactions in the window.
 * Can be negative (a customer who talks a lot and buys little costs money).
 */
export function currentValue(
  windowMargin: number,
  windowInteractions: number,
  costPerInteraction: number,
): number {
  return windowMargin - windowInteractions * costPerInteraction;
}

/**
 * A customer's expected order gap in days, shrunk toward the book's median gap so
 * that two orders do not make a cadence (credibility weighting, K = 2 book gaps):
 *   g = (K·G + (n − 1)·ḡ) / (K + n − 1),  ḡ = (last − first) / (n − 1).
 * One order or none: the book's gap G. Example: n = 5 orders over 120 days (ḡ = 30),
 * G = 90 → g = (180 + 120) / 6 = 50.
 */
export const GAP_CREDIBILITY = 2;
export function expectedGapDays(orderCount: number, spanDays: number, bookGapDays: number): number {
  if (orderCount < 2) return bookGapDays;
  const own = Math.max(1, spanDays / (orderCount - 1));
  return (GAP_CREDIBILITY * bookGapDays + (orderCount - 1) * own) / (GAP_CREDIBILITY + orderCount - 1);
}

/** Churn per day μ from an annual churn c: the hazard with 1 − e^(−μ·365.25) = c. */
export function dailyChurnHazard(annualChurn: number): number {
  return -Math.log(1 - Math.min(annualChurn, 0.999)) / YEAR_DAYS;
}

/**
 * Probability the customer still buys from us, given no order for `daysSinceLast`
 * days, for a buyer with purchase rate λ = 1/gap and dropout hazard μ (the
 * Pareto/NBD model with known rates):
 *   P(alive) = 1 / (1 + μ/(λ + μ) · (e^((λ + μ)·Δ) − 1)).
 * It falls fast once the silence is several gaps long. Example: gap 30 days,
 * annual churn 20% (μ = 0.000611), Δ = 30 → 0.969; Δ = 180 → 0.110.
 */
export function aliveProbability(gapDays: number, annualChurn: number, daysSinceLast: number): number {
  const lambda = 1 / gapDays;
  const mu = dailyChurnHazard(annualChurn);
  const x = (lambda + mu) * Math.max(0, daysSinceLast);
  if (x > 700) return 0;
  return 1 / (1 + (mu / (lambda + mu)) * Math.expm1(x));
}

/**
 * The customer's annual churn: the book's churn c_book if surely still buying,
 * rising to 1 as P(alive) falls: c = 1 − P(alive)·(1 − c_book).
 * Lifetime = 1 / c years (domain.md: 20% churn → 5 years), capped at maxYears.
 */
export function customerChurn(alive: number, bookChurn: number): number {
  return 1 - alive * (1 - bookChurn);
}
export function lifetimeYears(annualChurn: number, maxYears: number): number {
  return annualChurn <= 0 ? maxYears : Math.min(maxYears, 1 / annualChurn);
}

/**
 * Probability of at least one order in a period of `periodDays`, while the
 * relationship lasts: P = P(alive) · (1 − e^(−periodDays/gap)) (Poisson orders).
 * Example: gap 30, a 91.3-day quarter, P(alive) 1 → 1 − e^(−3.04) = 0.952.
 */
export function purchaseProbability(alive: number, gapDays: number, periodDays: number): number {
  return alive * -Math.expm1(-periodDays / gapDays);
}

/**
 * Expected margin of a period in which the customer buys: the average order
 * margin × the expected number of orders given at least one,
 *   M = m̄ · (T/g) / (1 − e^(−T/g)),
 * so that M × P(purchase) = P(alive) · m̄ · T/g (expected orders × margin).
 */
export function expectedPeriodMargin(avgOrderMargin: number, gapDays: number, periodDays: number): number {
  const orders = periodDays / gapDays;
  return (avgOrderMargin * orders) / -Math.expm1(-orders);
}

/** Σ_{t=1..k} 1/(1 + r)^t: the present value of 1 per period for k periods. */
export function annuityFactor(periods: number, rate: number): number {
  if (periods <= 0) return 0;
  return rate === 0 ? periods : (1 - Math.pow(1 + rate, -periods)) / rate;
}

export interface ClvInput {
  /** M: expected margin in a buying period. */
  periodMargin: number;
  /** P: probability of buying in a period. */
  purchaseProbability: number;
  /** Cost to serve per period (interactions × cost per interaction). */
  periodServeCost: number;
  /** N: expected lifetime in periods; the fractional last period counts in proportion. */
  lifetimePeriods: number;
  /** r per period. */
  discountRate: number;
  acquisitionCost: number;
}

/**
 * Customer lifetime value:
 *   CLV = Σ_{t=1..N} (M·P − S) / (1 + r)^t − acquisition cost,
 * with a fractional last period f = N − ⌊N⌋ weighted f / (1 + r)^(⌊N⌋+1).
 * Example: M·P = 1000, S = 0, N = 4, r = 0.1 → 1000 × 3.1699 = 3169.87; minus 500 → 2669.87.
 */
export function clv(input: ClvInput): number {
  const perPeriod = input.periodMargin * input.purchaseProbability - input.periodServeCost;
  const whole = Math.floor(input.lifetimePeriods);
  const fraction = input.lifetimePeriods - whole;
  const factor =
    annuityFactor(whole, input.discountRate) + fraction / Math.pow(1 + input.discountRate, whole + 1);
  return perPeriod * factor - input.acquisitionCost;
}

export interface BroadValueInput {
  feedbackCount: number;
  valuePerFeedback: number;
  referrals: number;
  valuePerReferral: number;
  /** β in 0..1: 1 − complaints / inbound interactions in the window. */
  satisfaction: number;
  /** Unpaid exposure: shipped orders not yet paid. */
  exposure: number;
  defaultProbability: number;
}

/** The broad terms: information value VI, referral influence β·E and expected loss L·P_L. */
export function broadTerms(input: BroadValueInput): { information: number; referral: number; loss: number } {
  return {
    information: input.feedbackCount * input.valuePerFeedback,
    referral: input.referrals * input.valuePerReferral * input.satisfaction,
    loss: input.exposure * input.defaultProbability,
  };
}

/**
 * Potential value: the extra margin a year we can expect from extra and cross
 * purchases. Two parts:
 * - headroom: the gap between this customer's annual margin A and what a big
 *   buyer in this book brings (B, the 90th percentile of annual margins), of which
 *   we expect to win a share s, if they still buy: s · max(0, B − A) · P(alive);
 * - momentum: when the recent half-window brought more margin than the half
 *   before it, that rise continued for a year: max(0, recent − older) · (24 / W) · P(alive).
 * A customer with no order yet: the book's median annual margin × its conversion
 * rate (share of companies that ever ordered).
 * Example: A = 2000, B = 10000, s = 0.25, P = 1, recent 1500 vs older 500, W = 12
 * → 2000 + 2000 = 4000.
 */
export function potentialValue(input: {
  annualMargin: number;
  bigBuyerMargin: number;
  captureShare: number;
  alive: number;
  recentHalfMargin: number;
  olderHalfMargin: number;
  windowMonths: number;
}): { headroom: number; momentum: number } {
  const headroom = input.captureShare * Math.max(0, input.bigBuyerMargin - input.annualMargin) * input.alive;
  const momentum =
    Math.max(0, input.recentHalfMargin - input.olderHalfMargin) * (24 / input.windowMonths) * input.alive;
  return { headroom, momentum };
}

/** The q-quantile (0..1) of values, linear between order statistics; 0 for none. Sorts a copy. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
