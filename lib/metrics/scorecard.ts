import type { ValueSettings } from '../value/settings';
import { channelsByCompany, meanChannelsOf } from './channels';
import { complaintHandling } from './complaints';
import { declineReaction, type DeclineSignal } from './decline';
import { communicationEffectiveness } from './effectiveness';
import { goldenOf, marginsByCompany } from './golden';
import { responsiveness } from './responsiveness';
import type { ThreadFigures } from './threads';
import type { MetricInteraction, MetricOrder, Period } from './types';

// The manager scorecard (domain.md): every figure for one scope (the team or one
// rep) over a period, with the same figure over the previous period of equal
// length and the change. Thread figures (responsiveness, complaints, messages)
// belong to the thread's rep (threads.ts); customer figures (golden customers,
// reaction to decline, channels) to the customer's owner rep.

export const FIGURE_IDS = [
  'responseMedian',
  'responseP90',
  'abandonment',
  'complaintResolution',
  'complaintResolved',
  'messagesToResolve',
  'goldenShare',
  'declineReaction',
  'declineReacted',
  'channelDiversity',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** How a figure is shown: a duration in ms, a share 0..1, or a plain number. */
export type FigureUnit = 'duration' | 'share' | 'number';
/** Which way is an improvement; golden-customer share is a reading, not a goal. */
export type Better = 'lower' | 'higher' | 'neither';

export const FIGURE_META: Record<FigureId, { unit: FigureUnit; better: Better }> = {
  responseMedian: { unit: 'duration', better: 'lower' },
  responseP90: { unit: 'duration', better: 'lower' },
  abandonment: { unit: 'share', better: 'lower' },
  complaintResolution: { unit: 'duration', better: 'lower' },
  complaintResolved: { unit: 'share', better: 'higher' },
  messagesToResolve: { unit: 'number', better: 'lower' },
  goldenShare: { unit: 'share', better: 'neither' },
  declineReaction: { unit: 'duration', better: 'lower' },
  declineReacted: { unit: 'share', better: 'higher' },
  channelDiversity: { unit: 'number', better: 'higher' },
};

export interface FigureValue {
  value: number | null;
  /** How many cases the figure is measured over (answered inquiries, complaints, buyers...). */
  n: number;
}

export interface Figure extends FigureValue {
  id: FigureId;
  previous: FigureValue | null;
  /** value − previous value, when both exist. */
  delta: number | null;
}

/** Per-customer facts of one period, measured once and shared by every scope. */
export interface PeriodFacts {
  margins: ReadonlyMap<string, number>;
  missingCurrencies: ReadonlySet<string>;
  channels: ReadonlyMap<string, number>;
}

export interface ScopeData {
  /**
   * The scope's threads with activity in the period (dashboard.ts: whole threads' kept facts, or
   * threads built over the period's window), and in the previous period.
   */
  threads: readonly ThreadFigures[];
  previousThreads?: readonly ThreadFigures[];
  /** Decline signals of this scope's customers (decline.ts declineSignals), for both periods. */
  declineSignals: readonly DeclineSignal[];
  outbound: ReadonlyMap<string, readonly MetricInteraction[]>;
  /** Whether a customer is in this scope (its owner, for a rep). */
  includeCompany: (companyId: string) => boolean;
  /**
   * For a rep's scope: the rep and every customer's owner, so a period's per-customer facts are
   * split by owner once for every rep instead of filtered once per rep (the same values, in the
   * same order, as includeCompany keeps). Must agree with includeCompany.
   */
  owner?: { repId: string; of: OwnerOf };
  /** The period's per-customer facts (periodFacts, memoised by the caller). */
  facts: (period: Period) => PeriodFacts;
}

export interface ScorecardContext {
  now: number;
  noReplyDays: number;
  settings: Pick<ValueSettings, 'baseCurrency' | 'rates' | 'defaultMargin'>;
}

export function periodFacts(
  interactions: readonly MetricInteraction[],
  orders: readonly MetricOrder[],
  period: Period,
  settings: ScorecardContext['settings'],
): PeriodFacts {
  const { margins, missingCurrencies } = marginsByCompany(orders, period, settings);
  return { margins, missingCurrencies, channels: channelsByCompany(interactions, period) };
}

/** The part of a list sorted by `timeOf` with times in [from, to) (binary search), or null when not sorted. */
function sortedSlicer<T>(items: readonly T[], timeOf: (item: T) => number) {
  for (let i = 1; i < items.length; i++) if (timeOf(items[i - 1]!) > timeOf(items[i]!)) return null;
  const firstAtOrAfter = (t: number) => {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (timeOf(items[mid]!) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (period: Period) => items.slice(firstAtOrAfter(period.from), firstAtOrAfter(period.to));
}

/**
 * periodFacts for each period asked, measured once per period. Lists in time order
 * (as the loader reads them) are cut to the period first, so a trend's many short
 * steps each read their own records, not the whole window.
 */
export function memoisedFacts(
  interactions: readonly MetricInteraction[],
  orders: readonly MetricOrder[],
  settings: ScorecardContext['settings'],
): (period: Period) => PeriodFacts {
  const seen = new Map<string, PeriodFacts>();
  const xs = sortedSlicer(interactions, (x) => x.at);
  const os = sortedSlicer(orders, (o) => o.date);
  return (period) => {
    const key = `${period.from}:${period.to}`;
    let facts = seen.get(key);
    if (!facts)
      seen.set(
        key,
        (facts = periodFacts(xs?.(period) ?? interactions, os?.(period) ?? orders, period, settings)),
      );
    return facts;
  };
}

/** A customer's owner rep (undefined: not in the book). */
export type OwnerOf = (companyId: string) => string | undefined;

// A period's facts split by owner, per owner lookup: each map is walked once whatever the number of reps.
const byOwnerCache = new WeakMap<
  ReadonlyMap<string, number>,
  WeakMap<OwnerOf, Map<string | undefined, number[]>>
>();

function splitByOwner(map: ReadonlyMap<string, number>, ownerOf: OwnerOf): Map<string | undefined, number[]> {
  let perLookup = byOwnerCache.get(map);
  if (!perLookup) byOwnerCache.set(map, (perLookup = new WeakMap()));
  let split = perLookup.get(ownerOf);
  if (!split) {
    split = new Map();
    for (const [id, v] of map) {
      const owner = ownerOf(id);
      const values = split.get(owner);
      if (values) values.push(v);
      else split.set(owner, [v]);
    }
    perLookup.set(ownerOf, split);
  }
  return split;
}

function valuesOf(map: ReadonlyMap<string, number>, data: ScopeData): number[] {
  if (data.owner) return splitByOwner(map, data.owner.of).get(data.owner.repId) ?? [];
  const out: number[] = [];
  for (const [id, v] of map) if (data.includeCompany(id)) out.push(v);
  return out;
}

/** Every figure of one scope over one period. */
export function scoreFigures(
  data: ScopeData,
  period: Period,
  ctx: ScorecardContext,
): Record<FigureId, FigureValue> {
  const r = responsiveness(data.threads, period, ctx.now, ctx.noReplyDays);
  const c = complaintHandling(data.threads, period);
  const e = communicationEffectiveness(data.threads, period);
  const facts = data.facts(period);
  const g = goldenOf(valuesOf(facts.margins, data), facts.missingCurrencies);
  const signals = data.declineSignals.filter((s) => s.at >= period.from && s.at < period.to);
  const d = declineReaction(signals, data.outbound, ctx.now);
  const ch = meanChannelsOf(valuesOf(facts.channels, data));
  return {
    responseMedian: { value: r.medianMs, n: r.answered },
    responseP90: { value: r.p90Ms, n: r.answered },
    abandonment: { value: r.abandonment, n: r.judged },
    complaintResolution: { value: c.medianResolutionMs, n: c.resolved },
    complaintResolved: { value: c.resolvedShare, n: c.resolved + c.open },
    messagesToResolve: { value: e.medianMessages, n: e.resolvedInquiries },
    goldenShare: { value: g.share, n: g.buyers },
    declineReaction: { value: d.medianMs, n: d.reacted },
    declineReacted: { value: d.reactedShare, n: d.signals },
    channelDiversity: { value: ch.meanChannels, n: ch.activeCustomers },
  };
}

/** The scorecard: each figure now, before, and the change. */
export function scorecard(
  data: ScopeData,
  period: Period,
  previous: Period | null,
  ctx: ScorecardContext,
): Figure[] {
  const now = scoreFigures(data, period, ctx);
  const before = previous
    ? scoreFigures({ ...data, threads: data.previousThreads ?? data.threads }, previous, ctx)
    : null;
  return FIGURE_IDS.map((id) => {
    const prev = before?.[id] ?? null;
    const value = now[id].value;
    return {
      id,
      ...now[id],
      previous: prev,
      delta: value !== null && prev?.value != null ? value - prev.value : null,
    };
  });
}

/** Whether a change is good news for this figure: 1 better, −1 worse, 0 unchanged or neither. */
export function trendSense(id: FigureId, delta: number | null): 1 | -1 | 0 {
  const better = FIGURE_META[id].better;
  if (delta === null || delta === 0 || better === 'neither') return 0;
  return delta < 0 === (better === 'lower') ? 1 : -1;
}
