import type { Intent } from '../db/types';
import type { ValueSettings } from '../value/settings';
import { declineSignals, outboundTimes } from './decline';
import { marginsByCompany } from './golden';
import { customerPictures, type CustomerPicture } from './picture';
import { previousPeriod } from './period';
import { DEFAULT_NO_REPLY_DAYS, LOOKBACK_DAYS } from './rules';
import {
  memoisedFacts,
  scorecard,
  type Figure,
  type OwnerOf,
  type ScopeData,
  type ScorecardContext,
} from './scorecard';
import { sourceStatsByRep, type ConversionRow, type SourceStats } from './sources';
import { activeIn, buildThreads, type Thread, type ThreadFigures, type UnansweredThreads } from './threads';
import { figureSeries, sourceSeriesByRep, trendSteps, type FigureSeries, type SourceSeries } from './trends';
import {
  DAY_MS,
  type MetricCompany,
  type MetricCompanyValue,
  type MetricInteraction,
  type MetricOrder,
  type MetricRep,
  type Period,
} from './types';

// The manager dashboard's whole view model from plain arrays: the period's logged
// threads, the scorecard for the team and every rep with its trend, and the
// source statistics. lib/metrics/load.ts reads the arrays from the database.

export interface DashboardInput {
  /**
   * Interactions from LOOKBACK_DAYS before the previous period (or the period, when not
   * comparing) up to the period's end; earlier ones are not used.
   */
  interactions: readonly MetricInteraction[];
  /** Orders dated from the previous period's start on. */
  orders: readonly MetricOrder[];
  companies: readonly MetricCompany[];
  values: readonly MetricCompanyValue[];
  reps: readonly MetricRep[];
  /** Each company's first counted order; a date before the orders read may be -Infinity. */
  firstOrderAt: ReadonlyMap<string, number>;
  settings: Pick<ValueSettings, 'baseCurrency' | 'rates' | 'defaultMargin'>;
  contactNames?: ReadonlyMap<string, string>;
  /** The quadrant cuts of the last full recompute (lib/value BookStats medians). */
  medians?: { current: number; potential: number } | null;
  /** Threads whose newest message, newer than any logged, waits for an answer (see buildThreads). */
  unanswered?: UnansweredThreads;
  /**
   * Whole threads with activity in the period (and in the previous period, when comparing), from
   * the kept facts (lib/metrics/aggregates/threadWeeks.ts). When given, the scorecard's thread
   * figures, the sources and the trends count these, and the threads built from `interactions`
   * serve the thread list only (README "A thread in a period").
   */
  threadFacts?: { period: readonly ThreadFigures[]; previous?: readonly ThreadFigures[] };
}

export interface DashboardOptions {
  period: Period;
  now: number;
  noReplyDays?: number;
  /** Measure the previous period too (default true); false gives the period alone, trends absent. */
  compare?: boolean;
  /** Only this rep's threads and customers in the thread list and source table (the scorecard keeps every rep). */
  repId?: string;
  /** Measure the figures step by step for the trend charts (default true). */
  trends?: boolean;
  /**
   * List the period's threads (default true). Without the list and with `threadFacts` given, no
   * thread is built from the interactions: the first of the two loading steps.
   */
  list?: boolean;
  /** Told how long each part took (ms): the benchmark prints where the time goes. */
  span?: Span;
}

/** Told how long a named part of a load took, in ms. */
export type Span = (name: string, ms: number) => void;

/** Runs `part`, telling `span` (when given) how long it took. */
export function timed<T>(span: Span | undefined, name: string, part: () => T): T {
  if (!span) return part();
  const start = performance.now();
  try {
    return part();
  } finally {
    span(name, performance.now() - start);
  }
}

/** A row of the logged-threads table. */
export interface ThreadRow extends Thread {
  companyName?: string;
  contactName?: string;
}

export interface RepScore {
  repId: string;
  figures: Figure[];
}

export interface DashboardView {
  period: Period;
  previous: Period | null;
  now: number;
  noReplyDays: number;
  currency: string;
  reps: MetricRep[];
  /** Threads with activity in the period, newest activity first (empty when not `listed`). */
  threads: ThreadRow[];
  /** Whether `threads` is the period's list (false: the first loading step, the list is on the way). */
  listed: boolean;
  scorecard: { team: Figure[]; reps: RepScore[] };
  sources: {
    /** Per source for the scope (the team, or `repId`'s customers). */
    scope: SourceStats;
    /** Per source for each rep's customers. */
    reps: { repId: string; stats: SourceStats }[];
    /** Conversion per owner rep, all sources together. */
    byRep: ConversionRow[];
  };
  /** The customer picture for the team and for each rep's customers. */
  picture: { team: CustomerPicture; reps: { repId: string; picture: CustomerPicture }[] };
  /** The figures step by step (null when not measured: the first of the two loading steps). */
  trends: {
    steps: Period[];
    team: FigureSeries;
    reps: { repId: string; series: FigureSeries }[];
    sources: { team: SourceSeries; reps: { repId: string; series: SourceSeries }[] };
  } | null;
  /** Interactions and orders the figures were measured on (what was read). */
  read: { interactions: number; orders: number };
}

