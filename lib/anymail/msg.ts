import {
  EMAIL_LIMITS as L,
  EmailInquirySchema,
  MAX_BODY_CHARS,
  type EmailInquiry,
  type Mailbox,
} from '../email';
import { normalizeEmail } from '../domains';
import { parseRawMessage } from '../mail/parse';
import { headerBlockOf, threadIdOf } from './source';

// Outlook desktop's .msg files (a compound file of MAPI properties), read by
// @kenjiuno/msgreader. A received message keeps the transport headers it
// arrived with (PR_TRANSPORT_MESSAGE_HEADERS): those are the raw header block
// the origin lookup walks, exactly as from an .eml. A message never sent
// through the internet (a draft, a sent item) has none; its sender and
// recipients then come from the MAPI properties.

/** The signature every compound file (and so every .msg) starts with. */
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isMsgFile(bytes: Uint8Array): boolean {
  return CFB_MAGIC.every((byte, i) => bytes[i] === byte);
}

/** The MAPI fields of a message the card reads (msgreader's names). */
export interface MsgFields {
  headers?: string;
  subject?: string;
  body?: string;
  senderName?: string;
  senderEmail?: string;
  senderSmtpAddress?: string;
  messageId?: string;
  clientSubmitTime?: string;
  messageDeliveryTime?: string;
  recipients?: { name?: string; email?: string; smtpAddress?: string; recipType?: 'to' | 'cc' | 'bcc' }[];
}

/** An Exchange sender is stored by its directory name (/O=...); only an SMTP address is an address. */
const smtp = (...candidates: (string | undefined)[]): string => {
  const found = candidates.map((c) => normalizeEmail(c ?? '')).find(Boolean) ?? '';
  // One longer than an address can be is none (the limits the background checks, lib/email-limits.ts).
  return found.length <= L.address ? found : '';
};

function recipients(fields: MsgFields, type: 'to' | 'cc'): Mailbox[] {
  return (fields.recipients ?? [])
    .filter((r) => (r.recipType ?? 'to') === type)
    .map((r) => ({ name: (r.name ?? '').slice(0, L.name), email: smtp(r.smtpAddress, r.email) }))
    .filter((m) => m.email)
    .slice(0, L.recipients);
}

/** The inquiry and header block of a .msg's fields. */
export async function msgToInquiry(fields: MsgFields): Promise<{ inquiry: EmailInquiry; raw: string }> {
  const raw = headerBlockOf(fields.headers ?? '');
  const body = (fields.body ?? '').replace(/\r\n/g, '\n').slice(0, MAX_BODY_CHARS);
  if (raw && /^from:/im.test(raw)) {
    // The headers say who sent it, to whom and when, as they did in the recipient's mailbox.
    const { headers, inquiry } = await parseRawMessage(`${raw}\r\n\r\n`);
    return {
      raw,
      inquiry: {
        ...inquiry,
        subject: inquiry.subject || (fields.subject ?? '').slice(0, L.subject),
        bodyText: body,
        threadId: threadIdOf(headers, inquiry.messageId),
      },
    };
  }
  const messageId = (fields.messageId ?? '').replace(/^<|>$/g, '').slice(0, L.id - 'mid:'.length);
  const date = Date.parse(fields.messageDeliveryTime ?? fields.clientSubmitTime ?? '');
  const inquiry = EmailInquirySchema.parse({
    webmail: 'outlook',
    messageId,
    threadId: messageId ? `mid:${messageId}` : '',
    from: {
      name: (fields.senderName ?? '').slice(0, L.name),
      email: smtp(fields.senderSmtpAddress, fields.senderEmail),
    },
    to: recipients(fields, 'to'),
    cc: recipients(fields, 'cc'),
    subject: (fields.subject ?? '').slice(0, L.subject),
    date: Number.isFinite(date) ? date : 0,
    bodyText: body,
  });
  return { raw, inquiry };
}

/** Reads a .msg file; null when it is not a readable message. */
export async function readMsg(bytes: Uint8Array): Promise<{ inquiry: EmailInquiry; raw: string } | null> {
  try {
    // Loaded on first use: the panel downloads the reader only when a .msg arrives.
    const { default: MsgReader } = await import('@kenjiuno/msgreader');
    const copy = bytes.slice().buffer;
    const fields = new MsgReader(copy).getFileData() as MsgFields & { error?: string };
    if (fields.error) return null;
    return await msgToInquiry(fields);
  } catch {
    return null;
  }
}
