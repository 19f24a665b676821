import { CardSchema, type Card } from '../../lib/enrich/card';
import type { Interaction, Order } from '../../lib/db/types';
import type { EmailInquiryInput } from '../../lib/email';

// Cards for tests and the benchmark: a realistic inquiry with a known or unknown
// customer, and a builder for long histories.

const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 5, 1, 9, 0, 0);

export function inquiry(body: string, overrides: Partial<EmailInquiryInput> = {}): EmailInquiryInput {
  return {
    webmail: 'gmail',
    threadId: 't-1',
    messageId: 'm-1',
    from: { name: 'Anna Schmidt', email: 'anna.schmidt@lichtbau.de' },
    subject: 'Inquiry',
    date: NOW,
    bodyText: body,
    ...overrides,
  };
}

export function interactions(count: number, companyId = 'c-lichtbau'): Interaction[] {
  const intents = ['price-inquiry', 'order', 'follow-up', 'sample-request', 'complaint', 'other'] as const;
  return Array.from({ length: count }, (_, i) => ({
    id: `i-${companyId}-${i}`,
    companyId,
    contactId: 'p-anna',
    direction: i % 2 ? 'out' : 'in',
    channel: 'email',
    at: NOW - (count - i) * 3 * DAY,
    subject: `Re: order ${1000 + i} panel lights, shipping schedule and packaging details for the warehouse`,
    summary:
      `Discussed batch ${i}: quantities, carton labels, the delivery window and a follow-up on the payment. `.repeat(
        4,
      ),
    intent: intents[i % intents.length]!,
    outcome: 'answered',
    repId: 'rep-1',
    authorRepId: 'rep-1',
    createdAt: NOW,
    updatedAt: NOW,
  }));
}

export function orders(count: number, companyId = 'c-lichtbau'): Order[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `o-${companyId}-${i}`,
    companyId,
    date: NOW - (count - i) * 60 * DAY,
    amount: 12_000 + i * 500,
    currency: 'USD',
    status: 'paid',
    authorRepId: 'rep-1',
    createdAt: NOW,
    updatedAt: NOW,
  }));
}

export interface CardOptions {
  known?: boolean;
  interactions?: number;
  orders?: number;
  language?: string;
  risk?: 'low' | 'medium' | 'high';
  value?: {
    tier: 'vip' | 'key' | 'ordinary' | 'small';
    stage: 'exploration' | 'development' | 'stable' | 'decline';
    task: 'acquire' | 'retain' | 'win-back';
  };
  inquiry?: Partial<EmailInquiryInput>;
}

export function makeCard(body: string, options: CardOptions = {}): Card {
  const known = options.known ?? false;
  const mail = inquiry(body, options.inquiry);
  const history = known ? interactions(options.interactions ?? 6) : [];
  const orderList = known ? orders(options.orders ?? 2) : [];
  return CardSchema.parse({
    inquiry: mail,
    counterpart: mail.from,
    direction: 'in',
    match: known ? 'contact' : 'none',
    contact: known
      ? {
          id: 'p-anna',
          companyId: 'c-lichtbau',
          name: 'Anna Schmidt',
          emails: ['anna.schmidt@lichtbau.de'],
          phones: [],
          authorRepId: 'rep-1',
          createdAt: NOW,
          updatedAt: NOW,
        }
      : null,
    company: known
      ? {
          id: 'c-lichtbau',
          name: 'Lichtbau GmbH',
          domains: ['lichtbau.de'],
          country: 'DE',
          source: 'trade-show',
          ownerRepId: 'rep-1',
          authorRepId: 'rep-1',
          tags: [],
          notes: '',
          createdAt: NOW,
          updatedAt: NOW,
        }
      : null,
    domain: 'lichtbau.de',
    freeMail: false,
    suggestedCompanyName: known ? null : 'Lichtbau',
    timeline: [
      ...history.map((interaction) => ({ kind: 'interaction' as const, at: interaction.at, interaction })),
      ...orderList.map((order) => ({ kind: 'order' as const, at: order.date, order })),
    ].sort((a, b) => b.at - a.at),
    orderSummary: {
      count: orderList.length,
      totals: orderList.length ? { USD: orderList.reduce((sum, o) => sum + o.amount, 0) } : {},
      lastOrderAt: orderList.at(-1)?.date,
    },
    loggedInteractionId: null,
    openReminders: [],
    language: options.language ?? 'en',
    origin: null,
    risk: options.risk
      ? {
          score: options.risk === 'high' ? 80 : 20,
          level: options.risk,
          signals: options.risk === 'high' ? [{ id: 'freeSamplesFirstContact', weight: 40 }] : [],
        }
      : null,
    value: options.value
      ? {
          currency: 'USD',
          currentValue: 10_000,
          clv: 50_000,
          potentialValue: 20_000,
          tier: options.value.tier,
          negative: false,
          rank: 1,
          percentile: 1,
          drivers: [],
          stage: options.value.stage,
          stageSignals: [],
          task: options.value.task,
          nextAction: { id: 'keepContact' },
        }
      : null,
  });
}