/** Every rep: the book's reps, then any rep id seen on a record without one (shown by its id). */
function allReps(
  input: DashboardInput,
  threads: readonly Thread[],
  figures: readonly Pick<ThreadFigures, 'repId'>[],
): MetricRep[] {
  const known = new Map(input.reps.map((r) => [r.id, r]));
  const seen = new Set<string>();
  for (const c of input.companies) seen.add(c.ownerRepId);
  for (const t of threads) for (const r of t.repIds) seen.add(r);
  for (const t of figures) seen.add(t.repId);
  const extra = [...seen].filter((id) => !known.has(id)).map((id) => ({ id, name: id }));
  return [...input.reps, ...extra.sort((a, b) => a.id.localeCompare(b.id))];
}

export function buildDashboard(input: DashboardInput, options: DashboardOptions): DashboardView {
  const { period, now } = options;
  const noReplyDays = options.noReplyDays ?? DEFAULT_NO_REPLY_DAYS;
  const previous = options.compare === false ? null : previousPeriod(period);
  // The thread list (and the thread figures, without kept facts) is built from each period's own
  // window: from LOOKBACK_DAYS before it up to now. With kept facts, the figures count whole
  // threads by the time of their own events. Either way a period's figures are the same whether
  // or not the previous period was read.
  const windowOf = (p: Period) => input.interactions.filter((x) => x.at >= p.from - LOOKBACK_DAYS * DAY_MS);
  const span = options.span;
  const facts = input.threadFacts;
  const list = options.list !== false;
  // The threads of the list (and of the figures, without kept facts).
  const threads =
    list || !facts ? timed(span, 'threads', () => buildThreads(windowOf(period), now, input.unanswered)) : [];
  const figureThreads: readonly ThreadFigures[] = facts?.period ?? threads;
  const previousThreads: readonly ThreadFigures[] = !previous
    ? []
    : facts
      ? (facts.previous ?? [])
      : timed(span, 'threads.previous', () => buildThreads(windowOf(previous), now, input.unanswered));
  const companies = new Map(input.companies.map((c) => [c.id, c]));
  const ownerOf = (companyId: string | undefined) =>
    companyId === undefined ? undefined : companies.get(companyId)?.ownerRepId;
  // One lookup for every rep's scope: their per-customer facts are split by owner once (scorecard.ts).
  const ownerOfCompany: OwnerOf = (companyId) => ownerOf(companyId);
  const reps = allReps(input, threads, figureThreads);

  const signals = timed(span, 'declineSignals', () =>
    declineSignals(
      input.interactions,
      input.values,
      { from: previous?.from ?? period.from, to: period.to },
      now,
    ),
  );
  const outbound = timed(span, 'outboundTimes', () => outboundTimes(input.interactions));
  const ctx: ScorecardContext = { now, noReplyDays, settings: input.settings };
  const team: ScopeData = {
    threads: figureThreads,
    previousThreads,
    declineSignals: signals,
    outbound,
    includeCompany: () => true,
    facts: memoisedFacts(input.interactions, input.orders, input.settings),
  };
  const forRep = (repId: string): ScopeData => {
    const mine = (companyId: string) => ownerOf(companyId) === repId;
    return {
      ...team,
      threads: figureThreads.filter((t) => t.repId === repId),
      previousThreads: previousThreads.filter((t) => t.repId === repId),
      declineSignals: signals.filter((s) => mine(s.companyId)),
      includeCompany: mine,
      owner: { repId, of: ownerOfCompany },
    };
  };

  const scopeRep = options.repId;
  const sources = timed(span, 'sources', () =>
    sourceStatsByRep(input.companies, figureThreads, input.firstOrderAt, period, [
      ...reps.map((r) => r.id),
      ...(scopeRep && !reps.some((r) => r.id === scopeRep) ? [scopeRep] : []),
    ]),
  );
  const rows: ThreadRow[] = !list
    ? []
    : timed(span, 'threadRows', () =>
        threads
          .filter((t) => activeIn(t, period.from, period.to))
          .filter((t) => scopeRep === undefined || t.repIds.includes(scopeRep))
          .sort((a, b) => b.lastAt - a.lastAt)
          .map((thread) => {
            // Named in place: the threads were made for this view, and an all-time list holds half a
            // million of them, each worth not copying.
            const t = thread as ThreadRow;
            const company = t.companyId ? companies.get(t.companyId) : undefined;
            const contactName = t.contactId ? input.contactNames?.get(t.contactId) : undefined;
            if (company) t.companyName = company.name;
            if (contactName) t.contactName = contactName;
            return t;
          }),
      );

  const pictures = timed(span, 'picture', () => {
    const { margins } = marginsByCompany(input.orders, period, input.settings);
    return customerPictures(
      { companies: input.companies, values: input.values, margins, medians: input.medians ?? null },
      reps.map((r) => r.id),
      companies,
    );
  });

  let trends: DashboardView['trends'] = null;
  if (options.trends !== false) {
    // A period of fixed length is charted whole; "all time" from the first logged contact.
    let start = period.from;
    if (!(period.from > 0)) {
      start = period.to;
      for (const x of input.interactions) if (x.at < start) start = x.at;
    }
    const steps = trendSteps(period, start);
    const began = performance.now();
    const bySource = sourceSeriesByRep(
      input.companies,
      figureThreads,
      input.firstOrderAt,
      steps,
      reps.map((r) => r.id),
    );
    trends = {
      steps,
      team: figureSeries(team, steps, ctx),
      reps: reps.map((r) => ({ repId: r.id, series: figureSeries(forRep(r.id), steps, ctx) })),
      sources: {
        team: bySource.team,
        reps: reps.map((r) => ({ repId: r.id, series: bySource.reps.get(r.id)! })),
      },
    };
    span?.('trends', performance.now() - began);
  }

  return {
    period,
    previous,
    now,
    noReplyDays,
    currency: input.settings.baseCurrency,
    reps,
    threads: rows,
    listed: list,
    scorecard: timed(span, 'scorecard', () => ({
      team: scorecard(team, period, previous, ctx),
      reps: reps.map((r) => ({ repId: r.id, figures: scorecard(forRep(r.id), period, previous, ctx) })),
    })),
    sources: {
      scope: scopeRep === undefined ? sources.team : sources.reps.get(scopeRep)!,
      reps: reps.map((r) => ({ repId: r.id, stats: sources.reps.get(r.id)! })),
      byRep: sources.byRep,
    },
    picture: {
      team: pictures.team,
      reps: reps.map((r) => ({ repId: r.id, picture: pictures.reps.get(r.id)! })),
    },
    trends,
    read: { interactions: input.interactions.length, orders: input.orders.length },
  };
}

