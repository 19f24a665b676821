import { isFreeMailDomain, registrableDomain } from '../domains';
import { isPublicIp, parseIp, type ParsedIp } from './ip';
import {
  isCustomerHost,
  providerOfAddress,
  providerOfHost,
  providerOfIp,
  type MailProvider,
} from './providers';
import { isSubmission, parseReceived, type ReceivedHop } from './received';

// Walks the Received chain to the sender. Lines are read top down, the order
// they were added in reverse: the top ones were written by the rep's own mail
// service and can be believed; each line below is only as credible as the
// server that wrote it, i.e. the connecting host of the line above. The walk
// passes private space and known provider relays and stops at
//  - the first connecting host outside them: the sender's own connection;
//  - or the provider's submission point (a line with no connecting address, or
//    an authenticated/webmail hand-over from private space): everything below
//    was written by the sender's software and may be forged.
// Past the first connecting host outside them, one more line is believed: the one
// that same host wrote about the client that handed it the mail (authenticated
// submission, ESMTPSA, or a webmail's HTTP client), or, when that host handed the
// mail to itself over loopback (a webmail posting to its own MTA), the line its
// webmail wrote. That client is the sender's origin: the hijacked account or the
// scammer on rented hosting, not the hosting provider's server. Nothing further
// down is believed (docs/origin.md).

export type HopOwner =
  | { kind: 'private' }
  | { kind: 'provider'; provider: MailProvider }
  | { kind: 'sender-server' }
  /** A relay of the rep's own side (the company's gateway, a forwarder to the rep's mailbox). */
  | { kind: 'recipient' }
  | { kind: 'external' };

export interface ChainResult {
  /**
   * The sender's connection: the first hop outside providers and private space, or the client
   * that host says handed it the mail (then `server` is that host).
   */
  client: { ip: ParsedIp; hop: ReceivedHop; server?: { ip: ParsedIp; hop: ReceivedHop } } | null;
  /** The deepest public server of the sender's own domain (a company mail server), when no client was seen. */
  senderServer: { ip: ParsedIp; hop: ReceivedHop } | null;
  /** The deepest provider the walk passed (the sender's provider when the chain ends inside it). */
  lastProvider: MailProvider | null;
  /** Whether the walk ended inside a provider (or private space) without reaching the sender. */
  endedInsideProvider: boolean;
  receivedCount: number;
  /** Received lines below the point where the walk stopped: written by the sender, not believed. */
  untrustedBelow: number;
}

interface WalkContext {
  senderDomain: string;
  senderProvider: MailProvider | null;
  recipientDomains: ReadonlySet<string>;
}

function ownerOf(hop: ReceivedHop, next: ReceivedHop | undefined, context: WalkContext): HopOwner {
  const { senderDomain, senderProvider, recipientDomains } = context;
  const ip = hop.ip;
  if (!ip) return { kind: 'external' };
  if (!isPublicIp(ip)) return { kind: 'private' };
  const byIp = providerOfIp(ip);
  if (byIp) return { kind: 'provider', provider: byIp };
  // The name of the connecting host: reverse DNS the receiving server looked up;
  // the HELO claim only in Exchange's format (which never writes reverse DNS),
  // and only when the line below was written by a server of the same domain.
  const nextDomain = next ? registrableDomain(next.by) : '';
  const name = hop.rdns || (!hop.rdnsWritten && registrableDomain(hop.helo) === nextDomain ? hop.helo : '');
  if (!name) return { kind: 'external' };
  const byName = providerOfHost(name);
  if (byName && !isCustomerHost(name, byName)) {
    // A provider's relay outside its published networks (the lists lag behind
    // the providers) still counts as the provider's when the receiving server
    // looked its name up (reverse DNS, which Postfix, Exim and Gmail confirm
    // forward). A HELO claim alone is believed only for providers that publish
    // no networks, or when the sender's own address is at that provider and
    // hides its users' addresses: then a relay named like the provider's is the
    // provider's, never the sender (a Gmail user is not placed where Google's
    // servers are).
    if (!byName.networks || hop.rdns || (byName === senderProvider && byName.hidesSenderIp)) {
      return { kind: 'provider', provider: byName };
    }
  }
  // The rep's own side: a host of a domain the message was delivered to, whose
  // own line below confirms it received the message (from and by both the
  // recipient's). The sender's own domain is never in that set.
  const nameDomain = registrableDomain(name);
  if (!byName && recipientDomains.has(nameDomain) && recipientDomains.has(nextDomain)) {
    return { kind: 'recipient' };
  }
  if (!byName && senderDomain && !isFreeMailDomain(senderDomain) && nameDomain === senderDomain) {
    return { kind: 'sender-server' };
  }
  return { kind: 'external' };
}

