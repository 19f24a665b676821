import { describe, expect, it } from 'vitest';
import { walkReceivedChain } from './chain';
import { parseIp } from './ip';
import { providerOfIp } from './providers';
import { recipientDomains } from './recipient';

// The Received chain walk on its own: which hop it takes for the sender, and
// which it passes as a provider's relay.

const ip = (text: string) => {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`unparsed: ${text}`);
  return parsed;
};

/** The last address of a block ("108.177.96.0/19" → 108.177.127.255), IPv4 only. */
const lastOf = (cidr: string) => {
  const [base, bits] = cidr.split('/');
  const start = ip(base ?? '');
  if (start.version !== 4) throw new Error('IPv4 only');
  const end = start.value + 2 ** (32 - Number(bits)) - 1;
  return ip([end >>> 24, (end >>> 16) & 255, (end >>> 8) & 255, end & 255].join('.'));
};

describe("Google's networks", () => {
  // The netblocks behind _spf.google.com (_netblocks, _netblocks2, _netblocks3).
  const PUBLISHED_V4 = [
    '35.190.247.0/24',
    '64.233.160.0/19',
    '66.102.0.0/20',
    '66.249.80.0/20',
    '72.14.192.0/18',
    '74.125.0.0/16',
    '108.177.8.0/21',
    '173.194.0.0/16',
    '209.85.128.0/17',
    '216.58.192.0/19',
    '216.239.32.0/19',
    '172.217.0.0/19',
    '172.217.32.0/20',
    '172.217.128.0/19',
    '172.217.160.0/20',
    '172.217.192.0/19',
    '172.253.56.0/21',
    '172.253.112.0/20',
    '108.177.96.0/19',
    '35.191.0.0/16',
    '130.211.0.0/22',
  ];
  const PUBLISHED_V6 = [
    '2001:4860:4000::1',
    '2404:6800:4000::1',
    '2607:f8b0:4000::1',
    '2800:3f0:4000::1',
    '2a00:1450:4000::1',
    '2c0f:fb50:4000::1',
  ];

  it.each(PUBLISHED_V4)('holds the published block %s, first to last address', (cidr) => {
    expect(providerOfIp(ip(cidr.split('/')[0] ?? ''))?.id).toBe('google');
    expect(providerOfIp(lastOf(cidr))?.id).toBe('google');
  });

  it('holds the published IPv6 blocks', () => {
    for (const address of PUBLISHED_V6) expect(providerOfIp(ip(address))?.id, address).toBe('google');
  });

  it("does not take Google Cloud customers' space for Google's relays", () => {
    expect(providerOfIp(ip('34.120.10.5'))).toBeNull();
    expect(providerOfIp(ip('35.190.246.1'))).toBeNull();
    expect(providerOfIp(ip('130.211.4.1'))).toBeNull();
  });
});

describe('walkReceivedChain', () => {
  const gmailMx = (from: string) => `from ${from} by mx.google.com with ESMTPS id 1; d`;

  it("passes a relay named *.google.com outside Google's listed networks", () => {
    const chain = walkReceivedChain(
      [
        gmailMx('mail-ej1-f66.google.com (mail-ej1-f66.google.com. [64.233.200.66])'),
        'by mail-ej1-f66.google.com with SMTP id 2; d',
      ],
      'buyer@gmail.com',
    );
    expect(chain.client).toBeNull();
    expect(chain.endedInsideProvider).toBe(true);
    expect(chain.lastProvider?.id).toBe('google');
  });

  it('passes a relay named *.googlemail.com, for a company sender too (Google Workspace)', () => {
    const chain = walkReceivedChain(
      [
        'from smtp.googlemail.com (smtp.googlemail.com [64.233.201.10]) by mail.example.de (Postfix) with ESMTPS id 1; d',
        'by smtp.googlemail.com with SMTP id 2; d',
      ],
      'sales@acme-tools.de',
    );
    expect(chain.client).toBeNull();
    expect(chain.lastProvider?.id).toBe('google');
  });

  it("takes a Google Cloud customer's own machine for the sender, not for Google", () => {
    const chain = walkReceivedChain(
      [gmailMx('vm1 (41.190.34.bc.googleusercontent.com. [34.120.10.5])')],
      'buyer@gmail.com',
    );
    expect(chain.client?.ip.text).toBe('34.120.10.5');
  });

  it("does not believe a bare HELO claiming Google from outside Google's networks", () => {
    const chain = walkReceivedChain(
      ['from mail-wr1-f44.google.com (41.190.3.20) by mx.example with ESMTP id 1; d'],
      'someone@gmail.com',
    );
    expect(chain.client?.ip.text).toBe('41.190.3.20');
  });

  it("takes a Gmail user's relay named like Google's in Exchange's format for Google's, when the line below confirms it", () => {
    const chain = walkReceivedChain(
      [
        'from mail-wr1-f44.google.com (64.233.200.44) by DU2PEPF0001.mail.protection.outlook.com (10.167.242.186) with Microsoft SMTP Server id 15.20.8466.11; d',
        'by mail-wr1-f44.google.com with SMTP id 2; d',
      ],
      'someone@gmail.com',
    );
    expect(chain.client).toBeNull();
    expect(chain.endedInsideProvider).toBe(true);
    // The same claim for a company sender is only a HELO: the address is the sender's.
    const company = walkReceivedChain(
      [
        'from mail-wr1-f44.google.com (64.233.200.44) by DU2PEPF0001.mail.protection.outlook.com (10.167.242.186) with Microsoft SMTP Server id 15.20.8466.11; d',
        'by mail-wr1-f44.google.com with SMTP id 2; d',
      ],
      'sales@acme-tools.de',
    );
    expect(company.client?.ip.text).toBe('64.233.200.44');
  });

  it("passes Outlook.com's and iCloud's relays by name outside their listed networks", () => {
    const outlook = walkReceivedChain(
      [
        gmailMx(
          'EUR02-DB5-obe.outbound.protection.outlook.com (mail-db5eur02olkn2081.outbound.protection.outlook.com. [52.232.10.81])',
        ),
        'from DU0P192MB1547.EURP192.PROD.OUTLOOK.COM (2603:10a6:10:3a1::9) by AS8P192MB2045.EURP192.PROD.OUTLOOK.COM with Microsoft SMTP Server id 15.20.8489.28; d',
      ],
      'buyer@hotmail.com',
    );
    expect(outlook.client).toBeNull();
    expect(outlook.lastProvider?.id).toBe('microsoft');
    const icloud = walkReceivedChain(
      [gmailMx('outbound.mr.icloud.com (p-east2-cluster1-host3-snip4-10.eps.apple.com. [57.103.88.23])')],
      'buyer@icloud.com',
    );
    expect(icloud.client).toBeNull();
    expect(icloud.lastProvider?.id).toBe('apple');
  });
});

