import type { Company, Interaction, LostReason, Order } from '../db/types';
import { LOST_REASONS } from '../db/types';
import { rateToBase } from './currency';
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
import type { CustomerValue } from './schema';
import type { ValueSettings } from './settings';
import { percentileOf, rankByValue, tierForRank } from './tiers';

// The whole book in one pass (and the same code for one company): group orders
// and interactions by company into typed arrays, summarise each company, measure
// the book (churn, typical gap, big-buyer margin, medians), value every company,
// rank, and build the rows of `companyValues`. No per-order objects are created.

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
  referrals: number;
  broad: { information: number; referral: number; loss: number };
  missingRates: string[];
}

const COUNTED = new Set<Order['status']>(['confirmed', 'shipped', 'paid']);
const RECENT_DAYS = 90;
const LOST_REASON_DAYS = 180;

type CompanyInput = Pick<Company, 'id' | 'acquisitionCost'> &
  Partial<Pick<Company, 'name' | 'domains' | 'tags'>>;
type OrderInput = Pick<Order, 'companyId' | 'date' | 'amount' | 'currency' | 'cost' | 'status'>;
type InteractionInput = Pick<Interaction, 'at' | 'intent' | 'direction'> &
  Partial<Pick<Interaction, 'companyId' | 'responseTimeMs' | 'lostReason'>>;

/** Counted orders grouped by company and sorted by date, in the base currency. */
interface OrderSeries {
  start: Uint32Array; // company i's orders are [start[i], start[i + 1])
  date: Float64Array;
  amount: Float64Array;
  margin: Float64Array;
  unpaid: Uint8Array; // 1 for shipped, not yet paid
  missing: Map<number, Set<string>>;
}

function groupOrders(
  n: number,
  indexOf: (companyId: string) => number | undefined,
  orders: readonly OrderInput[],
  settings: ValueSettings,
): OrderSeries {
  const m = orders.length;
  const owner = new Int32Array(m).fill(-1);
  const amountIn = new Float64Array(m);
  const marginIn = new Float64Array(m);
  const counts = new Uint32Array(n + 1);
  const missing = new Map<number, Set<string>>();
  const rates = new Map<string, number | undefined>();
  for (let k = 0; k < m; k++) {
    const o = orders[k]!;
    if (!COUNTED.has(o.status)) continue;
    const i = indexOf(o.companyId);
    if (i === undefined) continue;
    let rate = rates.get(o.currency);
    if (!rates.has(o.currency)) rates.set(o.currency, (rate = rateToBase(o.currency, settings)));
    if (rate === undefined) {
      let set = missing.get(i);
      if (!set) missing.set(i, (set = new Set()));
      set.add(o.currency);
      continue;
    }
    owner[k] = i;
    amountIn[k] = o.amount * rate;
    // Margin = amount − direct cost; without a cost, the default margin (model.orderMargin).
    marginIn[k] =
      o.cost === undefined ? o.amount * rate * settings.defaultMargin : (o.amount - o.cost) * rate;
    counts[i + 1]!++;
  }
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + counts[i + 1]!;
  const total = start[n]!;
  const date = new Float64Array(total);
  const amount = new Float64Array(total);
  const margin = new Float64Array(total);
  const unpaid = new Uint8Array(total);
  const fill = start.slice(0, n);
  for (let k = 0; k < m; k++) {
    const i = owner[k]!;
    if (i < 0) continue;
    const at = fill[i]!++;
    date[at] = orders[k]!.date;
    amount[at] = amountIn[k]!;
    margin[at] = marginIn[k]!;
    unpaid[at] = orders[k]!.status === 'shipped' ? 1 : 0;
  }
  // Sort each company's orders by date (already sorted when read through the [companyId+date] index).
  for (let i = 0; i < n; i++) {
    const a = start[i]!;
    const b = start[i + 1]!;
    let sorted = true;
    for (let k = a + 1; k < b && sorted; k++) sorted = date[k - 1]! <= date[k]!;
    if (sorted) continue;
    const idx = Array.from({ length: b - a }, (_, j) => a + j).sort((x, y) => date[x]! - date[y]!);
    const d = idx.map((k) => date[k]!);
    const am = idx.map((k) => amount[k]!);
    const mg = idx.map((k) => margin[k]!);
    const up = idx.map((k) => unpaid[k]!);
    date.set(d, a);
    amount.set(am, a);
    margin.set(mg, a);
    unpaid.set(up, a);
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
    this.firstAt = new Float64Array(n).fill(Infinity);
    this.lostAt = new Float64Array(n).fill(-Infinity);
    this.lostReason = new Int8Array(n).fill(-1);
  }

  add(i: number, x: InteractionInput): void {
    const { now } = this;
    this.count[i]!++;
    if (x.at < this.firstAt[i]!) this.firstAt[i] = x.at;
    const age = (now - x.at) / DAY_MS;
    const complaint = x.intent === 'complaint';
    if (x.at > this.windowStart) {
      this.inWindow[i]!++;
      if (x.direction === 'in') this.inboundInWindow[i]!++;
      if (complaint) {
        this.complaintsInWindow[i]!++;
        if (x.direction === 'in') this.inboundComplaintsInWindow[i]!++;
      }
    }
    const recent = age <= RECENT_DAYS;
    const older = !recent && age <= 2 * RECENT_DAYS;
    if (complaint) {
      if (recent) this.recentComplaints[i]!++;
      else if (older) this.olderComplaints[i]!++;
    }
    if (x.direction === 'out' && x.responseTimeMs !== undefined) {
      if (recent) {
        this.recentReplySum[i]! += x.responseTimeMs;
        this.recentReplyCount[i]!++;
      } else if (older) {
        this.olderReplySum[i]! += x.responseTimeMs;
        this.olderReplyCount[i]!++;
      }
    }
    if (x.lostReason && age <= LOST_REASON_DAYS && x.at > this.lostAt[i]!) {
      this.lostAt[i] = x.at;
      this.lostReason[i] = LOST_REASONS.indexOf(x.lostReason);
    }
  }
}

