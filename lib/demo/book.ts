import type { BookRecords } from '../db/seed';
import type {
  Channel,
  Company,
  Contact,
  Intent,
  Interaction,
  Order,
  Reminder,
  Rep,
  Source,
} from '../db/types';
import { demoKnowledge } from '../knowledge/demo';
import { DEMO_ACCOUNT, DEMO_SENDERS, DEMO_THREADS } from './mailbox';

// The demo book: a year of an LED lighting exporter's customers, for the senders of
// the demo mailbox (lib/demo/mailbox.ts). Deterministic: the same `now` gives the
// same records, and ids never depend on `now` ('demo-…', stable across loads).
// - Hansen Lichttechnik (DE): VIP, stable, an order about every month.
// - Oakridge Electrical (US): Key, declining: orders fell off, a complaint, slower answers.
// - Sol y Luz (ES), Al Noor (AE), Świat Światła (PL): ordinary customers.
// - Minghui (CN): small, writes in Chinese from a QQ address.
// - A dozen small customers so the value pyramid has a base.
// The new senders (Nordlys, Maple Leaf, Casa Forte), the scam and the look-alike
// domain have no record: the panel must show them as new.

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const DEMO_REP_ID = 'demo-rep';

/** Small seeded generator (mulberry32): same seed, same sequence. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface CustomerPlan {
  key: string;
  name: string;
  domains: string[];
  country: string;
  source: Source;
  owner: string;
  tags: string[];
  notes: string;
  acquisitionCost?: number;
  contacts: { key: string; name: string; email: string; title?: string; phone?: string }[];
  /** Order days before now, with amount in USD and margin share. */
  orders: { daysAgo: number; amount: number; margin: number; status?: Order['status']; reference?: string }[];
  /** Extra interactions beyond the ones every order brings. */
  interactions?: {
    daysAgo: number;
    direction: 'in' | 'out';
    channel?: Channel;
    intent: Intent;
    subject: string;
    summary: string;
    outcome?: string;
    contact?: string;
    responseHours?: number;
    lostReason?: Interaction['lostReason'];
    threadId?: string;
    messageId?: string;
  }[];
}

const S = DEMO_SENDERS;

/** Evenly spaced orders with seeded jitter: `count` orders, `every` days apart, starting `from` days ago. */
function cadence(
  random: () => number,
  from: number,
  every: number,
  count: number,
  amount: [number, number],
  margin: number,
  prefix: string,
) {
  return Array.from({ length: count }, (_, i) => ({
    daysAgo: Math.max(3, Math.round(from - i * every + (random() - 0.5) * every * 0.3)),
    amount: Math.round(amount[0] + random() * (amount[1] - amount[0])),
    margin,
    reference: `${prefix}-${String(i + 11).padStart(3, '0')}`,
  }));
}

