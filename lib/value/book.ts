import type { LostReason } from '../db/types';
import { LOST_REASONS } from '../db/types';
import { rateToBase } from './currency';
import { COMPLAINT, OUTBOUND, packInputs, type RecordsInput, type ValueInputs } from './inputs';
import {
  DAY_MS,
  MONTH_DAYS,
  YEAR_DAYS,
  aliveProbability,
  broadTerms,
  clv,
  currentValue,
  customerChurn,
  expectedGapDays,
  expectedPeriodMargin,
  lifetimeYears,
  potentialValue,
  purchaseProbability,
  quantile,
} from './model';
import {
  lifecycleStage,
  nextAction,
  quadrant,
  taskFor,
  type Behaviour,
  type Quadrant,
  type Reason,
} from './lifecycle';
import type { CustomerValue, Stage, Tier } from './schema';
import type { ValueSettings } from './settings';
import { percentileOf, rankByValue, tierForRank, tierSizes, tierWithin } from './tiers';
import { runSteps, STEP, type Steps } from './slices';

// The whole book in one pass (and the same code for one company): from the
// packed inputs of lib/value/inputs.ts (each company's counted orders and its
// interactions, grouped and in time order), summarise each company, measure
// the book (churn, typical gap, big-buyer margin, medians), value every company,
// rank, and build the rows of `companyValues`. No per-order objects are created,
// and every per-company figure lives in typed arrays until the row is built: at
// 100k companies, objects kept alive across the passes cost more in garbage
// collection than all the arithmetic.

/** Book-level figures measured at the last full recompute; incremental updates reuse them. */
export interface BookStats {
  computedAt: number;
  companies: number;
  /** Annual churn c_book: share of last year's buyers (12–24 months ago) with no order in the last 12 months. */
  bookChurn: number;
  bookChurnMeasured: boolean;
  /** Median of repeat buyers' mean order gap, in days. */
  bookGapDays: number;
  /** B: 90th percentile of annual margin among customers who bought in the window. */
  bigBuyerMargin: number;
  medianAnnualMargin: number;
  /** Share of companies that ever placed a counted order. */
  conversionRate: number;
  /** Quadrant cut points: medians of current and potential value among customers who ever ordered. */
  currentMedian: number;
  potentialMedian: number;
}

/** One row of `companyValues`: the card's CustomerValue plus the figures behind it. */
export interface CompanyValueRow extends CustomerValue {
  companyId: string;
  computedAt: number;
  [figure: string]: unknown;
}

/** The figures behind a customer's value, kept with the row for the card's details and for reports. */
export interface ValueFigures {
  orderCount: number;
  lastOrderAt: number | null;
  annualMargin: number;
  aliveProbability: number;
  annualChurn: number;
  lifetimeYears: number;
  gapDays: number;
  purchaseProbability: number;
  periodMargin: number;
  periodServeCost: number;
  /** The customer's mean reply delay (our message to their answer) in the last 90 days and the 90 before, in hours; 0 when none. */
  customerReplyHours: number;
  customerReplyHoursBefore: number;
  referrals: number;
  broad: { information: number; referral: number; loss: number };
  missingRates: string[];
}

const RECENT_DAYS = 90;
const LOST_REASON_DAYS = 180;

/** Counted orders grouped by company and in date order, in the base currency. */
interface OrderSeries {
  start: Uint32Array; // company i's orders are [start[i], start[i + 1])
  date: Float64Array;
  amount: Float64Array;
  margin: Float64Array;
  unpaid: Uint8Array; // 1 for shipped, not yet paid
  missing: Map<number, Set<string>>;
}

/**
 * The packed orders in the base currency: amount × rate, margin = amount − cost
 * (without a cost, amount × the default margin: model.orderMargin). Orders in a
 * currency without a rate are left out, and their company says which.
 */
function orderSeries(inputs: ValueInputs, settings: ValueSettings): OrderSeries {
  const n = inputs.ids.length;
  const rates = inputs.currencies.map((c) => rateToBase(c, settings));
  const m = inputs.orderDate.length;
  const start = new Uint32Array(n + 1);
  const date = new Float64Array(m);
  const amount = new Float64Array(m);
  const margin = new Float64Array(m);
  const unpaid = new Uint8Array(m);
  const missing = new Map<number, Set<string>>();
  const defaultMargin = settings.defaultMargin;
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let k = inputs.orderStart[i]!; k < inputs.orderStart[i + 1]!; k++) {
      const currency = inputs.orderCurrency[k]!;
      const rate = rates[currency];
      if (rate === undefined) {
        let set = missing.get(i);
        if (!set) missing.set(i, (set = new Set()));
        set.add(inputs.currencies[currency]!);
        continue;
      }
      const a = inputs.orderAmount[k]!;
      const cost = inputs.orderCost[k]!;
      date[at] = inputs.orderDate[k]!;
      amount[at] = a * rate;
      margin[at] = Number.isNaN(cost) ? a * rate * defaultMargin : (a - cost) * rate;
      unpaid[at] = inputs.orderShipped[k]!;
      at++;
    }
    start[i + 1] = at;
  }
  return { start, date, amount, margin, unpaid, missing };
}

