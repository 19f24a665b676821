import { quadrant, type Quadrant } from '../value/lifecycle';
import { STAGES, TIERS, type Stage, type Tier } from '../value/schema';
import { GOLDEN_SHARE } from './rules';
import type { MetricCompany, MetricCompanyValue } from './types';

// The customer picture (domain.md, value tiers and lifecycle): the shape of the
// book as the value model last saw it, with the period's profit laid over it.
// - Counts (customers per tier, stage, quadrant; who is at risk) are the value
//   model's stored reading (lib/value: the last full recompute, with the rows
//   revalued since): who the customers are now.
// - Profit is the period's: Σ margin of counted orders dated in the period, per
//   customer (golden.ts marginsByCompany: lib/value's margin and rates), so the
//   period filter moves every profit figure and the Pareto curve.
// - Pyramid: VIP, Key, Ordinary, Small, and apart from them the negative-value
//   customers (ordered, CLV below zero: lib/value's negative flag; their tier is
//   always Small, so they are taken out of Small).
// - Pareto: the period's buyers ranked by their margin, cumulative share of the
//   period's profit against the share of buyers; the 20% point is the share the
//   top ⌈20% × buyers⌉ bring (the scorecard's golden-customer figure: one rule).
// - Quadrant: current × potential value cut at the book's medians among
//   customers who ever ordered (lifecycle.ts quadrant()); customers who never
//   ordered have none and are counted apart.
// - At risk: customers in decline whose tier is VIP, Key or Ordinary (the top
//   20% by CLV), ranked by value at stake = CLV, the discounted future profit
//   that leaves with them.

export const PYRAMID_GROUPS = [...TIERS, 'negative'] as const;
export type PyramidGroup = (typeof PYRAMID_GROUPS)[number];
export const QUADRANT_GROUPS = [
  'matureSoon',
  'declineAhead',
  'earlyDevelopment',
  'exploration',
  'noOrder',
] as const;
export type QuadrantGroup = (typeof QUADRANT_GROUPS)[number];
/** Tiers whose declining customers make the at-risk list. */
export const AT_RISK_TIERS: ReadonlySet<Tier> = new Set(['vip', 'key', 'ordinary']);

/** A customer as the value model last valued it (digest summaries, or a newer stored row). */
export interface ValuedCustomer {
  companyId: string;
  computedAt: number;
  clv: number;
  currentValue: number;
  potentialValue: number;
  tier: Tier;
  stage: Stage;
  orderCount: number;
  lastOrderAt: number | null;
  /** 1-based rank by CLV (0 when unknown). */
  rank: number;
}

export interface GroupRow<K extends string> {
  key: K;
  customers: number;
  /** Σ the period's margin of the group's customers. */
  profit: number;
  /** profit ÷ the scope's total profit; null when the total is not positive. */
  profitShare: number | null;
}

export interface ParetoPoint {
  /** Share of the period's buyers, 0..1. */
  customers: number;
  /** Cumulative share of their profit, may pass 1 when the rest lose money. */
  profit: number;
}

export interface AtRiskRow {
  companyId: string;
  name: string;
  ownerRepId: string;
  tier: Tier;
  rank: number;
  clv: number;
  currentValue: number;
  lastOrderAt: number | null;
  /** The customer's margin in the period. */
  periodProfit: number;
}

export interface CustomerPicture {
  /** Customers the value model has valued in the scope. */
  customers: number;
  /** When the oldest reading shown was made (the last full recompute); null when none. */
  valuedAt: number | null;
  totalProfit: number;
  pyramid: GroupRow<PyramidGroup>[];
  stages: GroupRow<Stage>[];
  quadrants: GroupRow<QuadrantGroup>[];
  pareto: {
    buyers: number;
    /** ⌈20% × buyers⌉. */
    golden: number;
    /** Share of profit from the golden buyers; null without a positive total. */
    goldenShare: number | null;
    /** The curve, at most about 100 points from (0, 0) to (1, total share). */
    points: ParetoPoint[];
  };
  /** Every at-risk customer, most value at stake first. */
  atRisk: AtRiskRow[];
}

export interface PictureInput {
  companies: readonly MetricCompany[];
  values: readonly MetricCompanyValue[];
  /** The period's margin per customer (golden.ts marginsByCompany). */
  margins: ReadonlyMap<string, number>;
  /** Quadrant cuts: the book's medians among customers who ever ordered (lib/value BookStats). */
  medians: { current: number; potential: number } | null;
  /** Only this owner's customers. */
  repId?: string;
}

function rows<K extends string>(keys: readonly K[]): Map<K, GroupRow<K>> {
  return new Map(keys.map((key) => [key, { key, customers: 0, profit: 0, profitShare: null }]));
}

/** A stored value figure set as a valued customer, or null when it lacks the value model's reading. */
export function valuedCustomer(v: MetricCompanyValue): ValuedCustomer | null {
  if (v.clv === undefined || v.tier === undefined || v.stage === undefined) return null;
  if (!(TIERS as readonly string[]).includes(v.tier) || !(STAGES as readonly string[]).includes(v.stage))
    return null;
  return {
    companyId: v.companyId,
    computedAt: v.computedAt,
    clv: v.clv,
    currentValue: v.currentValue ?? 0,
    potentialValue: v.potentialValue ?? 0,
    tier: v.tier as Tier,
    stage: v.stage as Stage,
    orderCount: v.orderCount ?? 0,
    lastOrderAt: v.lastOrderAt ?? null,
    rank: v.rank ?? 0,
  };
}

