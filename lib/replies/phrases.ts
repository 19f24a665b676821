import type { AskTopic } from '../reading/asks';
import type { Stage, Task, Tier } from '../value/schema';

// The offline engine's words, English and Simplified Chinese: greetings, openings
// tuned to the customer's tier, stage and task, product fact labels, and the
// questions each kind of draft asks.

export type PhraseLanguage = 'en' | 'zh-CN';

export type QuestionKey =
  | 'whichProduct'
  | 'quantityFirst'
  | 'market'
  | 'businessType'
  | 'quantityRegular'
  | 'targetPrice'
  | 'timing'
  | 'decision'
  | 'sameSpecs'
  | 'quantityDate'
  | 'whatChanged'
  | 'sampleModel'
  | 'sampleUse'
  | 'courierAccount'
  | 'complaintPhotos'
  | 'complaintOrder'
  | 'complaintQty'
  | 'complaintResolution'
  | 'complaintNext'
  | 'verifyCompany'
  | 'verifyRegistration'
  | 'verifyRole'
  | 'verifyProject'
  | 'orderModels'
  | 'orderDelivery'
  | 'orderChanges'
  | 'forecast'
  | 'crossSell';

export type OpeningKey =
  | 'priority'
  | 'retain'
  | 'development'
  | 'acquire'
  | 'winBack'
  | 'order'
  | 'orderPriority'
  | 'neutral'
  | 'complaint';

export interface Phrasebook {
  greeting(name: string): string;
  opening: Record<OpeningKey, (product: string) => string>;
  labels: {
    specs: string;
    moq: string;
    leadTime: string;
    priceTerms: string;
    certifications: string;
    price: string;
    counterOffer: string;
  };
  /** Where the rep writes the unit price before sending. */
  pricePlaceholder: string;
  /** The block answering each thing the email asked: its heading, a label per topic, the placeholders. */
  asks: {
    heading: string;
    labels: Record<AskTopic, string>;
    /** What the rep must confirm before sending, with the words that asked it. */
    toConfirm(asked: string): string;
    /** A question on no known topic: the rep writes the answer. */
    yourAnswer: string;
  };
  lastOrder(date: string, amount: string): string;
  since(year: string): string;
  questions: Record<QuestionKey, string>;
  closing: string;
  ourProducts: string;
}

