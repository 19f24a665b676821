import { quantile } from '../value/model';
import type { Thread } from './threads';
import { DAY_MS, type Period } from './types';

// Responsiveness (domain.md, manager scorecard):
// - first-response time: for each inquiry that arrived in the period (a thread's
//   first inbound inquiry-intent message), the time to the first outbound message
//   after it in the same thread; median and 90th percentile over the answered ones
//   (linear between order statistics, lib/value/model quantile);
// - abandonment: the share of the period's inquiries that still have no outbound
//   reply, among those at least `noReplyDays` old (the "no reply yet" setting):
//   younger ones may still be answered in time and are left out.

export interface Responsiveness {
  /** Inquiries that arrived in the period. */
  inquiries: number;
  answered: number;
  medianMs: number | null;
  p90Ms: number | null;
  /** Inquiries old enough to judge, and those of them with no reply. */
  judged: number;
  abandoned: number;
  abandonment: number | null;
}

export function responsiveness(
  threads: readonly Pick<Thread, 'inquiry'>[],
  period: Period,
  now: number,
  noReplyDays: number,
): Responsiveness {
  const times: number[] = [];
  let inquiries = 0;
  let judged = 0;
  let abandoned = 0;
  const judgeBefore = now - noReplyDays * DAY_MS;
  for (const t of threads) {
    const q = t.inquiry;
    if (!q || q.at < period.from || q.at >= period.to) continue;
    inquiries++;
    if (q.respondedAt !== undefined) times.push(q.respondedAt - q.at);
    if (q.at <= judgeBefore) {
      judged++;
      if (q.respondedAt === undefined) abandoned++;
    }
  }
  return {
    inquiries,
    answered: times.length,
    medianMs: times.length ? quantile(times, 0.5) : null,
    p90Ms: times.length ? quantile(times, 0.9) : null,
    judged,
    abandoned,
    abandonment: judged ? abandoned / judged : null,
  };
}