export function pyramidGroup(c: Pick<ValuedCustomer, 'tier' | 'clv' | 'orderCount'>): PyramidGroup {
  return c.orderCount > 0 && c.clv < 0 ? 'negative' : c.tier;
}

export function quadrantGroup(
  c: Pick<ValuedCustomer, 'currentValue' | 'potentialValue' | 'orderCount'>,
  medians: PictureInput['medians'],
): QuadrantGroup {
  if (c.orderCount === 0 || !medians) return 'noOrder';
  return quadrant(c.currentValue, c.potentialValue, medians.current, medians.potential) satisfies Quadrant;
}

/** The Pareto curve of the buyers' margins, cut to about `points` steps. */
export function paretoCurve(margins: readonly number[], points = 100): CustomerPicture['pareto'] {
  const sorted = [...margins].sort((a, b) => b - a);
  const n = sorted.length;
  const golden = Math.ceil(n * GOLDEN_SHARE);
  const total = sorted.reduce((a, b) => a + b, 0);
  if (!n || !(total > 0)) return { buyers: n, golden, goldenShare: null, points: [] };
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i]! + sorted[i]!;
  const steps = new Set<number>([0, golden, n]);
  for (let k = 1; k < points; k++) steps.add(Math.round((n * k) / points));
  const out = [...steps]
    .sort((a, b) => a - b)
    .map((k) => ({ customers: k / n, profit: cumulative[k]! / total }));
  return { buyers: n, golden, goldenShare: cumulative[golden]! / total, points: out };
}

export function customerPicture(input: PictureInput): CustomerPicture {
  const repId = input.repId;
  const pictures = customerPictures(input, repId === undefined ? [] : [repId]);
  return repId === undefined ? pictures.team : pictures.reps.get(repId)!;
}

/** One scope's running sums while the customers are read. */
interface Tally {
  pyramid: Map<PyramidGroup, GroupRow<PyramidGroup>>;
  stages: Map<Stage, GroupRow<Stage>>;
  quadrants: Map<QuadrantGroup, GroupRow<QuadrantGroup>>;
  atRisk: AtRiskRow[];
  buyerMargins: number[];
  customers: number;
  valuedAt: number | null;
}

function tally(): Tally {
  return {
    pyramid: rows(PYRAMID_GROUPS),
    stages: rows(STAGES),
    quadrants: rows(QUADRANT_GROUPS),
    atRisk: [],
    buyerMargins: [],
    customers: 0,
    valuedAt: null,
  };
}

function finishTally(t: Tally): CustomerPicture {
  const pareto = paretoCurve(t.buyerMargins);
  const totalProfit = t.buyerMargins.reduce((a, b) => a + b, 0);
  const finish = <K extends string>(m: Map<K, GroupRow<K>>) =>
    [...m.values()].map((r) => ({ ...r, profitShare: totalProfit > 0 ? r.profit / totalProfit : null }));
  t.atRisk.sort((a, b) => b.clv - a.clv || a.name.localeCompare(b.name));
  return {
    customers: t.customers,
    valuedAt: t.valuedAt,
    totalProfit,
    pyramid: finish(t.pyramid),
    stages: finish(t.stages),
    quadrants: finish(t.quadrants),
    pareto,
    atRisk: t.atRisk,
  };
}

/**
 * The customer picture of the team and of each rep's customers (`repIds`) from one
 * pass over the customers: each customer is added to the team's sums and to its
 * owner's, in the same order as customerPicture would for either scope alone.
 */
export function customerPictures(
  input: Omit<PictureInput, 'repId'>,
  repIds: readonly string[],
  /** The companies by id, when the caller has them already (a hundred thousand are worth not mapping twice). */
  byId?: ReadonlyMap<string, MetricCompany>,
): { team: CustomerPicture; reps: Map<string, CustomerPicture> } {
  const owner = byId ?? new Map(input.companies.map((c) => [c.id, c]));
  const team = tally();
  const byRep = new Map(repIds.map((id) => [id, tally()]));
  for (const v of input.values) {
    const c = valuedCustomer(v);
    if (!c) continue;
    const company = owner.get(c.companyId);
    if (!company) continue;
    const profit = input.margins.get(c.companyId) ?? 0;
    const pyramid = pyramidGroup(c);
    const quadrant = quadrantGroup(c, input.medians);
    const atRisk = c.stage === 'decline' && AT_RISK_TIERS.has(c.tier) && c.clv > 0;
    const mine = byRep.get(company.ownerRepId);
    for (let k = 0; k < 2; k++) {
      const t = k === 0 ? team : mine;
      if (!t) continue;
      t.customers++;
      t.valuedAt = t.valuedAt === null ? c.computedAt : Math.min(t.valuedAt, c.computedAt);
      for (const r of [t.pyramid.get(pyramid)!, t.stages.get(c.stage)!, t.quadrants.get(quadrant)!]) {
        r.customers++;
        r.profit += profit;
      }
      if (atRisk)
        t.atRisk.push({
          companyId: c.companyId,
          name: company.name,
          ownerRepId: company.ownerRepId,
          tier: c.tier,
          rank: c.rank,
          clv: c.clv,
          currentValue: c.currentValue,
          lastOrderAt: c.lastOrderAt,
          periodProfit: profit,
        });
    }
  }
  for (const [companyId, m] of input.margins) {
    const company = owner.get(companyId);
    if (!company) continue;
    team.buyerMargins.push(m);
    byRep.get(company.ownerRepId)?.buyerMargins.push(m);
  }
  return {
    team: finishTally(team),
    reps: new Map([...byRep].map(([id, t]) => [id, finishTally(t)])),
  };
}
