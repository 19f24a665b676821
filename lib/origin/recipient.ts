import { isFreeMailDomain, registrableDomain } from '../domains';
import type { EmailInquiry } from '../email';
import { headerValues, type MailHeaders } from '../mail/parse';
import { providerOfHost } from './providers';

// The rep's own side of the chain. A rep's mail can pass the company's own
// public servers before the mailbox (an on-prem gateway in front of Google
// Workspace or Exchange Online, a company domain forwarding to the rep's
// Gmail): those hops say where the rep is, never the sender, so the walk
// passes them. They are told by their names: the registrable domains the
// message was delivered to (the signed-in account, To/Cc, Delivered-To and the
// other delivery headers a forwarder writes) and the domains of forwarders
// that sealed it with ARC. Providers (Google, Microsoft...) are left out: their
// relays are known already, and a free-mail domain is nobody's infrastructure.

/** Headers that carry the address a message was delivered or forwarded to. */
const DELIVERY_HEADERS = [
  'delivered-to',
  'x-original-to',
  'x-forwarded-to',
  'x-forwarded-for',
  'envelope-to',
  'x-envelope-to',
  'x-delivered-to',
  'resent-to',
] as const;

const ADDRESS = /[\w.+=-]{1,64}@([a-z0-9.-]{1,253}\.[a-z]{2,63})/gi;
/** `d=` of an ARC-Seal, and the authserv-id that opens an ARC-Authentication-Results ("i=1; mx.acme.com; ..."). */
const ARC_DOMAIN = /(?:^|;)\s*d=([a-z0-9.-]{1,253})/i;
const ARC_AUTHSERV = /^\s*i=\d+\s*;\s*([a-z0-9.-]{1,253}\.[a-z]{2,63})\b/i;

/** The registrable domains of the rep's side (never the sender's own domain, a provider's or a free-mail one). */
export function recipientDomains(
  headers: MailHeaders | null,
  inquiry: Pick<EmailInquiry, 'account' | 'to' | 'cc' | 'from'>,
): Set<string> {
  const hosts: string[] = [
    inquiry.account,
    ...inquiry.to.map((m) => m.email),
    ...inquiry.cc.map((m) => m.email),
  ];
  if (headers) {
    for (const name of DELIVERY_HEADERS)
      for (const value of headerValues(headers, name).slice(0, 20))
        for (const match of value.slice(0, 2000).matchAll(ADDRESS)) hosts.push(match[1] ?? '');
    for (const value of headerValues(headers, 'arc-seal').slice(0, 20))
      hosts.push(ARC_DOMAIN.exec(value)?.[1] ?? '');
    for (const value of headerValues(headers, 'arc-authentication-results').slice(0, 20))
      hosts.push(ARC_AUTHSERV.exec(value)?.[1] ?? '');
  }
  const sender = registrableDomain(inquiry.from.email);
  const out = new Set<string>();
  for (const host of hosts.slice(0, 1200)) {
    const domain = host ? registrableDomain(host) : '';
    if (!domain || domain === sender || isFreeMailDomain(domain) || providerOfHost(domain)) continue;
    out.add(domain);
  }
  return out;
}