/** Interaction aggregates per company, one typed array per figure. */
class InteractionTotals {
  readonly count: Uint32Array;
  readonly inWindow: Uint32Array;
  readonly inboundInWindow: Uint32Array;
  readonly complaintsInWindow: Uint32Array;
  readonly inboundComplaintsInWindow: Uint32Array;
  readonly recentComplaints: Uint32Array;
  readonly olderComplaints: Uint32Array;
  readonly recentReplySum: Float64Array;
  readonly recentReplyCount: Uint32Array;
  readonly olderReplySum: Float64Array;
  readonly olderReplyCount: Uint32Array;
  readonly recentCustomerReplySum: Float64Array;
  readonly recentCustomerReplyCount: Uint32Array;
  readonly olderCustomerReplySum: Float64Array;
  readonly olderCustomerReplyCount: Uint32Array;
  readonly firstAt: Float64Array;
  readonly lostAt: Float64Array;
  readonly lostReason: Int8Array;

  constructor(
    n: number,
    private readonly now: number,
    private readonly windowStart: number,
  ) {
    this.count = new Uint32Array(n);
    this.inWindow = new Uint32Array(n);
    this.inboundInWindow = new Uint32Array(n);
    this.complaintsInWindow = new Uint32Array(n);
    this.inboundComplaintsInWindow = new Uint32Array(n);
    this.recentComplaints = new Uint32Array(n);
    this.olderComplaints = new Uint32Array(n);
    this.recentReplySum = new Float64Array(n);
    this.recentReplyCount = new Uint32Array(n);
    this.olderReplySum = new Float64Array(n);
    this.olderReplyCount = new Uint32Array(n);
    this.recentCustomerReplySum = new Float64Array(n);
    this.recentCustomerReplyCount = new Uint32Array(n);
    this.olderCustomerReplySum = new Float64Array(n);
    this.olderCustomerReplyCount = new Uint32Array(n);
    this.firstAt = new Float64Array(n).fill(Infinity);
    this.lostAt = new Float64Array(n).fill(-Infinity);
    this.lostReason = new Int8Array(n).fill(-1);
  }

  /** Counts interaction k of the packed inputs for company i. */
  add(i: number, x: ValueInputs, k: number): void {
    const { now } = this;
    const at = x.interAt[k]!;
    const kind = x.interKind[k]!;
    const inbound = !(kind & OUTBOUND);
    const complaint = (kind & COMPLAINT) !== 0;
    this.count[i]!++;
    if (at < this.firstAt[i]!) this.firstAt[i] = at;
    const age = (now - at) / DAY_MS;
    if (at > this.windowStart) {
      this.inWindow[i]!++;
      if (inbound) this.inboundInWindow[i]!++;
      if (complaint) {
        this.complaintsInWindow[i]!++;
        if (inbound) this.inboundComplaintsInWindow[i]!++;
      }
    }
    const recent = age <= RECENT_DAYS;
    const older = !recent && age <= 2 * RECENT_DAYS;
    if (complaint) {
      if (recent) this.recentComplaints[i]!++;
      else if (older) this.olderComplaints[i]!++;
    }
    const response = x.interResponse[k]!;
    if (!inbound && !Number.isNaN(response)) {
      if (recent) {
        this.recentReplySum[i]! += response;
        this.recentReplyCount[i]!++;
      } else if (older) {
        this.olderReplySum[i]! += response;
        this.olderReplyCount[i]!++;
      }
    }
    const lost = x.interLost[k]!;
    if (lost >= 0 && age <= LOST_REASON_DAYS && at > this.lostAt[i]!) {
      this.lostAt[i] = at;
      this.lostReason[i] = lost;
    }
  }

  /** Counts one reply of the customer, by the age of their answer. */
  addCustomerReply(i: number, at: number, delayMs: number): void {
    const age = (this.now - at) / DAY_MS;
    if (age <= RECENT_DAYS) {
      this.recentCustomerReplySum[i]! += delayMs;
      this.recentCustomerReplyCount[i]!++;
    } else if (age <= 2 * RECENT_DAYS) {
      this.olderCustomerReplySum[i]! += delayMs;
      this.olderCustomerReplyCount[i]!++;
    }
  }