const EN: Phrasebook = {
  greeting: (name) => (name ? `Dear ${name},` : 'Hello,'),
  opening: {
    priority: (p) =>
      `Thank you for your message${p ? ` about ${p}` : ''}. As always, your request has our priority, and I will make sure you have everything you need quickly.`,
    retain: (p) => `Thank you for your message${p ? ` about ${p}` : ''}; it is always good to hear from you.`,
    development: (p) => `Thank you for your message${p ? ` about ${p}` : ''} and for our cooperation so far.`,
    acquire: (p) => `Thank you for your inquiry${p ? ` about ${p}` : ''}. I am glad to help.`,
    winBack: (p) =>
      `It is good to hear from you again${p ? ` about ${p}` : ''}. We value our cooperation, and I would like to understand how we can serve you better.`,
    order: (p) => `Thank you for your new order${p ? ` for ${p}` : ''} and for your continued trust.`,
    orderPriority: (p) =>
      `Thank you for your new order${p ? ` for ${p}` : ''} and for your continued trust. As always, it has our priority in production.`,
    neutral: (p) => `Thank you for your message${p ? ` about ${p}` : ''}.`,
    complaint: (p) =>
      `Thank you for telling us about the problem${p ? ` with ${p}` : ''}, and I am sorry for the trouble it has caused you.`,
  },
  pricePlaceholder: '[unit price, e.g. USD __ per pc]',
  asks: {
    heading: 'Your questions:',
    labels: {
      price: 'Price',
      'lead-time': 'Lead time',
      moq: 'MOQ',
      payment: 'Payment',
      shipping: 'Shipping',
      certifications: 'Certifications',
      warranty: 'Warranty',
      battery: 'Battery',
      stock: 'Stock',
      packaging: 'Packaging',
      samples: 'Samples',
      // Not "Specifications": that heads a pasted spec sheet, which drafts never quote.
      specs: 'Technical details',
    },
    toConfirm: (asked) => `[to confirm: ${asked}]`,
    yourAnswer: '[your answer]',
  },
  labels: {
    price: 'Price',
    counterOffer: 'Your target price',
    specs: 'Specifications',
    moq: 'MOQ',
    leadTime: 'Lead time',
    priceTerms: 'Price terms',
    certifications: 'Certifications',
  },
  lastOrder: (date, amount) => `For reference, your last order with us was on ${date} (${amount}).`,
  since: (year) => `Thank you for working with us since ${year}.`,
  questions: {
    whichProduct: 'Which product or model are you interested in?',
    quantityFirst: 'What quantity are you planning for the first order?',
    market: 'Which market is it for, and are particular certifications required there?',
    businessType: 'Are you an importer, a distributor, a contractor or an end user?',
    quantityRegular: 'What quantity do you need, and is this a one-off or a regular order?',
    targetPrice: 'Do you have a target price, and which terms suit you best (FOB or CIF)?',
    timing: 'When do you need the goods, and to which port?',
    decision: 'Who else is involved in the decision, and when do you plan to decide?',
    sameSpecs: 'Are the specifications and packaging the same as last time?',
    quantityDate: 'Which models and quantities do you need, and by when?',
    whatChanged:
      'Has anything changed on your side (price, product, service or a new supplier) that we should know about?',
    sampleModel: 'Which model and colour temperature would you like to test?',
    sampleUse: 'What is the project or application, and the expected order quantity after approval?',
    courierAccount: 'Do you have a courier account (DHL, FedEx or UPS) for the freight?',
    complaintPhotos: 'Photos or a short video of the problem',
    complaintOrder: 'Your order or PO number and the batch label on the carton',
    complaintQty: 'How many units are affected, out of how many installed',
    complaintResolution:
      'Which solution would work best for you: replacements in your next shipment, or a credit?',
    complaintNext: 'Do you have an upcoming order we could plan the replacements with?',
    verifyCompany: 'Your full company name and website',
    verifyRegistration: 'Your business registration or VAT number',
    verifyRole: 'Your role and the company’s business address',
    verifyProject: 'The project or application, and the estimated annual quantity',
    orderModels: 'The models and quantities for this order',
    orderDelivery: 'The required delivery date and destination port',
    orderChanges: 'Any changes to labels, packaging or the consignee',
    forecast:
      'Could you share a rough forecast for the coming months, so we can reserve production capacity for you?',
    crossSell:
      'Are there other projects where more of our range could help? I am happy to send our latest catalogue.',
  },
  closing: 'Best regards,',
  ourProducts: 'our products',
};

