import PostalMime, { type Address } from 'postal-mime';
import {
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

export interface ParsedMail {
  headers: MailHeaders;
  inquiry: EmailInquiry;
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

/** Parses a header block alone (what a webmail's "show original" header view gives). */
export async function parseHeaderBlock(raw: string): Promise<MailHeaders> {
  const block = raw.slice(0, MAX_RAW_HEADER_CHARS).replace(/\r?\n(\r?\n)+[\s\S]*$/, '');
  const parsed = await PostalMime.parse(`${block}\r\n\r\n`);
  return toHeaders(parsed.headers);
}

const clip = (text: string | undefined, max: number) => (text ?? '').slice(0, max);

function mailboxes(list: readonly Address[] | undefined, max: number): Mailbox[] {
  const out: Mailbox[] = [];
  for (const entry of list ?? []) {
    const members = 'group' in entry && entry.group ? entry.group : [entry];
    for (const m of members) {
      if (out.length >= max) return out;
      if ('address' in m && m.address) out.push({ name: clip(m.name, 300), email: clip(m.address, 320) });
    }
  }
  return out;
}

/** Parses a whole raw message (RFC 5322 source) into its header list and the EmailInquiry the card uses. */
export async function parseRawMessage(raw: string): Promise<ParsedMail> {
  const parsed = await PostalMime.parse(raw);
  const headers = toHeaders(parsed.headers);
  const [from] = mailboxes(parsed.from ? [parsed.from] : [], 1);
  const date = parsed.date ? Date.parse(parsed.date) : NaN;
  const body = parsed.text?.trim() ? parsed.text : htmlToText(parsed.html ?? '');
  const inquiry = EmailInquirySchema.parse({
    webmail: 'gmail',
    messageId: clip(parsed.messageId?.replace(/^<|>$/g, ''), 200),
    from: from ?? { name: '', email: '' },
    replyTo: mailboxes(parsed.replyTo, 50),
    to: mailboxes(parsed.to, 500),
    cc: mailboxes(parsed.cc, 500),
    subject: clip(parsed.subject, 2000),
    date: Number.isFinite(date) ? date : 0,
    bodyText: clip(body.replace(/\r\n/g, '\n'), MAX_BODY_CHARS),
  });
  return { headers, inquiry };
}

/** The EmailInquiry of a raw .eml (for the command line and tests; webmail 'gmail' as a placeholder). */
export async function inquiryFromEml(raw: string): Promise<EmailInquiry> {
  return (await parseRawMessage(raw)).inquiry;
}