  /**
   * The customer's reply delays, from company i's interactions in time order:
   * each inbound contact answers our earliest unanswered outbound one in its own
   * thread, or else the company's earliest unanswered one (an answer in a new
   * thread, a call after an email), and its delay is the time between the two.
   * Outbound contacts still waiting for an answer are not counted: going silent
   * is what "overdue" reads. `waiting` maps a thread number to the time of its
   * earliest unanswered outbound contact, in the order they were sent.
   */
  addCustomerReplies(i: number, x: ValueInputs, waiting: Map<number, number>): void {
    waiting.clear();
    for (let k = x.interStart[i]!; k < x.interStart[i + 1]!; k++) {
      const at = x.interAt[k]!;
      const thread = x.interThread[k]!;
      if (x.interKind[k]! & OUTBOUND) {
        if (!waiting.has(thread)) waiting.set(thread, at);
        continue;
      }
      if (!waiting.size) continue;
      let answered = thread;
      let since = waiting.get(thread);
      if (since === undefined)
        for (const [key, sent] of waiting)
          if (since === undefined || sent < since) {
            since = sent;
            answered = key;
          }
      waiting.delete(answered);
      this.addCustomerReply(i, at, at - since!);
    }
  }
}

/** Per-company order facts read from its date-sorted slice, one typed array per figure. */
class OrderFacts {
  readonly count: Uint32Array;
  readonly firstAt: Float64Array;
  readonly lastAt: Float64Array;
  readonly windowMargin: Float64Array;
  readonly recentHalfMargin: Float64Array;
  readonly olderHalfMargin: Float64Array;
  readonly recentHalfOrders: Uint32Array;
  readonly olderHalfOrders: Uint32Array;
  readonly avgMargin: Float64Array;
  readonly lastOrdersAvg: Float64Array;
  readonly earlierOrdersAvg: Float64Array;
  readonly gapVariation: Float64Array;
  readonly gapsMeasured: Uint32Array;
  readonly exposure: Float64Array;
  readonly boughtLastYear: Uint8Array;
  readonly boughtYearBefore: Uint8Array;

  constructor(n: number) {
    this.count = new Uint32Array(n);
    this.firstAt = new Float64Array(n);
    this.lastAt = new Float64Array(n);
    this.windowMargin = new Float64Array(n);
    this.recentHalfMargin = new Float64Array(n);
    this.olderHalfMargin = new Float64Array(n);
    this.recentHalfOrders = new Uint32Array(n);
    this.olderHalfOrders = new Uint32Array(n);
    this.avgMargin = new Float64Array(n);
    this.lastOrdersAvg = new Float64Array(n);
    this.earlierOrdersAvg = new Float64Array(n);
    this.gapVariation = new Float64Array(n);
    this.gapsMeasured = new Uint32Array(n);
    this.exposure = new Float64Array(n);
    this.boughtLastYear = new Uint8Array(n);
    this.boughtYearBefore = new Uint8Array(n);
  }

  /** Reads company i's slice of the series. */
  read(s: OrderSeries, i: number, now: number, windowDays: number): void {
    const a = s.start[i]!;
    const b = s.start[i + 1]!;
    const count = b - a;
    this.count[i] = count;
    this.firstAt[i] = count ? s.date[a]! : NaN;
    this.lastAt[i] = count ? s.date[b - 1]! : NaN;
    if (!count) return;
    const windowStart = now - windowDays * DAY_MS;
    const halfStart = now - (windowDays / 2) * DAY_MS;
    const yearAgo = now - YEAR_DAYS * DAY_MS;
    const twoYearsAgo = now - 2 * YEAR_DAYS * DAY_MS;
    let exposure = 0;
    let windowMargin = 0;
    let recentHalfMargin = 0;
    let olderHalfMargin = 0;
    let recentHalfOrders = 0;
    let olderHalfOrders = 0;
    let boughtLastYear = 0;
    let boughtYearBefore = 0;
    for (let k = b - 1; k >= a; k--) {
      const d = s.date[k]!;
      if (s.unpaid[k]) exposure += s.amount[k]!;
      if (d > yearAgo) boughtLastYear = 1;
      else if (d > twoYearsAgo) boughtYearBefore = 1;
      if (d <= windowStart) continue;
      const mg = s.margin[k]!;
      windowMargin += mg;
      if (d > halfStart) {
        recentHalfMargin += mg;
        recentHalfOrders++;
      } else {
        olderHalfMargin += mg;
        olderHalfOrders++;
      }
    }
    this.exposure[i] = exposure;
    this.windowMargin[i] = windowMargin;
    this.recentHalfMargin[i] = recentHalfMargin;
    this.olderHalfMargin[i] = olderHalfMargin;
    this.recentHalfOrders[i] = recentHalfOrders;
    this.olderHalfOrders[i] = olderHalfOrders;
    this.boughtLastYear[i] = boughtLastYear;
    this.boughtYearBefore[i] = boughtYearBefore;
    const lastN = Math.min(12, count);
    let sum = 0;
    for (let k = b - lastN; k < b; k++) sum += s.margin[k]!;
    this.avgMargin[i] = sum / lastN;
    const k = Math.min(3, Math.floor(count / 2));
    if (k >= 2) {
      let last = 0;
      let earlier = 0;
      for (let j = 0; j < k; j++) {
        last += s.amount[b - 1 - j]!;
        earlier += s.amount[b - 1 - k - j]!;
      }
      this.lastOrdersAvg[i] = last / k;
      this.earlierOrdersAvg[i] = earlier / k;
    }
    const gaps = Math.min(8, count - 1);
    if (gaps >= 4) {
      let mean = 0;
      for (let j = b - gaps; j < b; j++) mean += s.date[j]! - s.date[j - 1]!;
      mean /= gaps;
      let variance = 0;
      for (let j = b - gaps; j < b; j++) variance += (s.date[j]! - s.date[j - 1]! - mean) ** 2;
      this.gapVariation[i] = mean > 0 ? Math.sqrt(variance / gaps) / mean : 0;
      this.gapsMeasured[i] = gaps;
    }
  }
}

