import { describe, expect, it } from 'vitest';
import { EmailInquirySchema } from '../email';
import type { MailHeaders } from '../mail/parse';
import { encodeIpDatabase, loadIpDatabase } from './ipdb';
import { addressInHeader, ORIGINATING_IP_HEADERS } from './chain';
import { computeOrigin } from './origin';
import { claimedEvidence, cctldEvidence, timezoneEvidence } from './evidence';

const ipdb = loadIpDatabase(
  encodeIpDatabase({
    source: 'test',
    builtAt: 0,
    ipv4: [
      { start: 0, country: '' },
      { start: 0x29000000, country: 'NG' }, // 41/8
      { start: 0x2a000000, country: '' },
      { start: 0x54000000, country: 'DE' }, // 84/8
      { start: 0x55000000, country: '' },
      { start: 0xd1550000, country: 'US' }, // 209.85/16 (Google)
      { start: 0xd1560000, country: '' },
    ],
    ipv6: [],
  }),
);
const inquiry = (email: string, bodyText = '') =>
  EmailInquirySchema.parse({ webmail: 'gmail', from: { name: '', email }, bodyText });
const headers = (...received: string[]): MailHeaders => [
  ...received.map((value) => ({ name: 'received', value })),
  { name: 'date', value: 'Tue, 4 Mar 2025 09:12:01 +0100' },
];

describe('computeOrigin', () => {
  it('looks the sender IP up and says where the answer comes from', () => {
    const origin = computeOrigin({
      headers: headers('from x (host.ng [41.190.3.20]) by mx.google.com with ESMTPS id 1; d'),
      inquiry: inquiry('a@b.com'),
      ipdb,
    });
    expect(origin).toMatchObject({ country: 'NG', ip: '41.190.3.20', confidence: 'high', mismatch: false });
    expect(origin.evidence[0]).toMatchObject({ source: 'received-ip', country: 'NG' });
  });

  it('gives the IP without a country while the database is not loaded', () => {
    const origin = computeOrigin({
      headers: headers('from x (host.ng [41.190.3.20]) by mx.google.com with ESMTPS id 1; d'),
      inquiry: inquiry('a@b.com'),
      ipdb: null,
    });
    expect(origin.ip).toBe('41.190.3.20');
    expect(origin.country).toBeUndefined();
  });

  it('never uses Google relays for a Gmail sender, even when they are the only public address', () => {
    const origin = computeOrigin({
      headers: headers(
        'from mail-wr1-f44.google.com (mail-wr1-f44.google.com. [209.85.221.44]) by mx.google.com with ESMTPS id 1; d',
        'by mail-wr1-f44.google.com with SMTP id 2; d',
      ),
      inquiry: inquiry('someone@gmail.com'),
      ipdb,
    });
    expect(origin).toMatchObject({ providerHidesIp: true, confidence: 'none' });
    expect(origin.country).toBeUndefined();
    expect(origin.ip).toBeUndefined();
  });

  it("does not believe a HELO that claims to be Google from outside Google's networks", () => {
    const origin = computeOrigin({
      headers: headers('from mail-wr1-f44.google.com (41.190.3.20) by mx.example with ESMTP id 1; d'),
      inquiry: inquiry('someone@gmail.com'),
      ipdb,
    });
    expect(origin.ip).toBe('41.190.3.20');
  });

  it('works without raw headers, from the body and the domain alone', () => {
    const origin = computeOrigin({
      headers: null,
      inquiry: inquiry('sales@lagos-agro.com.ng', 'Regards\nTel: +234 803 555 0199'),
      ipdb,
    });
    expect(origin).toMatchObject({
      country: 'NG',
      confidence: 'medium',
      headersAvailable: false,
      mismatch: false,
    });
    expect(origin.evidence.map((e) => e.source).sort()).toEqual(['cctld', 'phone']);
  });

  it('says a Gmail address hides its IP even when no headers were available', () => {
    const origin = computeOrigin({ headers: null, inquiry: inquiry('tom@gmail.com', 'Hi'), ipdb });
    expect(origin).toMatchObject({ providerHidesIp: true, headersAvailable: false, confidence: 'none' });
  });

  it('flags disagreement between the claim and the phone', () => {
    const origin = computeOrigin({
      headers: null,
      inquiry: inquiry('a@gmail.com', 'We are a company in Germany.\n\nTel: +234 803 555 0199'),
      ipdb,
    });
    expect(origin.mismatch).toBe(true);
    expect(origin.country).toBe('NG'); // the phone weighs more than a claim
  });
});