function plans(random: () => number): CustomerPlan[] {
  const alnoorThread = DEMO_THREADS.find((t) => t.id === '19762e0c41f9b3a6');
  const quote = alnoorThread?.messages[0];
  return [
    {
      key: 'hansen',
      name: 'Hansen Lichttechnik GmbH',
      domains: ['hansen-lichttechnik.de'],
      country: 'DE',
      source: 'trade-show',
      owner: DEMO_REP_ID,
      tags: ['wholesaler', 'panels', 'high bays'],
      notes:
        'Met at Light + Building 2024. Pays the deposit on time; wants the same packing and shipping marks every order.',
      acquisitionCost: 6500,
      contacts: [
        {
          key: 'hansen',
          name: S.hansen.name,
          email: S.hansen.email,
          title: 'Einkaufsleiter',
          phone: '+49 40 8537 2210',
        },
        { key: 'vogel', name: S.vogel.name, email: S.vogel.email, title: 'Logistik' },
      ],
      orders: cadence(random, 350, 30, 12, [28_000, 42_000], 0.22, 'HL-25').map((o, i) =>
        i === 11 ? { ...o, status: 'confirmed' as const, reference: 'HL-26-031' } : o,
      ),
      interactions: [
        {
          daysAgo: 120,
          direction: 'out',
          channel: 'meeting',
          intent: 'follow-up',
          subject: 'Visit in Hamburg',
          summary:
            'Visited Klaus and Petra in Hamburg; showed the new DALI panels. They plan to add solar street lights next year.',
          outcome: 'Samples of BW-SSL60 promised for Q3',
        },
      ],
    },
    {
      key: 'oakridge',
      name: 'Oakridge Electrical Supply Inc.',
      domains: ['oakridge-electrical.com'],
      country: 'US',
      source: 'alibaba',
      owner: DEMO_REP_ID,
      tags: ['distributor', 'high bays', 'UL/DLC'],
      notes: 'High bay program for US contractors. Needs UL and DLC listings on every model.',
      acquisitionCost: 4800,
      contacts: [
        {
          key: 'oakridge',
          name: S.oakridge.name,
          email: S.oakridge.email,
          title: 'Category Manager, Lighting',
          phone: '+1 614 555 0187',
        },
        { key: 'oakridgeQa', name: S.oakridgeQa.name, email: S.oakridgeQa.email, title: 'Quality Assurance' },
      ],
      // Steady every ~50 days until half a year ago, then one small order: the slow kind of decline.
      orders: [
        ...cadence(random, 360, 50, 4, [22_000, 30_000], 0.2, 'OR-22'),
        { daysAgo: 62, amount: 6_200, margin: 0.14, reference: 'OR-2291' },
      ],
      interactions: [
        {
          daysAgo: 128,
          direction: 'in',
          intent: 'complaint',
          subject: 'Flicker on BW-HB150 batch 2410',
          summary: 'Megan reported flicker on 18 high bays from PO OR-2207; asked for replacements.',
          outcome: 'Replacements shipped with the next order, USD 1,150 credited',
          lostReason: 'product',
          contact: 'oakridge',
        },
        {
          daysAgo: 126,
          direction: 'out',
          intent: 'complaint',
          subject: 'Re: Flicker on BW-HB150 batch 2410',
          summary: 'Apologised, sent the 8D report, offered replacements and a credit.',
          responseHours: 46,
          contact: 'oakridge',
        },
        {
          daysAgo: 75,
          direction: 'in',
          intent: 'price-inquiry',
          subject: 'High bay pricing vs. competitors',
          summary: 'Megan says a competitor offers the 150 W high bay 12% cheaper with a 7-year warranty.',
          contact: 'oakridge',
        },
        {
          daysAgo: 71,
          direction: 'out',
          intent: 'price-inquiry',
          subject: 'Re: High bay pricing vs. competitors',
          summary: 'Offered 4% off for orders over 500 pcs; warranty stays 5 years.',
          outcome: 'Small order OR-2291 followed',
          responseHours: 80,
          contact: 'oakridge',
        },
      ],
    },
    {
      key: 'solyluz',
      name: 'Sol y Luz Iluminación S.L.',
      domains: ['solyluz-iluminacion.es'],
      country: 'ES',
      source: 'website',
      owner: DEMO_REP_ID,
      tags: ['projects', 'flood lights'],
      notes: 'Works mostly on public tenders; needs CIF Valencia prices.',
      contacts: [
        {
          key: 'solyluz',
          name: S.solyluz.name,
          email: S.solyluz.email,
          title: 'Director Comercial',
          phone: '+34 961 23 45 67',
        },
      ],
      orders: cadence(random, 330, 95, 4, [7_500, 12_500], 0.24, 'SL-25'),
    },
    {
      key: 'alnoor',
      name: 'Al Noor Electrical Trading LLC',
      domains: ['alnoor-electrical.ae'],
      country: 'AE',
      source: 'made-in-china',
      owner: DEMO_REP_ID,
      tags: ['solar', 'municipal projects'],
      notes: 'Sells to contractors for municipal projects in Dubai and Sharjah; prefers L/C at sight.',
      contacts: [
        {
          key: 'alnoor',
          name: S.alnoor.name,
          email: S.alnoor.email,
          title: 'Purchasing',
          phone: '+971 50 482 1937',
        },
      ],
      orders: cadence(random, 300, 110, 3, [14_000, 21_000], 0.2, 'AN-25'),
      interactions: quote
        ? [
            {
              daysAgo: quote.ageMinutes / 1440,
              direction: 'out',
              intent: 'price-inquiry',
              subject: 'Quotation Q-26-118 solar street lights',
              summary: 'Quoted 500 pcs BW-SSL60 at USD 86.00 CIF Jebel Ali, 30 days after deposit.',
              outcome: 'Waiting for the contractor',
              contact: 'alnoor',
              threadId: alnoorThread?.id,
              messageId: quote.id,
            },
          ]
        : [],
    },
    {
      key: 'swiat',
      name: 'Świat Światła Sp. z o.o.',
      domains: ['swiatswiatla.pl'],
      country: 'PL',
      source: 'global-sources',
      owner: DEMO_REP_ID,
      tags: ['tubes', 'retail'],
      notes: 'Repeat T8 tube orders for DIY retail; delivery to Gdańsk.',
      contacts: [
        {
          key: 'swiat',
          name: S.swiat.name,
          email: S.swiat.email,
          title: 'Zakupy',
          phone: '+48 58 761 40 22',
        },
      ],
      orders: cadence(random, 340, 60, 6, [8_000, 10_500], 0.18, 'SS-03').map((o, i) =>
        i === 5 ? { ...o, reference: 'SS-0311' } : o,
      ),
    },
    {
      key: 'minghui',
      name: '深圳市明辉照明贸易有限公司',
      domains: ['minghui-lighting.cn'],
      country: 'CN',
      source: 'referral',
      owner: 'demo-rep-kevin',
      tags: ['domestic trader', 'solar'],
      notes: '转口贸易商，做东南亚项目；王军习惯用QQ邮箱联系。',
      contacts: [
        {
          key: 'minghui',
          name: S.minghui.name,
          email: S.minghui.email,
          title: '采购经理',
          phone: '0755-2833 6190',
        },
      ],
      orders: [
        { daysAgo: 240, amount: 4_300, margin: 0.12, reference: 'MH-25-002' },
        { daysAgo: 95, amount: 3_100, margin: 0.1, reference: 'MH-26-001' },
      ],
    },
  ];
}

