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

/**
 * Most header fields a message can carry into the analysis; the rest are dropped (the fields the
 * card reads excepted). Real mail carries 20 to 100 (Received lines, authentication results, list
 * fields); each field costs the MIME parser about 20 µs, so a thousand junk fields cost it 20 ms.
 */
export const MAX_HEADERS = 300;
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

/**
 * Longest raw message handed to the MIME parser (256 KB): the headers and text of any real
 * inquiry fit (mailers put the text parts before the attachments); attachments beyond are cut
 * rather than decoded, so a message with a large attachment costs what a plain one does.
 */
export const MAX_RAW_MESSAGE_CHARS = 256 * 1024;
/** The top-level fields the card reads, kept once each however much comes before them. */
const KEY_FIELDS = new Set([
  'from',
  'sender',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);
/** How far into a raw message its headers and text parts are looked for (attachments come after). */
const MAX_SCAN = 8 * 1024 * 1024;
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

/**
 * The raw message cut, in one linear pass and before the MIME parser copies any of it, to
 * what the card can use: each top-level header field (folded lines included) to
 * MAX_HEADER_VALUE, the header block to MAX_RAW_HEADER_CHARS (the fields the card reads kept
 * past it), the whole to MAX_RAW_MESSAGE_CHARS.
 */
export function boundRawMessage(raw: string): { source: string; limits: MailLimit[] } {
  const limits = new Set<MailLimit>();
  const fields: string[] = [];
  let headerChars = 0;
  let field = '';
  const seen = new Set<string>();
  const keep = () => {
    if (!field) return;
    const name = field.slice(0, field.indexOf(':')).trim().toLowerCase();
    if (headerChars + field.length <= MAX_RAW_HEADER_CHARS && fields.length < MAX_HEADERS) {
      fields.push(field);
      headerChars += field.length + 2;
    } else {
      limits.add(fields.length < MAX_HEADERS ? 'header-size' : 'header-count');
      // Past the budget, the fields the card reads still count, once each: junk headers
      // must not push the sender or the subject out of sight.
      if (KEY_FIELDS.has(name) && !seen.has(name)) fields.push(field);
    }
    seen.add(name);
    field = '';
  };
  let pos = 0;
  let bodyStart = -1;
  const scanEnd = Math.min(raw.length, MAX_SCAN);
  while (pos < scanEnd) {
    const nl = raw.indexOf('\n', pos);
    const end = nl === -1 || nl >= scanEnd ? scanEnd : nl;
    const length = end - pos - (raw[end - 1] === '\r' && end > pos ? 1 : 0);
    const line = raw.slice(pos, pos + Math.min(length, MAX_HEADER_VALUE + 200));
    pos = end + 1;
    if (length === 0) {
      bodyStart = Math.min(pos, raw.length);
      break;
    }
    if (length > line.length) limits.add('header-size');
    if ((line[0] === ' ' || line[0] === '\t') && field) {
      if (field.length < MAX_HEADER_VALUE) field += `\r\n${line}`;
      else limits.add('header-size');
    } else {
      keep();
      field = line;
    }
  }
  keep();
  if (bodyStart === -1 && raw.length > MAX_SCAN) limits.add('header-size');
  const head = fields.join('\r\n');
  const body =
    bodyStart === -1
      ? { text: '', cut: false, partCut: false }
      : textPartsOf(raw, bodyStart, head, MAX_RAW_MESSAGE_CHARS - head.length);
  if (body.cut) limits.add('message-size');
  if (body.partCut) limits.add('body-size');
  return { source: `${head}\r\n\r\n${body.text}`, limits: [...limits] };
}

const CONTENT_TYPE = /^content-type:[^\n]*(?:\n[ \t][^\n]*)*/im;
const BOUNDARY = /boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))/i;
/** A part whose content the card reads: text (the default type) or a container of parts, not an attachment. */
const READ_PART = /^content-type:[ \t]*(?:text|multipart|message)\//im;
const ANY_TYPE = /^content-type:/im;
const ATTACHMENT = /^content-disposition:[ \t]*attachment/im;
const HTML = /^content-type:[ \t]*text\/html/im;
/**
 * Most characters of one plain-text part read: a little more than the body the card keeps
 * (MAX_BODY_CHARS), encodings included; what follows is dropped like an attachment.
 */
