import { parseIp, type ParsedIp } from './ip';

// One Received header field, read into its parts (RFC 5321 §4.4):
//   from <helo> (<reverse-dns> [<ip>]) by <host> (<software>) with <protocol> id <id> for <rcpt>; <date>
// Every MTA writes it a little differently (Postfix, Exim, qmail, Exchange,
// Coremail, Tencent's NewEsmtp...), so this reads clauses by keyword at the top
// level (outside comments) and looks for the connecting address in the from
// clause's comments first: that part is written by the receiving server, while
// the HELO name is whatever the client claimed.

export interface ReceivedHop {
  /** The name the connecting client gave (HELO/EHLO), as written. */
  helo: string;
  /** Reverse DNS the receiving server looked up, when it wrote one ('unknown' dropped). */
  rdns: string;
  /** The connecting client's address, as seen by the receiving server. */
  ip: ParsedIp | null;
  /** The receiving server's name (or address). */
  by: string;
  /** Protocol keyword: ESMTPS, ESMTPSA, SMTP, HTTP, mapi, Microsoft SMTP Server... */
  with: string;
  /** Whether a from clause was written at all. */
  hasFrom: boolean;
  /**
   * The receiving server wrote a "[address]" comment, where it also puts the
   * reverse DNS it found: then an empty rdns means none, and the HELO name is
   * not to be believed. Exchange writes "(address)" alone and no reverse DNS.
   */
  rdnsWritten: boolean;
  raw: string;
}

const KEYWORDS = new Set(['from', 'by', 'via', 'with', 'id', 'for']);

/** Splits the part before the date into top-level words and parenthesised comments. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text.slice(0, 4000)) {
    if (ch === '(') {
      if (depth === 0 && current.trim()) {
        out.push(current.trim());
        current = '';
      }
      depth += 1;
      current += ch;
    } else if (ch === ')' && depth > 0) {
      depth -= 1;
      current += ch;
      if (depth === 0) {
        out.push(current.trim());
        current = '';
      }
    } else if (depth === 0 && /\s/.test(ch)) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

const BRACKETED = /\[(?:ipv6:)?([0-9a-f.:]+(?:%[\w.-]+)?)\]/gi;
const BARE =
  /(?:^|[\s(=,])((?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:(?:\d{1,3}\.){3}\d{1,3})?)(?=$|[\s),:\]])/gi;

function addresses(text: string, pattern: RegExp): ParsedIp[] {
  const out: ParsedIp[] = [];
  for (const match of text.matchAll(pattern)) {
    const ip = parseIp(match[1] ?? '');
    if (ip) out.push(ip);
  }
  return out;
}

export function parseReceived(value: string): ReceivedHop {
  const semicolon = value.lastIndexOf(';');
  const head = semicolon >= 0 ? value.slice(0, semicolon) : value;
  const clauses = new Map<string, string[]>();
  let key = '';
  for (const token of tokens(head)) {
    const lower = token.toLowerCase();
    if (KEYWORDS.has(lower) && !clauses.has(lower)) {
      key = lower;
      clauses.set(key, []);
    } else if (key) clauses.get(key)?.push(token);
  }
  const from = clauses.get('from') ?? [];
  const helo = from[0] && !from[0].startsWith('(') ? from[0] : '';
  // Exim and qmail put the client's HELO claim inside the comment ("helo=[10.8.0.2]", "(HELO pc01)"): drop it.
  const comments = from
    .filter((t) => t.startsWith('('))
    .join(' ')
    .replace(/\bhelo[=\s]+[^\s)]+/gi, ' ');

  // The address the receiving server saw: bracketed in its comment, then bare
  // in its comment (Exchange, qmail), then the from word itself when it is an
  // address literal and nothing else was written.
  const ip =
    addresses(comments, BRACKETED)[0] ??
    addresses(comments, BARE)[0] ??
    addresses(helo, BRACKETED)[0] ??
    parseIp(helo) ??
    null;

  let rdns = '';
  const rdnsMatch = /^\(\s*([a-z0-9][a-z0-9.-]*\.[a-z]{2,}\.?)[\s[]/i.exec(comments);
  if (rdnsMatch?.[1] && !/^helo$/i.test(rdnsMatch[1])) rdns = rdnsMatch[1].replace(/\.$/, '').toLowerCase();

  const by = (clauses.get('by') ?? [])[0] ?? '';
  const withWords = (clauses.get('with') ?? []).filter((t) => !t.startsWith('('));
  return {
    helo: helo.toLowerCase(),
    rdns,
    ip,
    by: by.startsWith('(') ? '' : by.toLowerCase(),
    with: withWords.join(' ').slice(0, 100),
    hasFrom: clauses.has('from'),
    rdnsWritten: /\[/.test(comments),
    raw: value,
  };
}

/** Authenticated submission or webmail posting: the hop where the sender's own client handed the message over. */
export function isSubmission(hop: ReceivedHop): boolean {
  return /^(esmtpsa|esmtpa|lmtpsa|utf8smtpsa|utf8esmtpsa|http|https|mapi|webmail|local)\b/i.test(hop.with);
}
