import { describe, expect, it } from 'vitest';
import { lifecycleStage, nextAction, quadrant, type Behaviour } from './lifecycle';

// A steady customer: 12 orders in the window, monthly, for three years.
const steady: Behaviour = {
  orderCount: 36,
  interactionCount: 40,
  daysKnown: 1100,
  relationshipDays: 1080,
  daysSinceLastOrder: 10,
  gapDays: 30,
  recentHalfOrders: 6,
  olderHalfOrders: 6,
  lastOrdersAvg: 1000,
  earlierOrdersAvg: 1000,
  gapVariation: 0.1,
  gapsMeasured: 8,
  recentComplaints: 0,
  olderComplaints: 0,
  recentReplyHours: 4,
  olderReplyHours: 4,
  recentCustomerReplyHours: 20,
  olderCustomerReplyHours: 20,
};
const ids = (b: Behaviour) => lifecycleStage(b).signals.map((s) => s.id);

describe('lifecycle stage', () => {
  it('reads a steady cadence as stable', () => {
    expect(lifecycleStage(steady).stage).toBe('stable');
  });

  it('reads first orders and ramping as development', () => {
    expect(lifecycleStage({ ...steady, orderCount: 2, relationshipDays: 40 }).stage).toBe('development');
    const ramping = { ...steady, recentHalfOrders: 9, olderHalfOrders: 3 };
    expect(lifecycleStage(ramping).stage).toBe('development');
    expect(ids(ramping)).toContain('value.signal.ramping');
  });

  it('sees slow decline: fewer and smaller orders', () => {
    const slow = { ...steady, recentHalfOrders: 2, olderHalfOrders: 6, lastOrdersAvg: 500 };
    expect(lifecycleStage(slow).stage).toBe('decline');
    expect(ids(slow)).toEqual(['value.signal.fallingFrequency', 'value.signal.fallingAmount']);
  });

  it('sees sudden decline: silent for more than two gaps', () => {
    // 75 days without an order for a 30-day buyer (> 2 × 30 and > 30).
    expect(lifecycleStage({ ...steady, daysSinceLastOrder: 75 }).stage).toBe('decline');
    expect(ids({ ...steady, daysSinceLastOrder: 55 })).not.toContain('value.signal.overdue');
  });

  it('needs two weak signals: one rise in complaints is shown but not decisive', () => {
    const complaints = { ...steady, recentComplaints: 3, olderComplaints: 0 };
    expect(lifecycleStage(complaints).stage).toBe('stable');
    expect(ids(complaints)).toContain('value.signal.risingComplaints');
    const andSlower = { ...complaints, recentReplyHours: 30, olderReplyHours: 6 };
    expect(lifecycleStage(andSlower).stage).toBe('decline');
    expect(ids(andSlower)).toContain('value.signal.slowerReplies');
  });

  it('reads the customer answering us more slowly as a decline signal', () => {
    // From under a day to four days: slower by more than twice, and over a day.
    const slower = { ...steady, recentCustomerReplyHours: 96, olderCustomerReplyHours: 20 };
    expect(lifecycleStage(slower).signals).toContainEqual({
      id: 'value.signal.slowerCustomerReplies',
      params: { recentHours: 96, beforeHours: 20 },
    });
    // Alone it is a watch signal; with rising complaints the customer is declining.
    expect(lifecycleStage(slower).stage).toBe('stable');
    expect(lifecycleStage({ ...slower, recentComplaints: 2 }).stage).toBe('decline');
    // A fast customer who slows a little, or slow replies with nothing before to compare: no signal.
    expect(ids({ ...steady, recentCustomerReplyHours: 30, olderCustomerReplyHours: 20 })).not.toContain(
      'value.signal.slowerCustomerReplies',
    );
    expect(ids({ ...steady, recentCustomerReplyHours: 96, olderCustomerReplyHours: 0 })).not.toContain(
      'value.signal.slowerCustomerReplies',
    );
  });

  it('reads erratic buying in an old relationship, and a logged lost reason, as decline signals', () => {
    expect(ids({ ...steady, gapVariation: 1.4 })).toContain('value.signal.erratic');
    const lost = { ...steady, lostReason: 'competitor' as const };
    expect(lifecycleStage(lost).stage).toBe('decline');
    expect(lifecycleStage(lost).signals).toContainEqual({
      id: 'value.signal.lostReason',
      params: { reason: 'competitor' },
    });
  });

  it('calls a contact with no order exploration', () => {
    expect(lifecycleStage({ ...steady, orderCount: 0 }).stage).toBe('exploration');
  });
});

describe('quadrant and next action', () => {
  it('reads the seeds’ quadrant', () => {
    expect(quadrant(100, 100, 50, 50)).toBe('matureSoon');
    expect(quadrant(100, 10, 50, 50)).toBe('declineAhead');
    expect(quadrant(10, 100, 50, 50)).toBe('earlyDevelopment');
    expect(quadrant(10, 10, 50, 50)).toBe('exploration');
  });

  const base = {
    stage: 'stable' as const,
    negative: false,
    value: 1000,
    daysSinceLastOrder: 10,
    gapDays: 30,
  };
  it('retains by tier: VIP special care, Key incentives, Ordinary development, Small upkeep', () => {
    expect(nextAction({ ...base, task: 'retain', tier: 'vip' })).toEqual({
      id: 'value.action.retain.vip',
      params: { dueInDays: 20 },
    });
    expect(nextAction({ ...base, task: 'retain', tier: 'key' }).id).toBe('value.action.retain.key');
    expect(nextAction({ ...base, task: 'retain', tier: 'small', negative: true }).id).toBe(
      'value.action.contain',
    );
  });

  it('wins back by the reason the customer left', () => {
    const declining = {
      ...base,
      stage: 'decline' as const,
      task: 'win-back' as const,
      tier: 'ordinary' as const,
    };
    expect(nextAction({ ...declining, lostReason: 'price' }).id).toBe('value.action.winBack.price');
    expect(nextAction({ ...declining, lostReason: 'involuntary' }).id).toBe(
      'value.action.winBack.involuntary',
    );
    expect(nextAction(declining).id).toBe('value.action.winBack.findReason');
    // Not worth more than a win-back costs: only the light long-term plan.
    expect(nextAction({ ...declining, value: -10 }).id).toBe('value.action.winBack.longTerm');
  });
});