const ZH: Phrasebook = {
  greeting: (name) => (name ? `${name}，您好！` : '您好！'),
  opening: {
    priority: (p) =>
      `感谢您的来信${p ? `（关于${p}）` : ''}。一如既往，我们会优先处理您的需求，确保尽快为您提供所需的一切。`,
    retain: (p) => `感谢您的来信${p ? `（关于${p}）` : ''}，很高兴再次收到您的消息。`,
    development: (p) => `感谢您的来信${p ? `（关于${p}）` : ''}，也感谢一直以来的合作。`,
    acquire: (p) => `感谢您${p ? `对${p}` : ''}的询盘，很乐意为您服务。`,
    winBack: (p) =>
      `很高兴再次收到您的消息${p ? `（关于${p}）` : ''}。我们非常重视与您的合作，也希望了解如何能更好地为您服务。`,
    order: (p) => `感谢您${p ? `的${p}` : '的'}新订单，也感谢您一直以来的信任。`,
    orderPriority: (p) =>
      `感谢您${p ? `的${p}` : '的'}新订单，也感谢您一直以来的信任。一如既往，我们会优先安排生产。`,
    neutral: (p) => `感谢您的来信${p ? `（关于${p}）` : ''}。`,
    complaint: (p) => `感谢您告知${p ? `${p}的` : ''}问题，给您带来不便，我们深表歉意。`,
  },
  pricePlaceholder: '【单价，如 USD __/只】',
  asks: {
    heading: '您的问题：',
    labels: {
      price: '价格',
      'lead-time': '交期',
      moq: '起订量',
      payment: '付款',
      shipping: '运输',
      certifications: '认证',
      warranty: '质保',
      battery: '电池',
      stock: '库存',
      packaging: '包装',
      samples: '样品',
      specs: '技术参数',
    },
    // The asker's words when they are Chinese; the label already says what to confirm otherwise.
    toConfirm: (asked) => (/[\u3400-\u9fff]/u.test(asked) ? `【待确认：${asked}】` : '【待确认】'),
    yourAnswer: '【请填写答复】',
  },
  labels: {
    price: '价格',
    counterOffer: '您的目标价',
    specs: '规格',
    moq: '起订量',
    leadTime: '交期',
    priceTerms: '价格条款',
    certifications: '认证',
  },
  lastOrder: (date, amount) => `供参考：您上一次下单是在${date}（${amount}）。`,
  since: (year) => `感谢您自${year}年以来的合作。`,
  questions: {
    whichProduct: '您对哪款产品或型号感兴趣？',
    quantityFirst: '首单计划采购多少数量？',
    market: '产品销往哪个市场？当地是否需要特定认证？',
    businessType: '贵司是进口商、分销商、工程商还是终端用户？',
    quantityRegular: '需要多少数量？是一次性采购还是长期订单？',
    targetPrice: '您是否有目标价格？倾向哪种贸易条款（FOB或CIF）？',
    timing: '何时需要到货？目的港是哪里？',
    decision: '还有哪些人参与决策？预计何时确定？',
    sameSpecs: '规格和包装是否与上次相同？',
    quantityDate: '需要哪些型号、多少数量，何时交货？',
    whatChanged: '您那边是否有变化（价格、产品、服务或新的供应商）需要我们了解？',
    sampleModel: '希望测试哪款型号和色温？',
    sampleUse: '样品用于什么项目或用途？确认后的预计订单量是多少？',
    courierAccount: '您是否有快递到付账号（DHL、FedEx或UPS）？',
    complaintPhotos: '问题的照片或短视频',
    complaintOrder: '订单号或采购单号，以及外箱上的批次标签',
    complaintQty: '受影响的数量及安装总数',
    complaintResolution: '您倾向哪种解决方式：下批货补发，还是退款？',
    complaintNext: '近期是否有订单，可以一并安排补发？',
    verifyCompany: '公司全称及网站',
    verifyRegistration: '营业执照号或增值税号',
    verifyRole: '您的职位及公司地址',
    verifyProject: '项目或用途，以及预计年采购量',
    orderModels: '本次订单的型号和数量',
    orderDelivery: '要求的交货日期和目的港',
    orderChanges: '标签、包装或收货人是否有变化',
    forecast: '能否提供未来几个月的大致预测量，以便我们为您预留产能？',
    crossSell: '近期是否有其他项目可能用到我们的其他产品？我可以发送最新产品目录。',
  },
  closing: '祝商祺！',
  ourProducts: '我们的产品',
};

export const PHRASES: Record<PhraseLanguage, Phrasebook> = { en: EN, 'zh-CN': ZH };

/** Which opening fits the customer: VIP and key customers get priority, decline asks what changed. */
export function openingFor(
  value: { tier: Tier; stage: Stage; task: Task } | null,
  firstContact: boolean,
): OpeningKey {
  if (!value) return firstContact ? 'acquire' : 'neutral';
  if (value.task === 'win-back' || value.stage === 'decline') return 'winBack';
  if (value.tier === 'vip' || value.tier === 'key') return 'priority';
  if (value.task === 'retain' || value.stage === 'stable') return 'retain';
  if (value.stage === 'development') return 'development';
  return 'acquire';
}
