import type { Card } from '../enrich/card';
import type { Intent } from '../db/types';
import type { ReplyFact } from './messages';

// A bounded digest of a customer's history: counts, the last order, and the few
// most recent interactions with trimmed text. A customer with 200 logged
// interactions yields the same size of digest as one with 6.

export const RECENT_INTERACTIONS = 5;
const SUBJECT_CHARS = 120;
const SUMMARY_CHARS = 240;

export interface RecentInteraction {
  at: number;
  direction: 'in' | 'out';
  channel: string;
  intent: Intent;
  subject: string;
  summary: string;
  outcome: string;
}

export interface HistoryDigest {
  interactions: number;
  inbound: number;
  outbound: number;
  firstAt?: number;
  lastAt?: number;
  byIntent: Partial<Record<Intent, number>>;
  orders: number;
  totals: Record<string, number>;
  lastOrder?: { at: number; amount: number; currency: string; status: string };
  recent: RecentInteraction[];
}

export const clip = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export const isoDate = (at: number): string => new Date(at).toISOString().slice(0, 10);

export function formatMoney(amount: number, currency: string): string {
  // Grouped by hand: toLocaleString's first call loads locale data and costs tens of ms.
  const digits = Math.abs(Math.round(amount))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${amount < 0 ? '-' : ''}${digits}`;
}

/** The customer's history minus the message being answered. */
export function digestHistory(card: Card): HistoryDigest {
  const interactions = card.timeline
    .flatMap((entry) => (entry.kind === 'interaction' ? [entry.interaction] : []))
    .filter(
      (i) =>
        i.id !== card.loggedInteractionId &&
        (!card.inquiry.messageId || i.messageId !== card.inquiry.messageId),
    )
    .sort((a, b) => a.at - b.at);
  const orders = card.timeline
    .flatMap((entry) => (entry.kind === 'order' ? [entry.order] : []))
    .filter((o) => o.status !== 'quote' && o.status !== 'cancelled')
    .sort((a, b) => a.date - b.date);
  const byIntent: Partial<Record<Intent, number>> = {};
  for (const i of interactions) byIntent[i.intent] = (byIntent[i.intent] ?? 0) + 1;
  const last = orders.at(-1);
  return {
    interactions: interactions.length,
    inbound: interactions.filter((i) => i.direction === 'in').length,
    outbound: interactions.filter((i) => i.direction === 'out').length,
    firstAt: interactions[0]?.at,
    lastAt: interactions.at(-1)?.at,
    byIntent,
    orders: Math.max(card.orderSummary.count, orders.length),
    totals: card.orderSummary.totals,
    lastOrder: last && { at: last.date, amount: last.amount, currency: last.currency, status: last.status },
    recent: interactions
      .slice(-RECENT_INTERACTIONS)
      .reverse()
      .map((i) => ({
        at: i.at,
        direction: i.direction,
        channel: i.channel,
        intent: i.intent,
        subject: clip(i.subject, SUBJECT_CHARS),
        summary: clip(i.summary, SUMMARY_CHARS),
        outcome: clip(i.outcome, SUBJECT_CHARS),
      })),
  };
}

export function lastOrderFact(digest: HistoryDigest): ReplyFact | undefined {
  const o = digest.lastOrder;
  return (
    o && {
      source: 'history',
      key: 'lastOrder',
      params: { date: isoDate(o.at), amount: formatMoney(o.amount, o.currency) },
    }
  );
}

export function interactionsFact(digest: HistoryDigest): ReplyFact | undefined {
  return digest.interactions
    ? {
        source: 'history',
        key: 'interactions',
        params: { count: digest.interactions, since: isoDate(digest.firstAt ?? 0) },
      }
    : undefined;
}
