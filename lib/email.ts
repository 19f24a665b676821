import { z } from 'zod';
import { CUT_FIELDS, EMAIL_LIMITS as L, READ_LAYERS } from './email-limits';
import { stripMarkup } from './plain-text';

// What a webmail adapter reads from the open message. Content scripts build it
// without zod (to stay light); the background validates it on arrival. A name and a subject lose
// any markup at this door (lib/plain-text.ts), so every consumer of a card gets plain text.

export const MailboxSchema = z.object({
  name: z.string().max(L.name).overwrite(stripMarkup).default(''),
  email: z.string().max(L.address),
});
export type Mailbox = z.infer<typeof MailboxSchema>;

export const WEBMAILS = ['gmail', 'outlook'] as const;
export type Webmail = (typeof WEBMAILS)[number];

export { EMAIL_LIMITS } from './email-limits';
/** Longest plain-text body kept from a message. */
export const MAX_BODY_CHARS = L.body;
/** Longest raw header block kept. */
export const MAX_RAW_HEADER_CHARS = L.rawHeaders;

export const EmailInquirySchema = z.object({
  webmail: z.enum(WEBMAILS),
  /** The signed-in mailbox address, when the page shows it. */
  account: z.string().max(L.address).default(''),
  threadId: z.string().max(L.id).default(''),
  messageId: z.string().max(L.id).default(''),
  /** The page address that reopens this thread. */
  url: z.string().max(L.url).default(''),
  from: MailboxSchema,
  replyTo: z.array(MailboxSchema).max(L.replyTo).default([]),
  to: z.array(MailboxSchema).max(L.recipients).default([]),
  cc: z.array(MailboxSchema).max(L.recipients).default([]),
  subject: z.string().max(L.subject).overwrite(stripMarkup).default(''),
  /** Epoch ms of the message, 0 when unknown. */
  date: z.number().default(0),
  bodyText: z.string().max(MAX_BODY_CHARS).default(''),
  /** Messages in the open conversation, oldest first (for reply tracking). */
  thread: z
    .array(z.object({ from: z.string().max(L.address), date: z.number() }))
    .max(L.thread)
    .default([]),
  /** Which layer of the page reader read each field (a weaker one is marked in the card). */
  readBy: z
    .object({ from: z.enum(READ_LAYERS), subject: z.enum(READ_LAYERS), body: z.enum(READ_LAYERS) })
    .partial()
    .default({}),
  /** Fields the reader cut to fit the limits or its reading budget. */
  cut: z.array(z.enum(CUT_FIELDS)).max(CUT_FIELDS.length).default([]),
});
export type EmailInquiry = z.infer<typeof EmailInquirySchema>;
export type EmailInquiryInput = z.input<typeof EmailInquirySchema>;

/**
 * What the panel names when it cannot show an email: a part of the message the page did not give
 * ('message', 'sender', 'body'), or the part of an update the background or the panel refused
 * (too long or malformed), which then replaces the card instead of leaving the previous one up.
 */
export const UNREADABLE_FIELDS = [
  'message',
  'sender',
  'subject',
  'body',
  'recipients',
  'thread',
  'origin',
  'risk',
] as const;
export type UnreadableField = (typeof UNREADABLE_FIELDS)[number];

/** The reason of an update refused at a door (the notice names the field it failed on). */
export const REFUSED_UPDATE = 'refused-update';

const INQUIRY_FIELDS: Partial<Record<string, UnreadableField>> = {
  from: 'sender',
  subject: 'subject',
  bodyText: 'body',
  to: 'recipients',
  cc: 'recipients',
  replyTo: 'recipients',
  thread: 'thread',
};

/**
 * The field a refused update failed on, from its schema issue's path: a field of the email
 * (`…inquiry.from.name` is the sender), or the card's origin or risk; 'message' for anything else.
 */
export function unreadableFieldOf(path: readonly PropertyKey[]): UnreadableField {
  const at = path.indexOf('inquiry');
  if (at >= 0) return INQUIRY_FIELDS[String(path[at + 1])] ?? 'message';
  if (path.includes('counterpart')) return 'sender';
  if (path.includes('origin')) return 'origin';
  if (path.includes('risk')) return 'risk';
  return 'message';
}

/** What the open webmail tab shows, as its content script reports it. */
export const PageStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('inquiry'), inquiry: EmailInquirySchema }),
  /** A mail list or any page with no message open. */
  z.object({
    kind: z.literal('none'),
    webmail: z.enum(WEBMAILS),
    account: z.string().max(L.address).default(''),
  }),
  /** A message seems open but could not be read: the panel says so, naming the field. */
  z.object({
    kind: z.literal('unreadable'),
    webmail: z.enum(WEBMAILS),
    reason: z.string().max(L.reason),
    /** The field that could not be read ('message' when no message was found at all). */
    field: z.enum(UNREADABLE_FIELDS).optional(),
    /** Addresses seen on the page, for the rep to pick the sender from. */
    candidates: z.array(MailboxSchema).max(L.candidates).default([]),
  }),
]);
export type PageState = z.infer<typeof PageStateSchema>;
export type PageStateInput = z.input<typeof PageStateSchema>;

/**
 * The state that replaces an update refused at a door, naming the field it failed on: the panel
 * then says it could not read this email, and never keeps showing the previous email's card.
 */
export function refusedState(
  webmail: unknown,
  field: UnreadableField,
): Extract<PageState, { kind: 'unreadable' }> {
  return {
    kind: 'unreadable',
    webmail: WEBMAILS.includes(webmail as Webmail) ? (webmail as Webmail) : 'gmail',
    reason: REFUSED_UPDATE,
    field,
    candidates: [],
  };
}
