import type { KnowledgeItem } from '../db/types';
import { FAQ_TOPICS, splitList, type FaqTopic, type ReplyAim, type TemplateIntent } from './fields';

// Picks the knowledge items an email is about: products named in it (by title,
// model number or keywords), FAQ answers for the topics it raises, and the
// template for an aim and intent in the reply's language.

/** Words that say an email raises an FAQ topic (English and Chinese). */
const TOPIC_WORDS: Record<FaqTopic, string[]> = {
  samples: ['sample', 'samples', 'sampling', '样品', '样板', '寄样'],
  moq: [
    'moq',
    'minimum order',
    'minimum quantity',
    'min order',
    'small quantity',
    'trial order',
    '起订量',
    '最小订单',
  ],
  payment: [
    'payment',
    'pay',
    't/t',
    'l/c',
    'letter of credit',
    'deposit',
    'paypal',
    'bank',
    '付款',
    '支付',
    '定金',
  ],
  shipping: [
    'shipping',
    'ship',
    'shipment',
    'freight',
    'delivery',
    'port',
    'fob',
    'cif',
    'ddp',
    'container',
    '运输',
    '发货',
    '海运',
    '运费',
  ],
  certifications: [
    'certificate',
    'certificates',
    'certification',
    'certified',
    'ce',
    'rohs',
    'ul',
    'dlc',
    'saa',
    '认证',
    '证书',
  ],
  'lead-time': [
    'lead time',
    'leadtime',
    'delivery time',
    'production time',
    'how long',
    'how soon',
    '交期',
    '交货期',
    '生产周期',
  ],
  warranty: [
    'warranty',
    'guarantee',
    'defect',
    'defective',
    'broken',
    'failed',
    'failure',
    '质保',
    '保修',
    '质量问题',
  ],
  price: ['price', 'prices', 'pricing', 'quote', 'quotation', 'cost', 'best offer', '报价', '价格', '单价'],
};

const CJK = /[\u3400-\u9fff]/;

/** Lower-cased text with punctuation folded to spaces (keeps '/', '-' and CJK). */
export function normalizeText(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[×*]/g, 'x')
    .replace(/[^\p{L}\p{N}/\-.]+/gu, ' ')} `;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const isWordChar = (ch: string | undefined) => ch !== undefined && WORD_CHAR.test(ch);
/** Needles folded like the text they are looked for in, computed once per phrase. */
const folded = new Map<string, string>();

/**
 * Whole-word match for Latin phrases ("ul" must not match "bulb"), substring for
 * Chinese. No regex per phrase: compiling hundreds of Unicode regexes made the
 * first draft of a session slow.
 */
export function mentions(normalized: string, phrase: string): boolean {
  let needle = folded.get(phrase);
  if (needle === undefined) {
    const lower = phrase.toLowerCase().trim();
    needle = CJK.test(lower) ? lower : normalizeText(lower).trim();
    folded.set(phrase, needle);
  }
  if (!needle) return false;
  if (CJK.test(needle)) return normalized.includes(needle);
  for (let at = normalized.indexOf(needle); at !== -1; at = normalized.indexOf(needle, at + 1)) {
    if (!isWordChar(normalized[at - 1]) && !isWordChar(normalized[at + needle.length])) return true;
  }
  return false;
}

export function detectTopics(text: string): FaqTopic[] {
  const normalized = normalizeText(text);
  return FAQ_TOPICS.filter((topic) => TOPIC_WORDS[topic].some((word) => mentions(normalized, word)));
}

const GENERIC_WORDS = new Set([
  'led',
  'light',
  'lights',
  'lamp',
  'the',
  'and',
  'with',
  'for',
  'all',
  'one',
  'in',
]);

/** Model numbers in parentheses or standalone codes like BW-HB150. */
function modelCodes(title: string): string[] {
  return [...title.matchAll(/\b([A-Z]{1,5}-[A-Z0-9-]{2,})\b/gi)].map((m) => m[1]!.toLowerCase());
}

export function productScore(product: KnowledgeItem, normalized: string): number {
  let score = 0;
  for (const code of modelCodes(product.title)) if (mentions(normalized, code)) score += 10;
  const name = product.title.replace(/\(.*?\)/g, '').trim();
  if (mentions(normalized, name)) score += 6;
  for (const keyword of splitList(product.fields.keywords)) if (mentions(normalized, keyword)) score += 4;
  for (const tag of product.tags)
    if (!GENERIC_WORDS.has(tag.toLowerCase()) && mentions(normalized, tag)) score += 1;
  const words = name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3 && !GENERIC_WORDS.has(w) && !/^\d+w?$/.test(w));
  for (const word of words) if (mentions(normalized, word)) score += 1;
  return score;
}

/** Products the email names, best first (at most `limit`). */
export function matchProducts(items: readonly KnowledgeItem[], text: string, limit = 3): KnowledgeItem[] {
  const normalized = normalizeText(text);
  return items
    .filter((item) => item.kind === 'product')
    .map((item) => ({ item, score: productScore(item, normalized) }))
    .filter(({ score }) => score >= 3)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ item }) => item);
}

export const baseLanguage = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? '';

/** One FAQ answer per topic, in the reply's language when the book has it, else English. */
export function matchFaqs(
  items: readonly KnowledgeItem[],
  topics: readonly FaqTopic[],
  language: string,
  limit = 3,
): KnowledgeItem[] {
  const faqs = items.filter((item) => item.kind === 'faq');
  const picked: KnowledgeItem[] = [];
  for (const topic of topics) {
    const candidates = faqs.filter((item) => item.fields.topic === topic);
    const best =
      candidates.find((item) => baseLanguage(item.language) === baseLanguage(language)) ??
      candidates.find((item) => baseLanguage(item.language) === 'en') ??
      candidates[0];
    if (best && !picked.includes(best)) picked.push(best);
    if (picked.length >= limit) break;
  }
  return picked;
}

/**
 * The template for an aim: same intent in the reply's language, then the
 * 'any' template for the aim, then English. Undefined when the book has none.
 */
export function matchTemplate(
  items: readonly KnowledgeItem[],
  aim: ReplyAim,
  intent: TemplateIntent,
  language: string,
): KnowledgeItem | undefined {
  // The most recently edited template wins, so a rep's own beats the demo one.
  const templates = items
    .filter((item) => item.kind === 'template' && (item.fields.aim ?? 'answer') === aim)
    .sort((a, b) => b.updatedAt - a.updatedAt);
  const lang = baseLanguage(language);
  const order: [TemplateIntent, string][] = [
    [intent, lang],
    ['any', lang],
    [intent, 'en'],
    ['any', 'en'],
  ];
  for (const [wantIntent, wantLang] of order) {
    const found = templates.find(
      (item) => (item.fields.intent ?? 'any') === wantIntent && baseLanguage(item.language) === wantLang,
    );
    if (found) return found;
  }
  return undefined;
}
