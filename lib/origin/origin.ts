import { registrableDomain } from '../domains';
import type { EmailInquiry } from '../email';
import { headerValues, type MailHeaders, firstHeader } from '../mail/parse';
import { addressInHeader, ORIGINATING_IP_HEADERS, walkReceivedChain } from './chain';
import { ownText } from '../mail/own-text';
import { claimedEvidence, cctldEvidence, phoneEvidence, timezoneEvidence } from './evidence';
import { parseIp } from './ip';
import type { IpDatabase } from './ipdb';
import type { ReceivedHop } from './received';
import { providerOfAddress, providerOfIp } from './providers';
import { recipientDomains } from './recipient';
import type { Confidence, Origin, OriginEvidence } from './schema';

// Where an inquiry really comes from (domain.md, origin lookup): the sender's
// IP from the headers, looked up in the offline database, and the weaker
// evidence beside it. Every piece is kept with its source; the best answer is
// the IP's country when there is one, else the country most evidence agrees on.

export interface OriginInput {
  /** The raw header list, or null when the webmail gave no raw source. */
  headers: MailHeaders | null;
  inquiry: EmailInquiry;
  /** The loaded IP database, or null while it is not loaded (then IPs are shown without a country). */
  ipdb: IpDatabase | null;
}

/** Longest evidence detail shown (the card's schema allows 500): hostile header text is cut, never rejected. */
const EVIDENCE_DETAIL_MAX = 300;

/** How much a piece of evidence counts toward the best answer. */
const WEIGHT: Record<OriginEvidence['source'], number> = {
  'received-ip': 10,
  'originating-ip-header': 8,
  phone: 3,
  claimed: 2,
  cctld: 2,
  timezone: 1,
};

// An evidence's detail is the headers' own words (addresses, host names, protocols), never a
// phrase of ours: the panel shows it as it is in every language, beside its translated label.

/** The connecting host's name for display: reverse DNS, else the HELO name unless it is an address literal. */
function hostLabel(hop: ReceivedHop): string {
  return cut(hop.rdns || (hop.helo && !parseIp(hop.helo) ? hop.helo : '?'), 120);
}

/** How a client handed over its mail, as the header names it: ESMTPSA (authenticated submission), HTTP (webmail)... */
function submissionLabel(hop: ReceivedHop): string {
  return cut(hop.with.split(/\s/)[0] ?? '', 20).toUpperCase() || '?';
}

