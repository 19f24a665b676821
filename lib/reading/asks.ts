// What the sender asks to be told, one item per thing asked: every question
// ("Is the 6500K version in stock?") and every request for information ("please
// confirm the battery is LiFePO4 and the warranty period", "merci de préciser le
// délai"), split where one sentence asks about two topics. A draft answers each,
// or leaves a placeholder the rep cannot miss.

import { WORD_CHAR } from './cues';
export const ASK_TOPICS = [
  'price',
  'lead-time',
  'moq',
  'payment',
  'shipping',
  'certifications',
  'warranty',
  'battery',
  'stock',
  'packaging',
  'samples',
  'specs',
] as const;
export type AskTopic = (typeof ASK_TOPICS)[number];

export interface Ask {
  /** The words that ask, as written (one sentence, or the part of it about one topic). */
  text: string;
  /** What it is about, when a topic word says so; null for anything else. */
  topic: AskTopic | null;
}

const B = `(?<![${WORD_CHAR}])`;
const words = (source: string) => new RegExp(`${B}(?:${source})`, 'iu');

/** The words that name each topic, in the eight languages (word starts, so inflections match). */
export const TOPIC_WORDS: Record<AskTopic, RegExp> = {
  price: new RegExp(
    `${B}(?:price|prices|pricing|quot|cost|preis|prix|tarif|precio|preço|valor|цен|стоим|سعر|أسعار|تكلفة)|价格|报价|单价|多少钱`,
    'iu',
  ),
  'lead-time': new RegExp(
    `${B}(?:lead[- ]?time|delivery time|production time|how long|lieferzeit|produktionszeit|délai|plazo|prazo|срок|مدة)|交期|交货期|生产周期|多久`,
    'iu',
  ),
  moq: new RegExp(
    `${B}(?:moq|minimum order|minimum quantity|mindest|quantité minimale|pedido mínimo|cantidad mínima|quantidade mínima|минимальн|الحد الأدنى)|起订量|最小订单`,
    'iu',
  ),
  payment: new RegExp(
    `${B}(?:payment|pay by|t/t|l/c|letter of credit|deposit|zahlung|paiement|acompte|pago|pagamento|оплат|الدفع|الاعتماد)|付款|定金|信用证`,
    'iu',
  ),
  shipping: new RegExp(
    `${B}(?:shipping|freight|transit time|versand|fracht|transport|envío|flete|frete|доставк|الشحن)|运费|海运|物流`,
    'iu',
  ),
  certifications: new RegExp(
    `${B}(?:certific|certified|ce mark|rohs|ul listed|dlc|saa|tüv|tuv|zertifi|сертифик|شهاد)|认证|证书`,
    'iu',
  ),
  warranty: new RegExp(`${B}(?:warrant|guarantee|garanti|garantí|гаранти|ضمان|الضمان)|质保|保修`, 'iu'),
  battery: new RegExp(
    `${B}(?:batter|lifepo4|lithium|akku|batterie|bater|аккумулятор|батаре|بطارية|البطارية)|电池`,
    'iu',
  ),
  stock: new RegExp(
    `${B}(?:in stock|stock|availab|lager|vorrätig|disponib|наличи|متوفر|المخزون)|现货|库存`,
    'iu',
  ),
  packaging: new RegExp(
    `${B}(?:packing|packaging|carton|verpackung|emballage|embalaje|embalagem|упаковк|التعبئة|التغليف)|包装`,
    'iu',
  ),
  samples: new RegExp(`${B}(?:sample|muestra|amostra|échantillon|muster|образ|عينة|عينات)|样品`, 'iu'),
  specs: new RegExp(
    `${B}(?:colou?r temperature|cct|lumen|lm/w|cri|ip ?6[5-8]|beam angle|wattage|voltage|dimm|driver|dimension|size|weight|material|farbtemperatur|abmessung|température de couleur|temperatura de color|temperatura de cor|цветов|габарит|درجة اللون)|色温|光效|尺寸|功率|驱动|调光`,
    'iu',
  ),
};

