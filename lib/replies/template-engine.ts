import type { Card } from '../enrich/card';
import type { KnowledgeItem } from '../db/types';
import type { FaqTopic, ReplyAim, TemplateIntent } from '../knowledge/fields';
import { matchFaqs, matchProducts, matchTemplate } from '../knowledge/match';
import { BUILTIN_TEMPLATES } from '../knowledge/templates';
import {
  digestHistory,
  formatMoney,
  interactionsFact,
  isoDate,
  lastOrderFact,
  type HistoryDigest,
} from './history';
import { planAims, readEmail, type EmailReading } from './intent';
import { ownText } from '../mail/own-text';
import { greetingName } from './greeting';
import { replyLanguage, templateLanguage } from './language';
import type { ReplyDraft, ReplyFact } from './messages';
import { TOPIC_WORDS, type Ask } from '../reading/asks';
import { cueSignal } from '../reading/reading';
import { openingFor, PHRASES, type Phrasebook, type PhraseLanguage, type QuestionKey } from './phrases';

// The offline reply engine: fills templates from the knowledge base and the card.
// Synchronous and pure, so drafts are on screen the moment an email opens, with
// or without an LLM endpoint, and they are the fallback when the endpoint fails.

export interface ChosenKnowledge {
  products: KnowledgeItem[];
  faqs: KnowledgeItem[];
}

/** Topics an intent implies even when the email does not name them. */
const INTENT_TOPICS: Partial<Record<TemplateIntent, FaqTopic[]>> = {
  'sample-request': ['samples'],
  complaint: ['warranty'],
};

/** The knowledge items this email is about: the products it names and the FAQ answers for its topics. */
export function chooseKnowledge(
  items: readonly KnowledgeItem[],
  reading: EmailReading,
  language: string,
): ChosenKnowledge {
  const topics = [...new Set([...(INTENT_TOPICS[reading.intent] ?? []), ...reading.topics])].filter(
    (topic) => topic !== 'price',
  );
  return { products: matchProducts(items, reading.text, 3), faqs: matchFaqs(items, topics, language, 3) };
}

function questionsFor(
  aim: ReplyAim,
  reading: EmailReading,
  card: Card,
  digest: HistoryDigest,
  hasProduct: boolean,
) {
  const task = card.value?.task ?? (reading.firstContact ? 'acquire' : undefined);
  const winBack = task === 'win-back' || card.value?.stage === 'decline';
  const keys: (QuestionKey | false)[] = [];
  if (aim === 'verify') keys.push('verifyCompany', 'verifyRegistration', 'verifyRole', 'verifyProject');
  else if (reading.intent === 'complaint') {
    keys.push(...(aim === 'answer' ? (['complaintPhotos', 'complaintOrder', 'complaintQty'] as const) : []));
    keys.push(...(aim === 'advance' ? (['complaintResolution', 'complaintNext'] as const) : []));
  } else if (aim === 'advance' && winBack) {
    keys.push('whatChanged', 'targetPrice', 'quantityRegular', 'timing');
  } else if (aim === 'advance' && (task === 'retain' || reading.intent === 'order')) {
    keys.push('forecast', 'crossSell', 'timing');
  } else if (aim === 'advance') {
    keys.push('quantityRegular', 'targetPrice', 'timing', 'decision');
  } else if (reading.intent === 'order') {
    keys.push('orderModels', digest.orders > 0 && 'sameSpecs', 'orderDelivery', 'orderChanges');
  } else if (reading.intent === 'sample-request') {
    keys.push(hasProduct ? 'sampleModel' : 'whichProduct', 'sampleUse', 'courierAccount');
  } else if (reading.intent === 'follow-up' && reading.inquiry.told.orderNumber) {
    // A chase about an order already placed ("when will PO HL-26-031 be ready for loading?"): its
    // products and quantities are on the order; what can still change before it ships is asked.
    keys.push('orderChanges');
  } else if (task === 'retain' || winBack) {
    keys.push(
      winBack && 'whatChanged',
      !hasProduct && 'whichProduct',
      'quantityDate',
      digest.orders > 0 && 'sameSpecs',
    );
  } else {
    keys.push(!hasProduct && 'whichProduct', 'quantityFirst', 'market', 'businessType');
  }
  // Never ask what the email already told.
  const told = reading.inquiry.told;
  const answered: Partial<Record<QuestionKey, boolean>> = {
    quantityFirst: told.quantity,
    quantityRegular: told.quantity,
    quantityDate: told.quantity && hasProduct,
    orderModels: told.quantity && hasProduct,
    businessType: told.businessType,
    courierAccount: told.courierAccount,
    timing: told.destination,
    orderDelivery: told.destination,
    sampleUse: told.project,
    complaintOrder: told.orderNumber,
    complaintQty: told.affected,
    sameSpecs: told.sameAsBefore,
    // "If you can do USD 79.00": the target price is in the email.
    targetPrice: Boolean(reading.inquiry.counterOffer),
  };
  const asked = keys.filter((k): k is QuestionKey => Boolean(k) && !answered[k as QuestionKey]);
  // A draft always asks something: what moves the deal when the email told everything else.
  if (!asked.length)
    asked.push(aim === 'verify' ? 'verifyCompany' : reading.intent === 'order' ? 'orderChanges' : 'decision');
  return asked.slice(0, 4);
}