/** Per-company order facts read from its date-sorted slice. */
interface OrderFacts {
  count: number;
  firstAt: number;
  lastAt: number;
  windowMargin: number;
  recentHalfMargin: number;
  olderHalfMargin: number;
  recentHalfOrders: number;
  olderHalfOrders: number;
  avgMargin: number;
  lastOrdersAvg: number;
  earlierOrdersAvg: number;
  gapVariation: number;
  gapsMeasured: number;
  exposure: number;
  boughtLastYear: boolean;
  boughtYearBefore: boolean;
}

function orderFacts(s: OrderSeries, i: number, now: number, windowDays: number): OrderFacts {
  const a = s.start[i]!;
  const b = s.start[i + 1]!;
  const count = b - a;
  const windowStart = now - windowDays * DAY_MS;
  const halfStart = now - (windowDays / 2) * DAY_MS;
  const yearAgo = now - YEAR_DAYS * DAY_MS;
  const twoYearsAgo = now - 2 * YEAR_DAYS * DAY_MS;
  const f: OrderFacts = {
    count,
    firstAt: count ? s.date[a]! : NaN,
    lastAt: count ? s.date[b - 1]! : NaN,
    windowMargin: 0,
    recentHalfMargin: 0,
    olderHalfMargin: 0,
    recentHalfOrders: 0,
    olderHalfOrders: 0,
    avgMargin: 0,
    lastOrdersAvg: 0,
    earlierOrdersAvg: 0,
    gapVariation: 0,
    gapsMeasured: 0,
    exposure: 0,
    boughtLastYear: false,
    boughtYearBefore: false,
  };
  if (!count) return f;
  for (let k = b - 1; k >= a; k--) {
    const d = s.date[k]!;
    if (s.unpaid[k]) f.exposure += s.amount[k]!;
    if (d > yearAgo) f.boughtLastYear = true;
    else if (d > twoYearsAgo) f.boughtYearBefore = true;
    if (d <= windowStart) continue;
    const mg = s.margin[k]!;
    f.windowMargin += mg;
    if (d > halfStart) {
      f.recentHalfMargin += mg;
      f.recentHalfOrders++;
    } else {
      f.olderHalfMargin += mg;
      f.olderHalfOrders++;
    }
  }
  const lastN = Math.min(12, count);
  let sum = 0;
  for (let k = b - lastN; k < b; k++) sum += s.margin[k]!;
  f.avgMargin = sum / lastN;
  const k = Math.min(3, Math.floor(count / 2));
  if (k >= 2) {
    let last = 0;
    let earlier = 0;
    for (let j = 0; j < k; j++) {
      last += s.amount[b - 1 - j]!;
      earlier += s.amount[b - 1 - k - j]!;
    }
    f.lastOrdersAvg = last / k;
    f.earlierOrdersAvg = earlier / k;
  }
  const gaps = Math.min(8, count - 1);
  if (gaps >= 4) {
    let mean = 0;
    for (let j = b - gaps; j < b; j++) mean += s.date[j]! - s.date[j - 1]!;
    mean /= gaps;
    let variance = 0;
    for (let j = b - gaps; j < b; j++) variance += (s.date[j]! - s.date[j - 1]! - mean) ** 2;
    f.gapVariation = mean > 0 ? Math.sqrt(variance / gaps) / mean : 0;
    f.gapsMeasured = gaps;
  }
  return f;
}

