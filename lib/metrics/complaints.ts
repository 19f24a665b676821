import { quantile } from '../value/model';
import type { Thread } from './threads';
import type { Period } from './types';

// Complaint handling (domain.md, manager scorecard). A complaint is a thread with
// an inbound complaint-intent message, counted in the period its first complaint
// arrived. It is resolved when an outbound reply follows its last inbound
// complaint and COMPLAINT_QUIET_DAYS (14) pass with no new complaint in the
// thread; pending while those days run; open when the last complaint has no reply.
// - time to resolution: first complaint → that reply, median over resolved ones;
// - share resolved: resolved ÷ (resolved + open); pending ones are not decided yet.

export interface ComplaintHandling {
  complaints: number;
  resolved: number;
  pending: number;
  open: number;
  medianResolutionMs: number | null;
  resolvedShare: number | null;
}

export function complaintHandling(
  threads: readonly Pick<Thread, 'complaint'>[],
  period: Period,
): ComplaintHandling {
  const times: number[] = [];
  let complaints = 0;
  let pending = 0;
  let open = 0;
  for (const t of threads) {
    const c = t.complaint;
    if (!c || c.at < period.from || c.at >= period.to) continue;
    complaints++;
    if (c.state === 'resolved') times.push(c.replyAt! - c.at);
    else if (c.state === 'pending') pending++;
    else open++;
  }
  const decided = times.length + open;
  return {
    complaints,
    resolved: times.length,
    pending,
    open,
    medianResolutionMs: times.length ? quantile(times, 0.5) : null,
    resolvedShare: decided ? times.length / decided : null,
  };
}
