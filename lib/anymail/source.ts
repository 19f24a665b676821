import { EMAIL_LIMITS, MAX_RAW_HEADER_CHARS } from '../email';
import { firstHeader, type MailHeaders } from '../mail/parse';

// Reading a message's source as text: where its header block ends, whether it
// is a message at all, and which thread it belongs to.

/** The header block of a message source: everything above the first empty line. */
export function headerBlockOf(source: string): string {
  const text = source.replace(/^\uFEFF/, '').replace(/^\s*\r?\n/, '');
  const end = /\r?\n\r?\n/.exec(text);
  return (end ? text.slice(0, end.index) : text).slice(0, MAX_RAW_HEADER_CHARS);
}

/** Whether a text starts like a message's source: header lines, one of them From. */
export function looksLikeHeaders(text: string): boolean {
  const block = headerBlockOf(text);
  const firstLine = block.split(/\r?\n/, 1)[0] ?? '';
  return /^[!-9;-~]+:/.test(firstLine) && /^from:/im.test(block);
}

const idsIn = (value: string | undefined): string[] =>
  [...(value ?? '').matchAll(/<([^<>\s]{1,300})>/g)].map((m) => m[1]!);

/**
 * The thread a dropped message belongs to: the first message of its References chain, else the
 * message it answers, else itself. Marked so it never collides with a webmail's thread ids.
 */
export function threadIdOf(headers: MailHeaders, messageId: string): string {
  const root =
    idsIn(firstHeader(headers, 'references'))[0] ??
    idsIn(firstHeader(headers, 'in-reply-to'))[0] ??
    messageId;
  return root ? `mid:${root}`.slice(0, EMAIL_LIMITS.id) : '';
}
