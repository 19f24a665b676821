import type { LostReason } from '../db/types';
import type { Stage, Task, Tier } from './schema';

// Lifecycle stage, the current × potential quadrant, the task and the next
// action (domain.md, "Lifecycle stage" and "The three tasks"). Every reason is an
// i18n key in lib/i18n/locales/<lang>/value.json plus its parameters.

export interface Reason {
  id: string;
  params: Record<string, string | number>;
}

/** What a customer did, as the stage rules read it. Money in the base currency, times in days. */
export interface Behaviour {
  /** Counted orders ever (not quotes, not cancelled). */
  orderCount: number;
  interactionCount: number;
  /** Days since the first logged contact or order, whichever came first. */
  daysKnown: number;
  /** Days since the first counted order. */
  relationshipDays: number;
  daysSinceLastOrder: number;
  /** The customer's expected gap between orders. */
  gapDays: number;
  /** Orders in the recent half of the window and in the half before it. */
  recentHalfOrders: number;
  olderHalfOrders: number;
  /** Average amount of the last k orders and of the k before them (k = min(3, ⌊n/2⌋)); 0 when k < 2. */
  lastOrdersAvg: number;
  earlierOrdersAvg: number;
  /** Coefficient of variation (σ/mean) of the last (up to 8) gaps between orders; 0 with fewer than 4 gaps. */
  gapVariation: number;
  gapsMeasured: number;
  /** Complaints logged in the last 90 days and in the 90 days before. */
  recentComplaints: number;
  olderComplaints: number;
  /** Mean reply time of our outbound answers in the last 90 days and the 90 before, in hours; 0 when none. */
  recentReplyHours: number;
  olderReplyHours: number;
  /**
   * Mean time the customer took to answer us (our outbound contact to their next inbound one, in
   * the thread or else the company) in the last 90 days and the 90 before, in hours; 0 when none.
   */
  recentCustomerReplyHours: number;
  olderCustomerReplyHours: number;
  /** The latest lost reason logged within 180 days, if any. */
  lostReason?: LostReason;
}

/** Thresholds of the stage rules, named so the reasons can cite them. */
export const STAGE_RULES = {
  /** Overdue: silent for more than this many expected gaps (and at least 30 days). */
  overdueGaps: 2,
  /** Falling frequency: the recent half-window has at most this share of the half before (which had ≥ 2). */
  fallingFrequencyShare: 0.5,
  /** Falling amount: recent orders average below this share of the earlier ones. */
  fallingAmountShare: 0.6,
  /** Erratic: gaps vary more than their mean (σ/mean above this) over at least 4 gaps, in a relationship over a year. */
  erraticVariation: 1,
  /** Slower replies: our mean reply time, or the customer's, at least doubled and is over a day. */
  slowerReplyFactor: 2,
  /** Ramping: the recent half-window has at least 1.5× the orders of the half before (and ≥ 2). */
  rampingFactor: 1.5,
  /** Development lasts until this many orders and half a year of buying. */
  stableOrders: 4,
  stableDays: 182,
  /** Erratic buying only counts in a relationship older than this. */
  erraticMinDays: 365,
  /** Decline when the weighted decline signals reach this (overdue and a lost reason weigh 2, the rest 1). */
  declineScore: 2,
};

const round = (x: number, digits = 0) => {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale;
};

/** The decline signals that fire, each with its weight. */
export function declineSignals(b: Behaviour): { reason: Reason; weight: number }[] {
  const out: { reason: Reason; weight: number }[] = [];
  if (b.orderCount > 0 && b.daysSinceLastOrder > Math.max(30, STAGE_RULES.overdueGaps * b.gapDays)) {
    out.push({
      reason: {
        id: 'value.signal.overdue',
        params: { days: round(b.daysSinceLastOrder), expectedDays: round(b.gapDays) },
      },
      weight: 2,
    });
  }
  if (b.olderHalfOrders >= 2 && b.recentHalfOrders <= STAGE_RULES.fallingFrequencyShare * b.olderHalfOrders) {
    out.push({
      reason: {
        id: 'value.signal.fallingFrequency',
        params: { recent: b.recentHalfOrders, before: b.olderHalfOrders },
      },
      weight: 1,
    });
  }
  if (b.earlierOrdersAvg > 0 && b.lastOrdersAvg < STAGE_RULES.fallingAmountShare * b.earlierOrdersAvg) {
    out.push({
      reason: {
        id: 'value.signal.fallingAmount',
        params: { percent: round((1 - b.lastOrdersAvg / b.earlierOrdersAvg) * 100) },
      },
      weight: 1,
    });
  }
  if (
    b.gapsMeasured >= 4 &&
    b.relationshipDays > STAGE_RULES.erraticMinDays &&
    b.gapVariation > STAGE_RULES.erraticVariation
  ) {
    out.push({
      reason: { id: 'value.signal.erratic', params: { variation: round(b.gapVariation, 1) } },
      weight: 1,
    });
  }
  if (b.recentComplaints >= 2 && b.recentComplaints > b.olderComplaints) {
    out.push({
      reason: {
        id: 'value.signal.risingComplaints',
        params: { recent: b.recentComplaints, before: b.olderComplaints },
      },
      weight: 1,
    });
  }
  // Slower replies, ours and the customer's: the recent 90 days' mean over a day and well above the 90 before.
  const slower = (id: string, recentHours: number, olderHours: number) => {
    if (olderHours > 0 && recentHours > 24 && recentHours >= STAGE_RULES.slowerReplyFactor * olderHours)
      out.push({
        reason: { id, params: { recentHours: round(recentHours), beforeHours: round(olderHours) } },
        weight: 1,
      });
  };
  slower('value.signal.slowerReplies', b.recentReplyHours, b.olderReplyHours);
  slower('value.signal.slowerCustomerReplies', b.recentCustomerReplyHours, b.olderCustomerReplyHours);
  if (b.lostReason) {
    out.push({ reason: { id: 'value.signal.lostReason', params: { reason: b.lostReason } }, weight: 2 });
  }
  return out;
}

