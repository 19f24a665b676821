import type { Intent } from '../db/types';
import { ownText } from '../mail/own-text';
import { readAsks, type Ask } from './asks';
import { classify, decodeModel, type IntentModel, type StoredIntentModel } from './classifier';
import {
  CONDITION,
  COURTESY,
  CUES,
  NEGATION_BEFORE,
  NEGATION_BEFORE_ZH,
  PRICE_ACCEPTED,
  type CueIntent,
} from './cues';
import type { CueSignal } from './features';
import stored from './intent-model.json';

// One reading of the inquiry: what it asks for (every intent with its weight
// and the words that said it), the products, quantities and terms it names,
// the questions it asks and what the sender already told. The drafts, the log
// form and the risk signals all read the email through this, so they never
// disagree about what it says.
//
// The main intent is the trained reader's (lib/reading/classifier.ts: n-grams
// of the words plus what the keyword cues found); the cues, with their
// negation and context rules, still name every intent the email carries and
// the words that said it.

export interface IntentScore {
  intent: CueIntent;
  /** Sum of the cues' weights (each cue counted at most twice). */
  weight: number;
  /** The words that said it, as written. */
  cues: string[];
}

export interface QuantityAsked {
  amount: number;
  /** The unit as written ("pcs", "sets", "套"); '' when none. */
  unit: string;
  /** The model code named on the same line, when exactly one is ("1,200 pcs BW-PL6060-40"). */
  product?: string;
}

export interface InquiryReading {
  /** The main intent; 'other' when nothing in the email says one. */
  primary: Intent;
  /** How sure the trained reader is of the main intent (0 to 1). */
  confidence: number;
  /** Every intent the email carries (cue weight ≥ 2, and the main one), the main one first. */
  intents: IntentScore[];
  /** Model codes named, as written, upper-cased ("BW-HB150"). */
  products: string[];
  quantities: QuantityAsked[];
  /** Trade and payment terms named: FOB, CIF, EXW, DDP, L/C, T/T… with the place when given ("CIF Valencia"). */
  terms: string[];
  /** The price the sender asks us to meet ("If you can do USD 79.00"), as written; '' when none. */
  counterOffer: string;
  /** The sender's own questions (sentences ending in ? or ？), at most five. */
  questions: string[];
  /** Every thing the sender asks to be told (questions and "please confirm …"), one per topic: a draft answers each. */
  asks: Ask[];
  /** What the sender already told, so a draft does not ask it again. */
  told: {
    quantity: boolean;
    destination: boolean;
    businessType: boolean;
    courierAccount: boolean;
    project: boolean;
    /** An order or PO number ("PO OR-2291", "订单HL-031"). */
    orderNumber: boolean;
    /** How many units are affected ("37 of the 260"). */
    affected: boolean;
    /** The same specification or packing as an earlier order ("same spec", "same packing as PO HL-26-031"). */
    sameAsBefore: boolean;
  };
  samples: {
    /** The email asks for samples (negation and "samples arrived" aside). */
    asked: boolean;
    /** "free samples", "muestras gratis", "免费样品". */
    free: boolean;
    /** The sender offers to pay ("we will pay for the samples", "order two samples", "buy a sample"). */
    paid: boolean;
  };
  /** Subject and own text (quoted history cut), for matching products. */
  text: string;
}

/** When two intents weigh the same: an order or a complaint is what the rep must act on first. */
const TIE_ORDER: CueIntent[] = ['order', 'complaint', 'follow-up', 'price-inquiry', 'sample-request'];
const CLAUSE_END = /[.!?;:\n。！？；，,]/u;
const SENTENCE_END = /[.!?](?=\s|$)|[\n。！？]/u;
const CJK = /[\u3400-\u9fff]/u;

const lastPiece = (text: string, separator: RegExp) => {
  const parts = text.split(separator);
  return parts[parts.length - 1] ?? '';
};

interface CueScores {
  scores: IntentScore[];
  conditionalOrder: number;
  /**
   * Intents a cue named only to be undone by the rules that are exact: a negation ("no problem
   * with quality", "flicker-free"), its context ("the samples arrived", "we will refund") or a
   * condition ("if you can do USD 79 we will order"). The trained reader may not pick them.
   */
  vetoed: Set<CueIntent>;
  /** Samples named only as arrived, received, tested or sent ("the samples arrived on Monday"): the words, or ''. */
  samplesDone: string;
}

/**
 * A reply's subject ("Re: Quotation SG-2231", "AW: Angebot", "Ответ: …", "回复：样品已寄出", "رد: …"):
 * the subject of the mail it answers, often our own words ("samples sent", "your quotation"), not
 * what this mail asks. A forward's ("Fwd:") is kept: it names what is forwarded for us to act on.
 */