/**
 * What the email asked about each product, one short block each: the quantity it named, the
 * price as a placeholder for the rep with our terms, MOQ when the quantity is under it or not
 * given, lead time, certifications when asked. Never the whole specification sheet.
 */
function askedLines(
  products: readonly KnowledgeItem[],
  reading: EmailReading,
  words: Phrasebook,
  language: PhraseLanguage,
): string {
  const r = reading.inquiry;
  const colon = language === 'zh-CN' ? '：' : ': ';
  const local = (text: string) => (language === 'zh-CN' ? tradeTermsZh(text) : text);
  return products
    .map((product, index) => {
      // The quantity named with this product's model code; else, for one product, the one quantity.
      const codes = modelCodesOf(product.title);
      const quantity =
        r.quantities.find((q) => q.product && codes.includes(q.product.toUpperCase())) ??
        (products.length === 1 && r.quantities.length === 1 && !r.quantities[0]!.product
          ? r.quantities[0]
          : undefined) ??
        (products.length === r.quantities.length && !r.quantities.some((q) => q.product)
          ? r.quantities[index]
          : undefined);
      // A Chinese reply names the product by its model code: the catalogue's titles are English.
      const name = language === 'zh-CN' && codes[0] ? codes[0] : shortName(product.title);
      const unit = quantity ? unitIn(quantity.unit, language) : '';
      const amount = quantity?.amount.toLocaleString('en-US');
      // "500 pcs", "500只": a Chinese measure word sits right after the number.
      const head = quantity
        ? `${name}${colon}${amount}${/[\u3400-\u9fff]/.test(unit) ? '' : ' '}${unit}`
        : name;
      const lines = [head];
      const terms = r.terms.filter((t) => /^(FOB|CIF|CFR|EXW|DDP|DAP|FCA)/.test(t)).join(', ');
      if (reading.intent !== 'order' && reading.intent !== 'sample-request') {
        if (r.counterOffer)
          lines.push(`- ${words.labels.counterOffer}${colon}${r.counterOffer} → ${words.pricePlaceholder}`);
        else
          lines.push(`- ${words.labels.price}${colon}${words.pricePlaceholder}${terms ? ` ${terms}` : ''}`);
        if (product.fields.priceTerms)
          lines.push(`- ${words.labels.priceTerms}${colon}${local(product.fields.priceTerms)}`);
      }
      const moq = Number(/\d[\d,]*/.exec(product.fields.moq ?? '')?.[0]?.replace(/,/g, '') ?? NaN);
      if (product.fields.moq && reading.intent !== 'order' && (!quantity || quantity.amount < moq))
        lines.push(`- ${words.labels.moq}${colon}${local(product.fields.moq)}`);
      if (product.fields.leadTime && reading.intent !== 'sample-request')
        lines.push(`- ${words.labels.leadTime}${colon}${local(product.fields.leadTime)}`);
      if (product.fields.certifications && reading.topics.includes('certifications'))
        lines.push(`- ${words.labels.certifications}${colon}${product.fields.certifications}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

/** The catalogue's answer to one thing asked, per product: a field, or the spec or sentence that names the topic. */
function catalogueAnswer(ask: Ask, product: KnowledgeItem): string {
  const f = product.fields;
  if (!ask.topic || ask.topic === 'price' || ask.topic === 'stock') return '';
  const field =
    ask.topic === 'lead-time'
      ? f.leadTime
      : ask.topic === 'moq'
        ? f.moq
        : ask.topic === 'certifications'
          ? f.certifications
          : ask.topic === 'payment'
            ? f.priceTerms
            : undefined;
  if (field) return field;
  const topic = TOPIC_WORDS[ask.topic];
  // The specification names it most exactly ("LiFePO4 30 Ah battery"); the description otherwise.
  const specs = splitSpecs(f.specs ?? '').filter((piece) => topic.test(piece));
  const pieces = specs.length ? specs : product.body.split(/(?<=[.;])\s+/);
  return pieces
    .filter((piece) => topic.test(piece))
    .slice(0, 2)
    .map((piece) => piece.replace(/[.;]$/, '').trim())
    .join(', ');
}

const splitSpecs = (specs: string) => specs.split(/,\s*/).filter(Boolean);

/** Words that ask for goods to be sent, in the eight languages ("could you send 2 pcs", "能否寄"). */
const SEND_WORDS =
  /\b(?:send|ship|courier|dispatch)\b|寄|envi[aeá]|mand[ae]|envoy|schick|zusend|отправ|выслат|вышл|пришл|أرسل|ارسل|إرسال|ارسال/i;

/**
 * The sample request itself ("could you send 2 pcs BW-HB150 to test?"): a sample draft is its
 * answer, so it is not listed again among the questions left to answer.
 */
function asksForSamples(ask: Ask): boolean {
  if (ask.topic === 'samples') return true;
  return (
    ask.topic === null && (SEND_WORDS.test(ask.text) || cueSignal(ask.text).primary === 'sample-request')
  );
}

/**
 * One line for each thing the email asked ("please confirm the battery is LiFePO4 and the warranty
 * period"): the catalogue's answer when it has one, else a placeholder the rep fills before
 * sending. What the product block above already says (the price line, the lead time) is not repeated.
 */
function answerLines(
  asks: readonly Ask[],
  products: readonly KnowledgeItem[],
  above: string,
  reading: EmailReading,
  words: Phrasebook,
  language: PhraseLanguage,
): string {
  const colon = language === 'zh-CN' ? '：' : ': ';
  const local = (text: string) => (language === 'zh-CN' ? tradeTermsZh(text) : text);
  const pricedAbove =
    products.length > 0 && reading.intent !== 'order' && reading.intent !== 'sample-request';
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const ask of asks) {
    if (ask.topic === 'price' && pricedAbove) continue;
    if (reading.intent === 'sample-request' && asksForSamples(ask)) continue;
    if (ask.topic && seen.has(ask.topic)) continue;
    if (ask.topic) seen.add(ask.topic);
    const answers = products
      .map((product) => {
        const answer = catalogueAnswer(ask, product);
        if (!answer) return '';
        const code = modelCodesOf(product.title)[0];
        return products.length > 1 && code ? `${local(answer)} (${code})` : local(answer);
      })
      .filter(Boolean);
    if (answers.length && answers.every((answer) => above.includes(answer.replace(/ \([^)]*\)$/, ''))))
      continue;
    const label = ask.topic ? words.asks.labels[ask.topic] : '';
    const asked = ask.text.length > 90 ? `${ask.text.slice(0, 87)}…` : ask.text;
    if (answers.length) lines.push(`- ${label}${colon}${answers.join('; ')}`);
    else if (label) lines.push(`- ${label}${colon}${words.asks.toConfirm(asked)}`);
    else lines.push(`- ${asked} → ${words.asks.yourAnswer}`);
  }
  return lines.length ? [words.asks.heading, ...lines].join('\n') : '';
}

/** A unit in the reply's language: "套" → "sets" in English, "pcs" → "只" in Chinese. */
function unitIn(unit: string, language: PhraseLanguage): string {
  const chinese = /[\u3400-\u9fff]/.test(unit);
  if (language === 'zh-CN') {
    if (chinese) return unit;
    if (/^sets?$/i.test(unit)) return '套';
    if (/^(?:pcs|pc|pieces?|units?|nos)$/i.test(unit)) return '只';
    return unit;
  }
  if (!chinese) return unit;
  return unit === '套' ? 'sets' : 'pcs';
}

const modelCodesOf = (title: string) =>
  [...title.matchAll(/\b[A-Z]{1,5}-[A-Z0-9]+(?:-[A-Z0-9]+)*\b/g)].map((m) => m[0].toUpperCase());

/** The common trade phrases of a catalogue's English terms, in Chinese, for a Chinese reply. */
export function tradeTermsZh(text: string): string {
  return text
    .replace(/(\d+(?:-\d+)?) days after (?:the )?deposit/gi, '收到定金后$1天')
    .replace(/(\d+)% T\/T deposit/gi, '$1% T/T定金')
    .replace(/(\d+)% before shipment/gi, '$1%发货前付清')
    .replace(/(\d+)% balance before shipment/gi, '余款$1%发货前付清')
    .replace(/FOB Ningbo/g, 'FOB宁波')
    .replace(/FOB Shanghai/g, 'FOB上海')
    .replace(/CIF your port/gi, 'CIF贵司港口')
    .replace(/L\/C at sight for orders over ([A-Z]{3} [\d,]+)/g, '$1以上订单可用即期信用证')
    .replace(/L\/C at sight/g, '即期信用证')
    .replace(/(\d+) Ah battery/g, '$1Ah电池')
    .replace(/(\d+)-year warranty/g, '$1年质保')
    .replace(/\bpcs\b/g, '只')
    .replace(/ or /g, '或')
    .replace(/; /g, '；')
    .replace(/, /g, '，');
}

/** The contact's name as the greeting uses it, by the sender's naming custom (see greeting.ts). */
export function greetingFor(card: Card, language: PhraseLanguage): string {
  const name = greetingName({
    name: card.contact?.name || card.counterpart.name || '',
    signature: ownText(card.inquiry.bodyText),
  });
  return language === 'zh-CN' ? name.zh : name.en;
}

const shortName = (title: string) => title.replace(/\s*\(.*?\)\s*/g, ' ').trim();

/** Fills {{placeholders}}; drops a line whose placeholders all came out empty. Returns the keys it used. */
export function fillTemplate(
  body: string,
  values: Record<string, string>,
): { text: string; used: Set<string> } {
  const used = new Set<string>();
  const lines: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    const names = [...line.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!);
    const filled = line.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => values[name] ?? '');
    if (names.length && names.every((name) => !values[name])) continue;
    for (const name of names) if (values[name]) used.add(name);
    lines.push(filled.replace(/[ \t]+$/, ''));
  }
  const text = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, used };
}

interface RenderInput {
  aim: ReplyAim;
  card: Card;
  items: readonly KnowledgeItem[];
  reading: EmailReading;
  digest: HistoryDigest;
  language: PhraseLanguage;
}

function render({ aim, card, items, reading, digest, language }: RenderInput) {
  const words = PHRASES[language];
  const chosen = chooseKnowledge(items, reading, language);
  const faqs = aim === 'verify' ? chosen.faqs.filter((f) => f.fields.topic === 'samples') : chosen.faqs;
  const products = chosen.products.slice(0, 2);
  const first = products[0];
  const productName = first
    ? language === 'zh-CN'
      ? (modelCodesOf(first.title)[0] ?? shortName(first.title))
      : shortName(first.title)
    : '';
  const intent: TemplateIntent = aim === 'verify' ? 'verification' : reading.intent;
  const template =
    matchTemplate(items, aim, intent, language) ??
    BUILTIN_TEMPLATES.find(
      (t) => t.aim === aim && (t.intent === intent || t.intent === 'any') && t.language === language,
    ) ??
    BUILTIN_TEMPLATES.find((t) => t.aim === aim && t.language === language)!;

  const tone = openingFor(card.value, reading.firstContact);
  const openingKey =
    reading.intent === 'complaint'
      ? 'complaint'
      : reading.intent === 'order'
        ? tone === 'priority'
          ? 'orderPriority'
          : 'order'
        : tone;
  const lastOrder = lastOrderFact(digest);
  // The last order is worth a line for an order, a win-back, or a complaint that names no order of its own.
  const showLastOrder =
    digest.lastOrder &&
    (reading.intent === 'order' ||
      (reading.intent === 'complaint' && !reading.inquiry.told.orderNumber) ||
      openingKey === 'winBack');
  const historyLine = showLastOrder
    ? words.lastOrder(
        isoDate(digest.lastOrder!.at),
        formatMoney(digest.lastOrder!.amount, digest.lastOrder!.currency),
      )
    : openingKey === 'priority' && digest.firstAt
      ? words.since(new Date(digest.firstAt).getUTCFullYear().toString())
      : '';
  // A complaint's draft collects the facts and promises a solution; it quotes no product block.
  const productLines = reading.intent === 'complaint' ? '' : askedLines(products, reading, words, language);
  const productFacts =
    reading.intent === 'complaint'
      ? ''
      : [productLines, answerLines(reading.inquiry.asks, products, productLines, reading, words, language)]
          .filter(Boolean)
          .join('\n\n');
  const questions = questionsFor(aim, reading, card, digest, Boolean(first))
    .map((key, index) => `${index + 1}. ${words.questions[key]}`)
    .join('\n');
  const values: Record<string, string> = {
    greeting: words.greeting(greetingFor(card, language)),
    // Several products: the opening names none rather than one of them.
    opening: words.opening[openingKey](products.length > 1 ? '' : productName),
    historyLine,
    productFacts,
    faqAnswers: faqs.map((f) => f.body.trim()).join('\n\n'),
    questions,
    closing: words.closing,
    contactName: card.contact?.name || card.counterpart.name,
    companyName: card.company?.name ?? '',
    subject: card.inquiry.subject,
    product: productName || words.ourProducts,
    specs: first?.fields.specs ?? '',
    moq: first?.fields.moq ?? '',
    leadTime: first?.fields.leadTime ?? '',
    priceTerms: first?.fields.priceTerms ?? '',
    certifications: first?.fields.certifications ?? '',
  };
  const { text, used } = fillTemplate(template.body, values);

  const facts: ReplyFact[] = [];
  const knowledgeFact = (item: KnowledgeItem): ReplyFact => ({
    source: 'knowledge',
    id: item.id,
    kind: item.kind,
    title: item.title,
  });
  const usedProducts = used.has('productFacts')
    ? products
    : ['product', 'specs', 'moq', 'leadTime', 'priceTerms', 'certifications'].some((k) => used.has(k)) &&
        first
      ? [first]
      : [];
  facts.push(...usedProducts.map(knowledgeFact));
  if (used.has('faqAnswers')) facts.push(...faqs.map(knowledgeFact));
  if (used.has('historyLine')) {
    const fact = showLastOrder ? lastOrder : interactionsFact(digest);
    if (fact) facts.push(fact);
  }
  if (used.has('opening') && card.value) {
    facts.push({
      source: 'card',
      key: 'tone',
      params: { tier: card.value.tier, stage: card.value.stage, task: card.value.task },
    });
  }
  if (aim === 'verify' && card.risk)
    facts.push({ source: 'card', key: 'risk', params: { level: card.risk.level } });
  if ('id' in template && 'kind' in template) facts.push(knowledgeFact(template));
  return { text, facts };
}

export interface TemplateOptions {
  aim?: ReplyAim;
  /** The rep's chosen reply language; the inquiry's language when absent or 'auto'. */
  language?: string;
}

/** Template drafts for one email: one per aim, in the inquiry's language where templates exist. */
export function templateDrafts(
  card: Card,
  items: readonly KnowledgeItem[],
  options: TemplateOptions = {},
): ReplyDraft[] {
  const reading = readEmail(card);
  const digest = digestHistory(card);
  const wanted = replyLanguage(options.language, card.language, reading.text);
  const language = templateLanguage(wanted);
  const languageFallback = language === 'en' && !wanted.toLowerCase().startsWith('en');
  return planAims(reading, options.aim).map((aim) => {
    const input = { aim, card, items, reading, digest };
    const { text, facts } = render({ ...input, language });
    const draft: ReplyDraft = { id: aim, aim, language, languageFallback, text, facts, source: 'template' };
    if (language !== 'zh-CN') draft.templateGloss = render({ ...input, language: 'zh-CN' }).text;
    return draft;
  });
}

/** Template drafts for a card whose email was already read (the LLM path's fallback). */
export function fallbackDrafts(
  card: Card,
  items: readonly KnowledgeItem[],
  aims: readonly ReplyAim[],
  language: string | undefined,
): ReplyDraft[] {
  return aims.flatMap((aim) => templateDrafts(card, items, { aim, language }));
}
