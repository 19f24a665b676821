import { isFreeMailDomain, normalizeEmail, registrableDomain } from '../domains';
import type { EmailInquiry } from '../email';
import { ownText } from '../mail/own-text';
import { readInquiry } from '../reading/reading';
import type { Origin } from '../origin/schema';
import { findLookalike, toUnicodeHost, type LookalikeIndex } from './lookalike';
import { RISK_SCORE_CAP, RISK_THRESHOLDS, type Risk, type RiskLevel, type RiskSignal } from './schema';

// Scam signals (domain.md, risk signals): each with a stable id (its reason is
// the i18n key risk.signal.<id>), a weight and the values the reason shows. The
// score is the sum of weights, capped at 100. It warns; it never blocks.

export interface RiskInput {
  inquiry: EmailInquiry;
  origin: Origin | null;
  /** No contact, company or logged interaction knows this sender yet. */
  firstContact: boolean;
  /** Every company domain in the book (for look-alike checks). */
  knownCompanyDomains: readonly string[] | LookalikeIndex;
  /** Some company or contact already uses the sender's domain. */
  domainSeenBefore: boolean;
}

export { RISK_SCORE_CAP, RISK_THRESHOLDS } from './schema';

export const RISK_WEIGHTS = {
  'first-contact': 10,
  'samples-first': 25,
  'free-samples-first': 30,
  'free-mail-company': 20,
  'origin-mismatch': 20,
  'reply-to-other-domain': 25,
  'reply-to-other-address': 10,
  'payment-change': 40,
  urgency: 10,
  'lookalike-domain': 45,
  'new-domain': 10,
  // Combinations: signals that are each weak but together are the scam's shape.
  'free-mail-company-replies-elsewhere': 20,
} as const;
export type RiskSignalId = keyof typeof RISK_WEIGHTS;

export function riskLevel(score: number): RiskLevel {
  return score >= RISK_THRESHOLDS.high ? 'high' : score >= RISK_THRESHOLDS.medium ? 'medium' : 'low';
}

const PAYMENT_CHANGE = new RegExp(
  [
    String.raw`(?:bank|banking|account|payment|remittance|beneficiary)\s+(?:details?|information|info|account)?\s*(?:has|have)\s+(?:been\s+)?(?:changed|updated|modified)`,
    String.raw`(?:our|the)\s+(?:bank\s+)?account\s+(?:has|have)\s+(?:been\s+)?changed`,
    String.raw`new\s+(?:bank|banking|beneficiary|receiving)\s+(?:account|details?|information)`,
    String.raw`change\s+(?:of|in|to)\s+(?:our\s+)?(?:bank|banking|payment|beneficiary)\s+(?:details?|account|information)`,
    String.raw`(?:pay|remit|transfer|send)\s+(?:the\s+)?(?:payment|balance|deposit|funds?)?\s*to\s+(?:our|the|this)\s+new\s+account`,
    String.raw`(?:do\s+not|don't)\s+(?:pay|remit|send)\s+(?:to\s+)?(?:the\s+)?(?:old|previous)\s+account`,
    '(?:更改|变更|更换)(?:了)?(?:收款|银行)?(?:银行)?账(?:户|号)',
    '(?:银行|收款)账(?:户|号)(?:已|已经)?(?:更改|变更|更换)',
    '新(?:的)?(?:收款|银行)账(?:户|号)',
  ].join('|'),
  'i',
);
const URGENCY =
  /\b(?:urgent(?:ly)?|asap|immediately|as\s+soon\s+as\s+possible|within\s+24\s+hours|right\s+away|today\s+without\s+fail)\b|紧急|加急|尽快|立即|马上|立刻/i;
const COMPANY =
  /(?:^|\n)\s*([^\n]{2,60}?\b(?:Co\.?,?\s*Ltd\.?|Ltd\.?|Limited|LLC|L\.L\.C\.|GmbH|Inc\.?|Corp\.?|Corporation|S\.A\.?|S\.A\.S\.?|S\.r\.l\.?|SRL|B\.V\.|Pty\.?\s+Ltd\.?|PLC|AG|Trading|Enterprises?|Industries|Group|Import(?:s|ers?)?(?:\s*&\s*Export)?)\.?)\s*(?:$|\n)|([\u4e00-\u9fa5]{2,30}(?:有限公司|集团|公司))/;

// "Purchasing Director of Walmart Global Sourcing", "on behalf of Acme Lighting": a company claimed in
// the text rather than in a signature with a legal suffix. Only the capitalised name after it counts.
const ROLE_CLAIM =
  /\b(?:(?:director|manager|officer|buyer|purchaser|agent|representative|president|owner|founder|ceo|cfo|coo|executive)\s+(?:of|at|for|with)|on\s+behalf\s+of|representing)\s+(?:the\s+)?(\S[^\n]{0,80})/gi;
const CLAIM_STOP = new Set(['I', 'We', 'Our', 'My', 'The', 'This', 'Dear', 'Please', 'And', 'Or']);
/** "Director of Purchasing" names a department, not a company. */
const DEPARTMENT =
  /^(?:purchasing|procurement|sourcing|sales|marketing|operations|imports?|exports?|business|finance|logistics|supply|engineering|quality|production|technology|it|hr|human)$/i;

