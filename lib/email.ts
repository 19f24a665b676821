import { z } from 'zod';

// What a webmail adapter reads from the open message. Content scripts build it
// without zod (to stay light); the background validates it on arrival.

export const MailboxSchema = z.object({
  name: z.string().max(300).default(''),
  email: z.string().max(320),
});
export type Mailbox = z.infer<typeof MailboxSchema>;

export const WEBMAILS = ['gmail', 'outlook'] as const;
export type Webmail = (typeof WEBMAILS)[number];

/** Longest plain-text body kept from a message: enough for any inquiry and its signature. */
export const MAX_BODY_CHARS = 50_000;
/** Longest raw header block kept: Received chains of real mail stay far below this. */
export const MAX_RAW_HEADER_CHARS = 200_000;

export const EmailInquirySchema = z.object({
  webmail: z.enum(WEBMAILS),
  /** The signed-in mailbox address, when the page shows it. */
  account: z.string().max(320).default(''),
  threadId: z.string().max(200).default(''),
  messageId: z.string().max(200).default(''),
  /** The page address that reopens this thread. */
  url: z.string().max(2000).default(''),
  from: MailboxSchema,
  replyTo: z.array(MailboxSchema).max(50).default([]),
  to: z.array(MailboxSchema).max(500).default([]),
  cc: z.array(MailboxSchema).max(500).default([]),
  subject: z.string().max(2000).default(''),
  /** Epoch ms of the message, 0 when unknown. */
  date: z.number().default(0),
  bodyText: z.string().max(MAX_BODY_CHARS).default(''),
  /** Messages in the open conversation, oldest first (for reply tracking). */
  thread: z
    .array(z.object({ from: z.string().max(320), date: z.number() }))
    .max(500)
    .default([]),
});
export type EmailInquiry = z.infer<typeof EmailInquirySchema>;
export type EmailInquiryInput = z.input<typeof EmailInquirySchema>;

/** What the open webmail tab shows, as its content script reports it. */
export const PageStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('inquiry'), inquiry: EmailInquirySchema }),
  /** A mail list or any page with no message open. */
  z.object({ kind: z.literal('none'), webmail: z.enum(WEBMAILS), account: z.string().max(320).default('') }),
  /** A message seems open but could not be read: the panel says so. */
  z.object({ kind: z.literal('unreadable'), webmail: z.enum(WEBMAILS), reason: z.string().max(500) }),
]);
export type PageState = z.infer<typeof PageStateSchema>;
export type PageStateInput = z.input<typeof PageStateSchema>;
