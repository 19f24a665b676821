// Figures for the dashboard's first view read from kept thread facts (printed, not asserted):
//   npx tsx scripts/bench-thread-facts.ts [--threads N] [--companies N] [--runs N]
// A book shaped like the dashboard benchmark's 100k book (540k threads over
// 1,700 days, 100k companies, 20 reps) as packed weeks
// (lib/metrics/aggregates/threadFacts.ts). For each period: a structured clone
// of the weeks read (what IndexedDB hands over, without IndexedDB), the threads'
// figures taken from them, then responsiveness, complaint handling and
// messages-to-resolve for the team and every rep and the sources table by rep:
// the scorecard's thread figures and the sources of the first view. The customer
// figures (golden share, decline, channels) and the picture are not in it: they
// read orders and per-customer facts that are not kept yet.
import { performance } from 'node:perf_hooks';
import { SOURCES } from '../lib/db/types';
import { packWeeks, threadFiguresOfWeeks, type ThreadFact } from '../lib/metrics/aggregates/threadFacts';
import { complaintHandling } from '../lib/metrics/complaints';
import { communicationEffectiveness } from '../lib/metrics/effectiveness';
import { responsiveness } from '../lib/metrics/responsiveness';
import { sourceStatsByRep } from '../lib/metrics/sources';
import { DAY_MS, type MetricCompany, type Period } from '../lib/metrics/types';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const THREADS = arg('--threads', 540_000);
const COMPANIES = arg('--companies', 100_000);
const RUNS = arg('--runs', 3);
const DAYS = 1_700;
const NOW = Date.UTC(2026, 11, 7);

let seed = 7;
const random = () => (seed = (seed * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
const reps = Array.from({ length: 20 }, (_, k) => `rep-${k}`);
const companies: MetricCompany[] = Array.from({ length: COMPANIES }, (_, k) => ({
  id: `company-${k}`,
  name: `Company ${k}`,
  source: SOURCES[k % SOURCES.length]!,
  ownerRepId: reps[k % reps.length]!,
}));
const firstOrderAt = new Map<string, number>();
for (let k = 0; k < COMPANIES; k += 3) firstOrderAt.set(`company-${k}`, NOW - random() * DAYS * DAY_MS);

const facts: ThreadFact[] = [];
for (let k = 0; k < THREADS; k++) {
  // Shaped like the 100k book's threads: 47k in the last 30 days, 120k in 90, 307k in a year.
  const r = random();
  const [lo, hi] = r < 0.087 ? [0, 30] : r < 0.222 ? [30, 90] : r < 0.569 ? [90, 365] : [365, DAYS];
  const firstAt = NOW - (lo + random() * (hi - lo)) * DAY_MS;
  const span = Math.min(random() * 20 * DAY_MS, NOW - 1 - firstAt);
  const fact: ThreadFact = {
    key: `t:${k.toString(36)}`,
    repId: reps[k % reps.length]!,
    companyId: `company-${Math.floor(random() * COMPANIES)}`,
    firstAt,
    lastAt: Math.min(NOW - 1, firstAt + span),
    messages: 1 + Math.floor(random() * 6),
  };
  if (random() < 0.7) {
    fact.inquiryAt = firstAt;
    if (random() < 0.8) fact.respondedAt = firstAt + random() * span;
  }
  if (random() < 0.1) {
    fact.complaintAt = firstAt + random() * span;
    fact.lastComplaintAt = fact.complaintAt;
    if (random() < 0.7) fact.complaintReplyAt = Math.min(fact.lastAt, fact.complaintAt + DAY_MS);
  }
  if (fact.inquiryAt !== undefined && random() < 0.3) {
    fact.outcomeKind = random() < 0.5 ? 'order' : 'lost';
    fact.outcomeAt = fact.lastAt;
    fact.outcomeMessages = fact.messages;
  }
  facts.push(fact);
}
const weeks = packWeeks(facts);

interface Figure {
  id: string;
  label: string;
  value: number;
  unit: string;
  goal?: { op: '<'; target: number };
}
const figures: Figure[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const days of [30, 90, 365, DAYS]) {
  const period: Period = { from: NOW - days * DAY_MS, to: NOW };
  const times = { read: [] as number[], figures: [] as number[], total: [] as number[] };
  let threads = 0;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const first = Math.floor(period.from / (7 * DAY_MS));
    const read = structuredClone(weeks.filter((w) => w.week >= first));
    const list = threadFiguresOfWeeks(read, period, NOW);
    const t1 = performance.now();
    responsiveness(list, period, NOW, 2);
    complaintHandling(list, period);
    communicationEffectiveness(list, period);
    const byRep = new Map<string, typeof list>(reps.map((r) => [r, []]));
    for (const t of list) byRep.get(t.repId)?.push(t);
    for (const mine of byRep.values()) {
      responsiveness(mine, period, NOW, 2);
      complaintHandling(mine, period);
      communicationEffectiveness(mine, period);
    }
    sourceStatsByRep(companies, list, firstOrderAt, period, reps);
    const t2 = performance.now();
    times.read.push(t1 - t0);
    times.figures.push(t2 - t1);
    times.total.push(t2 - t0);
    threads = list.length;
  }
  const name = days === DAYS ? 'all' : `${days}`;
  console.log(
    `${name.padStart(4)} days: ${threads} threads, ${weeks.filter((w) => w.week >= Math.floor(period.from / (7 * DAY_MS))).length} weeks;` +
      ` read ${median(times.read).toFixed(0)} ms, figures ${median(times.figures).toFixed(0)} ms,` +
      ` total ${median(times.total).toFixed(0)} ms (median of ${RUNS})`,
  );
  figures.push({
    id: `threadFacts.${name}`,
    label: `Thread figures + sources from kept facts, ${name === 'all' ? 'all time' : `${days} days`}`,
    value: median(times.total),
    unit: 'ms',
    goal: { op: '<', target: 1000 },
  });
}
console.log(`${facts.length} threads in ${weeks.length} weeks (last week ${weeks.at(-1)?.week})`);
console.log(JSON.stringify({ figures }));