/** Counts referrals: companies tagged `referred-by:<name or domain>` of a referrer (lower case). */
function countReferrals(inputs: ValueInputs): Float64Array | null {
  const byKey = new Map<string, number>();
  for (const keys of inputs.referredBy) {
    if (!keys) continue;
    for (const key of keys.split('\n')) byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  if (byKey.size === 0) return null;
  const counts = new Float64Array(inputs.ids.length);
  for (let i = 0; i < counts.length; i++) {
    let total = byKey.get(inputs.names[i]!) ?? 0;
    const domains = inputs.domains[i]!;
    if (domains) for (const d of domains.split('\n')) total += byKey.get(d) ?? 0;
    counts[i] = total;
  }
  return counts;
}

type PartialStats = Omit<BookStats, 'currentMedian' | 'potentialMedian' | 'computedAt' | 'companies'>;

/**
 * Every company's money figures, one typed array each: what the ranking and the
 * quadrant medians need, and what the row reports. Filled for all companies
 * before any row is built, so nothing per company outlives its own row.
 */
class Values {
  readonly current: Float64Array;
  readonly clv: Float64Array;
  readonly potential: Float64Array;
  readonly annualMargin: Float64Array;
  readonly serveCost: Float64Array;
  readonly gap: Float64Array;
  readonly daysSinceLast: Float64Array;
  readonly alive: Float64Array;
  readonly churn: Float64Array;
  readonly years: Float64Array;
  readonly pBuy: Float64Array;
  readonly periodMargin: Float64Array;
  readonly periodServeCost: Float64Array;
  readonly information: Float64Array;
  readonly referral: Float64Array;
  readonly loss: Float64Array;

  constructor(n: number) {
    this.current = new Float64Array(n);
    this.clv = new Float64Array(n);
    this.potential = new Float64Array(n);
    this.annualMargin = new Float64Array(n);
    this.serveCost = new Float64Array(n);
    this.gap = new Float64Array(n);
    this.daysSinceLast = new Float64Array(n);
    this.alive = new Float64Array(n);
    this.churn = new Float64Array(n);
    this.years = new Float64Array(n);
    this.pBuy = new Float64Array(n);
    this.periodMargin = new Float64Array(n);
    this.periodServeCost = new Float64Array(n);
    this.information = new Float64Array(n);
    this.referral = new Float64Array(n);
    this.loss = new Float64Array(n);
  }
}

/** Values company i (model.ts formulas) into `v`; numbers only. */
function valueCompany(
  v: Values,
  i: number,
  acquisitionCost: number,
  f: OrderFacts,
  t: InteractionTotals,
  referrals: number,
  book: PartialStats,
  settings: ValueSettings,
  now: number,
): void {
  const count = f.count[i]!;
  const firstAt = f.firstAt[i]!;
  const lastAt = f.lastAt[i]!;
  const windowMargin = f.windowMargin[i]!;
  const periodDays = settings.periodMonths * MONTH_DAYS;
  const serveCost = t.inWindow[i]! * settings.costPerInteraction;
  const current = currentValue(windowMargin, t.inWindow[i]!, settings.costPerInteraction);
  const annualMargin = (windowMargin * 12) / settings.windowMonths;
  const spanDays = count ? (lastAt - firstAt) / DAY_MS : 0;
  const gap = expectedGapDays(count, spanDays, book.bookGapDays);
  const daysSinceLast = count ? Math.max(0, (now - lastAt) / DAY_MS) : 0;
  const alive = count ? aliveProbability(gap, book.bookChurn, daysSinceLast) : 0;
  const churn = count ? customerChurn(alive, book.bookChurn) : 1;
  const years = count ? lifetimeYears(churn, settings.maxLifetimeYears) : 0;
  const pBuy = count ? purchaseProbability(alive, gap, periodDays) : 0;
  const periodMargin = count ? expectedPeriodMargin(f.avgMargin[i]!, gap, periodDays) : 0;
  const periodServeCost = (serveCost * settings.periodMonths) / settings.windowMonths;
  const base = count
    ? clv({
        periodMargin,
        purchaseProbability: pBuy,
        periodServeCost,
        lifetimePeriods: (years * 12) / settings.periodMonths,
        discountRate: settings.discountRate,
        acquisitionCost,
      })
    : -acquisitionCost; // no order yet: nothing is expected until the first one; the upside is potential value
  const inbound = t.inboundInWindow[i]!;
  const broad = broadTerms({
    feedbackCount: t.inboundComplaintsInWindow[i]!,
    valuePerFeedback: settings.broad.valuePerFeedback,
    referrals,
    valuePerReferral: settings.broad.valuePerReferral,
    satisfaction: inbound ? Math.max(0, 1 - t.complaintsInWindow[i]! / inbound) : 1,
    exposure: f.exposure[i]!,
    defaultProbability: settings.broad.defaultProbability,
  });
  const information = settings.broad.informationValue ? broad.information : 0;
  const referral = settings.broad.referral ? broad.referral : 0;
  const loss = settings.broad.expectedLoss ? broad.loss : 0;
  let potential: number;
  if (count) {
    const pot = potentialValue({
      annualMargin,
      bigBuyerMargin: book.bigBuyerMargin,
      captureShare: settings.potentialCaptureShare,
      alive,
      recentHalfMargin: f.recentHalfMargin[i]!,
      olderHalfMargin: f.olderHalfMargin[i]!,
      windowMonths: settings.windowMonths,
    });
    potential = pot.headroom + pot.momentum;
  } else potential = book.medianAnnualMargin * book.conversionRate + 0;
  v.current[i] = current;
  v.clv[i] = base + information + referral - loss;
  v.potential[i] = potential;
  v.annualMargin[i] = annualMargin;
  v.serveCost[i] = serveCost;
  v.gap[i] = gap;
  v.daysSinceLast[i] = daysSinceLast;
  v.alive[i] = alive;
  v.churn[i] = churn;
  v.years[i] = years;
  v.pBuy[i] = pBuy;
  v.periodMargin[i] = periodMargin;
  v.periodServeCost[i] = periodServeCost;
  v.information[i] = information;
  v.referral[i] = referral;
  v.loss[i] = loss;
}

/** Company i's behaviour as the stage rules read it. */
function behaviourOf(
  i: number,
  f: OrderFacts,
  t: InteractionTotals,
  v: Values,
  lostReason: LostReason | undefined,
  now: number,
): Behaviour {
  const count = f.count[i]!;
  const firstKnown = Math.min(t.firstAt[i]!, count ? f.firstAt[i]! : Infinity);
  return {
    orderCount: count,
    interactionCount: t.count[i]!,
    daysKnown: Number.isFinite(firstKnown) ? Math.max(0, (now - firstKnown) / DAY_MS) : 0,
    relationshipDays: count ? Math.max(0, (now - f.firstAt[i]!) / DAY_MS) : 0,
    daysSinceLastOrder: v.daysSinceLast[i]!,
    gapDays: v.gap[i]!,
    recentHalfOrders: f.recentHalfOrders[i]!,
    olderHalfOrders: f.olderHalfOrders[i]!,
    lastOrdersAvg: f.lastOrdersAvg[i]!,
    earlierOrdersAvg: f.earlierOrdersAvg[i]!,
    gapVariation: f.gapVariation[i]!,
    gapsMeasured: f.gapsMeasured[i]!,
    recentComplaints: t.recentComplaints[i]!,
    olderComplaints: t.olderComplaints[i]!,
    recentReplyHours: t.recentReplyCount[i]! ? t.recentReplySum[i]! / t.recentReplyCount[i]! / 3_600_000 : 0,
    olderReplyHours: t.olderReplyCount[i]! ? t.olderReplySum[i]! / t.olderReplyCount[i]! / 3_600_000 : 0,
    recentCustomerReplyHours: customerReplyHours(t, i, 'recent'),
    olderCustomerReplyHours: customerReplyHours(t, i, 'older'),
    lostReason,
  };
}

/** Company i's mean reply delay in one of the two 90-day spans, in hours; 0 when they never answered in it. */
function customerReplyHours(t: InteractionTotals, i: number, span: 'recent' | 'older'): number {
  const count = span === 'recent' ? t.recentCustomerReplyCount[i]! : t.olderCustomerReplyCount[i]!;
  const sum = span === 'recent' ? t.recentCustomerReplySum[i]! : t.olderCustomerReplySum[i]!;
  return count ? sum / count / 3_600_000 : 0;
}

const money = (x: number) => Math.round(x);

// Reasons without parameters are the same for every company: built once and shared by the rows (read-only).
const NO_PARAMS: Record<string, string | number> = Object.freeze({}) as Record<string, string | number>;
const NO_ORDERS: Reason = Object.freeze({ id: 'value.driver.noOrders', params: NO_PARAMS });
const NEGATIVE: Reason = Object.freeze({ id: 'value.driver.negative', params: NO_PARAMS });
const QUADRANT_REASON: Record<Quadrant, Reason> = {
  matureSoon: Object.freeze({ id: 'value.quadrant.matureSoon', params: NO_PARAMS }),
  declineAhead: Object.freeze({ id: 'value.quadrant.declineAhead', params: NO_PARAMS }),
  earlyDevelopment: Object.freeze({ id: 'value.quadrant.earlyDevelopment', params: NO_PARAMS }),
  exploration: Object.freeze({ id: 'value.quadrant.exploration', params: NO_PARAMS }),
};
const NO_MISSING_RATES: string[] = Object.freeze([]) as unknown as string[];

/** Sizes of the money drivers being ordered (at most six), reused across companies. */
const driverSizes = new Float64Array(8);

/** Adds a money driver, keeping `out` biggest first; equal sizes keep the order they were added in. */
function addDriver(out: Reason[], reason: Reason, size: number): void {
  let at = out.length;
  while (at > 0 && driverSizes[at - 1]! < size) {
    driverSizes[at] = driverSizes[at - 1]!;
    out[at] = out[at - 1]!;
    at--;
  }
  driverSizes[at] = size;
  out[at] = reason;
}

/** The main drivers of a customer's value, biggest money terms first, then the model's reading. */
function drivers(
  v: Values,
  i: number,
  orderCount: number,
  acquisitionCost: number,
  windowInteractions: number,
  referrals: number,
  missingRates: readonly string[],
  settings: ValueSettings,
  negative: boolean,
): Reason[] {
  const currency = settings.baseCurrency;
  const out: Reason[] = [];
  const serveCost = v.serveCost[i]!;
  const windowMargin = v.current[i]! + serveCost;
  if (orderCount === 0) addDriver(out, NO_ORDERS, Infinity);
  else
    addDriver(
      out,
      {
        id: 'value.driver.windowMargin',
        params: { amount: money(windowMargin), currency, months: settings.windowMonths },
      },
      Math.abs(windowMargin),
    );
  if (serveCost > 0)
    addDriver(
      out,
      {
        id: 'value.driver.costToServe',
        params: { amount: money(serveCost), currency, interactions: windowInteractions },
      },
      serveCost,
    );
  if (acquisitionCost > 0)
    addDriver(
      out,
      { id: 'value.driver.acquisitionCost', params: { amount: money(acquisitionCost), currency } },
      acquisitionCost,
    );
  const information = v.information[i]!;
  if (information > 0)
    addDriver(
      out,
      { id: 'value.driver.information', params: { amount: money(information), currency } },
      information,
    );
  const referral = v.referral[i]!;
  if (referral > 0)
    addDriver(
      out,
      { id: 'value.driver.referral', params: { amount: money(referral), currency, count: referrals } },
      referral,
    );
  const loss = v.loss[i]!;
  if (loss > 0)
    addDriver(out, { id: 'value.driver.expectedLoss', params: { amount: money(loss), currency } }, loss);
  if (orderCount > 0) {
    out.push({
      id: 'value.driver.purchaseProbability',
      params: {
        percent: Math.round(v.pBuy[i]! * 100),
        months: settings.periodMonths,
        gapDays: Math.round(v.gap[i]!),
      },
    });
    out.push({
      id: 'value.driver.lifetime',
      params: { years: Number(v.years[i]!.toFixed(1)), churnPercent: Math.round(v.churn[i]! * 100) },
    });
  }
  if (negative) out.push(NEGATIVE);
  if (missingRates.length)
    out.push({ id: 'value.driver.missingRate', params: { currencies: missingRates.join(', ') } });
  return out.length > 20 ? out.slice(0, 20) : out;
}

/** What the row builder reads for every company. */
interface RowContext {
  inputs: ValueInputs;
  facts: OrderFacts;
  totals: InteractionTotals;
  values: Values;
  stats: BookStats;
  settings: ValueSettings;
  now: number;
}

/** Builds company i's row: the only objects made per company, and all of them kept in the row. */
function buildRow(
  ctx: RowContext,
  i: number,
  rank: number,
  n: number,
  tier: Tier,
  referrals: number,
  missing: Set<string> | undefined,
): CompanyValueRow {
  const { inputs, facts: f, totals: t, values: v, stats, settings, now } = ctx;
  const orderCount = f.count[i]!;
  const clvValue = v.clv[i]!;
  const current = v.current[i]!;
  const lostIdx = t.lostReason[i]!;
  const lostReason = lostIdx >= 0 ? LOST_REASONS[lostIdx] : undefined;
  const behaviour = behaviourOf(i, f, t, v, lostReason, now);
  const { stage, signals } = lifecycleStage(behaviour);
  const negative = orderCount > 0 && clvValue < 0;
  const q: Quadrant | null =
    orderCount > 0 ? quadrant(current, v.potential[i]!, stats.currentMedian, stats.potentialMedian) : null;
  // lifecycleStage returns a fresh array each call, so the quadrant's reading is appended in place.
  if (q) signals.push(QUADRANT_REASON[q]);
  const task = taskFor(stage);
  const acquisitionCost = inputs.acquisitionCost[i]!;
  const missingRates = missing ? [...missing].sort() : NO_MISSING_RATES;
  const figures: ValueFigures = {
    orderCount,
    lastOrderAt: orderCount ? f.lastAt[i]! : null,
    annualMargin: v.annualMargin[i]!,
    aliveProbability: v.alive[i]!,
    annualChurn: v.churn[i]!,
    lifetimeYears: v.years[i]!,
    gapDays: v.gap[i]!,
    purchaseProbability: v.pBuy[i]!,
    periodMargin: v.periodMargin[i]!,
    periodServeCost: v.periodServeCost[i]!,
    customerReplyHours: behaviour.recentCustomerReplyHours,
    customerReplyHoursBefore: behaviour.olderCustomerReplyHours,
    referrals,
    broad: { information: v.information[i]!, referral: v.referral[i]!, loss: v.loss[i]! },
    missingRates,
  };
  return {
    companyId: inputs.ids[i]!,
    computedAt: now,
    currency: settings.baseCurrency,
    currentValue: current,
    clv: clvValue,
    potentialValue: v.potential[i]!,
    tier,
    negative,
    rank,
    rankOf: n,
    percentile: percentileOf(rank, n),
    drivers: drivers(
      v,
      i,
      orderCount,
      acquisitionCost,
      t.inWindow[i]!,
      referrals,
      missingRates,
      settings,
      negative,
    ),
    stage,
    stageSignals: signals.length > 20 ? signals.slice(0, 20) : signals,
    quadrant: q ?? undefined,
    task,
    nextAction: nextAction({
      task,
      stage,
      tier,
      negative,
      value: clvValue,
      lostReason,
      daysSinceLastOrder: behaviour.daysSinceLastOrder,
      gapDays: behaviour.gapDays,
    }),
    figures,
  };
}

/** The book's records, as recomputeAll reads them and tests write them. */
export type BookInput = RecordsInput;

/** Measures the book: churn, typical gap, big-buyer and median margins, conversion. */
function measureBook(n: number, f: OrderFacts, settings: ValueSettings): PartialStats {
  let atRisk = 0;
  let churned = 0;
  let buyers = 0;
  let gapCount = 0;
  let marginCount = 0;
  const gaps = new Float64Array(n);
  const margins = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const count = f.count[i]!;
    if (!count) continue;
    buyers++;
    if (f.boughtYearBefore[i]) {
      atRisk++;
      if (!f.boughtLastYear[i]) churned++;
    }
    if (count >= 2) gaps[gapCount++] = (f.lastAt[i]! - f.firstAt[i]!) / DAY_MS / (count - 1);
    const windowMargin = f.windowMargin[i]!;
    if (windowMargin > 0) margins[marginCount++] = (windowMargin * 12) / settings.windowMonths;
  }
  // Own churn once 10 customers could have churned; clamped so lifetime stays within 1/0.95 … 1/0.02 years.
  const bookChurnMeasured = atRisk >= 10;
  const bookChurn = bookChurnMeasured
    ? Math.min(0.95, Math.max(0.02, churned / atRisk))
    : settings.defaultAnnualChurn;
  const annualMargins = margins.subarray(0, marginCount);
  return {
    bookChurn,
    bookChurnMeasured,
    bookGapDays:
      gapCount >= 5 ? Math.max(1, quantile(gaps.subarray(0, gapCount), 0.5)) : settings.defaultGapDays,
    bigBuyerMargin: quantile(annualMargins, 0.9),
    medianAnnualMargin: quantile(annualMargins, 0.5),
    conversionRate: n ? buyers / n : 0,
  };
}