const REPLY_SUBJECT = /^\s*(?:(?:re|aw|antw|res|rif|sv|odp|ответ|回复|答复|رد)\s*(?:\[\d+\])?\s*[:：]\s*)+/iu;

/** The text (subject on its first line) with a reply's subject left blank; other texts as they are. */
function withoutReplySubject(text: string): string {
  const end = text.indexOf('\n');
  const subject = end < 0 ? text : text.slice(0, end);
  if (!REPLY_SUBJECT.test(subject)) return text;
  return end < 0 ? '' : text.slice(end);
}

/** A price named in a condition ("if you can do USD 79", "si puede dejarlo en 1,95", "如果单价能做到68元"). */
const PRICE_IN_CONDITION =
  /\d|price|precio|preço|prix|preis|цен|سعر|价|usd|eur|\$|€|¥|dollar|dólar|долл|دولار|元/iu;

function scoreIntents(text: string): CueScores {
  const vetoed = new Set<CueIntent>();
  let samplesDone = '';
  const totals = new Map<CueIntent, IntentScore>();
  const add = (intent: CueIntent, weight: number, cue: string) => {
    const entry = totals.get(intent) ?? { intent, weight: 0, cues: [] };
    entry.weight += weight;
    if (!entry.cues.includes(cue)) entry.cues.push(cue);
    totals.set(intent, entry);
  };
  let conditionalOrder = 0;
  for (const [intent, cues] of Object.entries(CUES) as [CueIntent, (typeof CUES)[CueIntent]][]) {
    for (const cue of cues) {
      let counted = 0;
      for (const match of text.matchAll(cue.re)) {
        if (counted >= 2) break;
        const at = match.index;
        const before = text.slice(Math.max(0, at - 60), at);
        const after = text.slice(at + match[0].length, at + match[0].length + 40);
        const clause = lastPiece(before, CLAUSE_END);
        const negated = CJK.test(match[0]) ? NEGATION_BEFORE_ZH.test(clause) : NEGATION_BEFORE.test(clause);
        const undone = !negated && (cue.unless?.test(after) || cue.unlessBefore?.test(before));
        // "ok prices fine", "el precio está bien": the price is accepted, not asked.
        const accepted = intent === 'price-inquiry' && PRICE_ACCEPTED.test(after);
        if (negated || undone || accepted) {
          if (undone && intent === 'sample-request')
            samplesDone ||= `${match[0]}${after.split(/[.!?。！？\n]/u)[0]}`;
          vetoed.add(intent);
          continue;
        }
        counted += 1;
        // "if possible", "لو سمحت" (please) are courtesy, no condition.
        const condition = lastPiece(before, SENTENCE_END).replace(COURTESY, ' ');
        if (cue.conditional && CONDITION.test(condition)) {
          vetoed.add('order');
          // "If you can do USD 79 we will place the order": a counter-offer, which is about price.
          // "If the samples pass we will order", "si tienen coste, pasadme la proforma": a promise
          // or a condition of something else, no order yet and no price asked.
          if (PRICE_IN_CONDITION.test(condition.slice(condition.search(CONDITION)))) {
            conditionalOrder += 1;
            add('price-inquiry', 2, match[0]);
          }
          continue;
        }
        add(intent, cue.weight, match[0]);
      }
    }
  }
  const scores = [...totals.values()]
    .filter((s) => s.weight >= 2)
    .sort((a, b) => b.weight - a.weight || TIE_ORDER.indexOf(a.intent) - TIE_ORDER.indexOf(b.intent));
  for (const s of scores) vetoed.delete(s.intent);
  return { scores, conditionalOrder, vetoed, samplesDone: totals.has('sample-request') ? '' : samplesDone };
}

/**
 * The main intent. A firm order outranks what rides along with it (a defect to replace, a
 * price to confirm): the rep's first job is the order. Otherwise the heaviest intent wins.
 */
function primaryOf(scores: IntentScore[]): Intent {
  const order = scores.find((s) => s.intent === 'order');
  if (order && order.weight >= 3) return 'order';
  return scores[0]?.intent ?? 'other';
}

