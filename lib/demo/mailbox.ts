// The demo mailbox: a dozen trade inquiries to an LED lighting exporter in Ningbo,
// as the rep Lily Chen sees them in Gmail. One source for the Gmail fixture page
// (test/fixtures/gmail/demo-mailbox.html), the raw sources behind "Show original"
// (test/fixtures/gmail/raw/<legacy message id>.eml) and the demo book's senders.
// Regenerate the fixture files with `npx tsx test/fixtures/gmail/generate.ts`.

export const DEMO_ACCOUNT = { name: 'Lily Chen', email: 'lily.chen@brightway-lighting.com' };
/** Gmail's per-account key the page carries in GLOBALS[9]; "Show original" URLs need it. */
export const DEMO_IK = '5c1e7a9b3d';
/** Date headers of the raw sources count back from this instant (the page counts back from its load time). */
export const DEMO_RAW_ANCHOR = Date.UTC(2026, 5, 15, 9, 0, 0);

export interface DemoParty {
  name: string;
  email: string;
}

export interface DemoMessage {
  /** Gmail's legacy hex message id (data-legacy-message-id); the raw source's file name. */
  id: string;
  from: DemoParty;
  to: DemoParty[];
  cc?: DemoParty[];
  replyTo?: DemoParty[];
  /** Minutes before the page loads. */
  ageMinutes: number;
  body: string;
  /** Quoted history under the message, as Gmail folds it behind "…". */
  quote?: { attribution: string; text: string };
  /**
   * Where the raw source says the message came from: the sender's machine (name and public IP)
   * and the Date header's zone; `relay` is the sending mail server when there is one in between.
   */
  origin: DemoOrigin;
  messageIdHeader: string;
}

export interface DemoOrigin {
  client: string;
  ip: string;
  tz: string;
  relay?: { host: string; ip: string };
  /** Exchange-style X-Originating-IP header. */
  xOriginatingIp?: boolean;
  /** SPF result at Gmail's border; anything but pass also fails DKIM and DMARC. */
  spf?: 'pass' | 'softfail';
}

export interface DemoThread {
  /** Gmail's legacy hex thread id (data-legacy-thread-id, the #inbox/<id> route). */
  id: string;
  subject: string;
  unread: boolean;
  labels?: string[];
  messages: DemoMessage[];
}

const lily = DEMO_ACCOUNT;
/** Sent from Gmail on the web: Google hides the client, so there is no sender-side hop. */
const LILY_ORIGIN: DemoOrigin = { client: '', ip: '', tz: '+0800' };

export const DEMO_SENDERS = {
  hansen: { name: 'Klaus Hansen', email: 'k.hansen@hansen-lichttechnik.de' },
  vogel: { name: 'Petra Vogel', email: 'p.vogel@hansen-lichttechnik.de' },
  oakridge: { name: 'Megan Ross', email: 'megan.ross@oakridge-electrical.com' },
  oakridgeQa: { name: 'Daniel Ortiz', email: 'd.ortiz@oakridge-electrical.com' },
  solyluz: { name: 'Javier Morales', email: 'javier.morales@solyluz-iluminacion.es' },
  alnoor: { name: 'Faisal Rahman', email: 'faisal@alnoor-electrical.ae' },
  swiat: { name: 'Agnieszka Nowak', email: 'a.nowak@swiatswiatla.pl' },
  minghui: { name: '王军', email: '1853207746@qq.com' },
  nordlys: { name: 'Ingrid Berg', email: 'ingrid.berg@nordlys-belysning.no' },
  mapleleaf: { name: 'Tom Becker', email: 'tom.becker@mapleleaflighting.ca' },
  casaforte: { name: 'Lucas Pereira', email: 'lucas.pereira@casaforte.com.br' },
  scam: { name: 'James Whitaker', email: 'james.whitaker.purchasing@gmail.com' },
  scamReplyTo: { name: 'Walmart Global Sourcing', email: 'walmart.globalsourcing@outlook.com' },
  lookalike: { name: 'Klaus Hansen', email: 'k.hansen@hansen-lichtechnik.de' },
} satisfies Record<string, DemoParty>;

