import type { Intent } from '../db/types';
import { normalizeEmail } from '../domains';
import type { Card } from '../enrich/card';
import { readInquiry } from '../reading/reading';
import type { Stage, Tier } from '../value/schema';

// The card's first line: what the email is, who the customer is (tier, stage),
// what to do next, and how long the newest message has waited for an answer.
// One reading of the email (lib/reading) with the drafts and the log form.

export interface CardSummary {
  intent: Intent;
  tier: Tier | null;
  stage: Stage | null;
  /** The next step: the value model's next action, or one from the risk or the email itself. */
  next:
    | { kind: 'value'; reason: { id: string; params: Record<string, string | number> } }
    | { kind: 'verify' }
    | { kind: 'paymentCheck' }
    | { kind: 'intent'; intent: Intent };
  /** When the newest message of the thread, from the customer, arrived unanswered; null when answered. */
  waitingSince: number | null;
}

export function summarize(card: Card): CardSummary {
  const reading = readInquiry(card.inquiry.subject, card.inquiry.bodyText);
  const risky = card.risk?.level === 'high';
  const payment = card.risk?.signals.some((s) => s.id === 'payment-change' || s.id === 'lookalike-domain');
  const next: CardSummary['next'] =
    risky && payment
      ? { kind: 'paymentCheck' }
      : risky
        ? { kind: 'verify' }
        : card.value
          ? { kind: 'value', reason: card.value.nextAction }
          : { kind: 'intent', intent: reading.primary };
  return {
    intent: reading.primary,
    tier: card.value?.tier ?? null,
    stage: card.value?.stage ?? null,
    next,
    // A high-risk mail owes no answer: no 'unanswered' pressure (it raises no 'no reply yet' either).
    waitingSince: risky ? null : waitingSince(card),
  };
}

/** The newest message's date when the customer wrote it and nothing answers it yet (no reply, no log). */
export function waitingSince(card: Card): number | null {
  if (card.loggedInteractionId) return null;
  const account = normalizeEmail(card.inquiry.account);
  const thread = card.inquiry.thread.length
    ? card.inquiry.thread
    : [{ from: card.inquiry.from.email, date: card.inquiry.date }];
  const newest = thread.reduce((a, b) => (b.date >= a.date ? b : a));
  const from = normalizeEmail(newest.from);
  if (!from || from === account || from !== normalizeEmail(card.counterpart.email)) return null;
  return newest.date || null;
}

/** "52 minutes", "4 hours", "3 days": how long, in the largest whole unit. */
export function waitedFor(since: number, now: number): { amount: number; unit: 'minute' | 'hour' | 'day' } {
  const minutes = Math.max(1, Math.floor((now - since) / 60_000));
  if (minutes < 60) return { amount: minutes, unit: 'minute' };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { amount: hours, unit: 'hour' };
  return { amount: Math.floor(hours / 24), unit: 'day' };
}