const MODEL = /\b[A-Z]{1,5}-[A-Z0-9]+(?:-[A-Z0-9]+)*\b/g;
const ORDER_NUMBER = /^(?:PO|HL|OR|SS|Q|PI|OC|INV)-/;
const UNIT =
  /(?<![A-Za-z\p{N}.,x×-])(\d{1,3}(?:[,.\s]\d{3})+|\d+)\s*(pcs|pieces|pc|units?|sets?|nos|pairs|cartons|containers?|(?:LED\s+)?(?:panels?|tubes?|high\s?bays?|flood\s?lights?|street\s?lights?|lights|lamps|bulbs|fixtures|luminaires)|stück|stk|unidades|unidade|piezas|peças|pièces|unités|штук|шт|قطعة|وحدة|套|支|片|台|个|只|盏)(?![\p{L}])/giu;
const TERMS =
  /\b(FOB|CIF|CFR|EXW|DDP|DAP|FCA|L\/C|T\/T|D\/P)\b(?:\s+((?:[A-Z][\p{L}]+)(?:\s+[A-Z][\p{L}]+)?))?/gu;
const DESTINATION =
  /\b(?:CIF|CFR|DDP|DAP)\s+[A-Z]|\bdelivery to\s+[A-Z]|\bto the port of\b|\bentrega en\b|\bentrega em\b|\blivraison à\b|\bLieferung nach\b|到港|目的港|寄到|发到/u;
const BUSINESS_TYPE =
  /\b(?:we are (?:an?|the) [\p{L}\s-]{0,30}?(?:importer|distributor|wholesaler|retailer|contractor|installer|company|supplier|manufacturer)|(?:importer|distributor|wholesaler|contractor|distributes to)\b)|distribuidor|mayorista|atacadista|grossiste|distributeur|Großhändler|Großhandel|дистрибьютор|оптов|موزع|进口商|分销商|经销商|工程公司|贸易公司/iu;
const COURIER =
  /\b(?:DHL|FedEx|UPS|TNT)\b[^.\n]{0,30}\b(?:account|cuenta|conta|compte|Konto)\b|\b(?:courier|freight) account\b|到付/iu;
const PROJECT =
  /\b(?:project|tender|renovation|school|schools|stadium|hospital|warehouse|proyecto|licitación|projeto|projet|Projekt|проект|объект|مشروع)\b|项目|工程/iu;
const PAID_SAMPLES =
  /\b(?:(?:we|i)\s+(?:will|would|can|shall)\s+pay\s+for\s+(?:the\s+)?samples?|(?:order|buy|purchase)\s+(?:\w+\s+){0,2}samples?|samples?\s+(?:cost|charge)s?\s+(?:is|are)\s+(?:ok|fine|no problem))\b|comprar una muestra|comprar uma amostra|acheter un échantillon|Muster kaufen|купить (?:один )?образец|شراء عينة|样品费(?:我们)?(?:承担|支付)|付样品费/iu;

