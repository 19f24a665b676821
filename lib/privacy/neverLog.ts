import { z } from 'zod';
import { isFreeMailDomain, normalizeEmail, registrableDomain } from '../domains';
import type { EmailInquiry } from '../email';

// The never-log list: addresses and domains the rep names (private contacts,
// the bank, the family) and the company's own domains. Mail from them gets a
// quiet card: who it is from and why it is quiet, no log action, no reminder,
// and nothing about it is written to the book. Mail between colleagues (the
// other party on one of the company's own domains) is quiet the same way.

/** One entry as the rep typed it, lower case: an address (a@b.com) or a domain (b.com, matching its subdomains). */
export const NeverLogEntrySchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .refine((s) => parseEntry(s) !== null, 'not an address or a domain');

export const PrivacySettingsSchema = z.object({
  neverLog: z.array(z.string().max(320)).max(5000).default([]),
  /** The company's own domains, besides the rep's mailbox domain (always counted). */
  ownDomains: z.array(z.string().max(253)).max(100).default([]),
});
export type PrivacySettings = z.infer<typeof PrivacySettingsSchema>;
export const DEFAULT_PRIVACY: PrivacySettings = PrivacySettingsSchema.parse({});

export const QuietReasonSchema = z.object({
  /** 'never-log': on the rep's list; 'colleague': the other party is on one of the company's own domains. */
  kind: z.enum(['never-log', 'colleague']),
  /** The list entry or own domain that matched. */
  entry: z.string().max(320),
});
export type QuietReason = z.infer<typeof QuietReasonSchema>;

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** An entry's kind and canonical text, or null when it is neither an address nor a domain. */
export function parseEntry(text: string): { kind: 'address' | 'domain'; value: string } | null {
  const value = text.trim().toLowerCase().replace(/^@/, '');
  if (value.includes('@')) return normalizeEmail(value) ? { kind: 'address', value } : null;
  return DOMAIN.test(value) ? { kind: 'domain', value } : null;
}

/** Whether an address is covered by a domain: the domain itself or any of its subdomains. */
function underDomain(address: string, domain: string): boolean {
  const host = address.slice(address.lastIndexOf('@') + 1);
  return host === domain || host.endsWith(`.${domain}`);
}

/** The company's own domains: the listed ones and the rep's mailbox domain (a free-mail domain is nobody's). */
export function ownDomainsOf(settings: PrivacySettings, account: string): string[] {
  const own = new Set(settings.ownDomains.map((d) => d.trim().toLowerCase()).filter(Boolean));
  const mine = registrableDomain(normalizeEmail(account));
  if (mine && !isFreeMailDomain(mine)) own.add(mine);
  return [...own];
}

/** The first never-log entry that covers an address. */
export function neverLogMatch(address: string, settings: PrivacySettings): string | null {
  const email = normalizeEmail(address);
  if (!email) return null;
  for (const raw of settings.neverLog) {
    const entry = parseEntry(raw);
    if (!entry) continue;
    if (entry.kind === 'address' ? entry.value === email : underDomain(email, entry.value))
      return entry.value;
  }
  return null;
}

/**
 * Why a message gets a quiet card, or null for an ordinary one. The parties looked at are the
 * sender and, for the rep's own outgoing mail, every recipient: mail that involves anyone on the
 * never-log list is quiet; mail whose every other party is a colleague is quiet too.
 */
export function quietReason(inquiry: EmailInquiry, settings: PrivacySettings): QuietReason | null {
  const account = normalizeEmail(inquiry.account);
  const from = normalizeEmail(inquiry.from.email);
  const outgoing = Boolean(account) && from === account;
  const others = (outgoing ? [...inquiry.to, ...inquiry.cc].map((m) => m.email) : [from])
    .map(normalizeEmail)
    .filter((a) => a && a !== account);
  for (const address of others) {
    const entry = neverLogMatch(address, settings);
    if (entry) return { kind: 'never-log', entry };
  }
  const own = ownDomainsOf(settings, account);
  if (!others.length || !own.length) return null;
  const colleagueDomain = (a: string) => own.find((d) => underDomain(a, d));
  if (others.every((a) => colleagueDomain(a)))
    return { kind: 'colleague', entry: colleagueDomain(others[0]!)! };
  return null;
}
