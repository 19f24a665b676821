import PostalMime, { type Address, type Email } from 'postal-mime';
import {
  EMAIL_LIMITS as L,
  EmailInquirySchema,
  MAX_BODY_CHARS,
  MAX_RAW_HEADER_CHARS,
  type EmailInquiry,
  type Mailbox,
} from '../email';
import { htmlToText } from './html-to-text';

// Raw messages and raw header blocks, parsed by postal-mime (a maintained MIME
// parser that runs in the service worker): folding, encoded words, charsets and
// multipart bodies are its job, not ours. What we keep is the header list in
// message order (top = added last, by the recipient's side), which the origin
// lookup walks.

/** One header field: name in lower case, value unfolded (still raw: encoded words are not decoded). */
export interface MailHeader {
  name: string;
  value: string;
}
export type MailHeaders = readonly MailHeader[];

/** Most header fields a message can carry into the analysis; the rest are dropped. */
const MAX_HEADERS = 1000;
/** Longest single header value kept (a Received line is a few hundred characters). */
const MAX_HEADER_VALUE = 8000;

/**
 * What a parse had to cut or give up on, so a caller can say so: the message was longer
 * than MAX_RAW_MESSAGE_CHARS ('message-size'), its MIME parts nested deeper than
 * MAX_MIME_DEPTH ('nesting') or its headers passed MAX_HEADERS_BYTES ('header-size') so
 * only the top headers were read and the body is empty, it had more than MAX_HEADERS
 * header fields ('header-count'), its text was cut to MAX_BODY_CHARS ('body-size'), or it
 * was no message at all ('unparsable').
 */
export const MAIL_LIMITS = [
  'message-size',
  'nesting',
  'header-size',
  'header-count',
  'body-size',
  'unparsable',
] as const;
export type MailLimit = (typeof MAIL_LIMITS)[number];

/** Longest raw message read (1 MB): the headers and text of any real inquiry fit; attachments beyond are cut. */
export const MAX_RAW_MESSAGE_CHARS = 1_000_000;
/** Deepest MIME nesting read (real mail nests 3 to 5 levels; postal-mime's own limit is 256). */
export const MAX_MIME_DEPTH = 32;
/** Most header bytes across every part (postal-mime's own default is 2 MiB). */
export const MAX_HEADERS_BYTES = 512 * 1024;
const POSTAL_MIME_LIMITS = { maxNestingDepth: MAX_MIME_DEPTH, maxHeadersSize: MAX_HEADERS_BYTES };

export interface ParsedMail {
  headers: MailHeaders;
  inquiry: EmailInquiry;
  /** What had to be cut; empty for ordinary mail. */
  limits: MailLimit[];
}

function toHeaders(list: ReadonlyArray<{ key: string; value: string }>): MailHeader[] {
  const out: MailHeader[] = [];
  let total = 0;
  for (const { key, value } of list) {
    if (out.length >= MAX_HEADERS || total > MAX_RAW_HEADER_CHARS) break;
    const v = value.replace(/\s+/g, ' ').trim().slice(0, MAX_HEADER_VALUE);
    total += key.length + v.length;
    out.push({ name: key.toLowerCase(), value: v });
  }
  return out;
}

/** Every value of a header, top to bottom. */
export function headerValues(headers: MailHeaders, name: string): string[] {
  const key = name.toLowerCase();
  return headers.filter((h) => h.name === key).map((h) => h.value);
}

export function firstHeader(headers: MailHeaders, name: string): string | undefined {
  const key = name.toLowerCase();
  return headers.find((h) => h.name === key)?.value;
}

/** Parses a header block alone (what a webmail's "show original" header view gives); never throws. */
export async function parseHeaderBlock(raw: string): Promise<MailHeaders> {
  const block = topHeaderBlock(raw);
  try {
    const parsed = await PostalMime.parse(`${block}\r\n\r\n`, POSTAL_MIME_LIMITS);
    return toHeaders(parsed.headers);
  } catch {
    return [];
  }
}

/** The header block at the top of a raw message or header view, cut to MAX_RAW_HEADER_CHARS. */
function topHeaderBlock(raw: string): string {
  const head = raw.slice(0, MAX_RAW_HEADER_CHARS);
  const blank = /\r?\n\r?\n/.exec(head);
  return blank ? head.slice(0, blank.index) : head;
}

const clip = (text: string | undefined, max: number) => (text ?? '').slice(0, max);

function mailboxes(list: readonly Address[] | undefined, max: number): Mailbox[] {
  const out: Mailbox[] = [];
  for (const entry of list ?? []) {
    const members = 'group' in entry && entry.group ? entry.group : [entry];
    for (const m of members) {
      if (out.length >= max) return out;
      // An address longer than an address can be is none (as the page readers treat it).
      if ('address' in m && m.address && m.address.length <= L.address)
        out.push({ name: clip(m.name, L.name), email: m.address });
    }
  }
  return out;
}

/** Parses a whole raw message (RFC 5322 source) into its header list and the EmailInquiry the card uses; never throws. */
export async function parseRawMessage(raw: string): Promise<ParsedMail> {
  const limits = new Set<MailLimit>();
  let source = raw;
  if (source.length > MAX_RAW_MESSAGE_CHARS) {
    source = source.slice(0, MAX_RAW_MESSAGE_CHARS);
    limits.add('message-size');
  }
  let parsed: Email;
  try {
    parsed = await PostalMime.parse(source, POSTAL_MIME_LIMITS);
  } catch (error) {
    // Nested too deep, headers too big, or no message at all: the top header block
    // alone still says who wrote what, and the body is left empty rather than guessed.
    const message = error instanceof Error ? error.message : '';
    limits.add(/nesting/i.test(message) ? 'nesting' : /header/i.test(message) ? 'header-size' : 'unparsable');
    parsed = await PostalMime.parse(`${topHeaderBlock(source)}\r\n\r\n`, POSTAL_MIME_LIMITS).catch(
      () => ({ headers: [], attachments: [] }) as unknown as Email,
    );
  }
  if (parsed.headers.length > MAX_HEADERS) limits.add('header-count');
  const headers = toHeaders(parsed.headers);
  const [from] = mailboxes(parsed.from ? [parsed.from] : [], 1);
  const date = parsed.date ? Date.parse(parsed.date) : NaN;
  const body = parsed.text?.trim() ? parsed.text : htmlToText(parsed.html ?? '');
  if (body.length > MAX_BODY_CHARS) limits.add('body-size');
  const inquiry = EmailInquirySchema.parse({
    webmail: 'gmail',
    messageId: clip(parsed.messageId?.replace(/^<|>$/g, ''), L.id),
    from: from ?? { name: '', email: '' },
    replyTo: mailboxes(parsed.replyTo, L.replyTo),
    to: mailboxes(parsed.to, L.recipients),
    cc: mailboxes(parsed.cc, L.recipients),
    subject: clip(parsed.subject, L.subject),
    date: Number.isFinite(date) ? date : 0,
    bodyText: clip(body.replace(/\r\n/g, '\n'), MAX_BODY_CHARS),
  });
  return { headers, inquiry, limits: [...limits] };
}

/** The EmailInquiry of a raw .eml (for the command line and tests; webmail 'gmail' as a placeholder). */
export async function inquiryFromEml(raw: string): Promise<EmailInquiry> {
  return (await parseRawMessage(raw)).inquiry;
}