/** The leading run of capitalised words of a role claim ("Walmart Global Sourcing. We are…" → "Walmart Global Sourcing"). */
function claimedName(rest: string): string {
  const words: string[] = [];
  for (const word of rest.split(/\s+/)) {
    const bare = word.replace(/[.,;:!?)]+$/, '');
    if (!/^(?:[A-Z\d][\w&'’.-]*|&)$/.test(bare) || CLAIM_STOP.has(bare)) break;
    words.push(bare);
    if (bare !== word || words.length === 6) break;
  }
  if (!words.length || DEPARTMENT.test(words[0]!) || !/[A-Za-z]{2}/.test(words.join(''))) return '';
  return words.join(' ');
}

/** The company a message claims to write for: a signature line with a legal suffix, or a role claim. */
function claimedCompany(body: string): string {
  const company = COMPANY.exec(body.slice(-3000));
  const signed = (company?.[1] ?? company?.[2] ?? '').trim();
  if (signed) return signed;
  for (const role of body.slice(0, 3000).matchAll(ROLE_CLAIM)) {
    const name = claimedName(role[1]!);
    if (name) return name;
  }
  return '';
}

const snippet = (match: RegExpExecArray | null) =>
  (match?.[0] ?? '').replace(/\s+/g, ' ').trim().slice(0, 100);

export function computeRisk({
  inquiry,
  origin,
  firstContact,
  knownCompanyDomains,
  domainSeenBefore,
}: RiskInput): Risk {
  const signals: RiskSignal[] = [];
  // The rep's own message (opened from Sent): nothing to warn about.
  const account = normalizeEmail(inquiry.account);
  if (account && account === normalizeEmail(inquiry.from.email)) return { score: 0, level: 'low', signals };
  const add = (id: RiskSignalId, params: RiskSignal['params'] = {}) =>
    signals.push({ id, weight: RISK_WEIGHTS[id], params });
  const text = `${inquiry.subject}\n${ownText(inquiry.bodyText)}`.slice(0, 30_000);
  const from = normalizeEmail(inquiry.from.email);
  const domain = registrableDomain(from);
  const freeMail = domain !== '' && isFreeMailDomain(domain);

  if (firstContact) add('first-contact');

  // Samples first: a first contact whose main ask is samples it does not offer to pay for (one
  // reading with the drafts and the log form: "order two samples first" with a price request is
  // a buyer; "flicker-free" says nothing about free samples). Only a first contact is read for it:
  // the reading is the costliest part of the risk, and a known sender's card never shows it.
  if (firstContact) {
    const reading = readInquiry(inquiry.subject, inquiry.bodyText);
    // Samples asked for free count even beside a promised "big order": that promise is the bait.
    // A signal quotes the words that raised it, so samples must be asked in so many words: the
    // model's guess at an email no cue speaks for ("Kindly resend the invoice for our last order")
    // raises none.
    const saidSamples = reading.intents.some((s) => s.intent === 'sample-request' && s.cues.length > 0);
    const samplesFirst =
      saidSamples &&
      (reading.primary === 'sample-request' || (reading.samples.asked && reading.samples.free));
    if (samplesFirst && !reading.samples.paid) {
      const cue = reading.intents.find((s) => s.intent === 'sample-request')?.cues[0] ?? '';
      add(reading.samples.free ? 'free-samples-first' : 'samples-first', { phrase: cue.slice(0, 100) });
    }
  }

  // Free mail for a claimed company matters for a stranger; a customer the book already knows
  // (orders, contacts) writing from qq.com or gmail.com is how many small importers work.
  if (freeMail && firstContact) {
    const name = claimedCompany(ownText(inquiry.bodyText));
    if (name) add('free-mail-company', { domain, company: name.slice(0, 100) });
  }

  if (origin?.mismatch) {
    const named = [...new Set(origin.evidence.flatMap((e) => (e.country ? [e.country] : [])))];
    // A lone country disagrees with the Date header's zone: show the zone too.
    const zone = named.length < 2 ? origin.evidence.find((e) => e.source === 'timezone')?.detail : undefined;
    add('origin-mismatch', { countries: [...named, ...(zone ? [zone] : [])].join(', ') });
  }

  const replyTo = inquiry.replyTo.map((m) => normalizeEmail(m.email)).find((a) => a && a !== from);
  if (replyTo && from) {
    const replyDomain = registrableDomain(replyTo);
    add(replyDomain !== domain ? 'reply-to-other-domain' : 'reply-to-other-address', { from, replyTo });
  }

  const payment = PAYMENT_CHANGE.exec(text);
  if (payment) add('payment-change', { phrase: snippet(payment) });
  const urgent = URGENCY.exec(text);
  if (urgent) add('urgency', { phrase: snippet(urgent) });

  if (domain && !freeMail) {
    const lookalike = findLookalike(domain, knownCompanyDomains);
    if (lookalike) {
      add('lookalike-domain', {
        domain: domain.includes('xn--') ? `${toUnicodeHost(domain)} (${domain})` : domain,
        known: lookalike.known,
        kind: lookalike.kind,
      });
    }
    if (!domainSeenBefore) add('new-domain', { domain });
  }

  // A free mailbox signing for a company while replies go to another domain is how buyer
  // impersonation looks (issue 15): each alone is common, together they are high risk.
  const freeMailCompany = signals.find((s) => s.id === 'free-mail-company');
  const repliesElsewhere = signals.find((s) => s.id === 'reply-to-other-domain');
  if (freeMailCompany && repliesElsewhere) {
    add('free-mail-company-replies-elsewhere', {
      company: freeMailCompany.params.company ?? '',
      replyTo: repliesElsewhere.params.replyTo ?? '',
    });
  }

  const score = Math.min(
    RISK_SCORE_CAP,
    signals.reduce((sum, s) => sum + s.weight, 0),
  );
  return { score, level: riskLevel(score), signals };
}