/** Every company's figures after a full computation; rows are built on demand. */
export interface ComputedBook {
  stats: BookStats;
  /** Companies in input order. */
  ids: readonly string[];
  clv: Float64Array;
  currentValue: Float64Array;
  potentialValue: Float64Array;
  orderCount: Uint32Array;
  /** Last counted order, NaN when none. */
  lastOrderAt: Float64Array;
  gapDays: Float64Array;
  /** 1-based rank by CLV. */
  rank: Uint32Array;
  /** Companies tagged as referred by each one (null when the referral term is off or nobody was referred). */
  referrals: Float64Array | null;
  tier(i: number): Tier;
  stage(i: number): Stage;
  row(i: number): CompanyValueRow;
}

/** The interaction totals of every company, the customer's reply delays included. */
function* interactionTotals(inputs: ValueInputs, now: number, windowDays: number): Steps<InteractionTotals> {
  const n = inputs.ids.length;
  const totals = new InteractionTotals(n, now, now - windowDays * DAY_MS);
  const waiting = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const a = inputs.interStart[i]!;
    const b = inputs.interStart[i + 1]!;
    for (let k = a; k < b; k++) totals.add(i, inputs, k);
    if (b - a > 1) totals.addCustomerReplies(i, inputs, waiting);
    if (i % STEP === STEP - 1) yield;
  }
  return totals;
}

