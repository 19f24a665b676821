// The one set of size limits for what a webmail page reports. The background's schemas
// (lib/email.ts) check them; the page readers (lib/adapters, run as content scripts) cut every
// field to them before sending, so no page can send an update the background must drop.
// Plain constants: the content scripts import this file, and must not pull zod in.

export const EMAIL_LIMITS = {
  /** A display name. */
  name: 300,
  /** An address (RFC 5321's path limit). */
  address: 320,
  /** A thread or message id. */
  id: 200,
  url: 2000,
  subject: 2000,
  /** Longest plain-text body kept from a message: enough for any inquiry and its signature. */
  body: 50_000,
  replyTo: 50,
  /** To and Cc, each. */
  recipients: 500,
  /** Messages of the open conversation kept for reply tracking. */
  thread: 500,
  /** Why a page could not be read. */
  reason: 500,
  /** Addresses offered to the rep when the sender could not be read. */
  candidates: 20,
  /** Longest raw header block kept: Received chains of real mail stay far below this. */
  rawHeaders: 200_000,
} as const;

/** The fields a reader may cut to fit the limits (reported with the page, so the card can say so). */
export const CUT_FIELDS = ['from', 'subject', 'body', 'to', 'cc', 'replyTo', 'thread', 'ids', 'url'] as const;
export type CutField = (typeof CUT_FIELDS)[number];

/** Which of a reader's layers read a field (issue 15): hooks > aria > structure; 'picked' by the rep. */
export const READ_LAYERS = ['hooks', 'aria', 'structure', 'picked'] as const;
export type ReadLayer = (typeof READ_LAYERS)[number];