/** Counts referrals: companies tagged `referred-by:<name or domain>` of a referrer (lower case). */
function countReferrals(companies: readonly CompanyInput[]): Map<string, number> {
  const byKey = new Map<string, number>();
  for (const c of companies) {
    for (const tag of c.tags ?? []) {
      if (!tag.toLowerCase().startsWith('referred-by:')) continue;
      const key = tag.slice('referred-by:'.length).trim().toLowerCase();
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
    }
  }
  const counts = new Map<string, number>();
  if (byKey.size === 0) return counts;
  for (const c of companies) {
    let total = byKey.get((c.name ?? '').trim().toLowerCase()) ?? 0;
    for (const d of c.domains ?? []) total += byKey.get(d) ?? 0;
    if (total) counts.set(c.id, total);
  }
  return counts;
}

/** Everything about one company except its rank: what the pyramid needs plus the card's texts. */
interface Valued {
  companyId: string;
  current: number;
  clv: number;
  potential: number;
  annualMargin: number;
  stage: CustomerValue['stage'];
  stageSignals: Reason[];
  behaviour: Behaviour;
  lostReason?: LostReason;
  figures: ValueFigures;
  acquisitionCost: number;
  windowInteractions: number;
  serveCost: number;
}

function valueCompany(
  c: CompanyInput,
  f: OrderFacts,
  t: InteractionTotals,
  i: number,
  missing: Set<string> | undefined,
  referrals: number,
  book: Omit<BookStats, 'currentMedian' | 'potentialMedian' | 'computedAt' | 'companies'>,
  settings: ValueSettings,
  now: number,
): Valued {
  const periodDays = settings.periodMonths * MONTH_DAYS;
  const serveCost = t.inWindow[i]! * settings.costPerInteraction;
  const current = currentValue(f.windowMargin, t.inWindow[i]!, settings.costPerInteraction);
  const annualMargin = (f.windowMargin * 12) / settings.windowMonths;
  const spanDays = f.count ? (f.lastAt - f.firstAt) / DAY_MS : 0;
  const gap = expectedGapDays(f.count, spanDays, book.bookGapDays);
  const daysSinceLast = f.count ? Math.max(0, (now - f.lastAt) / DAY_MS) : 0;
  const alive = f.count ? aliveProbability(gap, book.bookChurn, daysSinceLast) : 0;
  const churn = f.count ? customerChurn(alive, book.bookChurn) : 1;
  const years = f.count ? lifetimeYears(churn, settings.maxLifetimeYears) : 0;
  const pBuy = f.count ? purchaseProbability(alive, gap, periodDays) : 0;
  const periodMargin = f.count ? expectedPeriodMargin(f.avgMargin, gap, periodDays) : 0;
  const periodServeCost = (serveCost * settings.periodMonths) / settings.windowMonths;
  const acquisitionCost = c.acquisitionCost ?? 0;
  const base = f.count
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
    exposure: f.exposure,
    defaultProbability: settings.broad.defaultProbability,
  });
  const used = {
    information: settings.broad.informationValue ? broad.information : 0,
    referral: settings.broad.referral ? broad.referral : 0,
    loss: settings.broad.expectedLoss ? broad.loss : 0,
  };
  const value = base + used.information + used.referral - used.loss;
  const pot = f.count
    ? potentialValue({
        annualMargin,
        bigBuyerMargin: book.bigBuyerMargin,
        captureShare: settings.potentialCaptureShare,
        alive,
        recentHalfMargin: f.recentHalfMargin,
        olderHalfMargin: f.olderHalfMargin,
        windowMonths: settings.windowMonths,
      })
    : { headroom: book.medianAnnualMargin * book.conversionRate, momentum: 0 };
  const firstKnown = Math.min(t.firstAt[i]!, f.count ? f.firstAt : Infinity);
  const lostIdx = t.lostReason[i]!;
  const lostReason = lostIdx >= 0 ? LOST_REASONS[lostIdx] : undefined;
  const behaviour: Behaviour = {
    orderCount: f.count,
    interactionCount: t.count[i]!,
    daysKnown: Number.isFinite(firstKnown) ? Math.max(0, (now - firstKnown) / DAY_MS) : 0,
    relationshipDays: f.count ? Math.max(0, (now - f.firstAt) / DAY_MS) : 0,
    daysSinceLastOrder: daysSinceLast,
    gapDays: gap,
    recentHalfOrders: f.recentHalfOrders,
    olderHalfOrders: f.olderHalfOrders,
    lastOrdersAvg: f.lastOrdersAvg,
    earlierOrdersAvg: f.earlierOrdersAvg,
    gapVariation: f.gapVariation,
    gapsMeasured: f.gapsMeasured,
    recentComplaints: t.recentComplaints[i]!,
    olderComplaints: t.olderComplaints[i]!,
    recentReplyHours: t.recentReplyCount[i]! ? t.recentReplySum[i]! / t.recentReplyCount[i]! / 3_600_000 : 0,
    olderReplyHours: t.olderReplyCount[i]! ? t.olderReplySum[i]! / t.olderReplyCount[i]! / 3_600_000 : 0,
    lostReason,
  };
  const { stage, signals } = lifecycleStage(behaviour);
  return {
    companyId: c.id,
    current,
    clv: value,
    potential: pot.headroom + pot.momentum,
    annualMargin,
    stage,
    stageSignals: signals,
    behaviour,
    lostReason,
    acquisitionCost,
    windowInteractions: t.inWindow[i]!,
    serveCost,
    figures: {
      orderCount: f.count,
      lastOrderAt: f.count ? f.lastAt : null,
      annualMargin,
      aliveProbability: alive,
      annualChurn: churn,
      lifetimeYears: years,
      gapDays: gap,
      purchaseProbability: pBuy,
      periodMargin,
      periodServeCost,
      referrals,
      broad: used,
      missingRates: missing ? [...missing].sort() : [],
    },
  };
}

