import { describe, expect, it } from 'vitest';
import { CHANNELS, INTENTS, SOURCES } from '../../db/types';
import { complaintHandling } from '../complaints';
import { communicationEffectiveness } from '../effectiveness';
import { responsiveness } from '../responsiveness';
import { LOOKBACK_DAYS } from '../rules';
import { sourceStatsByRep } from '../sources';
import { activeIn, buildThreads } from '../threads';
import { DAY_MS, type MetricCompany, type MetricInteraction, type Period } from '../types';
import { packWeeks, threadFactOf, threadFiguresOfWeeks, unpackWeek, weekOf } from './threadFacts';

// The kept facts of whole threads give the first view's figures exactly as the
// threads built from every raw record do, for any period, read back through the
// packed weeks as IndexedDB would hand them over (a structured clone).

const T0 = Date.UTC(2025, 0, 6);
const NOW = T0 + 400 * DAY_MS;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomBook(seed: number) {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const companies: MetricCompany[] = Array.from({ length: 30 }, (_, k) => ({
    id: `c${k}`,
    name: `C${k}`,
    source: pick(SOURCES),
    ownerRepId: pick(['ann', 'bob', 'cai']),
  }));
  const interactions: MetricInteraction[] = [];
  for (let k = 0; k < 1500; k++) {
    // Threads of up to ~60 days, so many reach back past the loader's look-back.
    const thread = Math.floor(random() * 200);
    const start = T0 + (thread % 50) * 7 * DAY_MS;
    const x: MetricInteraction = {
      id: `x${k}`,
      at: start + Math.floor(random() * 60 * 4) * (DAY_MS / 4),
      direction: random() < 0.55 ? 'in' : 'out',
      channel: pick(CHANNELS),
      subject: `Subject ${thread}`,
      intent: pick(INTENTS),
      repId: pick(['ann', 'bob', 'cai']),
      companyId: `c${thread % 30}`,
      threadId: `t${thread}`,
    };
    if (random() < 0.03) x.lostReason = 'price';
    interactions.push(x);
  }
  interactions.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  return { companies, interactions };
}

function firstView(
  threads: Parameters<typeof responsiveness>[0] &
    Parameters<typeof sourceStatsByRep>[1] &
    Parameters<typeof complaintHandling>[0] &
    Parameters<typeof communicationEffectiveness>[0],
  companies: MetricCompany[],
  period: Period,
) {
  const firstOrderAt = new Map([
    ['c1', period.from + DAY_MS],
    ['c2', period.from - DAY_MS],
  ]);
  return {
    responsiveness: responsiveness(threads, period, NOW, 2),
    complaints: complaintHandling(threads, period),
    effectiveness: communicationEffectiveness(threads, period),
    sources: sourceStatsByRep(companies, threads, firstOrderAt, period, ['ann', 'bob', 'cai']),
  };
}

describe('thread facts kept by week', () => {
  it('give the same first view as threads built from every record, for any period', () => {
    for (const seed of [1, 2, 3]) {
      const { companies, interactions } = randomBook(seed);
      const whole = buildThreads(interactions, NOW);
      const stored = structuredClone(packWeeks(whole.map(threadFactOf)));
      for (const days of [7, 30, 90, 365, 1000]) {
        const period = { from: NOW - days * DAY_MS, to: NOW };
        const fromFacts = threadFiguresOfWeeks(stored, period, NOW);
        const fromRecords = whole.filter((t) => activeIn(t, period.from, period.to));
        expect(fromFacts.map((t) => t.key).sort()).toEqual(fromRecords.map((t) => t.key).sort());
        expect(firstView(fromFacts, companies, period)).toEqual(firstView(fromRecords, companies, period));
        if (days === 1000) {
          // The book exercises every figure: not a comparison of empty results.
          const view = firstView(fromFacts, companies, period);
          expect(view.responsiveness.answered).toBeGreaterThan(10);
          expect(view.complaints.resolved + view.complaints.pending).toBeGreaterThan(5);
          expect(view.effectiveness.resolvedInquiries).toBeGreaterThan(5);
        }
      }
      // And a period in the past, whose threads went on after it.
      const past = { from: T0 + 100 * DAY_MS, to: T0 + 130 * DAY_MS };
      expect(firstView(threadFiguresOfWeeks(stored, past, NOW), companies, past)).toEqual(
        firstView(whole, companies, past),
      );
    }
  });

  it('file each thread under the week of its last message and pack back value for value', () => {
    const { interactions } = randomBook(9);
    const facts = buildThreads(interactions, NOW).map(threadFactOf);
    const weeks = packWeeks(facts);
    expect(weeks.map((w) => w.week)).toEqual([...new Set(facts.map(weekOf))].sort((a, b) => a - b));
    const back = weeks.flatMap(unpackWeek);
    expect(back.sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual(
      [...facts].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
  });

  it('measure a thread over its whole history, where a period window with look-back cuts it', () => {
    const base = {
      channel: 'email',
      subject: 'PO 7',
      repId: 'ann',
      companyId: 'c1',
      threadId: 't7',
    } as const;
    const inquiryAt = NOW - 60 * DAY_MS;
    const interactions: MetricInteraction[] = [
      { ...base, id: 'a', at: inquiryAt, direction: 'in', intent: 'price-inquiry' },
      { ...base, id: 'b', at: inquiryAt + DAY_MS, direction: 'out', intent: 'other' },
      { ...base, id: 'c', at: NOW - 10 * DAY_MS, direction: 'in', intent: 'order' },
      { ...base, id: 'd', at: NOW - 9 * DAY_MS, direction: 'out', intent: 'other' },
    ];
    const period = { from: NOW - 30 * DAY_MS, to: NOW };
    const stored = structuredClone(packWeeks(buildThreads(interactions, NOW).map(threadFactOf)));
    const kept = threadFiguresOfWeeks(stored, period, NOW);
    // The order settles an inquiry of two months ago after four messages; that inquiry (and its
    // one-day answer) belongs to the period it was asked in.
    expect(communicationEffectiveness(kept, period)).toMatchObject({
      resolvedInquiries: 1,
      medianMessages: 4,
    });
    expect(responsiveness(kept, period, NOW, 2).inquiries).toBe(0);
    // What the loader's window (LOOKBACK_DAYS before the period) sees: the order as the thread's
    // first inquiry, answered in the period, settled after two messages.
    const windowed = buildThreads(
      interactions.filter((x) => x.at >= period.from - LOOKBACK_DAYS * DAY_MS),
      NOW,
    );
    expect(communicationEffectiveness(windowed, period).medianMessages).toBe(2);
    expect(responsiveness(windowed, period, NOW, 2).inquiries).toBe(1);
  });
});
