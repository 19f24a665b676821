import type { Channel } from '../db/types';
import type { MetricInteraction, Period } from './types';

// Channel diversity (domain.md, manager scorecard): the mean number of distinct
// channels (email, phone, chat, meeting, trade show) used with each active
// customer, an active customer being a company with at least one logged
// interaction in the period. Interactions without a company are not a customer's.

export interface ChannelDiversity {
  activeCustomers: number;
  meanChannels: number | null;
}

export function channelDiversity(
  interactions: readonly MetricInteraction[],
  period: Period,
  includeCompany: (companyId: string) => boolean = () => true,
): ChannelDiversity {
  const used = new Map<string, Set<Channel>>();
  for (const x of interactions) {
    if (!x.companyId || x.at < period.from || x.at >= period.to || !includeCompany(x.companyId)) continue;
    const set = used.get(x.companyId);
    if (set) set.add(x.channel);
    else used.set(x.companyId, new Set([x.channel]));
  }
  let sum = 0;
  for (const set of used.values()) sum += set.size;
  return { activeCustomers: used.size, meanChannels: used.size ? sum / used.size : null };
}