export interface ThreadFilter {
  repId?: string;
  intent?: Intent;
  /** Words to find in the subject or the company name (case-insensitive). */
  search?: string;
}

/** The thread list as filtered in the page: by rep taking part, intent seen, and text. */
export function filterThreads(rows: readonly ThreadRow[], filter: ThreadFilter): ThreadRow[] {
  const words = (filter.search ?? '').toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((t) => {
    if (filter.repId && !t.repIds.includes(filter.repId)) return false;
    if (filter.intent && !t.intents.includes(filter.intent)) return false;
    if (!words.length) return true;
    const text = `${t.subject}\n${t.companyName ?? ''}`.toLocaleLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Which page of the thread list the page shows. */
export interface ThreadQuery extends ThreadFilter {
  /** From 0; a page past the end gives the last page. */
  page: number;
  size: number;
}

/** One page of the filtered thread list, and how many rows the filter keeps. */
export interface ThreadPage {
  rows: ThreadRow[];
  /** The page given (the one asked for, kept inside the rows). */
  page: number;
  total: number;
}

/**
 * The thread list as the page asks for it: filtered, one page at a time. Where the list is kept
 * (the loading worker at size) answers each page, so half a million rows never cross to the page.
 * The filtered rows of the last filter are kept, so paging through them does not filter again.
 */
export function threadPager(rows: readonly ThreadRow[]): (query: ThreadQuery) => ThreadPage {
  let last: { key: string; rows: readonly ThreadRow[] } | null = null;
  return (query) => {
    const filter: ThreadFilter = { repId: query.repId, intent: query.intent, search: query.search };
    const key = JSON.stringify([filter.repId ?? '', filter.intent ?? '', filter.search ?? '']);
    if (last?.key !== key)
      last = {
        key,
        rows: filter.repId || filter.intent || filter.search ? filterThreads(rows, filter) : rows,
      };
    const size = Math.max(1, Math.floor(query.size));
    const pages = Math.max(1, Math.ceil(last.rows.length / size));
    const page = Math.min(Math.max(0, Math.floor(query.page)), pages - 1);
    return { rows: last.rows.slice(page * size, (page + 1) * size), page, total: last.rows.length };
  };
}