describe("the rep's own side", () => {
  const inquiry = (from: string, to: string[] = [], account = '') => ({
    from: { name: '', email: from },
    to: to.map((email) => ({ name: '', email })),
    cc: [],
    account,
  });

  it("passes the company's own gateway in front of the rep's mailbox, read from the signed-in account", () => {
    const domains = recipientDomains(null, inquiry('hans@hamburg-import.de', [], 'lily@nblighting.com'));
    expect([...domains]).toEqual(['nblighting.com']);
    const chain = walkReceivedChain(
      [
        'from gw.nblighting.com (gw.nblighting.com. [115.236.118.10]) by mx.google.com with ESMTPS id 1; d',
        'from mail.hamburg-import.de (p5b2c1a07.dip0.t-ipconnect.de [91.44.26.7]) by gw.nblighting.com (Postfix) with ESMTPS id 2; d',
      ],
      'hans@hamburg-import.de',
      domains,
    );
    expect(chain.client?.ip.text).toBe('91.44.26.7');
  });

  it("takes a forwarder sealed with ARC for the rep's side even under a hosting name", () => {
    const headers = [
      { name: 'arc-seal', value: 'i=1; a=rsa-sha256; d=nb-hosting.cn; s=arc; cv=none; b=x' },
      { name: 'arc-authentication-results', value: 'i=1; mx3.nb-hosting.cn; spf=pass' },
    ];
    const domains = recipientDomains(headers, inquiry('hans@hamburg-import.de', ['lily@nblighting.com']));
    expect([...domains].sort()).toEqual(['nb-hosting.cn', 'nblighting.com']);
    const chain = walkReceivedChain(
      [
        'from mx3.nb-hosting.cn (mx3.nb-hosting.cn. [115.236.118.10]) by mx.google.com with ESMTPS id 1; d',
        'from mail.hamburg-import.de (p5b2c1a07.dip0.t-ipconnect.de [91.44.26.7]) by mx3.nb-hosting.cn (Postfix) with ESMTPS id 2; d',
      ],
      'hans@hamburg-import.de',
      domains,
    );
    expect(chain.client?.ip.text).toBe('91.44.26.7');
  });

  it("needs the relay's own line below: a lone host named like the rep's domain is the sender", () => {
    const chain = walkReceivedChain(
      ['from mx.nblighting.com (mx.nblighting.com. [115.236.118.10]) by mx.google.com with ESMTPS id 1; d'],
      'hans@hamburg-import.de',
      new Set(['nblighting.com']),
    );
    expect(chain.client?.ip.text).toBe('115.236.118.10');
  });

  it("never counts the sender's own domain, a provider's or a free-mail one as the rep's side", () => {
    const headers = [
      { name: 'delivered-to', value: 'lily.nb@gmail.com' },
      { name: 'x-forwarded-for', value: 'lily@nblighting.com lily.nb@gmail.com' },
      { name: 'arc-seal', value: 'i=2; a=rsa-sha256; d=google.com; s=arc-20240605; cv=pass; b=x' },
    ];
    const domains = recipientDomains(
      headers,
      inquiry('sales@acme-tools.de', ['sales@acme-tools.de', 'x@outlook.com'], 'lily.nb@gmail.com'),
    );
    expect([...domains]).toEqual(['nblighting.com']);
  });
});