const ORDER_REF =
  /\b(?:PO|P\.O\.|order|pedido|commande|Bestellung|Auftrags?|заказ\p{L}{0,2})\s*(?:no\.?|number|nr\.?|#|№)?\s*[A-Z]{0,4}-?\d[\w-]{1,}|订单号?\s*[A-Z]{0,4}-?\d|采购单号|(?:الطلب|طلب|أمر الشراء)\s*(?:رقم\s*)?\d/iu;
/** The sender's own order or goods named without a number: "our order", "nuestro pedido", "طلبنا". */
const OUR_ORDER =
  /(?<![\p{L}\p{N}])(?:our (?:order|PO|shipment|goods|container|deposit)|(?:nuestro|nosso) (?:pedido|envío|envio|contenedor|contêiner)|notre (?:commande|expédition|conteneur)|unser(?:e|en)? (?:Auftrag|Bestellung|Lieferung|Ware|Container)|наш(?:его|ему|ем|а|у)? (?:заказ|отгрузк|груз|контейнер)\p{L}*)|طلبنا|شحنتنا|بضاعتنا|我们的(?:订单|货)|我司(?:订单|的货)/iu;
/** A question mark in any of the eight languages' scripts. */
const QUESTION = /[?？؟]/u;
const AFFECTED =
  /\b\d+\s+(?:of|out of|de|von|из|من)\s+(?:the\s+|los\s+|las\s+|os\s+|as\s+|des\s+)?\d[\d,.]*|\d+\s*(?:套|个|支|台)?中有\s*\d+|有\s*\d+\s*(?:套|个|支|台)/iu;
const SAME_AS_BEFORE =
  /\bsame (?:spec(?:ification)?s?|packing|packaging|shipping marks|as (?:our |the )?(?:last|previous|before|PO\b))|\bas (?:last|before)\b|mism[ao]s? (?:especificaci[oó]n|embalaje)|mesm[ao]s? (?:especifica[cç][aã]o|embalagem)|même (?:spécification|emballage)|gleiche[n]? (?:Spezifikation|Verpackung)|wie (?:beim )?letzte[snm]? ?Mal|та же (?:спецификация|упаковка)|نفس (?:المواصفات|التعبئة)|同上次|和上次一样|与上次相同|规格不变|包装不变/iu;

/** A price the sender names as the one to meet: "if you can do USD 79.00", "target price 12.5 USD", "如果单价能做到68元". */
const MONEY = String.raw`(?:USD|US\$|\$|EUR|€|RMB|CNY|¥)\s?\d[\d,.]*|\d[\d,.]*\s?(?:USD|EUR|dollars?|euros?|元|美元|dólares|долл\p{L}*|دولار\p{L}*)`;
const COUNTER_OFFER = new RegExp(
  String.raw`(?:if you can (?:do|offer|make|give|match)|target price(?: is)?|our target is|si puede dejarlo en|si puede hacer|se conseguir fazer|si vous pouvez faire|wenn sie|если сможете сделать|إذا استطعتم تقديم|如果单价能做到|目标价)[^\d$€¥]{0,12}(` +
    MONEY +
    ')',
  'iu',
);

/** The numbers of a quantity as written: "1,200", "3.500", "6 000", "10.000". */
function parseAmount(text: string): number {
  return Number(text.replace(/[,.\s]/g, ''));
}

/**
 * Characters of subject and own words the reading reads: a long inquiry runs to two or three
 * thousand. Every cue scans what is read, once per opened email and again for the drafts and
 * the log form, so a 50,000-character body cost tens of milliseconds for nothing.
 */
export const READING_CHARS = 8_000;

/** What the reader reads of an email: the subject and the sender's own words (the quoted thread cut). */
export function readText(subject: string, body: string): string {
  return `${subject}\n${ownText(body)}`.slice(0, READING_CHARS);
}

/** Every intent the keyword cues find, strongest first. */
function cueScores(text: string): CueScores {
  // A reply's subject is the subject of the mail it answers ("Re: samples sent", "Re: Quotation"):
  // it speaks only when the mail's own words say nothing, and never for an intent they undid
  // ("Re: samples sent" above "the samples arrived", "Re: Quotation" above "ok prices fine").
  const own = withoutReplySubject(text);
  const found = scoreIntents(own);
  const { scores } = found;
  if (own !== text && !scores.length && !found.samplesDone) {
    const subject = scoreIntents(text.slice(0, text.length - own.length));
    scores.push(...subject.scores.filter((s) => !found.vetoed.has(s.intent)));
    found.conditionalOrder += subject.conditionalOrder;
  }
  // Nothing asked in so many words, but a question about an order already placed ("has our
  // deposit for order 4502 arrived?", "wie weit ist Auftrag 2207?"): the customer follows it up.
  const orderRef = scores.length ? null : (ORDER_REF.exec(own) ?? OUR_ORDER.exec(own));
  if (orderRef && QUESTION.test(own)) scores.push({ intent: 'follow-up', weight: 2, cues: [orderRef[0]] });
  // Nothing asked, but the samples arrived or are under test ("samples arrived, our engineer is
  // testing them, I'll come back to you"): a step of an open inquiry, reported.
  else if (!scores.length && found.samplesDone)
    scores.push({ intent: 'follow-up', weight: 2, cues: [found.samplesDone.trim()] });
  return found;
}

/** What the keyword cues say of a text, as the trained reader takes it in. */
export function cueSignal(text: string): CueSignal {
  const { scores, conditionalOrder } = cueScores(text);
  return {
    weights: Object.fromEntries(scores.map((s) => [s.intent, s.weight])),
    primary: primaryOf(scores),
    counterOffer: conditionalOrder > 0,
  };
}

/** The intent model shipped with the extension (decoded once, on first use). */
let shipped: IntentModel | undefined;
export function shippedModel(): IntentModel {
  shipped ??= decodeModel(stored as unknown as StoredIntentModel);
  return shipped;
}

/**
 * The last reading with the shipped model, kept: one opened email is read by its risk and its
 * drafts in the background and by the card's summary and log form in the panel, on every
 * render. Readings are never changed by their readers.
 */
let last: { subject: string; body: string; reading: InquiryReading } | null = null;

/** Reads one inquiry: subject plus the sender's own words (the quoted thread below is cut). */
export function readInquiry(
  subject: string,
  body: string,
  model: IntentModel = shippedModel(),
): InquiryReading {
  const shippedOne = model === shippedModel();
  if (shippedOne && last && last.subject === subject && last.body === body) return last.reading;
  const reading = readAnew(subject, body, model);
  if (shippedOne) last = { subject, body, reading };
  return reading;
}

function readAnew(subject: string, body: string, model: IntentModel): InquiryReading {
  const own = ownText(body);
  const text = `${subject}\n${own}`.slice(0, READING_CHARS);
  const { scores: found, conditionalOrder, vetoed } = cueScores(text);
  const ranked = classify(model, text, {
    weights: Object.fromEntries(found.map((s) => [s.intent, s.weight])),
    primary: primaryOf(found),
    counterOffer: conditionalOrder > 0,
  });
  const best = ranked.find((r) => r.intent === 'other' || !vetoed.has(r.intent));
  // No cue at all and the model unsure: nothing in the email says an intent clearly enough.
  const unsure = !found.length && (best?.probability ?? 0) < model.minConfidence;
  const primary = !best || unsure ? 'other' : best.intent;
  // The main intent first; what the cues found rides along in their order.
  const main = found.find((s) => s.intent === primary);
  // A second intent no cue named but the model reads nearly as strongly ("… and 9 diffusers
  // were cracked" beside an order): kept from the calibrated probability up, never one a
  // negation or condition undid.
  const secondary: IntentScore[] = ranked
    .filter(
      (r): r is typeof r & { intent: CueIntent } =>
        r.intent !== 'other' &&
        r.intent !== primary &&
        r.probability >= model.minSecondary &&
        !vetoed.has(r.intent as CueIntent) &&
        !found.some((s) => s.intent === r.intent),
    )
    .map((r) => ({ intent: r.intent, weight: 0, cues: [] }));
  const scores: IntentScore[] =
    primary === 'other'
      ? found
      : [
          main ?? { intent: primary, weight: 0, cues: [] },
          ...found.filter((s) => s.intent !== primary),
          ...secondary,
        ];

  const products = [
    ...new Set([...text.matchAll(MODEL)].map((m) => m[0]).filter((code) => !ORDER_NUMBER.test(code))),
  ];
  const quantities: QuantityAsked[] = [];
  for (const line of text.split('\n')) {
    const codes = [
      ...new Set([...line.matchAll(MODEL)].map((m) => m[0]).filter((c) => !ORDER_NUMBER.test(c))),
    ];
    for (const match of line.matchAll(UNIT)) {
      const amount = parseAmount(match[1]!);
      const unit = match[2]!;
      if (amount <= 0 || quantities.length >= 6) continue;
      // "1,200 pcs BW-PL6060-40 … and 400 pcs BW-HB150": the code right after the quantity, or the line's only one.
      const after = line.slice(match.index + match[0].length).match(MODEL)?.[0];
      const product = after && !ORDER_NUMBER.test(after) ? after : codes.length === 1 ? codes[0] : undefined;
      const known = quantities.find(
        (q) => q.amount === amount && q.unit === unit && (!q.product || !product || q.product === product),
      );
      if (known) known.product ??= product;
      else quantities.push({ amount, unit, ...(product ? { product } : {}) });
    }
  }
  const counterOffer = COUNTER_OFFER.exec(own)?.[1]?.trim() ?? '';
  const terms = [...new Set([...text.matchAll(TERMS)].map((m) => (m[2] ? `${m[1]} ${m[2]}` : m[1]!).trim()))];
  const questions = own
    .split(/(?<=[?？])|\n/u)
    .map((s) => s.trim())
    .filter((s) => /[?？]$/u.test(s))
    .slice(0, 5);
  const sampleScore = scores.find((s) => s.intent === 'sample-request');
  const free = Boolean(
    sampleScore?.cues.some((cue) =>
      /free|foc|gratis|grátis|gratuit|kostenlos|бесплат|مجاني|免费/iu.test(cue),
    ),
  );
  return {
    primary,
    confidence: unsure ? 1 - (best?.probability ?? 0) : (best?.probability ?? 0),
    intents: scores,
    products,
    quantities,
    terms,
    counterOffer,
    questions,
    asks: readAsks(own.slice(0, READING_CHARS)),
    told: {
      quantity: quantities.length > 0,
      destination: DESTINATION.test(text),
      businessType: BUSINESS_TYPE.test(own),
      courierAccount: COURIER.test(own),
      project: PROJECT.test(text),
      orderNumber: ORDER_REF.test(text),
      affected: AFFECTED.test(own),
      sameAsBefore: SAME_AS_BEFORE.test(own),
    },
    samples: { asked: Boolean(sampleScore), free, paid: !free && PAID_SAMPLES.test(text) },
    text,
  };
}

/** True when the email carries this intent at all (not only as its main one). */
export function carries(reading: InquiryReading, intent: CueIntent): boolean {
  return reading.intents.some((s) => s.intent === intent);
}