const money = (x: number) => Math.round(x);

/** The main drivers of a customer's value, biggest money terms first, then the model's reading. */
function drivers(v: Valued, settings: ValueSettings, negative: boolean): Reason[] {
  const currency = settings.baseCurrency;
  const out: { reason: Reason; size: number }[] = [];
  const f = v.figures;
  if (f.orderCount === 0) out.push({ reason: { id: 'value.driver.noOrders', params: {} }, size: Infinity });
  else
    out.push({
      reason: {
        id: 'value.driver.windowMargin',
        params: { amount: money(v.current + v.serveCost), currency, months: settings.windowMonths },
      },
      size: Math.abs(v.current + v.serveCost),
    });
  if (v.serveCost > 0)
    out.push({
      reason: {
        id: 'value.driver.costToServe',
        params: { amount: money(v.serveCost), currency, interactions: v.windowInteractions },
      },
      size: v.serveCost,
    });
  if (v.acquisitionCost > 0)
    out.push({
      reason: { id: 'value.driver.acquisitionCost', params: { amount: money(v.acquisitionCost), currency } },
      size: v.acquisitionCost,
    });
  if (f.broad.information > 0)
    out.push({
      reason: { id: 'value.driver.information', params: { amount: money(f.broad.information), currency } },
      size: f.broad.information,
    });
  if (f.broad.referral > 0)
    out.push({
      reason: {
        id: 'value.driver.referral',
        params: { amount: money(f.broad.referral), currency, count: f.referrals },
      },
      size: f.broad.referral,
    });
  if (f.broad.loss > 0)
    out.push({
      reason: { id: 'value.driver.expectedLoss', params: { amount: money(f.broad.loss), currency } },
      size: f.broad.loss,
    });
  out.sort((a, b) => b.size - a.size);
  const reasons = out.map((o) => o.reason);
  if (f.orderCount > 0) {
    reasons.push({
      id: 'value.driver.purchaseProbability',
      params: {
        percent: Math.round(f.purchaseProbability * 100),
        months: settings.periodMonths,
        gapDays: Math.round(f.gapDays),
      },
    });
    reasons.push({
      id: 'value.driver.lifetime',
      params: { years: Number(f.lifetimeYears.toFixed(1)), churnPercent: Math.round(f.annualChurn * 100) },
    });
  }
  if (negative) reasons.push({ id: 'value.driver.negative', params: {} });
  if (f.missingRates.length)
    reasons.push({ id: 'value.driver.missingRate', params: { currencies: f.missingRates.join(', ') } });
  return reasons.slice(0, 20);
}

