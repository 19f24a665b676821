import { STAGE_RULES } from '../value/lifecycle';
import { quantile } from '../value/model';
import { DAY_MS, type MetricCompanyValue, type MetricInteraction, type Period } from './types';

// Reaction to customer change (domain.md, manager scorecard): the time from a
// decline signal to our next outbound contact with that customer (any channel).
// A decline signal with a moment in time is
// - a lost reason logged on an interaction (lib/value's "logged reason for
//   leaving"): at that interaction;
// - the customer turning overdue, read from the stored value row (lib/value's
//   `companyValues`: last order and expected gap): at last order + max(30 days,
//   STAGE_RULES.overdueGaps × expected gap), lib/value's overdue rule.
// The other decline signals (falling frequency or amounts, erratic buying, rising
// complaints, slower replies) carry no moment, so they are not timed here.
// Per customer the first signal in the period counts. Reacted = an outbound
// contact after it (up to now); the figure is the median over reacted signals,
// and the share reacted is reacted ÷ signals.

export interface DeclineSignal {
  companyId: string;
  at: number;
  kind: 'lostReason' | 'overdue';
  /** The interaction that logged the lost reason (never its own reaction). */
  interactionId?: string;
}

/** The moment a customer with orders turns overdue under lib/value's rule, or null without orders. */
export function overdueAt(value: MetricCompanyValue): number | null {
  if (!value.lastOrderAt || !value.orderCount) return null;
  const gap = value.gapDays ?? 0;
  return value.lastOrderAt + Math.max(30, STAGE_RULES.overdueGaps * gap) * DAY_MS;
}

/** Each customer's first decline signal in the period (and no later than now). */
export function declineSignals(
  interactions: readonly MetricInteraction[],
  values: readonly MetricCompanyValue[],
  period: Period,
  now: number,
): DeclineSignal[] {
  const end = Math.min(period.to, now + 1);
  const first = new Map<string, DeclineSignal>();
  const keep = (s: DeclineSignal) => {
    if (s.at < period.from || s.at >= end) return;
    const seen = first.get(s.companyId);
    if (!seen || s.at < seen.at) first.set(s.companyId, s);
  };
  for (const x of interactions)
    if (x.lostReason && x.companyId)
      keep({ companyId: x.companyId, at: x.at, kind: 'lostReason', interactionId: x.id });
  for (const v of values) {
    const at = overdueAt(v);
    if (at !== null) keep({ companyId: v.companyId, at, kind: 'overdue' });
  }
  return [...first.values()];
}

export interface DeclineReaction {
  signals: number;
  reacted: number;
  medianMs: number | null;
  reactedShare: number | null;
}

/** Outbound contact times per company, sorted: what a reaction is looked up in. */
export function outboundTimes(interactions: readonly MetricInteraction[]): Map<string, MetricInteraction[]> {
  const out = new Map<string, MetricInteraction[]>();
  for (const x of interactions) {
    if (x.direction !== 'out' || !x.companyId) continue;
    const list = out.get(x.companyId);
    if (list) list.push(x);
    else out.set(x.companyId, [x]);
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at);
  return out;
}

export function declineReaction(
  signals: readonly DeclineSignal[],
  outbound: ReadonlyMap<string, readonly MetricInteraction[]>,
  now: number,
): DeclineReaction {
  const times: number[] = [];
  for (const s of signals) {
    const list = outbound.get(s.companyId) ?? [];
    // First outbound at or after the signal (binary search), never the interaction that logged it.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.at < s.at) lo = mid + 1;
      else hi = mid;
    }
    while (lo < list.length && list[lo]!.id === s.interactionId) lo++;
    const next = list[lo];
    if (next && next.at <= now) times.push(next.at - s.at);
  }
  return {
    signals: signals.length,
    reacted: times.length,
    medianMs: times.length ? quantile(times, 0.5) : null,
    reactedShare: signals.length ? times.length / signals.length : null,
  };
}