describe('X-Originating-IP and the other client-address headers', () => {
  // A company's own mail server (named in its domain) relayed the message: the
  // header it wrote is the employee's address, as far as that server can be believed.
  const companyServer =
    'from mail.lagos-agro.com.ng (mail.lagos-agro.com.ng. [41.58.0.20]) by mx.google.com with ESMTPS id 1; d';
  const webmailSubmission =
    'from localhost (localhost [127.0.0.1]) by mail.lagos-agro.com.ng with ESMTPA id 2; d';
  const withHeader = (name: string, value: string, ...received: string[]): MailHeaders => [
    ...headers(...received),
    { name, value },
  ];

  it.each(ORIGINATING_IP_HEADERS.map((name) => [name]))(
    "reads %s behind the sender company's server",
    (name) => {
      const origin = computeOrigin({
        headers: withHeader(name, '[84.128.33.2]', companyServer, webmailSubmission),
        inquiry: inquiry('c.eze@lagos-agro.com.ng'),
        ipdb,
      });
      expect(origin).toMatchObject({ ip: '84.128.33.2', country: 'DE', confidence: 'medium' });
      expect(origin.evidence).toContainEqual({
        source: 'originating-ip-header',
        country: 'DE',
        detail: `${name}: 84.128.33.2`,
        confidence: 'medium',
      });
    },
  );

  it('takes the first public address of a list (X-Forwarded-For through proxies) and skips private ones', () => {
    expect(addressInHeader('10.0.0.8, 84.128.33.2, 41.190.3.20')?.text).toBe('84.128.33.2');
    expect(addressInHeader('[192.168.1.5]')).toBeNull();
    expect(addressInHeader('2a02:8108:1c0:5e00::1a')?.text).toBe('2a02:8108:1c0:5e00::1a');
    // Gmail's own X-Forwarded-For names mailboxes, not addresses.
    expect(addressInHeader('lily@nblighting.com lily.nb@gmail.com')).toBeNull();
  });

  it("ignores the header for a provider that never sets it, and a provider's own address in it", () => {
    const gmail = computeOrigin({
      headers: withHeader(
        'x-sender-ip',
        '41.190.3.20',
        'from mail-wr1-f44.google.com (mail-wr1-f44.google.com. [209.85.221.44]) by mx.google.com with ESMTPS id 1; d',
      ),
      inquiry: inquiry('someone@gmail.com'),
      ipdb,
    });
    expect(gmail).toMatchObject({ providerHidesIp: true, confidence: 'none' });
    expect(gmail.ip).toBeUndefined();
    const google = computeOrigin({
      headers: withHeader('x-originating-ip', '[209.85.221.44]', companyServer, webmailSubmission),
      inquiry: inquiry('c.eze@lagos-agro.com.ng'),
      ipdb,
    });
    expect(google.evidence.some((e) => e.source === 'originating-ip-header')).toBe(false);
  });

  it("gives a direct-to-MX sender's own header medium confidence, and no mismatch on its own", async () => {
    const { computeRisk } = await import('../risk/risk');
    const direct = 'from pc (host-41-190-3-20.example.ng [41.190.3.20]) by mx.google.com with ESMTPS id 1; d';
    const origin = computeOrigin({
      headers: withHeader('x-originating-ip', '[84.128.33.2]', direct),
      inquiry: inquiry('sales@lagos-agro.com.ng', 'Tel: +234 803 555 0199'),
      ipdb,
    });
    expect(origin).toMatchObject({ ip: '41.190.3.20', country: 'NG', confidence: 'high', mismatch: false });
    expect(origin.evidence.find((e) => e.source === 'originating-ip-header')).toMatchObject({
      country: 'DE',
      confidence: 'medium',
    });
    const risk = computeRisk({
      inquiry: inquiry('sales@lagos-agro.com.ng'),
      origin,
      firstContact: false,
      knownCompanyDomains: [],
      domainSeenBefore: true,
    });
    expect(risk.signals.map((s) => s.id)).not.toContain('origin-mismatch');
    // Other evidence that disagrees still raises it.
    const phoned = computeOrigin({
      headers: withHeader('x-originating-ip', '[84.128.33.2]', direct),
      inquiry: inquiry('sales@lagos-agro.com.ng', 'Tel: +49 30 12345678'),
      ipdb,
    });
    expect(phoned.mismatch).toBe(true);
  });

  it("believes Exchange Online's header for a business tenant, not for an Outlook.com mailbox", () => {
    const exchangeOnline = [
      'from EUR05-AM6-obe.outbound.protection.outlook.com (mail-am6eur05on2090.outbound.protection.outlook.com. [40.107.22.90]) by mx.google.com with ESMTPS id 1; d',
      'from AM9P195MB1234.EURP195.PROD.OUTLOOK.COM (2603:10a6:20b:4a1::9) by AM9P195MB1234.EURP195.PROD.OUTLOOK.COM with Microsoft SMTP Server id 15.20.8445.17; d',
      'from AM9P195MB1234.EURP195.PROD.OUTLOOK.COM ([fe80::5d2c:1a2b:3c4d:5e6f]) by AM9P195MB1234.EURP195.PROD.OUTLOOK.COM ([fe80::5d2c:1a2b:3c4d:5e6f%5]) with mapi id 15.20.8445.017; d',
    ];
    const tenant = computeOrigin({
      headers: withHeader('x-originating-ip', '[41.190.3.20]', ...exchangeOnline),
      inquiry: inquiry('buyer@lagos-agro.com.ng'),
      ipdb,
    });
    expect(tenant).toMatchObject({
      ip: '41.190.3.20',
      country: 'NG',
      confidence: 'high',
      providerHidesIp: false,
    });
    const consumer = computeOrigin({
      headers: withHeader('x-originating-ip', '[41.190.3.20]', ...exchangeOnline),
      inquiry: inquiry('buyer@hotmail.com'),
      ipdb,
    });
    expect(consumer).toMatchObject({ providerHidesIp: true });
    expect(consumer.ip).toBeUndefined();
  });
});