export const MAX_TEXT_PART_CHARS = 64 * 1024;
/**
 * Most characters of one HTML part read: Word's and Outlook's HTML carries tens of kilobytes of
 * style before the text, so twice a plain part's room; a 240 KB HTML part cost the MIME parser
 * 50 ms in Chromium, this one about half.
 */
export const MAX_HTML_PART_CHARS = 128 * 1024;

/**
 * The body from `start`, with the content of every attachment dropped (its boundary lines and
 * part headers kept, so the MIME structure stays whole), cut to `room` characters. Boundaries
 * are the ones the headers declare; attachment content is base64 or binary, which the card never
 * reads and which the MIME parser would otherwise decode.
 */
function textPartsOf(
  raw: string,
  start: number,
  head: string,
  room: number,
): { text: string; cut: boolean; partCut: boolean } {
  const boundaries: string[] = [];
  const declare = (headers: string) => {
    const m = BOUNDARY.exec(CONTENT_TYPE.exec(headers)?.[0] ?? '');
    const b = m?.[1] ?? m?.[2];
    if (b && boundaries.length < MAX_MIME_DEPTH) boundaries.push(`--${b}`);
  };
  declare(head);
  const out: string[] = [];
  let size = 0;
  let cut = false;
  let state: 'text' | 'part-headers' | 'skip' = 'text';
  let partHeaders = '';
  // What is left of the text part being read (the top-level body is one too).
  let partRoom = HTML.test(CONTENT_TYPE.exec(head)?.[0] ?? '') ? MAX_HTML_PART_CHARS : MAX_TEXT_PART_CHARS;
  let partCut = false;
  let pos = start;
  const end = Math.min(raw.length, MAX_SCAN);
  while (pos < end) {
    const nl = raw.indexOf('\n', pos);
    const lineEnd = nl === -1 ? raw.length : nl + 1;
    const isBoundary =
      boundaries.length > 0 && raw.startsWith('--', pos) && boundaries.some((b) => raw.startsWith(b, pos));
    if (isBoundary) {
      state = 'part-headers';
      partHeaders = '';
    }
    if (state !== 'skip' || isBoundary) {
      if (size + (lineEnd - pos) > room) {
        cut = true;
        out.push(raw.slice(pos, pos + (room - size)));
        size = room;
        break;
      }
      const line = raw.slice(pos, lineEnd);
      if (state === 'text' && !isBoundary) {
        partRoom -= line.length;
        if (partRoom < 0) {
          partCut = true;
          state = 'skip';
          pos = lineEnd;
          continue;
        }
      }
      out.push(line);
      size += line.length;
      if (state === 'part-headers' && !isBoundary) {
        if (line.trim() === '') {
          const typed = ANY_TYPE.test(partHeaders);
          const read = (!typed || READ_PART.test(partHeaders)) && !ATTACHMENT.test(partHeaders);
          if (read) declare(partHeaders);
          state = read ? 'text' : 'skip';
          partRoom = HTML.test(partHeaders) ? MAX_HTML_PART_CHARS : MAX_TEXT_PART_CHARS;
          partHeaders = '';
        } else if (partHeaders.length < MAX_HEADER_VALUE) partHeaders += line;
      }
    }
    pos = lineEnd;
  }
  return { text: out.join(''), cut: cut || pos < raw.length, partCut };
}

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
  const bounded = boundRawMessage(raw);
  const limits = new Set<MailLimit>(bounded.limits);
  const { source } = bounded;
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
