import { findPhoneNumbersInText } from 'libphonenumber-js';
import { getPublicSuffix } from 'tldts';
import type { OriginEvidence } from './schema';
import { CCTLD_COUNTRY, COUNTRY_NAMES, GENERIC_CCTLDS, OFFSET_COUNTRIES } from './countries';

// The weaker evidence of where a sender is, each read from one place.

/** The sender domain's country-code TLD (public-suffix aware: acme.com.cn → CN, acme.co.uk → GB). */
export function cctldEvidence(domain: string): OriginEvidence | null {
  const suffix = getPublicSuffix(domain, { allowPrivateDomains: false });
  if (!suffix) return null;
  const tld = suffix.slice(suffix.lastIndexOf('.') + 1).toLowerCase();
  if (tld.length !== 2 || GENERIC_CCTLDS.has(tld) || !/^[a-z]{2}$/.test(tld)) return null;
  return {
    source: 'cctld',
    country: CCTLD_COUNTRY[tld] ?? tld.toUpperCase(),
    detail: `.${suffix}`,
    confidence: 'low',
  };
}

/** Phone numbers in international form in the signature (the last lines of the sender's own text). */
export function phoneEvidence(text: string): OriginEvidence[] {
  // Line by line: a number is written on one line, and the finder can lose a
  // number after other digits earlier in the text ("600x600, 2000 pcs").
  const lines = text.split('\n').slice(-30);
  const seen = new Set<string>();
  const out: OriginEvidence[] = [];
  for (const line of lines) {
    // "0049 30 ..." is the same number as "+49 30 ..." (only on lines with no "+",
    // where "00" cannot be the middle of "+86 138 0013 8000").
    const cut = line.slice(0, 300);
    const normalized = cut.includes('+') ? cut : cut.replace(/(^|[\s:：(（])00(?=[1-9]\d)/g, '$1+');
    if (!normalized.includes('+')) continue;
    for (const found of findPhoneNumbersInText(normalized)) {
      const country = found.number.country;
      if (!country || seen.has(country)) continue;
      seen.add(country);
      out.push({
        source: 'phone',
        country,
        detail: found.number.formatInternational(),
        confidence: 'medium',
      });
      if (out.length >= 3) return out;
    }
  }
  return out;
}

/** The Date header's UTC offset, as the countries that use it. */
export function timezoneEvidence(dateHeader: string | undefined): OriginEvidence | null {
  const match = /([+-])(\d{2})(\d{2})(?:\s*\([^)]*\))?\s*$/.exec(dateHeader?.trim().slice(-40) ?? '');
  if (!match) return null;
  const minutes = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  const countries = OFFSET_COUNTRIES[minutes];
  if (!minutes || !countries) return null;
  return {
    source: 'timezone',
    countries: [...countries],
    detail: `UTC${match[1]}${match[2]}:${match[3]}`,
    confidence: 'low',
  };
}

const NAMES = Object.keys(COUNTRY_NAMES)
  .sort((a, b) => b.length - a.length)
  .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');
const ROLE =
  '(?:company|firm|importer|distributor|buyer|wholesaler|retailer|manufacturer|trading company|business|office|agent|client)';
const CLAIMS: readonly RegExp[] = [
  new RegExp(
    `\\b(?:based|located|headquartered|registered|situated)\\s+in\\s+(?:the\\s+)?(${NAMES})\\b`,
    'i',
  ),
  new RegExp(
    `\\b(?:we are|we're|i am|i'm|we)\\b[^.!?\\n]{0,60}?\\b(?<!(?:made|produced|manufactured|interested|products|goods|suppliers?|factory|factories|manufacturers?)\\s)(?:in|from)\\s+(?:the\\s+)?(${NAMES})\\b`,
    'i',
  ),
  new RegExp(`\\b${ROLE}\\s+(?:in|from)\\s+(?:the\\s+)?(${NAMES})\\b`, 'i'),
  new RegExp(`\\b(?:a|an)\\s+(${NAMES})[\\s-]+(?:based\\s+)?${ROLE}`, 'i'),
  new RegExp(`\\b(?:greetings|regards|hello|hi)\\s+from\\s+(?:the\\s+)?(${NAMES})\\b`, 'i'),
  new RegExp(`(?:我们是|我们来自|来自|位于|我们在)(?:一家)?(${NAMES})`),
];

/** A country the sender says they are in ("we are a company in Germany", "greetings from Nigeria"). */
export function claimedEvidence(text: string): OriginEvidence | null {
  const sample = text.slice(0, 20_000);
  for (const pattern of CLAIMS) {
    const match = pattern.exec(sample);
    const name = match?.[1]?.toLowerCase();
    const country = name ? COUNTRY_NAMES[name] : undefined;
    if (match && country) {
      return {
        source: 'claimed',
        country,
        detail: match[0].replace(/\s+/g, ' ').slice(0, 120),
        confidence: 'low',
      };
    }
  }
  return null;
}
