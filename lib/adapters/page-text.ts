import type { Mailbox } from '../email';

// Text and addresses out of a webmail page, linear in what they read. Pages are hostile: a label,
// a title or a name may be 40,000 characters, so nothing here runs a regex that can backtrack
// over the whole text (an address is found from its '@', not by a pattern tried at every offset).

/** Most characters of one attribute, label or text a reader scans: far above every field limit. */
export const TEXT_SCAN_LIMIT = 100_000;

/** Whitespace collapsed and trimmed, of at most `max` characters read. */
export function clean(s: string | null | undefined, max = TEXT_SCAN_LIMIT): string {
  return (s ?? '').slice(0, max).replace(/\s+/g, ' ').trim();
}

const isLocalChar = (c: number) =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  ".%+'_-".includes(String.fromCharCode(c));
const isDomainChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 45;
/** A host with a dot and a top-level part of letters; checked on at most 255 characters. */
const HOST = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}/;

/** The addresses in a text, in order, at most `limit` (found from each '@', so linear). */
export function findAddresses(text: string, limit = 1): string[] {
  const s = text.slice(0, TEXT_SCAN_LIMIT);
  const out: string[] = [];
  let at = s.indexOf('@');
  for (let tries = 0; at > 0 && tries < 2000 && out.length < limit; tries++) {
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(s.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < s.length && end - at <= 255 && isDomainChar(s.charCodeAt(end))) end++;
    const host = HOST.exec(s.slice(at + 1, end))?.[0] ?? '';
    if (start < at && host) out.push(`${s.slice(start, at)}@${host}`);
    at = s.indexOf('@', at + 1 + host.length);
  }
  return out;
}

/** The first address in a text, or ''. */
export function findAddress(text: string): string {
  return findAddresses(text, 1)[0] ?? '';
}

const LABEL = /^(?:From|To|Cc|CC|Bcc|发件人|收件人|抄送)\s*[:：]\s*/;
const QUOTES = `"'\u201c\u201d `;

function trimQuotes(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && QUOTES.includes(s[a]!)) a++;
  while (b > a && QUOTES.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** "Name <addr>", "addr", "From: Name <addr>", "Opens card for Name" → a mailbox; the address may be empty. */
export function parseMailbox(text: string): Mailbox {
  const label = clean(text)
    .replace(LABEL, '')
    .replace(/^Opens card for\s+/i, '');
  const found = findAddress(label);
  const email = found.toLowerCase();
  let name = label;
  if (found) {
    const i = label.indexOf(found);
    let from = i;
    let to = i + found.length;
    const open = label[from - 1];
    if (
      (open === '<' && label[to] === '>') ||
      (open === '(' && label[to] === ')') ||
      (open === '[' && label[to] === ']')
    ) {
      from--;
      to++;
    }
    name = `${label.slice(0, from)} ${label.slice(to)}`;
  }
  name = trimQuotes(clean(name));
  return { name: name.toLowerCase() === email ? '' : name, email };
}