/**
 * `recipientDomains`: the registrable domains of the rep's own side (see
 * recipient.ts); their relays at the top of the chain are passed.
 */
export function walkReceivedChain(
  receivedValues: readonly string[],
  senderAddress: string,
  recipientDomains: ReadonlySet<string> = new Set(),
): ChainResult {
  const hops = receivedValues.slice(0, 100).map(parseReceived);
  const context: WalkContext = {
    senderDomain: registrableDomain(senderAddress),
    senderProvider: providerOfAddress(senderAddress),
    recipientDomains,
  };
  const result: ChainResult = {
    client: null,
    senderServer: null,
    lastProvider: null,
    endedInsideProvider: false,
    receivedCount: hops.length,
    untrustedBelow: 0,
  };
  let crossed = false; // a hop with a public connecting address has been passed
  let deepest: HopOwner | null = null;
  for (let i = 0; i < hops.length; i++) {
    const hop = hops[i] as ReceivedHop;
    const stopHere = () => {
      result.untrustedBelow = hops.length - i - 1;
    };
    if (!hop.ip) {
      // Past the rep's own service, a line without a connecting address is a
      // pickup or submission point: custody cannot be followed further down.
      if (crossed) {
        stopHere();
        break;
      }
      continue;
    }
    const owner = ownerOf(hop, hops[i + 1], context);
    // The rep's own relay: custody is still on the rep's side, as if it were private.
    if (owner.kind === 'recipient') continue;
    if (owner.kind === 'private') {
      if (crossed && isSubmission(hop)) {
        stopHere();
        break;
      }
      continue;
    }
    crossed = true;
    if (owner.kind === 'external') {
      const behind = submittedBehind(hops, i);
      if (behind) {
        result.client = { ip: behind.ip, hop: behind.hop, server: { ip: hop.ip, hop } };
        result.untrustedBelow = hops.length - behind.index - 1;
        return result;
      }
      result.client = { ip: hop.ip, hop };
      stopHere();
      return result;
    }
    deepest = owner;
    if (owner.kind === 'provider') result.lastProvider = owner.provider;
    else {
      result.senderServer = { ip: hop.ip, hop };
      // The sender's own server may have recorded its client the same way (its webmail over loopback).
      const behind = submittedBehind(hops, i);
      if (behind) {
        result.client = { ip: behind.ip, hop: behind.hop, server: { ip: hop.ip, hop } };
        result.untrustedBelow = hops.length - behind.index - 1;
        return result;
      }
    }
  }
  result.endedInsideProvider = deepest?.kind === 'provider';
  return result;
}

const isLoopback = (ip: ParsedIp) =>
  ip.version === 4 ? ip.value >>> 24 === 127 : ip.groups.every((g, k) => g === (k === 7 ? 1 : 0));

const hostName = (name: string) => name.toLowerCase().replace(/\.$/, '');

/**
 * The client the host of hop `i` (the first one outside the walk) says handed it the message: the
 * next line must be written by that host (its "by" is the name our side looked up or was told, or
 * its address), must be an authenticated submission or a webmail's HTTP hand-over, and must name
 * a public client outside every provider. A hand-over over loopback stays on that machine, so the
 * line below it (its webmail's) is believed under the same conditions.
 */
function submittedBehind(
  hops: readonly ReceivedHop[],
  i: number,
): { ip: ParsedIp; hop: ReceivedHop; index: number } | null {
  const server = hops[i]!;
  const names = new Set([server.rdns, server.helo, server.ip?.text ?? ''].filter(Boolean).map(hostName));
  let j = i + 1;
  let hop = hops[j];
  if (!hop || !hop.by || !names.has(hostName(hop.by))) return null;
  if (hop.ip && isLoopback(hop.ip)) {
    j += 1;
    hop = hops[j];
    if (!hop?.by) return null;
  }
  if (!hop.ip || !isPublicIp(hop.ip) || providerOfIp(hop.ip) || !isSubmission(hop)) return null;
  return { ip: hop.ip, hop, index: j };
}

/** Headers some services set to the client's address (webmail front ends, Exchange, Coremail...). */
export const ORIGINATING_IP_HEADERS = [
  'x-originating-ip',
  'x-sender-ip',
  'x-client-ip',
  'x-source-ip',
  'x-remote-ip',
  'x-forwarded-for',
] as const;

/** The first public address in an X-Originating-IP-like header value ("[1.2.3.4]", "1.2.3.4, 10.0.0.1"). */
export function addressInHeader(value: string): ParsedIp | null {
  for (const part of value.slice(0, 500).split(/[\s,;]+/)) {
    const ip = parseIp(part.replace(/^\[|\]$/g, ''));
    if (ip && isPublicIp(ip)) return ip;
  }
  return null;
}
