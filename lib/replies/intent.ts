import type { Card } from '../enrich/card';
import type { FaqTopic, ReplyAim, TemplateIntent } from '../knowledge/fields';
import { detectTopics, mentions, normalizeText } from '../knowledge/match';

// What the open email asks for, read from its own words, and which drafts fit it.

const INTENT_WORDS: [TemplateIntent, string[]][] = [
  [
    'complaint',
    [
      'complaint',
      'complain',
      'defect',
      'defective',
      'broken',
      'damaged',
      'not working',
      'stopped working',
      'flicker',
      'failed',
      'failure',
      'poor quality',
      'refund',
      'wrong item',
      'missing',
      '投诉',
      '质量问题',
      '损坏',
      '坏了',
      '退款',
    ],
  ],
  [
    'order',
    [
      'purchase order',
      'new order',
      'repeat order',
      'reorder',
      're-order',
      'place an order',
      'place the order',
      'another order',
      'same as last',
      'proforma',
      'pi for',
      '下单',
      '返单',
      '追加订单',
      '形式发票',
    ],
  ],
  ['sample-request', ['sample', 'samples', 'sampling', '样品', '寄样', '样板']],
  [
    'price-inquiry',
    [
      'price',
      'prices',
      'pricing',
      'quote',
      'quotation',
      'best offer',
      'price list',
      'cost',
      '报价',
      '价格',
      '单价',
    ],
  ],
  ['follow-up', ['follow up', 'following up', 'any update', 'any news', 'reminder', '跟进', '进展']],
];

/** The email's own text, without the quoted thread below it. */
export function ownText(body: string): string {
  const lines: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*>/.test(line)) continue;
    if (/^\s*(On .{4,200} wrote:|-{2,}\s*Original Message|From: .+@|在.{2,100}写道[:：])\s*$/i.test(line))
      break;
    lines.push(line);
  }
  return lines.join('\n');
}

export interface EmailReading {
  intent: TemplateIntent;
  topics: FaqTopic[];
  /** No earlier interactions or orders with this customer. */
  firstContact: boolean;
  /** A first contact that mainly wants samples, or a risk signal about samples. */
  samplesFirst: boolean;
  highRisk: boolean;
  /** Subject and own text, for matching products. */
  text: string;
}

export function detectIntent(text: string): TemplateIntent {
  const normalized = normalizeText(text);
  for (const [intent, words] of INTENT_WORDS) if (words.some((w) => mentions(normalized, w))) return intent;
  return 'any';
}

export function readEmail(card: Card): EmailReading {
  const text = `${card.inquiry.subject}\n${ownText(card.inquiry.bodyText)}`;
  const intent = detectIntent(text);
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
    topics: detectTopics(text),
    firstContact,
    samplesFirst: sampleSignal || (firstContact && intent === 'sample-request'),
    highRisk: card.risk?.level === 'high',
    text,
  };
}

/** The drafts to offer: verification first when the sender is risky, then answer, then advance. */
export function planAims(reading: EmailReading, only?: ReplyAim): ReplyAim[] {
  if (only) return [only];
  if (reading.intent !== 'complaint' && (reading.highRisk || reading.samplesFirst)) {
    return ['verify', 'answer', 'advance'];
  }
  return ['answer', 'advance'];
}