/**
 * Values and ranks every company of packed inputs. Pure: the caller reads and
 * writes the database. Numbers only (typed arrays, no per-company objects): the
 * ranking, tiers and stages are read from the result, and a company's row with
 * its reasons is built only when asked for.
 */
export function computeInputs(inputs: ValueInputs, settings: ValueSettings, now: number): ComputedBook {
  return runSteps(computeSteps(inputs, settings, now));
}

/**
 * computeInputs as steps: it yields every few hundred companies, so the background worker can
 * run it in slices (lib/value/slices.ts) and answer a card between them.
 */
export function* computeSteps(
  inputs: ValueInputs,
  settings: ValueSettings,
  now: number,
): Steps<ComputedBook> {
  const n = inputs.ids.length;
  const windowDays = settings.windowMonths * MONTH_DAYS;
  const series = orderSeries(inputs, settings);
  yield;
  const totals = yield* interactionTotals(inputs, now, windowDays);
  const facts = new OrderFacts(n);
  for (let i = 0; i < n; i++) {
    facts.read(series, i, now, windowDays);
    if (i % STEP === STEP - 1) yield;
  }
  const partial = measureBook(n, facts, settings);
  const referrals = settings.broad.referral ? countReferrals(inputs) : null;
  yield;
  const values = new Values(n);
  const buyersCurrent = new Float64Array(n);
  const buyersPotential = new Float64Array(n);
  let buyers = 0;
  for (let i = 0; i < n; i++) {
    if (i % STEP === STEP - 1) yield;
    valueCompany(
      values,
      i,
      inputs.acquisitionCost[i]!,
      facts,
      totals,
      referrals?.[i] ?? 0,
      partial,
      settings,
      now,
    );
    if (facts.count[i]! > 0) {
      buyersCurrent[buyers] = values.current[i]!;
      buyersPotential[buyers++] = values.potential[i]!;
    }
  }
  yield;
  const stats: BookStats = {
    ...partial,
    computedAt: now,
    companies: n,
    currentMedian: quantile(buyersCurrent.subarray(0, buyers), 0.5),
    potentialMedian: quantile(buyersPotential.subarray(0, buyers), 0.5),
  };
  const { rank } = rankByValue(values.clv, values.current);
  const sizes = tierSizes(n, settings.cutoffs);
  const ctx: RowContext = { inputs, facts, totals, values, stats, settings, now };
  const tier = (i: number) => tierWithin(rank[i]!, sizes, values.clv[i]!);
  return {
    stats,
    ids: inputs.ids,
    clv: values.clv,
    currentValue: values.current,
    potentialValue: values.potential,
    orderCount: facts.count,
    lastOrderAt: facts.lastAt,
    gapDays: values.gap,
    rank,
    referrals,
    tier,
    stage: (i) => {
      const lostIdx = totals.lostReason[i]!;
      return lifecycleStage(
        behaviourOf(i, facts, totals, values, lostIdx >= 0 ? LOST_REASONS[lostIdx] : undefined, now),
      ).stage;
    },
    row: (i) => buildRow(ctx, i, rank[i]!, n, tier(i), referrals?.[i] ?? 0, series.missing.get(i)),
  };
}

