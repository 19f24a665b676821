import { SOURCES, type Source } from '../db/types';
import { FIGURE_IDS, scoreFigures, type FigureId, type ScopeData, type ScorecardContext } from './scorecard';
import type { Thread, ThreadFigures } from './threads';
import { DAY_MS, type MetricCompany, type Period } from './types';

// The scorecard's figures step by step through the period (the trend charts), and
// the sources over time. Steps are weeks counted back from the period's end (the
// oldest step may be shorter); a period longer than two years ("all time" on an
// old book) steps by 30 days so a chart stays readable. Each step's figures are
// the scorecard's own rules measured over that step (scorecard.ts scoreFigures),
// so the last step of a chart and a 7-day scorecard agree.

export const WEEK_MS = 7 * DAY_MS;
const LONG_STEP_MS = 30 * DAY_MS;
const LONG_PERIOD_MS = 2 * 365 * DAY_MS;

/** The steps of a period, oldest first; `start` is where "all time" really begins (the first record). */
export function trendSteps(period: Period, start = period.from): Period[] {
  const from = Math.max(period.from, start);
  if (!(period.to > from)) return [];
  const step = period.to - from > LONG_PERIOD_MS ? LONG_STEP_MS : WEEK_MS;
  const out: Period[] = [];
  for (let to = period.to; to > from; to -= step) out.push({ from: Math.max(from, to - step), to });
  return out.reverse();
}

export interface FigureSeries {
  /** One value per step (null: nothing to measure in it). */
  values: Record<FigureId, (number | null)[]>;
}

/**
 * Items of a list per step, each list in the input's order: an item goes to every step
 * one of its times falls in (once per step). A step's figures then read only its own
 * threads and signals instead of every one of them, with the same result: each figure
 * keeps only the items whose time is in its period, in the order it meets them.
 */
export function bucketBySteps<T>(
  steps: readonly Period[],
  items: readonly T[],
  timesOf: (item: T) => readonly (number | undefined)[],
): T[][] {
  const out = steps.map(() => [] as T[]);
  for (const item of items) {
    const seen: number[] = [];
    for (const at of timesOf(item)) {
      const k = at === undefined ? -1 : stepIndex(steps, at);
      if (k < 0 || seen.includes(k)) continue;
      seen.push(k);
      out[k]!.push(item);
    }
  }
  return out;
}

/** The moments a thread counts for in some figure: its inquiry, complaint and outcome. */
const threadTimes = (t: Pick<Thread, 'inquiry' | 'complaint' | 'outcome'>) => [
  t.inquiry?.at,
  t.complaint?.at,
  t.outcome?.at,
];

/** Every scorecard figure of one scope, step by step. */
export function figureSeries(data: ScopeData, steps: readonly Period[], ctx: ScorecardContext): FigureSeries {
  const values = Object.fromEntries(FIGURE_IDS.map((id) => [id, [] as (number | null)[]])) as Record<
    FigureId,
    (number | null)[]
  >;
  const threads = bucketBySteps(steps, data.threads, threadTimes);
  const signals = bucketBySteps(steps, data.declineSignals, (s) => [s.at]);
  steps.forEach((step, k) => {
    const figures = scoreFigures({ ...data, threads: threads[k]!, declineSignals: signals[k]! }, step, ctx);
    for (const id of FIGURE_IDS) values[id].push(figures[id].value);
  });
  return { values };
}

export interface SourceSeries {
  /** Per source: inquiries (inquiry threads begun in the step) and first orders, one count per step. */
  inquiries: Record<Source, number[]>;
  firstOrders: Record<Source, number[]>;
}

function zeros(n: number): Record<Source, number[]> {
  return Object.fromEntries(SOURCES.map((s) => [s, new Array<number>(n).fill(0)])) as Record<
    Source,
    number[]
  >;
}

function stepIndex(steps: readonly Period[], at: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  if (hi < 0 || at < steps[0]!.from || at >= steps[hi]!.to) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (steps[mid]!.from <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The sources' inquiries and first orders step by step, for the companies
 * `include` keeps (the scope): the same counts as the source table's (sources.ts).
 */
export function sourceSeries(
  companies: readonly MetricCompany[],
  threads: readonly Pick<ThreadFigures, 'companyId' | 'inquiry'>[],
  firstOrderAt: ReadonlyMap<string, number>,
  steps: readonly Period[],
  include: (company: MetricCompany) => boolean = () => true,
): SourceSeries {
  const inquiries = zeros(steps.length);
  const firstOrders = zeros(steps.length);
  const byId = new Map<string, MetricCompany>();
  for (const c of companies) {
    if (!include(c)) continue;
    byId.set(c.id, c);
    const first = firstOrderAt.get(c.id);
    const k = first === undefined ? -1 : stepIndex(steps, first);
    if (k >= 0) firstOrders[c.source][k]!++;
  }
  for (const t of threads) {
    const c = t.companyId ? byId.get(t.companyId) : undefined;
    if (!c || t.inquiry === undefined) continue;
    const k = stepIndex(steps, t.inquiry.at);
    if (k >= 0) inquiries[c.source][k]!++;
  }
  return { inquiries, firstOrders };
}

/**
 * sourceSeries of the team and of each rep's customers from one pass over the companies and the
 * threads (a company counts for the team and for its owner): the same counts as one call per scope.
 */
export function sourceSeriesByRep(
  companies: readonly MetricCompany[],
  threads: readonly Pick<ThreadFigures, 'companyId' | 'inquiry'>[],
  firstOrderAt: ReadonlyMap<string, number>,
  steps: readonly Period[],
  repIds: readonly string[],
): { team: SourceSeries; reps: Map<string, SourceSeries> } {
  const series = () => ({ inquiries: zeros(steps.length), firstOrders: zeros(steps.length) });
  const team = series();
  const reps = new Map(repIds.map((id) => [id, series()]));
  const byId = new Map<string, MetricCompany>();
  for (const c of companies) {
    byId.set(c.id, c);
    const first = firstOrderAt.get(c.id);
    const k = first === undefined ? -1 : stepIndex(steps, first);
    if (k < 0) continue;
    team.firstOrders[c.source][k]!++;
    const mine = reps.get(c.ownerRepId);
    if (mine) mine.firstOrders[c.source][k]!++;
  }
  for (const t of threads) {
    const c = t.companyId ? byId.get(t.companyId) : undefined;
    if (!c || t.inquiry === undefined) continue;
    const k = stepIndex(steps, t.inquiry.at);
    if (k < 0) continue;
    team.inquiries[c.source][k]!++;
    const mine = reps.get(c.ownerRepId);
    if (mine) mine.inquiries[c.source][k]!++;
  }
  return { team, reps };
}