const SMALL_CUSTOMERS: [name: string, domain: string, country: string, source: Source, contact: string][] = [
  ['Lumina Trade Kenya Ltd', 'luminatrade.co.ke', 'KE', 'alibaba', 'Peter Otieno'],
  ['Brillo Soluciones SAC', 'brillosoluciones.pe', 'PE', 'made-in-china', 'Rosa Quispe'],
  ['Northstar Electric Pty Ltd', 'northstar-electric.com.au', 'AU', 'global-sources', 'Liam Walsh'],
  ['Ampere Elektrik A.Ş.', 'ampere-elektrik.com.tr', 'TR', 'trade-show', 'Emre Yıldız'],
  ['Saigon Light JSC', 'saigonlight.vn', 'VN', 'alibaba', 'Nguyen Van An'],
  ['Kapstadt Lighting (Pty) Ltd', 'kapstadtlighting.co.za', 'ZA', 'website', 'Thabo Nkosi'],
  ['Luce Nord S.r.l.', 'lucenord.it', 'IT', 'trade-show', 'Giulia Ferri'],
  ['Baltic Lux UAB', 'balticlux.lt', 'LT', 'global-sources', 'Tomas Kazlauskas'],
  ['Andes Iluminación SpA', 'andesiluminacion.cl', 'CL', 'made-in-china', 'Camila Rojas'],
  ['Delta Power Systems LLC', 'deltapowersys.com', 'US', 'alibaba', 'Ryan Cole'],
  ['Gulf Bright Trading WLL', 'gulfbright.com.qa', 'QA', 'email', 'Omar Haddad'],
  ['Tokai Shoji K.K.', 'tokai-shoji.co.jp', 'JP', 'referral', 'Sato Hiroshi'],
];