/** Values and ranks every company of the book's records, with every company's row. */
export function computeBook(
  input: BookInput,
  settings: ValueSettings,
  now: number,
): { rows: CompanyValueRow[]; stats: BookStats } {
  const book = computeInputs(packInputs(input), settings, now);
  const rows = new Array<CompanyValueRow>(book.ids.length);
  for (let i = 0; i < rows.length; i++) rows[i] = book.row(i);
  return { rows, stats: book.stats };
}

/**
 * Values one company against stored book figures, for incremental updates. The
 * caller supplies its rank among the others (RankIndex) through `rankFor`.
 * Interactions without a company are taken as the company's (the caller read them for it).
 */
export function computeCompany(
  company: BookInput['companies'][number],
  orders: BookInput['orders'],
  interactions: BookInput['interactions'],
  stats: BookStats,
  settings: ValueSettings,
  now: number,
  rankFor: (clv: number) => { rank: number; count: number },
  referrals = 0,
): CompanyValueRow {
  const own = interactions
    .filter((x) => x.companyId === undefined || x.companyId === company.id)
    .map((x) => (x.companyId === undefined ? { ...x, companyId: company.id } : x));
  const inputs = packInputs({ companies: [company], orders, interactions: own });
  const windowDays = settings.windowMonths * MONTH_DAYS;
  const series = orderSeries(inputs, settings);
  const totals = runSteps(interactionTotals(inputs, now, windowDays));
  const facts = new OrderFacts(1);
  facts.read(series, 0, now, windowDays);
  const values = new Values(1);
  valueCompany(values, 0, inputs.acquisitionCost[0]!, facts, totals, referrals, stats, settings, now);
  const clvValue = values.clv[0]!;
  const { rank, count } = rankFor(clvValue);
  const tier = tierForRank(rank, count, settings.cutoffs, clvValue);
  const ctx: RowContext = { inputs, facts, totals, values, stats, settings, now };
  return buildRow(ctx, 0, rank, count, tier, referrals, series.missing.get(0));
}
