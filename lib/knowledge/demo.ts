import type { KnowledgeItem } from '../db/types';
import type { FaqTopic } from './fields';
import { BUILTIN_TEMPLATES } from './templates';

// The demo book's knowledge: a plausible LED lighting exporter in Ningbo. Ids are
// stable ('demo-…') so loading the demo twice updates instead of duplicating.

export const DEMO_AUTHOR_REP_ID = 'demo-rep';

interface DemoProduct {
  id: string;
  title: string;
  body: string;
  specs: string;
  moq: string;
  leadTime: string;
  priceTerms: string;
  certifications: string;
  keywords: string;
}

const PRODUCTS: DemoProduct[] = [
  {
    id: 'panel-40w',
    title: 'LED Panel Light 600x600 40W (BW-PL6060-40)',
    body: 'Our best seller for offices and schools; flicker-free driver, 5-year warranty.',
    specs:
      '600x600 mm, 40 W, 4000 lm, 4000K or 6500K, CRI>80, 100-277 V AC, aluminium frame, 5-year warranty',
    moq: '300 pcs',
    leadTime: '20-25 days after deposit',
    priceTerms: 'FOB Ningbo; 30% T/T deposit, 70% before shipment',
    certifications: 'CE, RoHS, UL, DLC',
    keywords: 'panel light, led panel, 600x600, 60x60, troffer, office light, 面板灯, 平板灯',
  },
  {
    id: 'highbay-150w',
    title: 'LED UFO High Bay 150W (BW-HB150)',
    body: 'For warehouses and factories; 1-10 V dimming optional; IP65.',
    specs: '150 W, 22500 lm (150 lm/W), IP65, 5000K, 60/90/120 degree lenses, Meanwell driver option',
    moq: '100 pcs',
    leadTime: '25-30 days after deposit',
    priceTerms: 'FOB Ningbo or CIF your port; 30% T/T deposit, 70% before shipment',
    certifications: 'CE, RoHS, UL, DLC Premium',
    keywords: 'high bay, highbay, ufo, warehouse light, factory light, 工矿灯',
  },
  {
    id: 'flood-100w',
    title: 'LED Flood Light 100W IP66 (BW-FL100)',
    body: 'Die-cast aluminium housing for facades, car parks and sports grounds.',
    specs: '100 W, 13000 lm, IP66, IK08, 3000K/4000K/5700K, 100-240 V AC',
    moq: '200 pcs',
    leadTime: '20 days after deposit',
    priceTerms: 'FOB Ningbo; 30% T/T deposit, 70% before shipment; L/C at sight for orders over USD 30,000',
    certifications: 'CE, RoHS, SAA',
    keywords: 'flood light, floodlight, flood lamp, outdoor light, 投光灯',
  },
  {
    id: 't8-18w',
    title: 'LED Tube T8 1200mm 18W (BW-T8-18)',
    body: 'Ballast-bypass tube replacing 36 W fluorescent tubes.',
    specs: '1200 mm, 18 W, 1800 lm, G13, glass or PC cover, single or double-ended power',
    moq: '1000 pcs',
    leadTime: '15-20 days after deposit',
    priceTerms: 'FOB Ningbo; 30% T/T deposit, 70% before shipment',
    certifications: 'CE, RoHS, TUV',
    keywords: 't8, tube, led tube, fluorescent replacement, 灯管',
  },
  {
    id: 'solar-street-60w',
    title: 'Solar Street Light 60W All-in-One (BW-SSL60)',
    body: 'Integrated panel, LiFePO4 battery and motion sensor; no wiring needed.',
    specs:
      '60 W LED, 8400 lm, 80 W mono panel, LiFePO4 30 Ah battery, 3 rainy days autonomy, IP65, PIR sensor',
    moq: '50 pcs',
    leadTime: '25 days after deposit',
    priceTerms: 'FOB Ningbo or CIF your port; 30% T/T deposit, 70% before shipment',
    certifications: 'CE, RoHS, IEC 62133 (battery)',
    keywords: 'solar street light, street light, solar light, road light, 太阳能路灯, 路灯',
  },
];

interface DemoFaq {
  topic: FaqTopic;
  keywords: string;
  en: [title: string, body: string];
  zh: [title: string, body: string];
}