function finish(
  v: Valued,
  rank: number,
  n: number,
  stats: BookStats,
  settings: ValueSettings,
  now: number,
): CompanyValueRow {
  const negative = v.figures.orderCount > 0 && v.clv < 0;
  const tier = tierForRank(rank, n, settings.cutoffs, v.clv);
  const q: Quadrant | null =
    v.figures.orderCount > 0
      ? quadrant(v.current, v.potential, stats.currentMedian, stats.potentialMedian)
      : null;
  const stageSignals = q ? [...v.stageSignals, { id: `value.quadrant.${q}`, params: {} }] : v.stageSignals;
  const task = taskFor(v.stage);
  return {
    companyId: v.companyId,
    computedAt: now,
    currency: settings.baseCurrency,
    currentValue: v.current,
    clv: v.clv,
    potentialValue: v.potential,
    tier,
    negative,
    rank,
    rankOf: n,
    percentile: percentileOf(rank, n),
    drivers: drivers(v, settings, negative),
    stage: v.stage,
    stageSignals: stageSignals.slice(0, 20),
    quadrant: q ?? undefined,
    task,
    nextAction: nextAction({
      task,
      stage: v.stage,
      tier,
      negative,
      value: v.clv,
      lostReason: v.lostReason,
      daysSinceLastOrder: v.behaviour.daysSinceLastOrder,
      gapDays: v.behaviour.gapDays,
    }),
    figures: v.figures,
  };
}

export interface BookInput {
  companies: readonly CompanyInput[];
  orders: readonly OrderInput[];
  interactions: readonly InteractionInput[];
}