function smallPlans(random: () => number): CustomerPlan[] {
  return SMALL_CUSTOMERS.map(([name, domain, country, source, contact], i) => {
    const local = contact.toLowerCase().split(' ')[0] ?? 'info';
    const count = Math.floor(random() * 3);
    return {
      key: `small-${i + 1}`,
      name,
      domains: [domain],
      country,
      source,
      owner: i % 3 === 0 ? 'demo-rep-kevin' : DEMO_REP_ID,
      tags: [],
      notes: '',
      contacts: [{ key: `small-${i + 1}`, name: contact, email: `${local}@${domain}` }],
      orders: Array.from({ length: count }, (_, j) => ({
        daysAgo: Math.round(20 + random() * 330),
        amount: Math.round(1_200 + random() * 5_000),
        margin: 0.12 + random() * 0.1,
        reference: `SM-${i + 1}-${j + 1}`,
      })),
      interactions: [
        {
          daysAgo: Math.round(30 + random() * 300),
          direction: 'in' as const,
          intent: 'price-inquiry' as const,
          subject: 'Price list request',
          summary: `${contact} asked for the current price list.`,
          contact: `small-${i + 1}`,
        },
      ],
    };
  });
}

/** The demo book for the demo mailbox, as records the book's schemas accept. */
export function demoBook(now: number): BookRecords {
  const random = seeded(20_260_615);
  const stamp = { createdAt: now - 365 * DAY, updatedAt: now - 365 * DAY };
  const reps: Rep[] = [
    {
      id: DEMO_REP_ID,
      name: DEMO_ACCOUNT.name,
      email: DEMO_ACCOUNT.email,
      role: 'rep',
      createdAt: stamp.createdAt,
    },
    {
      id: 'demo-rep-kevin',
      name: 'Kevin Wu',
      email: 'kevin.wu@brightway-lighting.com',
      role: 'rep',
      createdAt: stamp.createdAt,
    },
    {
      id: 'demo-rep-zhou',
      name: 'Zhou Min',
      email: 'zhou.min@brightway-lighting.com',
      role: 'manager',
      createdAt: stamp.createdAt,
    },
  ];
  const companies: Company[] = [];
  const contacts: Contact[] = [];
  const interactions: Interaction[] = [];
  const orders: Order[] = [];

  for (const plan of [...plans(random), ...smallPlans(random)]) {
    const companyId = `demo-company-${plan.key}`;
    const first = Math.max(
      ...plan.orders.map((o) => o.daysAgo),
      ...(plan.interactions ?? []).map((x) => x.daysAgo),
      30,
    );
    const created = now - (first + 14) * DAY;
    companies.push({
      id: companyId,
      name: plan.name,
      domains: plan.domains,
      country: plan.country,
      source: plan.source,
      ownerRepId: plan.owner,
      authorRepId: plan.owner,
      tags: plan.tags,
      notes: plan.notes,
      ...(plan.acquisitionCost === undefined ? {} : { acquisitionCost: plan.acquisitionCost }),
      createdAt: created,
      updatedAt: created,
    });
    for (const c of plan.contacts) {
      contacts.push({
        id: `demo-contact-${c.key}`,
        companyId,
        name: c.name,
        emails: [c.email.toLowerCase()],
        phones: c.phone ? [c.phone] : [],
        ...(c.title ? { title: c.title } : {}),
        authorRepId: plan.owner,
        createdAt: created,
        updatedAt: created,
      });
    }
    const mainContact = `demo-contact-${plan.contacts[0]?.key ?? plan.key}`;
    plan.orders.forEach((o, i) => {
      const date = now - o.daysAgo * DAY;
      const id = `demo-order-${plan.key}-${i + 1}`;
      orders.push({
        id,
        companyId,
        date,
        amount: o.amount,
        currency: 'USD',
        cost: Math.round(o.amount * (1 - o.margin)),
        status: o.status ?? (o.daysAgo > 45 ? 'paid' : 'shipped'),
        ...(o.reference ? { reference: o.reference } : {}),
        authorRepId: plan.owner,
        createdAt: date,
        updatedAt: date,
      });
      // Every order came out of an email exchange: the customer's request and the rep's answer.
      const asked = date - (2 + Math.floor(random() * 4)) * DAY;
      const response = Math.round((2 + random() * 20) * HOUR);
      const subject = `PO ${o.reference ?? i + 1}`;
      interactions.push(
        {
          id: `demo-interaction-${plan.key}-order-${i + 1}-in`,
          companyId,
          contactId: mainContact,
          direction: 'in',
          channel: 'email',
          at: asked,
          subject,
          summary: `Order request for ${subject}, about USD ${o.amount.toLocaleString('en-US')}.`,
          intent: 'order',
          outcome: 'Proforma invoice sent',
          repId: plan.owner,
          authorRepId: plan.owner,
          createdAt: asked,
          updatedAt: asked,
        },
        {
          id: `demo-interaction-${plan.key}-order-${i + 1}-out`,
          companyId,
          contactId: mainContact,
          direction: 'out',
          channel: 'email',
          at: asked + response,
          subject: `Re: ${subject}`,
          summary: 'Confirmed prices, lead time and the deposit.',
          intent: 'order',
          outcome: 'Deposit received',
          repId: plan.owner,
          authorRepId: plan.owner,
          responseTimeMs: response,
          createdAt: asked + response,
          updatedAt: asked + response,
        },
      );
    });
    (plan.interactions ?? []).forEach((x, i) => {
      const at = now - Math.round(x.daysAgo * DAY);
      interactions.push({
        id: `demo-interaction-${plan.key}-${i + 1}`,
        companyId,
        contactId: x.contact ? `demo-contact-${x.contact}` : mainContact,
        ...(x.threadId ? { threadId: x.threadId } : {}),
        ...(x.messageId ? { messageId: x.messageId } : {}),
        direction: x.direction,
        channel: x.channel ?? 'email',
        at,
        subject: x.subject,
        summary: x.summary,
        intent: x.intent,
        outcome: x.outcome ?? '',
        repId: plan.owner,
        authorRepId: plan.owner,
        ...(x.responseHours === undefined ? {} : { responseTimeMs: x.responseHours * HOUR }),
        ...(x.lostReason ? { lostReason: x.lostReason } : {}),
        ...(x.threadId ? { url: `https://mail.google.com/mail/u/0/#all/${x.threadId}` } : {}),
        createdAt: at,
        updatedAt: at,
      });
    });
  }

  const reminders: Reminder[] = [
    {
      id: 'demo-reminder-oakridge-call',
      kind: 'follow-up',
      dueAt: now + 20 * HOUR,
      title: 'Call Megan Ross (Oakridge): replacement plan and credit note for PO OR-2291',
      companyId: 'demo-company-oakridge',
      contactId: 'demo-contact-oakridge',
      done: 0,
      ownerRepId: DEMO_REP_ID,
      authorRepId: DEMO_REP_ID,
      createdAt: now - 2 * HOUR,
      updatedAt: now - 2 * HOUR,
    },
    {
      id: 'demo-reminder-alnoor-quote',
      kind: 'follow-up',
      dueAt: now + 3 * HOUR,
      title: 'Al Noor: answer on the Q-26-118 discount request',
      companyId: 'demo-company-alnoor',
      contactId: 'demo-contact-alnoor',
      threadId: '19762e0c41f9b3a6',
      url: 'https://mail.google.com/mail/u/0/#all/19762e0c41f9b3a6',
      done: 0,
      ownerRepId: DEMO_REP_ID,
      authorRepId: DEMO_REP_ID,
      createdAt: now - DAY,
      updatedAt: now - DAY,
    },
  ];

  return {
    reps,
    companies,
    contacts,
    interactions: interactions.sort((a, b) => a.at - b.at),
    orders: orders.sort((a, b) => a.date - b.date),
    reminders,
    knowledge: demoKnowledge(now, DEMO_REP_ID),
  };
}