const FAQS: DemoFaq[] = [
  {
    topic: 'samples',
    keywords: 'sample, samples, free sample, 样品',
    en: [
      'Samples',
      'Samples are available for every model: 1-2 pcs per model at the unit price plus express freight, ready in 3-5 days. The sample charge is refunded against your first order.',
    ],
    zh: ['样品', '所有型号均可提供样品：每款1-2个，按单价收费，运费另计，3-5天可发。样品费可在首单中抵扣。'],
  },
  {
    topic: 'moq',
    keywords: 'moq, minimum order, minimum quantity, small order, 起订量',
    en: [
      'Minimum order quantity',
      'Our MOQ depends on the model (see each product). For a first trial order we can accept a mixed container or a smaller quantity at a slightly higher unit price.',
    ],
    zh: ['起订量', '起订量因型号而异（见各产品）。首次试单可接受混装或较小数量，单价略高。'],
  },
  {
    topic: 'payment',
    keywords: 'payment, t/t, l/c, deposit, paypal, 付款',
    en: [
      'Payment terms',
      'Standard terms are 30% T/T deposit and 70% balance before shipment. L/C at sight is accepted for orders over USD 30,000. Our bank details never change by email; please call us to confirm any change.',
    ],
    zh: [
      '付款方式',
      '标准付款方式为30%电汇定金，70%余款出货前付清。订单金额超过3万美元可接受即期信用证。我司银行账户不会通过邮件变更，如有疑问请电话确认。',
    ],
  },
  {
    topic: 'shipping',
    keywords: 'shipping, shipment, freight, delivery, port, fob, cif, ddp, 运输, 发货',
    en: [
      'Shipping',
      'We ship from Ningbo or Shanghai by sea, air or express. Prices are FOB Ningbo by default; CIF to your port on request. A 20ft container holds about 3,000 panel lights.',
    ],
    zh: [
      '运输',
      '我们从宁波或上海发货，可海运、空运或快递。默认宁波离岸价（FOB），可按要求报到港价（CIF）。',
    ],
  },
  {
    topic: 'certifications',
    keywords: 'certificate, certification, certified, ce, rohs, ul, dlc, 认证, 证书',
    en: [
      'Certifications',
      'Our products carry CE and RoHS; UL, DLC, SAA and TUV are available on the models listed. Copies of the certificates and test reports are available on request.',
    ],
    zh: ['认证', '产品均有CE和RoHS认证；部分型号另有UL、DLC、SAA和TUV认证。证书及检测报告可按需提供。'],
  },
  {
    topic: 'lead-time',
    keywords: 'lead time, delivery time, production time, how long, 交期, 交货期',
    en: [
      'Lead time',
      'Production takes 15-30 days after the deposit depending on the model and quantity; we confirm the exact date with the proforma invoice.',
    ],
    zh: ['交期', '收到定金后15-30天生产完成，具体取决于型号和数量；确切日期会在形式发票中确认。'],
  },
  {
    topic: 'warranty',
    keywords: 'warranty, guarantee, defect, defective, broken, replacement, 质保, 保修',
    en: [
      'Warranty',
      'All fixtures carry a 3-5 year warranty (see each product). Failed units within warranty are replaced free of charge in the next shipment, or credited.',
    ],
    zh: ['质保', '所有灯具质保3-5年（见各产品）。质保期内的故障产品可在下批货中免费补发，或退款。'],
  },
];

/** The demo knowledge base: products, FAQ answers (English and Chinese) and reply templates. */
export function demoKnowledge(
  now: number = Date.now(),
  authorRepId: string = DEMO_AUTHOR_REP_ID,
): KnowledgeItem[] {
  const base = { authorRepId, createdAt: now, updatedAt: now };
  const products: KnowledgeItem[] = PRODUCTS.map((p) => ({
    ...base,
    id: `demo-product-${p.id}`,
    kind: 'product',
    title: p.title,
    body: p.body,
    fields: {
      specs: p.specs,
      moq: p.moq,
      leadTime: p.leadTime,
      priceTerms: p.priceTerms,
      certifications: p.certifications,
      keywords: p.keywords,
    },
    tags: ['led'],
    language: 'en',
  }));
  const faqs: KnowledgeItem[] = FAQS.flatMap((f) =>
    (['en', 'zh'] as const).map((lang) => ({
      ...base,
      id: `demo-faq-${f.topic}-${lang}`,
      kind: 'faq' as const,
      title: f[lang][0],
      body: f[lang][1],
      fields: { topic: f.topic, keywords: f.keywords },
      tags: [f.topic],
      language: lang === 'en' ? 'en' : 'zh-CN',
    })),
  );
  const templates: KnowledgeItem[] = BUILTIN_TEMPLATES.map((t) => ({
    ...base,
    id: `demo-${t.id}`,
    kind: 'template',
    title: t.title,
    body: t.body,
    fields: { intent: t.intent, aim: t.aim },
    tags: [t.intent],
    language: t.language,
  }));
  return [...products, ...faqs, ...templates];
}
