import type { Card } from '../enrich/card';
import type { FaqTopic, ReplyAim, TemplateIntent } from '../knowledge/fields';
import { detectTopics } from '../knowledge/match';
import { readInquiry, type InquiryReading } from '../reading/reading';

// What the open email asks for, read once by lib/reading (the same reading the
// log form and the risk signals use), and which drafts fit it.

export interface EmailReading {
  intent: TemplateIntent;
  /** The whole reading: every intent, the products and quantities asked, terms, what the sender told. */
  inquiry: InquiryReading;
  topics: FaqTopic[];
  /** No earlier interactions or orders with this customer. */
  firstContact: boolean;
  /** A first contact that mainly wants samples it does not offer to pay for, or a risk signal about samples. */
  samplesFirst: boolean;
  highRisk: boolean;
  /** Subject and own text, for matching products. */
  text: string;
}

/** The template intent of an email's text (subject first line): 'any' when it says none. */
export function detectIntent(text: string): TemplateIntent {
  const [subject = '', ...body] = text.split('\n');
  const primary = readInquiry(subject, body.join('\n')).primary;
  return primary === 'other' ? 'any' : primary;
}

export function readEmail(card: Card): EmailReading {
  const inquiry = readInquiry(card.inquiry.subject, card.inquiry.bodyText);
  const intent: TemplateIntent = inquiry.primary === 'other' ? 'any' : inquiry.primary;
  const text = inquiry.text;
  const earlier = card.timeline.filter(
    (entry) =>
      entry.kind === 'order' ||
      (entry.interaction.id !== card.loggedInteractionId &&
        (!card.inquiry.messageId || entry.interaction.messageId !== card.inquiry.messageId)),
  );
  const firstContact = earlier.length === 0 && card.orderSummary.count === 0;
  const sampleSignal = card.risk?.signals.some((signal) => /sample/i.test(signal.id)) ?? false;
  return {
    intent,
    inquiry,
    topics: detectTopics(text),
    firstContact,
    samplesFirst: sampleSignal || (firstContact && intent === 'sample-request' && !inquiry.samples.paid),
    highRisk: card.risk?.level === 'high',
    text,
  };
}

/**
 * The drafts to offer: answer, then advance; verification first only when the risk is high (a
 * low-risk contractor asked to prove itself first is insulted, not protected).
 */
export function planAims(reading: EmailReading, only?: ReplyAim): ReplyAim[] {
  if (only) return [only];
  if (reading.highRisk && reading.intent !== 'complaint') return ['verify', 'answer', 'advance'];
  return ['answer', 'advance'];
}
