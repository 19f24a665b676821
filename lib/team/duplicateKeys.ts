import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { isFreeMailDomain, normalizeEmail, registrableDomain } from '../domains';

// What makes two customers the same (issue 13, 查重): the same address, the same
// registrable domain (never a free-mail one), the same phone number once
// normalised, or a similar company name. The team server indexes these keys for
// every company and contact and asks PostgreSQL's trigram similarity about names;
// the functions here say what the keys are, on both sides.

export const DUPLICATE_KEY_KINDS = ['email', 'domain', 'phone', 'name'] as const;
export type DuplicateKeyKind = (typeof DUPLICATE_KEY_KINDS)[number];

export interface DuplicateKey {
  kind: DuplicateKeyKind;
  value: string;
}

/**
 * Legal forms and filler words that say nothing about which company it is: "Acme GmbH"
 * and "Bosch GmbH" must not look alike because both are a GmbH.
 */
const LEGAL_FORMS = new Set([
  'gmbh',
  'ag',
  'kg',
  'co',
  'company',
  'corp',
  'corporation',
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'plc',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'aps',
  'sp',
  'zoo',
  'pte',
  'pty',
  'kk',
  'the',
  'and',
]);

/** A company name as compared: lower case, letters and digits only, legal forms dropped. */
export function normalizeCompanyName(name: string): string {
  const words = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const meaningful = words.filter((w) => !LEGAL_FORMS.has(w));
  return (meaningful.length ? meaningful : words).join(' ').slice(0, 300);
}

/**
 * A phone number in E.164 (+4940123456), or '' when it is not one. Numbers without a
 * country code are read in the company's country when known; "00" is read as "+".
 */
export function normalizePhone(raw: string, country?: string): string {
  const trimmed = raw.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(
    trimmed,
    country && /^[A-Z]{2}$/.test(country) ? (country as CountryCode) : undefined,
  );
  if (parsed?.isPossible()) return parsed.number;
  return '';
}

/** A registrable domain that identifies a company ('' for a free-mail one or none). */
export function companyDomain(domainOrAddress: string): string {
  const domain = registrableDomain(domainOrAddress);
  return domain && !isFreeMailDomain(domain) ? domain : '';
}

const unique = (keys: DuplicateKey[]) => {
  const seen = new Set<string>();
  return keys.filter(
    (k) => k.value !== '' && !seen.has(`${k.kind}:${k.value}`) && seen.add(`${k.kind}:${k.value}`),
  );
};

export function companyKeys(company: { name?: unknown; domains?: unknown }): DuplicateKey[] {
  const domains = Array.isArray(company.domains) ? company.domains.map(String) : [];
  return unique([
    ...domains.map((d) => ({ kind: 'domain' as const, value: companyDomain(d) })),
    { kind: 'name', value: normalizeCompanyName(String(company.name ?? '')) },
  ]);
}

export function contactKeys(
  contact: { emails?: unknown; phones?: unknown },
  country?: string,
): DuplicateKey[] {
  const emails = Array.isArray(contact.emails) ? contact.emails.map(String) : [];
  const phones = Array.isArray(contact.phones) ? contact.phones.map(String) : [];
  return unique([
    ...emails.map((e) => ({ kind: 'email' as const, value: normalizeEmail(e) })),
    ...phones.map((p) => ({ kind: 'phone' as const, value: normalizePhone(p, country) })),
  ]);
}

/** What an inquiry or a new customer is checked by: any of these may be absent. */
export interface DuplicateProbe {
  email?: string;
  companyName?: string;
  domain?: string;
  phones?: string[];
  country?: string;
}

export function probeKeys(probe: DuplicateProbe): DuplicateKey[] {
  return unique([
    { kind: 'email', value: probe.email ? normalizeEmail(probe.email) : '' },
    { kind: 'domain', value: companyDomain(probe.domain ?? probe.email ?? '') },
    { kind: 'name', value: probe.companyName ? normalizeCompanyName(probe.companyName) : '' },
    ...(probe.phones ?? []).map((p) => ({ kind: 'phone' as const, value: normalizePhone(p, probe.country) })),
  ]);
}
