import { registrableDomain } from '../domains';
import { ipInBlock, parseCidr, type IpBlock, type ParsedIp } from './ip';

// Mail providers whose relays sit between a sender and the rep's inbox. Their
// servers' addresses say where the provider's data centre is, never where the
// sender is: a hop through them is skipped. `hidesSenderIp`: the provider does
// not record its user's address (Gmail, Outlook.com, Yahoo, iCloud, Alibaba Mail);
// QQ Mail and NetEase/Coremail do record it in the first Received line or in
// X-Originating-IP, so their users can be located.

export interface MailProvider {
  id: string;
  /** Registrable domains of the provider's relay host names and of its users' addresses. */
  domains: readonly string[];
  /**
   * Published outbound/internal networks. A relay outside them counts as the
   * provider's only by the reverse DNS the receiving server looked up (or, for
   * the provider's own users, by a name the next line confirms); a HELO claim
   * alone is not believed.
   */
  networks?: readonly string[];
  /** Domains under which the provider names its customers' machines (cloud VMs): never its relays. */
  customerHostDomains?: readonly string[];
  hidesSenderIp: boolean;
  /** Sets X-Originating-IP from the real client connection (so the header can be believed for its users). */
  setsOriginatingIp?: boolean;
  /** Sets it for its business tenants' users only (Exchange Online), not for its consumer mailboxes. */
  tenantsSetOriginatingIp?: boolean;
}

export const MAIL_PROVIDERS: readonly MailProvider[] = [
  {
    id: 'google',
    domains: ['google.com', 'gmail.com', 'googlemail.com', '1e100.net', 'googleusercontent.com'],
    // Google's published sending ranges: the netblocks behind _spf.google.com
    // (_netblocks, _netblocks2, _netblocks3). 172.217.0.0/16 and 172.253.0.0/16
    // are Google's whole allocations around the published 172.217.0.0/19,
    // .32.0/20, .128.0/19, .160.0/20, .192.0/19, 172.253.56.0/21 and .112.0/20;
    // 142.250.0.0/15 is Google's too and its relays are seen there. IPv6: the /32
    // allocations the published /36 blocks sit in.
    networks: [
      '35.190.247.0/24',
      '35.191.0.0/16',
      '64.233.160.0/19',
      '66.102.0.0/20',
      '66.249.80.0/20',
      '72.14.192.0/18',
      '74.125.0.0/16',
      '108.177.8.0/21',
      '108.177.96.0/19',
      '130.211.0.0/22',
      '142.250.0.0/15',
      '172.217.0.0/16',
      '172.253.0.0/16',
      '173.194.0.0/16',
      '209.85.128.0/17',
      '216.58.192.0/19',
      '216.239.32.0/19',
      '2001:4860::/32',
      '2404:6800::/32',
      '2607:f8b0::/32',
      '2800:3f0::/32',
      '2a00:1450::/32',
      '2c0f:fb50::/32',
    ],
    // Google Cloud customers' machines are named under googleusercontent.com: a
    // sender's own server there, never one of Google's mail relays.
    customerHostDomains: ['googleusercontent.com'],
    hidesSenderIp: true,
  },
  {
    id: 'microsoft',
    domains: [
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
      'office365.com',
      'microsoft.com',
      'hotmail.co.uk',
      'hotmail.fr',
      'hotmail.de',
      'hotmail.it',
      'hotmail.es',
      'live.cn',
      'live.co.uk',
      'live.fr',
      'outlook.cn',
    ],
    networks: [
      '13.107.0.0/16',
      '40.92.0.0/15',
      '40.107.0.0/16',
      '52.96.0.0/12',
      '104.47.0.0/17',
      '2603:1000::/24',
      '2a01:111::/32',
    ],
    // Outlook.com hides its users' address; Exchange Online stamps X-Originating-IP
    // on its business tenants' mail sent from Outlook or the web.
    hidesSenderIp: true,
    tenantsSetOriginatingIp: true,
  },
  {
    id: 'yahoo',
    domains: [
      'yahoo.com',
      'yahoodns.net',
      'yahoo.co.jp',
      'ymail.com',
      'rocketmail.com',
      'aol.com',
      'yahoo.net',
    ],
    networks: [
      '66.163.184.0/21',
      '66.196.64.0/18',
      '67.195.0.0/16',
      '74.6.0.0/16',
      '77.238.176.0/20',
      '87.248.96.0/19',
      '98.136.0.0/14',
      '106.10.128.0/17',
      '124.108.96.0/19',
      '212.82.96.0/19',
    ],
    hidesSenderIp: true,
  },
  {
    id: 'apple',
    domains: ['icloud.com', 'me.com', 'mac.com', 'apple.com'],
    networks: ['17.0.0.0/8'],
    hidesSenderIp: true,
  },
  {
    id: 'tencent',
    domains: ['qq.com', 'foxmail.com', 'tencent.com'],
    hidesSenderIp: false,
  },
  {
    id: 'netease',
    domains: ['163.com', '126.com', 'yeah.net', '188.com', 'netease.com', '126.net', '163yun.com'],
    hidesSenderIp: false,
    setsOriginatingIp: true,
  },
  {
    id: 'alibaba',
    domains: [
      'aliyun.com',
      'alibaba.com',
      'mxhichina.com',
      'alibaba-inc.com',
      'aliyun-inc.com',
      'alimail.com',
    ],
    // Alibaba Mail (and its enterprise mail) writes the client's name, never its address.
    hidesSenderIp: true,
  },
  {
    id: 'sina',
    domains: ['sina.com', 'sina.cn', 'sina.com.cn'],
    hidesSenderIp: false,
  },
  {
    id: 'zoho',
    domains: ['zoho.com', 'zohomail.com', 'zoho.eu', 'zoho.com.cn'],
    hidesSenderIp: true,
  },
  {
    // Bulk senders and inbound filters in front of company mailboxes: relays, never senders.
    id: 'relay-service',
    domains: [
      'amazonses.com',
      'sendgrid.net',
      'mailgun.org',
      'mailgun.net',
      'mcsv.net',
      'mandrillapp.com',
      'sparkpostmail.com',
      'mimecast.com',
      'pphosted.com',
      'messagelabs.com',
      'iphmx.com',
      'barracudanetworks.com',
      'mailcontrol.com',
      'trendmicro.com',
      'sophos.com',
      'hornetsecurity.com',
    ],
    hidesSenderIp: false,
  },
];