/** Header text is hostile: names in evidence are cut, so evidence always fits the card (issue 16). */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function computeOrigin({ headers, inquiry, ipdb }: OriginInput): Origin {
  const evidence: OriginEvidence[] = [];
  const sender = inquiry.from.email;
  const senderProvider = providerOfAddress(sender);
  let ip: string | undefined;
  let providerHidesIp = false;
  /** Sender-written evidence that may not raise a mismatch alone. */
  const uncorroborated = new Set<OriginEvidence>();

  if (headers) {
    const chain = walkReceivedChain(
      headerValues(headers, 'received'),
      sender,
      recipientDomains(headers, inquiry),
    );
    const lookup = (addr: Parameters<IpDatabase['lookupParsed']>[0]) => ipdb?.lookupParsed(addr)?.country;
    if (chain.client) {
      ip = chain.client.ip.text;
      const { hop, server } = chain.client;
      evidence.push({
        source: 'received-ip',
        country: lookup(chain.client.ip),
        // The client a sender's host recorded: which host, how it was handed over, and that host's own address.
        detail: server
          ? `${ip} (${submissionLabel(hop)} → ${cut(hop.by, 120)}; ${server.ip.text} → ${cut(server.hop.by || '?', 120)})`
          : `${ip} (${hostLabel(hop)} → ${cut(hop.by || '?', 120)})`,
        confidence: 'high',
      });
    }

    // X-Originating-IP and friends. Who wrote the header decides how far it is
    // believed: the relay the walk ended in, when that provider sets it from the
    // client's connection (NetEase/Coremail; Exchange Online for its business
    // tenants), gives 'high'. Otherwise the sender's side wrote it before the
    // rep's side received the message (the sender's own machine when it reached
    // the rep's servers directly, or the sender company's server): 'medium', and
    // ignored outright for providers that never set it (then the sender's own
    // software wrote it). A header that disagrees with the sender's own
    // connection is shown but never raises a mismatch on its own: it is
    // forgeable, the connection is not.
    const provider = senderProvider ?? chain.lastProvider;
    const last = chain.endedInsideProvider && !chain.client ? chain.lastProvider : null;
    const relaySetsHeader =
      !!last && (!!last.setsOriginatingIp || (!senderProvider && !!last.tenantsSetOriginatingIp));
    const headerTrusted = relaySetsHeader || !(provider?.hidesSenderIp ?? false);
    if (headerTrusted) {
      for (const name of ORIGINATING_IP_HEADERS) {
        const value = firstHeader(headers, name);
        const addr = value ? addressInHeader(value) : null;
        if (!addr || providerOfIp(addr) || addr.text === ip) continue;
        const header: OriginEvidence = {
          source: 'originating-ip-header',
          country: lookup(addr),
          detail: `${name}: ${addr.text}`,
          confidence: relaySetsHeader ? 'high' : 'medium',
        };
        evidence.push(header);
        if (chain.client) uncorroborated.add(header);
        ip ??= addr.text;
        break;
      }
    }

    if (!ip && chain.senderServer) {
      ip = chain.senderServer.ip.text;
      evidence.push({
        source: 'received-ip',
        country: lookup(chain.senderServer.ip),
        detail: `${ip} (${hostLabel(chain.senderServer.hop)})`,
        confidence: 'medium',
      });
    }
    providerHidesIp =
      !ip &&
      ((chain.endedInsideProvider && (chain.lastProvider?.hidesSenderIp ?? false)) ||
        !!senderProvider?.hidesSenderIp);

    const tz = timezoneEvidence(firstHeader(headers, 'date'));
    if (tz) evidence.push(tz);
  } else {
    // No headers to look at, but a Gmail (Outlook.com, Yahoo...) address is known to hide it anyway.
    providerHidesIp = senderProvider?.hidesSenderIp ?? false;
  }

  const domain = registrableDomain(sender);
  const tld = domain ? cctldEvidence(domain) : null;
  if (tld) evidence.push(tld);
  const text = ownText(inquiry.bodyText);
  evidence.push(...phoneEvidence(text));
  const claim = claimedEvidence(text);
  if (claim) evidence.push(claim);

  return decide(evidence, { ip, providerHidesIp, headersAvailable: headers !== null, uncorroborated });
}

function decide(
  evidence: OriginEvidence[],
  facts: {
    ip: string | undefined;
    providerHidesIp: boolean;
    headersAvailable: boolean;
    uncorroborated: ReadonlySet<OriginEvidence>;
  },
): Origin {
  const scores = new Map<string, number>();
  const sourcesFor = new Map<string, Set<string>>();
  for (const e of evidence) {
    const countries = e.country ? [e.country] : (e.countries ?? []);
    for (const c of countries) {
      scores.set(c, (scores.get(c) ?? 0) + WEIGHT[e.source] / countries.length);
      if (e.country) (sourcesFor.get(c) ?? sourcesFor.set(c, new Set()).get(c))?.add(e.source);
    }
  }
  const ipEvidence = evidence.find(
    (e) => (e.source === 'received-ip' || e.source === 'originating-ip-header') && e.country,
  );
  let country: string | undefined;
  let confidence: Confidence = 'none';
  if (ipEvidence?.country) {
    country = ipEvidence.country;
    confidence = ipEvidence.confidence;
  } else {
    // Only single-country evidence can be the answer; time zones only tip the balance.
    let best = 0;
    for (const [c, score] of scores) {
      if (sourcesFor.has(c) && score > best) {
        best = score;
        country = c;
      }
    }
    if (country) confidence = (sourcesFor.get(country)?.size ?? 0) >= 2 ? 'medium' : 'low';
  }

  // Disagreement: two kinds of evidence naming different countries, or a time
  // zone that no country named elsewhere uses.
  const bySource = new Map<string, Set<string>>();
  for (const e of evidence)
    if (e.country && !facts.uncorroborated.has(e))
      (bySource.get(e.country) ?? bySource.set(e.country, new Set()).get(e.country))?.add(e.source);
  let mismatch = bySource.size > 1;
  const tz = evidence.find((e) => e.source === 'timezone');
  if (!mismatch && tz?.countries && bySource.size === 1 && !tz.countries.some((c) => bySource.has(c)))
    mismatch = true;

  return {
    country,
    ip: facts.ip,
    confidence,
    evidence: evidence.slice(0, 50).map((e) => ({ ...e, detail: cut(e.detail, EVIDENCE_DETAIL_MAX) })),
    mismatch,
    providerHidesIp: facts.providerHidesIp,
    headersAvailable: facts.headersAvailable,
  };
}