/** Measures the book: churn, typical gap, big-buyer and median margins, conversion. */
function measureBook(
  n: number,
  facts: OrderFacts[],
  settings: ValueSettings,
): Omit<BookStats, 'currentMedian' | 'potentialMedian' | 'computedAt' | 'companies'> {
  let atRisk = 0;
  let churned = 0;
  let buyers = 0;
  const gaps: number[] = [];
  const margins: number[] = [];
  for (const f of facts) {
    if (!f.count) continue;
    buyers++;
    if (f.boughtYearBefore) {
      atRisk++;
      if (!f.boughtLastYear) churned++;
    }
    if (f.count >= 2) gaps.push((f.lastAt - f.firstAt) / DAY_MS / (f.count - 1));
    if (f.windowMargin > 0) margins.push((f.windowMargin * 12) / settings.windowMonths);
  }
  // Own churn once 10 customers could have churned; clamped so lifetime stays within 1/0.95 … 1/0.02 years.
  const bookChurnMeasured = atRisk >= 10;
  const bookChurn = bookChurnMeasured
    ? Math.min(0.95, Math.max(0.02, churned / atRisk))
    : settings.defaultAnnualChurn;
  return {
    bookChurn,
    bookChurnMeasured,
    bookGapDays: gaps.length >= 5 ? Math.max(1, quantile(gaps, 0.5)) : settings.defaultGapDays,
    bigBuyerMargin: quantile(margins, 0.9),
    medianAnnualMargin: quantile(margins, 0.5),
    conversionRate: n ? buyers / n : 0,
  };
}

/** Values and ranks every company of the book. Pure: the caller reads and writes the database. */
export function computeBook(
  input: BookInput,
  settings: ValueSettings,
  now: number,
): { rows: CompanyValueRow[]; stats: BookStats } {
  const n = input.companies.length;
  const index = new Map<string, number>();
  input.companies.forEach((c, i) => index.set(c.id, i));
  const windowDays = settings.windowMonths * MONTH_DAYS;
  const series = groupOrders(n, (id) => index.get(id), input.orders, settings);
  const totals = new InteractionTotals(n, now, now - windowDays * DAY_MS);
  for (const x of input.interactions) {
    const i = x.companyId === undefined ? undefined : index.get(x.companyId);
    if (i !== undefined) totals.add(i, x);
  }
  const facts = input.companies.map((_, i) => orderFacts(series, i, now, windowDays));
  const partial = measureBook(n, facts, settings);
  const referrals = settings.broad.referral ? countReferrals(input.companies) : new Map<string, number>();
  const valued = input.companies.map((c, i) =>
    valueCompany(
      c,
      facts[i]!,
      totals,
      i,
      series.missing.get(i),
      referrals.get(c.id) ?? 0,
      partial,
      settings,
      now,
    ),
  );
  const buyersCurrent: number[] = [];
  const buyersPotential: number[] = [];
  for (const v of valued)
    if (v.figures.orderCount > 0) {
      buyersCurrent.push(v.current);
      buyersPotential.push(v.potential);
    }
  const stats: BookStats = {
    ...partial,
    computedAt: now,
    companies: n,
    currentMedian: quantile(buyersCurrent, 0.5),
    potentialMedian: quantile(buyersPotential, 0.5),
  };
  const clvs = new Float64Array(n);
  const currents = new Float64Array(n);
  valued.forEach((v, i) => {
    clvs[i] = v.clv;
    currents[i] = v.current;
  });
  const { rank } = rankByValue(clvs, currents);
  const rows = valued.map((v, i) => finish(v, rank[i]!, n, stats, settings, now));
  return { rows, stats };
}

/**
 * Values one company against stored book figures, for incremental updates. The
 * caller supplies its rank among the others (RankIndex) through `rankFor`.
 */
export function computeCompany(
  company: CompanyInput,
  orders: readonly OrderInput[],
  interactions: readonly InteractionInput[],
  stats: BookStats,
  settings: ValueSettings,
  now: number,
  rankFor: (clv: number) => { rank: number; count: number },
  referrals = 0,
): CompanyValueRow {
  const windowDays = settings.windowMonths * MONTH_DAYS;
  const series = groupOrders(1, (id) => (id === company.id ? 0 : undefined), orders, settings);
  const totals = new InteractionTotals(1, now, now - windowDays * DAY_MS);
  for (const x of interactions) if (x.companyId === undefined || x.companyId === company.id) totals.add(0, x);
  const f = orderFacts(series, 0, now, windowDays);
  const v = valueCompany(company, f, totals, 0, series.missing.get(0), referrals, stats, settings, now);
  const { rank, count } = rankFor(v.clv);
  return finish(v, rank, count, stats, settings, now);
}