const byDomain = new Map<string, MailProvider>();
for (const provider of MAIL_PROVIDERS) for (const d of provider.domains) byDomain.set(d, provider);

/** The provider a host name belongs to ("mail-wr1-f44.google.com" → google), or null. */
export function providerOfHost(host: string): MailProvider | null {
  const domain = registrableDomain(host.replace(/\.$/, ''));
  return (domain && byDomain.get(domain)) || null;
}

/** Whether a host name is one of the provider's customers' machines (a cloud VM), not its relay. */
export function isCustomerHost(host: string, provider: MailProvider): boolean {
  const domain = registrableDomain(host.replace(/\.$/, ''));
  return !!domain && (provider.customerHostDomains?.includes(domain) ?? false);
}

// Every provider network, parsed once (this runs for every hop of every message).
const NETWORKS: ReadonlyArray<{ block: IpBlock; provider: MailProvider }> = MAIL_PROVIDERS.flatMap(
  (provider) =>
    (provider.networks ?? []).flatMap((cidr) => {
      const block = parseCidr(cidr);
      return block ? [{ block, provider }] : [];
    }),
);

/** The provider whose published networks contain the address, or null. */
export function providerOfIp(ip: ParsedIp): MailProvider | null {
  return NETWORKS.find(({ block }) => ipInBlock(ip, block))?.provider ?? null;
}

/** The provider hosting an address's mailbox when it is a consumer one (gmail.com → google). */
export function providerOfAddress(address: string): MailProvider | null {
  const domain = registrableDomain(address);
  const provider = domain ? byDomain.get(domain) : undefined;
  return provider && provider.id !== 'relay-service' ? provider : null;
}