/** A request for information rather than for goods ("please confirm", "teilen Sie uns mit", "请确认"). */
const REQUEST = words(
  [
    String.raw`(?:please|pls|kindly|also)\s+(?:also\s+)?(?:confirm|advise|tell|let (?:me|us) know|clarify|specify|indicate|check|inform)`,
    String.raw`(?:could|can|would) you (?:please |also |kindly )?(?:confirm|advise|tell|let (?:me|us) know|clarify|specify|indicate|check)`,
    String.raw`(?:i|we) (?:would )?(?:also )?(?:need|like|want|have) to know`,
    String.raw`let (?:me|us) know`,
    String.raw`bitte (?:auch )?(?:bestätigen|teilen|nennen|angeben|geben sie|informieren)|teilen sie (?:mir|uns)`,
    String.raw`merci de (?:nous |me )?(?:confirmer|indiquer|préciser|dire)|pourriez-vous (?:nous |me )?(?:confirmer|indiquer|préciser|dire)`,
    String.raw`(?:por favor,? )?(?:confirme|confírmenos|indíquenos|infórmenos|díganos|confirmar|informar|indicar)\b`,
    String.raw`(?:прошу |просим )?(?:сообщите|подтвердите|уточните|укажите|сообщить|подтвердить|уточнить|указать)`,
    String.raw`(?:يرجى|نرجو|الرجاء) (?:تأكيد|إفادتنا|توضيح|إعلامنا|تحديد)`,
  ].join('|'),
);
const REQUEST_ZH = /请(?:确认|告知|说明|告诉|提供)|麻烦(?:确认|告知|说明|告诉)/u;
const QUESTION_END = /[?？؟]\s*$/u;
/** Small talk ends in a question mark too; it asks for nothing a draft must answer. */
const SMALL_TALK =
  /(?:how are you|how have you been|hope you are well|wie geht|comment allez|cómo est|como vai|tudo bem|как дела|كيف حالك)|你好吗|最近好吗/iu;
/** Where one sentence asking two things splits: "the battery … and the warranty period". */
const JOINS =
  /\s*(?:[,;、，；]\s*(?:(?:and|y|e|et|und|и)\s)?|\s(?:and|as well as|plus|y|e|et|und|sowie|и|а также)\s|\sو(?=\p{L})|以及|和|及)\s*/u;
/** The more specific topic first: "срок гарантии" is about the warranty, not a lead time. */
const BY_PRECEDENCE: AskTopic[] = [
  'warranty',
  'battery',
  'certifications',
  'moq',
  'samples',
  'lead-time',
  'payment',
  'stock',
  'packaging',
  'specs',
  'shipping',
  'price',
];

function topicOf(text: string): AskTopic | null {
  return BY_PRECEDENCE.find((topic) => TOPIC_WORDS[topic].test(text)) ?? null;
}

/** Every thing the sender's own words ask to be told, at most eight. */
export function readAsks(own: string): Ask[] {
  const sentences = own
    .split(/(?<=[?？؟.!。！])\s+|\n+|(?<=[?？؟。！])/u)
    .map((s) => s.trim())
    .filter(Boolean);
  const asks: Ask[] = [];
  for (const sentence of sentences) {
    if (sentence.length > 400 || SMALL_TALK.test(sentence)) continue;
    const question = QUESTION_END.test(sentence);
    const request = REQUEST.exec(sentence) ?? REQUEST_ZH.exec(sentence);
    if (!question && !request) continue;
    // The part that asks: after "please confirm" or "could you tell me if", else the whole question.
    const asked = (request ? sentence.slice(request.index + request[0].length) : sentence)
      .replace(/^[\s:,，：]+/u, '')
      .replace(/^(?:me|us|mir|uns|nous|nos)\s+/iu, '')
      .replace(/^(?:if|whether|ob|si|se)\s+/iu, '')
      .replace(/[.!。！]+$/u, '')
      .trim();
    const parts = asked.split(JOINS).filter((part) => part.trim().length > 1);
    const topics = parts.map(topicOf);
    const distinct = new Set(topics.filter(Boolean));
    if (distinct.size > 1) {
      // One item per topic: "the battery is LiFePO4" and "the warranty period".
      const seen = new Set<AskTopic>();
      parts.forEach((part, i) => {
        const topic = topics[i];
        if (!topic || seen.has(topic)) return;
        seen.add(topic);
        asks.push({ text: part.trim(), topic });
      });
    } else {
      asks.push({ text: (asked || sentence).trim(), topic: topicOf(asked || sentence) });
    }
    if (asks.length >= 8) break;
  }
  return asks.slice(0, 8);
}