const S = DEMO_SENDERS;

export const DEMO_THREADS: DemoThread[] = [
  {
    id: '1975f1c0a9d3e211',
    subject: 'Repeat order: PO HL-26-044 panels and high bays',
    unread: true,
    labels: ['Customers'],
    messages: [
      {
        id: '1975f1c0a9d3e211',
        from: S.hansen,
        to: [lily],
        ageMinutes: 4 * 24 * 60 + 95,
        body: 'Hello Lily,\n\nour stock of BW-PL6060-40 is running low after the school projects. Can you confirm the price for another 1,200 pcs, same spec (4000K, white frame), and 400 pcs BW-HB150?\n\nBest regards\nKlaus Hansen\nEinkaufsleiter\nHansen Lichttechnik GmbH\nTel. +49 40 8537 2210',
        origin: {
          client: '[192.168.10.23]',
          ip: '93.212.194.161',
          tz: '+0200',
          relay: { host: 'mail.hansen-lichttechnik.de', ip: '85.214.132.117' },
        },
        messageIdHeader: '<8c1f2a0e-5d1b-4c7e-9b1f-2f6d0a9e3c11@hansen-lichttechnik.de>',
      },
      {
        id: '1976118be07f4a92',
        from: lily,
        to: [S.hansen],
        ageMinutes: 3 * 24 * 60 + 410,
        body: 'Dear Klaus,\n\nthank you. Same prices as PO HL-26-031 apply: BW-PL6060-40 at USD 14.20 and BW-HB150 at USD 38.50, FOB Ningbo. Production 20-25 days after the deposit.\n\nBest regards,\nLily Chen\nNingbo Brightway Lighting Co., Ltd.',
        origin: LILY_ORIGIN,
        messageIdHeader: '<CAKx7qP2mJ8vW3nLh0bQ9yT5dE1fR6sU4oI2aZ8cX7vB3nM1kQ@mail.gmail.com>',
      },
      {
        id: '19763a8f2c4e1b07',
        from: S.hansen,
        to: [lily],
        cc: [S.vogel],
        ageMinutes: 52,
        body: 'Hello Lily,\n\nthank you, prices are fine. Please take this mail as our order PO HL-26-044:\n\n- 1,200 pcs BW-PL6060-40, 4000K, white frame, USD 14.20\n- 400 pcs BW-HB150, USD 38.50\n\nSame packing and shipping marks as PO HL-26-031. Please send the proforma invoice; we will pay the 30% deposit this week. Petra will confirm the vessel booking.\n\nBest regards\nKlaus Hansen\nEinkaufsleiter\nHansen Lichttechnik GmbH\nTel. +49 40 8537 2210',
        quote: {
          attribution: 'On Thu, Lily Chen <lily.chen@brightway-lighting.com> wrote:',
          text: 'Dear Klaus,\nthank you. Same prices as PO HL-26-031 apply.',
        },
        origin: {
          client: '[192.168.10.23]',
          ip: '93.212.194.161',
          tz: '+0200',
          relay: { host: 'mail.hansen-lichttechnik.de', ip: '85.214.132.117' },
        },
        messageIdHeader: '<f03b7c2d-91aa-4e38-8d55-6c1e0b7a2f94@hansen-lichttechnik.de>',
      },
    ],
  },
  {
    id: '197639d4b1a06c55',
    subject: 'Complaint: failing drivers on BW-HB150, PO OR-2291',
    unread: true,
    messages: [
      {
        id: '197639d4b1a06c55',
        from: S.oakridge,
        to: [lily],
        cc: [S.oakridgeQa],
        ageMinutes: 3 * 60 + 12,
        body: 'Hi Lily,\n\nwe have a problem with PO OR-2291. Our customers report that 37 of the 260 BW-HB150 high bays from that shipment stopped working within six weeks, all with the same driver fault. Daniel (in copy) has the photos and the batch numbers.\n\nThis is the second quality issue this year and my management is asking whether we should move the high bay program to another supplier. We need a replacement plan and a credit note proposal by Friday.\n\nRegards,\nMegan Ross\nCategory Manager, Lighting\nOakridge Electrical Supply Inc.\nPhone +1 (614) 555-0187',
        origin: {
          client: 'BY5PR12MB4130.namprd12.prod.outlook.com',
          ip: '73.162.88.14',
          tz: '-0400',
          relay: { host: 'mail-mw2nam12on2071.outbound.protection.outlook.com', ip: '40.107.244.71' },
          xOriginatingIp: true,
        },
        messageIdHeader: '<BY5PR12MB4130E0C2A6F1D3B7A9E8C41BA2@BY5PR12MB4130.namprd12.prod.outlook.com>',
      },
    ],
  },
  {
    id: '1976362e90bd7f18',
    subject: 'Price request: BW-FL100 flood lights for a stadium car park',
    unread: true,
    messages: [
      {
        id: '1976362e90bd7f18',
        from: S.solyluz,
        to: [lily],
        ageMinutes: 6 * 60 + 40,
        body: 'Dear Lily,\n\nwe have a tender for a stadium car park in Valencia. Could you quote 180 pcs BW-FL100 (100W, IP66), 5000K, with 60° optics instead of the standard beam?\n\nPlease send the price CIF Valencia and the lead time. The tender closes on the 28th.\n\nThank you and best regards,\nJavier Morales\nSol y Luz Iluminación S.L.\nTel. +34 961 23 45 67',
        origin: { client: 'smtp.solyluz-iluminacion.es', ip: '80.58.61.250', tz: '+0200' },
        messageIdHeader: '<5e2b8f41a7c94d0e@solyluz-iluminacion.es>',
      },
    ],
  },
  {
    id: '19762e0c41f9b3a6',
    subject: 'Re: Quotation Q-26-118 solar street lights',
    unread: false,
    messages: [
      {
        id: '19762e0c41f9b3a6',
        from: lily,
        to: [S.alnoor],
        ageMinutes: 2 * 24 * 60 + 300,
        body: 'Dear Faisal,\n\nplease find our quotation Q-26-118: 500 pcs BW-SSL60 solar street lights at USD 86.00, CIF Jebel Ali, 30 days after deposit.\n\nBest regards,\nLily Chen',
        origin: LILY_ORIGIN,
        messageIdHeader: '<CAKx7qP0nS4bH8eYw2cV6kD9fJ3gT1mR5uA7zL0pQ8xN2wE6hB@mail.gmail.com>',
      },
      {
        id: '197631f7d5e28a40',
        from: S.alnoor,
        to: [lily],
        ageMinutes: 9 * 60 + 5,
        body: 'Dear Lily,\n\nthank you for the quotation. The municipality contractor likes the BW-SSL60 but your price is 9% above another offer we have. If you can do USD 79.00 for 500 pcs we can place the order next week, with L/C at sight.\n\nAlso please confirm the battery is LiFePO4 and the warranty period.\n\nRegards,\nFaisal Rahman\nAl Noor Electrical Trading LLC, Dubai\nMob. +971 50 482 1937',
        quote: {
          attribution: 'On Sat, Lily Chen <lily.chen@brightway-lighting.com> wrote:',
          text: 'Dear Faisal,\nplease find our quotation Q-26-118: 500 pcs BW-SSL60 solar street lights at USD 86.00, CIF Jebel Ali, 30 days after deposit.',
        },
        origin: { client: 'mail.alnoor-electrical.ae', ip: '2.50.47.12', tz: '+0400' },
        messageIdHeader: '<000a01dbd2f4$6c2e1b40$448a51c0$@alnoor-electrical.ae>',
      },
    ],
  },
  {
    id: '1976302ab8c71d93',
    subject: 'Reorder T8 tubes - same as PO SS-0311',
    unread: true,
    messages: [
      {
        id: '1976302ab8c71d93',
        from: S.swiat,
        to: [lily],
        ageMinutes: 11 * 60 + 20,
        body: 'Hi Lily,\n\nplease repeat our order SS-0311: 6,000 pcs BW-T8-18 (1200 mm, 18 W, 4000K), same price and packing. Delivery to Gdańsk as before.\n\nCould you also tell me if the 6500K version is in stock?\n\nKind regards,\nAgnieszka Nowak\nŚwiat Światła Sp. z o.o.\ntel. +48 58 761 40 22',
        origin: { client: 'poczta.swiatswiatla.pl', ip: '83.12.34.56', tz: '+0200' },
        messageIdHeader: '<3f6a1c9e-27b4-4d8a-a0e5-91c2d7b6f380@swiatswiatla.pl>',
      },
    ],
  },
  {
    id: '19762f5e03a9c6b1',
    subject: '询价：太阳能路灯 BW-SSL60 定制logo',
    unread: true,
    messages: [
      {
        id: '19762f5e03a9c6b1',
        from: S.minghui,
        to: [lily],
        ageMinutes: 14 * 60 + 45,
        body: '陈小姐您好，\n\n我们有一个东南亚的路灯项目，需要太阳能路灯 BW-SSL60 共800套，灯杆上要印我们客户的logo。\n\n请报一下含税出厂价和交期，另外样品能不能三天内寄到深圳？\n\n谢谢！\n王军\n深圳市明辉照明贸易有限公司\n电话：0755-2833 6190',
        origin: {
          client: 'WIN-2K8R6H0QPL',
          ip: '113.87.164.23',
          tz: '+0800',
          relay: { host: 'smtpbg151.qq.com', ip: '43.155.67.158' },
        },
        messageIdHeader: '<tencent_4E8B1C3A2F9D6E0B7A5C@qq.com>',
      },
    ],
  },
  {
    id: '19762c81f6d4e3a2',
    subject: 'Inquiry: LED panel lights for 14 schools (Bergen)',
    unread: true,
    messages: [
      {
        id: '19762c81f6d4e3a2',
        from: S.nordlys,
        to: [lily],
        ageMinutes: 18 * 60,
        body: 'Hello,\n\nI found your company on your website. Nordlys Belysning is a lighting wholesaler in Bergen, Norway. We are preparing an offer for the renovation of 14 schools and need about 3,500 LED panels 600x600, UGR<19, flicker-free, with DALI dimming.\n\nPlease send your best price FOB, your MOQ and the certificates (CE, ENEC if available). We would like to order two samples first.\n\nMed vennlig hilsen\nIngrid Berg\nInnkjøper, Nordlys Belysning AS\n+47 55 30 18 42',
        origin: { client: 'mail.nordlys-belysning.no', ip: '84.209.140.22', tz: '+0200' },
        messageIdHeader: '<a7d2e0f4-3b8c-4f61-b2d9-0c5e8a1f7b36@nordlys-belysning.no>',
      },
    ],
  },
  {
    id: '19762a0d7b5c9e84',
    subject: 'Sample request: BW-HB150 and BW-FL100',
    unread: false,
    messages: [
      {
        id: '19762a0d7b5c9e84',
        from: S.mapleleaf,
        to: [lily],
        ageMinutes: 26 * 60 + 30,
        body: 'Hi Lily,\n\nwe met briefly at LightFair. Maple Leaf Lighting Supply distributes to contractors in Ontario. Before we list your high bays we need to test them: could you send 2 pcs BW-HB150 and 2 pcs BW-FL100?\n\nWe will pay for the samples and can give you our FedEx account for the freight. Do the high bays carry cUL or only UL?\n\nThanks,\nTom Becker\nProduct Manager, Maple Leaf Lighting Supply\n(905) 555-0143',
        origin: { client: 'mail.mapleleaflighting.ca', ip: '24.114.51.8', tz: '-0400' },
        messageIdHeader: '<6b0e9d3a12f44c8b9a7e5d21c0f83b66@mapleleaflighting.ca>',
      },
    ],
  },
  {
    id: '197628e4a3f10b5d',
    subject: 'Best price for 10,000 pcs T8 tube 18W',
    unread: false,
    messages: [
      {
        id: '197628e4a3f10b5d',
        from: S.casaforte,
        to: [lily],
        ageMinutes: 31 * 60 + 10,
        body: 'Good day,\n\nI saw your BW-T8-18 on Made-in-China. We are an electrical materials distributor in São Paulo. Please quote 10,000 pcs T8 1200mm 18W 6500K, CIF Santos, with INMETRO certification.\n\nWhat is your payment term and production time?\n\nBest regards,\nLucas Pereira\nCompras - Casa Forte Materiais Elétricos\n+55 11 3061-2288',
        origin: { client: 'mx.casaforte.com.br', ip: '177.139.200.14', tz: '-0300' },
        messageIdHeader: '<20260614031002.7F3A21C0B4@mx.casaforte.com.br>',
      },
    ],
  },
  {
    id: '197625b9c8e2d170',
    subject: 'URGENT: Walmart vendor sample request - all models',
    unread: true,
    messages: [
      {
        id: '197625b9c8e2d170',
        from: S.scam,
        to: [lily],
        replyTo: [S.scamReplyTo],
        ageMinutes: 38 * 60,
        body: 'Dear Sir/Madam,\n\nI am James Whitaker, Senior Purchasing Director of Walmart Global Sourcing. We are selecting new suppliers of LED lighting for our 4,700 stores and your company has been shortlisted.\n\nTo complete the vendor registration you must send FREE SAMPLES of all your models within 48 hours. Our first order will be 50,000 pcs per model. Samples must be sent free of charge to our agent in Lagos for quality inspection, please pay the courier and we will refund with the first order.\n\nThis is very urgent, reply to our procurement office today or your company will be removed from the list.\n\nRegards,\nJames Whitaker\nSenior Purchasing Director\nWalmart Global Sourcing',
        origin: {
          client: 'DESKTOP-7K2M9QF',
          ip: '105.112.37.142',
          tz: '+0100',
          relay: { host: 'mail-sor-f69.google.com', ip: '209.85.220.69' },
        },
        messageIdHeader: '<CAF3w9yN1kQ7eR2vT5bH8mJ0cX4dL6pS3gA9uZ1oW7nE2fK5iY@mail.gmail.com>',
      },
    ],
  },
  {
    id: '197623f1e6a48d2c',
    subject: 'Change of accounts contact - open invoices',
    unread: true,
    messages: [
      {
        id: '197623f1e6a48d2c',
        from: S.lookalike,
        to: [lily],
        ageMinutes: 44 * 60 + 15,
        body: 'Dear Lily,\n\nour accounts department has moved to a new system. Please send copies of all open invoices to me by return, together with your bank details, so we can release the payment for PO HL-26-031 today.\n\nPlease treat this as urgent and confidential, our auditor needs it before the end of the day.\n\nBest regards\nKlaus Hansen',
        origin: { client: 'vps-4471.hostingsvc.net', ip: '197.210.53.98', tz: '+0100', spf: 'softfail' },
        messageIdHeader: '<20260613064812.4412.qmail@vps-4471.hostingsvc.net>',
      },
    ],
  },
  {
    id: '1976219a5d0c3e67',
    subject: 'Vessel booking for PO HL-26-031',
    unread: false,
    labels: ['Customers'],
    messages: [
      {
        id: '1976219a5d0c3e67',
        from: S.vogel,
        to: [lily],
        cc: [S.hansen],
        ageMinutes: 2 * 24 * 60 + 60,
        body: 'Hello Lily,\n\nwhen will PO HL-26-031 be ready for loading? Our forwarder can book the CMA CGM sailing from Ningbo on the 24th if the goods are at the warehouse by the 20th.\n\nPlease also send the packing list.\n\nThank you and kind regards\nPetra Vogel\nLogistik, Hansen Lichttechnik GmbH',
        origin: {
          client: '[192.168.10.23]',
          ip: '93.212.194.161',
          tz: '+0200',
          relay: { host: 'mail.hansen-lichttechnik.de', ip: '85.214.132.117' },
        },
        messageIdHeader: '<b91e4c7a-0f2d-4a63-8e17-d5c3a09b6f22@hansen-lichttechnik.de>',
      },
    ],
  },
];