/**
 * The stage from behaviour:
 * - exploration: no order yet;
 * - decline: decline signals weigh ≥ 2 (overdue, falling frequency or amount,
 *   erratic buying, rising complaints, our slower replies, the customer's slower
 *   replies, a logged lost reason);
 * - development: fewer than 4 orders, under half a year of buying, or ramping up;
 * - stable: the rest (steady cadence).
 * Returns the stage and the signals behind it.
 */
export function lifecycleStage(b: Behaviour): { stage: Stage; signals: Reason[] } {
  if (b.orderCount === 0) {
    return {
      stage: 'exploration',
      signals: [
        { id: 'value.signal.noOrderYet', params: { contacts: b.interactionCount, days: round(b.daysKnown) } },
      ],
    };
  }
  const decline = declineSignals(b);
  const score = decline.reduce((sum, s) => sum + s.weight, 0);
  if (score >= STAGE_RULES.declineScore) return { stage: 'decline', signals: decline.map((s) => s.reason) };

  const watch = decline.map((s) => s.reason); // a single weak decline signal: shown, not decisive
  const ramping =
    b.recentHalfOrders >= 2 &&
    b.recentHalfOrders >= STAGE_RULES.rampingFactor * Math.max(1, b.olderHalfOrders);
  if (b.orderCount < STAGE_RULES.stableOrders || b.relationshipDays < STAGE_RULES.stableDays || ramping) {
    const signals: Reason[] = [];
    if (b.orderCount < STAGE_RULES.stableOrders)
      signals.push({ id: 'value.signal.firstOrders', params: { count: b.orderCount } });
    if (b.relationshipDays < STAGE_RULES.stableDays)
      signals.push({ id: 'value.signal.youngRelationship', params: { days: round(b.relationshipDays) } });
    if (ramping)
      signals.push({
        id: 'value.signal.ramping',
        params: { recent: b.recentHalfOrders, before: b.olderHalfOrders },
      });
    return { stage: 'development', signals: [...signals, ...watch] };
  }
  return {
    stage: 'stable',
    signals: [
      { id: 'value.signal.steadyCadence', params: { days: round(b.gapDays) } },
      { id: 'value.signal.ordersInWindow', params: { count: b.recentHalfOrders + b.olderHalfOrders } },
      ...watch,
    ],
  };
}

export type Quadrant = 'matureSoon' | 'declineAhead' | 'earlyDevelopment' | 'exploration';

/**
 * The seeds' second reading on current × potential value, each axis cut at the
 * book's median among customers who ever ordered:
 * high current & high potential → entering stable/mature; high current & low
 * potential → heading into decline; low & high → early development; low & low →
 * exploration (or a mistaken acquisition).
 */
export function quadrant(
  current: number,
  potential: number,
  currentMedian: number,
  potentialMedian: number,
): Quadrant {
  const highCurrent = current > 0 && current >= currentMedian;
  const highPotential = potential > 0 && potential >= potentialMedian;
  if (highCurrent) return highPotential ? 'matureSoon' : 'declineAhead';
  return highPotential ? 'earlyDevelopment' : 'exploration';
}

/** acquire new customers, win back declining ones, retain the rest (domain.md, the three tasks). */
export function taskFor(stage: Stage): Task {
  if (stage === 'exploration') return 'acquire';
  if (stage === 'decline') return 'win-back';
  return 'retain';
}

/**
 * The concrete next step from the task, the tier's treatment and what we know:
 * - acquire: answer fast, qualify, build trust;
 * - win back: with a known lost reason, the matching remedy (price → options and
 *   terms, product → fix or alternatives, service → apologise and commit to reply
 *   times, competitor → what they offer and a counter-offer, dropped → listen and
 *   plan, involuntary → long win-back at the next contract window); without one,
 *   find out why first; a customer not worth more than the win-back (value ≤ 0)
 *   gets only the light long win-back;
 * - retain by tier: VIP special handling and protection from competitors, Key
 *   incentives and discounts, Ordinary develop toward Key (cross-sell), Small
 *   simple upkeep, negative-value customers contained; development-stage
 *   customers get trust building (keep promises).
 */
export function nextAction(input: {
  task: Task;
  stage: Stage;
  tier: Tier;
  negative: boolean;
  value: number;
  lostReason?: LostReason;
  daysSinceLastOrder: number;
  gapDays: number;
}): Reason {
  const days = round(input.daysSinceLastOrder);
  if (input.task === 'acquire') return { id: 'value.action.acquire', params: {} };
  if (input.task === 'win-back') {
    if (input.value <= 0) return { id: 'value.action.winBack.longTerm', params: { days } };
    if (input.lostReason) return { id: `value.action.winBack.${input.lostReason}`, params: { days } };
    return {
      id:
        input.tier === 'vip' || input.tier === 'key'
          ? 'value.action.winBack.findReasonNow'
          : 'value.action.winBack.findReason',
      params: { days },
    };
  }
  if (input.negative) return { id: 'value.action.contain', params: {} };
  const dueInDays = Math.max(0, round(input.gapDays - input.daysSinceLastOrder));
  if (input.stage === 'development' && input.tier !== 'vip' && input.tier !== 'key')
    return { id: 'value.action.develop', params: { dueInDays } };
  return { id: `value.action.retain.${input.tier}`, params: { dueInDays } };
}