describe('evidence readers', () => {
  it('reads country-code TLDs, public-suffix aware, and skips generic ones', () => {
    expect(cctldEvidence('acme.co.uk')?.country).toBe('GB');
    expect(cctldEvidence('acme.com.cn')?.country).toBe('CN');
    expect(cctldEvidence('acme.io')).toBeNull();
    expect(cctldEvidence('acme.com')).toBeNull();
  });

  it('turns a Date offset into candidate countries and ignores UTC', () => {
    expect(timezoneEvidence('Tue, 4 Mar 2025 09:12:01 +0800 (CST)')?.countries).toContain('CN');
    expect(timezoneEvidence('Tue, 4 Mar 2025 09:12:01 +0000')).toBeNull();
    expect(timezoneEvidence('garbage')).toBeNull();
  });

  it('reads claims of where the sender is, not where the goods come from', () => {
    expect(claimedEvidence('Greetings from Nigeria. We need lights.')?.country).toBe('NG');
    expect(claimedEvidence('We are a German importer of tools.')?.country).toBe('DE');
    expect(claimedEvidence('我们是来自巴西的进口商')?.country).toBe('BR');
    expect(claimedEvidence('We are interested in lamps made in China.')).toBeNull();
  });
});

describe('hostile input', () => {
  // Shapes that made a backtracking pattern quadratic: each took seconds to minutes, far past this
  // test's timeout; linear code reads them all well inside it even on a loaded machine. No
  // figure is asserted here (`npm run fuzz` prints them).
  it('answers at once on pathological headers and bodies', async () => {
    const { computeRisk } = await import('../risk/risk');
    const body =
      'we are in from based in the '.repeat(1000) + '\n' + '+'.repeat(5000) + '\n' + 'Ltd '.repeat(3000);
    const evil: MailHeaders = [
      ...Array.from({ length: 100 }, () => ({ name: 'received', value: `from ${'('.repeat(4000)} by x; d` })),
      { name: 'x-originating-ip', value: '['.repeat(8000) },
      { name: 'date', value: '+'.repeat(8000) },
    ];
    const origin = computeOrigin({
      headers: evil,
      inquiry: inquiry('a@xn--zzzzzzzzzzzzzzzzzz.com', body),
      ipdb,
    });
    const risk = computeRisk({
      inquiry: inquiry('a@xn--zzzzzzzzzzzzzzzzzz.com', body),
      origin,
      firstContact: true,
      knownCompanyDomains: ['zzzzzz.com'],
      domainSeenBefore: false,
    });
    expect(origin.ip).toBeUndefined();
    expect(['low', 'medium', 'high']).toContain(risk.level);
  }, 10_000);
});
