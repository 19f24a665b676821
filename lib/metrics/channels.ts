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

/** How many distinct channels were used with each customer active in the period. */
export function channelsByCompany(
  interactions: readonly MetricInteraction[],
  period: Period,
): Map<string, number> {
  const used = new Map<string, Set<Channel>>();
  for (const x of interactions) {
    if (!x.companyId || x.at < period.from || x.at >= period.to) continue;
    const set = used.get(x.companyId);
    if (set) set.add(x.channel);
    else used.set(x.companyId, new Set([x.channel]));
  }
  return new Map([...used].map(([id, set]) => [id, set.size]));
}

export function meanChannelsOf(channelCounts: Iterable<number>): ChannelDiversity {
  let customers = 0;
  let sum = 0;
  for (const n of channelCounts) {
    customers++;
    sum += n;
  }
  return { activeCustomers: customers, meanChannels: customers ? sum / customers : null };
}

export function channelDiversity(
  interactions: readonly MetricInteraction[],
  period: Period,
  includeCompany: (companyId: string) => boolean = () => true,
): ChannelDiversity {
  const counts = channelsByCompany(interactions, period);
  return meanChannelsOf([...counts].filter(([id]) => includeCompany(id)).map(([, n]) => n));
}
