import type { EmailInquiry, PageState } from '../email';
import { parseRawMessage } from '../mail/parse';
import { isMsgFile, readMsg } from './msg';
import { headerBlockOf, looksLikeHeaders, threadIdOf } from './source';

export { headerBlockOf, looksLikeHeaders, threadIdOf };

// Any email, from anywhere: an .eml file, an Outlook .msg file or a message's
// source pasted as text becomes what a webmail page sends the background: a
// page state (the inquiry) and the raw header block, so the background builds
// the very card it builds for the same message opened in Gmail. Everything is
// checked here, before anything is sent: a file too large or not an email ends
// in a clear code and nothing else happens.

/** Largest file taken: real inquiries with attachments stay below this (Outlook's own send limit is 20 MB). */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;
/** Longest pasted source taken (a message's source with its text parts is far shorter). */
export const MAX_PASTE_CHARS = 5_000_000;

export type IntakeFormat = 'eml' | 'msg' | 'paste';

/** What a dropped or pasted message becomes: the inputs of the background's card. */
export interface IntakeMail {
  format: IntakeFormat;
  /** Always an inquiry: the message as the card reads it. */
  state: Extract<PageState, { kind: 'inquiry' }>;
  /** The raw header block ('' when the source had none, as an Outlook .msg never sent). */
  raw: string;
}

export const INTAKE_ERRORS = [
  /** Over MAX_FILE_BYTES or MAX_PASTE_CHARS. */
  'too-large',
  'empty',
  /** Not a message: no From header, or a file of another kind. */
  'not-an-email',
  /** An Outlook .msg the parser could not read (damaged, or not a message item). */
  'broken-msg',
  /** The parser failed on the source. */
  'unreadable',
] as const;
export type IntakeError = (typeof INTAKE_ERRORS)[number];

export type IntakeResult = { ok: true; mail: IntakeMail } | { ok: false; error: IntakeError };

/** The part of a file the intake reads (a DOM File, or a test's stand-in). */
export interface DroppedFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const fail = (error: IntakeError): IntakeResult => ({ ok: false, error });

function asState(inquiry: EmailInquiry): IntakeMail['state'] {
  return { kind: 'inquiry', inquiry: { ...inquiry, account: '', url: '', thread: [] } };
}

/** A message's whole source (an .eml, or pasted text) as the card's inputs. */
export async function fromSource(source: string, format: 'eml' | 'paste'): Promise<IntakeResult> {
  const limit = format === 'paste' ? MAX_PASTE_CHARS : MAX_FILE_BYTES;
  if (source.length > limit) return fail('too-large');
  if (!source.trim()) return fail('empty');
  if (!looksLikeHeaders(source)) return fail('not-an-email');
  try {
    const { headers, inquiry } = await parseRawMessage(source.replace(/^\uFEFF/, '').trimStart());
    if (!inquiry.from.email) return fail('not-an-email');
    const threadId = threadIdOf(headers, inquiry.messageId);
    return {
      ok: true,
      mail: { format, state: asState({ ...inquiry, threadId }), raw: headerBlockOf(source) },
    };
  } catch {
    return fail('unreadable');
  }
}

/** A dropped or picked file: an Outlook .msg by its signature, else a message source (.eml, .txt). */
export async function fromFile(file: DroppedFile): Promise<IntakeResult> {
  if (file.size > MAX_FILE_BYTES) return fail('too-large');
  if (file.size === 0) return fail('empty');
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength > MAX_FILE_BYTES) return fail('too-large');
  if (isMsgFile(bytes)) {
    const read = await readMsg(bytes);
    if (!read) return fail('broken-msg');
    if (!read.inquiry.from.email) return fail('not-an-email');
    return { ok: true, mail: { format: 'msg', state: asState(read.inquiry), raw: read.raw } };
  }
  if (/\.msg$/i.test(file.name)) return fail('broken-msg');
  // A message source is 7-bit or UTF-8 text; a NUL byte in its head says it is some other file.
  if (bytes.subarray(0, 4096).includes(0)) return fail('not-an-email');
  return fromSource(new TextDecoder('utf-8').decode(bytes), 'eml');
}

/**
 * Whether a pasted header block is the open message's, so it may complete that message's origin:
 * its From is the open message's sender, and its Subject (when both have one) the same.
 */
export async function headersBelongTo(raw: string, inquiry: EmailInquiry): Promise<boolean> {
  const { inquiry: read } = await parseRawMessage(`${headerBlockOf(raw)}\r\n\r\n`).catch(() => ({
    inquiry: null,
  }));
  if (!read?.from.email || read.from.email.toLowerCase() !== inquiry.from.email.toLowerCase()) return false;
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return !read.subject || !inquiry.subject || norm(read.subject) === norm(inquiry.subject);
}
