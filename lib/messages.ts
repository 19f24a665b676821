import { z } from 'zod';
import { CardSchema } from './enrich/card';
import {
  EMAIL_LIMITS as L,
  EmailInquirySchema,
  MAX_RAW_HEADER_CHARS,
  PageStateSchema,
  refusedState,
  unreadableFieldOf,
} from './email';
import { QuietReasonSchema } from './privacy/neverLog';
import { FEED_WRITTEN } from './db/wake';

// Every message between the extension's contexts, as zod schemas. Types come
// from the schemas; the receiver safeParses every message and drops what fails
// with a logged reason ("there is no silent pass path").
//
// Content scripts import only the *types* from here (erased at build time), so
// zod never lands in the content-script bundle; the background validates.

/** What the side panel shows: the open tab's page state and, for an email, its card. */
export const PanelViewSchema = z.object({
  tabId: z.number().int().nullable(),
  state: PageStateSchema.nullable(),
  card: CardSchema.nullable(),
  /** Set when enrichment failed: the panel shows it instead of a card. */
  error: z.string().max(1000).nullable(),
  /** Set for mail on the never-log list or between colleagues: a quiet card, nothing logged (lib/privacy). */
  quiet: QuietReasonSchema.nullable().optional(),
});
export type PanelView = z.infer<typeof PanelViewSchema>;

/**
 * A view as the panel may show it: checked against the schema (which cuts evidence and strips
 * markup), or, when it fails, a could-not-read notice naming the field it failed on. The background
 * sends only checked views and the panel checks what it receives, so a view either side cannot
 * accept replaces the card instead of leaving the previous email's card up (issue 16).
 */
export function checkedView(raw: unknown): PanelView {
  const parsed = PanelViewSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const view = raw as {
    tabId?: unknown;
    state?: { webmail?: unknown } | null;
    card?: { inquiry?: { webmail?: unknown } } | null;
  } | null;
  const tabId = view?.tabId;
  return {
    tabId: typeof tabId === 'number' && Number.isInteger(tabId) ? tabId : null,
    state: refusedState(
      view?.state?.webmail ?? view?.card?.inquiry?.webmail,
      unreadableFieldOf(parsed.error.issues[0]?.path ?? []),
    ),
    card: null,
    error: null,
  };
}

/** The view a 'panel/changed' broadcast carries, checked; null for any other message. */
export function broadcastView(message: unknown): PanelView | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, view } = message as { type?: unknown; view?: unknown };
  if (type !== 'panel/changed' || typeof view !== 'object' || view === null) return null;
  return checkedView(view);
}

/** Messages the background accepts, with who may send them. */
export const BackgroundMessageSchema = z.discriminatedUnion('type', [
  // From a webmail content script: what its page shows now.
  z.object({ type: z.literal('page/state'), state: PageStateSchema }),
  // From a webmail content script: the raw header block of a message (fetched same-origin).
  z.object({
    type: z.literal('page/raw'),
    messageId: z.string().max(L.id),
    raw: z.string().max(400_000),
  }),
  // From an extension page: the current view.
  z.object({ type: z.literal('panel/get') }),
  // From an extension page (the tests, the benchmark): how many times each opened message's card
  // was built and updated (lib/background/card.ts).
  z.object({ type: z.literal('card/counts') }),
  // From an extension page: put a draft into the open tab's reply box.
  z.object({ type: z.literal('compose/insert'), text: z.string().max(50_000) }),
  // From an extension page, sent by lib/db/wake.ts after any write to the book (never by hand):
  // wake up and read the change feed. It carries nothing: what changed is in the feed.
  z.object({ type: z.literal(FEED_WRITTEN.type) }),
  // From an extension page (the benchmark, a test): value the whole book now; answered when done.
  // Not a change report: writes are read from the change feed.
  z.object({ type: z.literal('value/recompute') }),
  // From an extension page: the card of a dropped or pasted email (lib/anymail), built as for an open one.
  z.object({
    type: z.literal('anymail/card'),
    inquiry: EmailInquirySchema,
    raw: z.string().max(MAX_RAW_HEADER_CHARS),
  }),
  // From an extension page: pasted headers of the open message (Outlook shows none), completing its origin.
  z.object({
    type: z.literal('anymail/headers'),
    messageId: z.string().max(L.id),
    raw: z.string().max(MAX_RAW_HEADER_CHARS),
  }),
]);
export type BackgroundMessage = z.infer<typeof BackgroundMessageSchema>;

/** Which context may send each message: content scripts come from a tab, pages from the extension. */
export const CONTENT_MESSAGES: ReadonlySet<BackgroundMessage['type']> = new Set(['page/state', 'page/raw']);

export const InsertResultSchema = z.object({ ok: z.boolean(), reason: z.string().max(500).optional() });
export type InsertResult = z.infer<typeof InsertResultSchema>;

/** Messages the background sends to extension pages. */
export const PageBroadcastSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('panel/changed'), view: PanelViewSchema }),
]);
export type PageBroadcast = z.infer<typeof PageBroadcastSchema>;

/** Messages the background sends to a content script. */
export const ContentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('compose/insert'), text: z.string().max(50_000) }),
  // Ask the page to read itself again (the panel opened late, the worker restarted).
  z.object({ type: z.literal('page/report') }),
  // From the side panel: the sender the rep picked among the page's addresses, when the page's own could not be read.
  z.object({
    type: z.literal('page/pick-sender'),
    email: z.string().max(L.address),
    name: z.string().max(L.name).default(''),
  }),
]);
export type ContentMessage = z.infer<typeof ContentMessageSchema>;

interface Runtime {
  sendMessage(message: unknown): Promise<unknown>;
}

/** The one typed way for an extension page to talk to the background. */
export async function askBackground(runtime: Runtime, message: { type: 'panel/get' }): Promise<PanelView>;
export async function askBackground(
  runtime: Runtime,
  message: { type: 'compose/insert'; text: string },
): Promise<InsertResult>;
export async function askBackground(
  runtime: Runtime,
  message: { type: 'feed/written' | 'value/recompute' },
): Promise<void>;
export async function askBackground(
  runtime: Runtime,
  message: { type: 'anymail/card'; inquiry: z.infer<typeof EmailInquirySchema>; raw: string },
): Promise<PanelView>;
export async function askBackground(
  runtime: Runtime,
  message: { type: 'anymail/headers'; messageId: string; raw: string },
): Promise<InsertResult>;
export async function askBackground(runtime: Runtime, message: BackgroundMessage): Promise<unknown> {
  const reply = await runtime.sendMessage(message);
  switch (message.type) {
    case 'panel/get':
    case 'anymail/card':
      // No answer at all is the background's failure, not this email's: that still throws.
      return typeof reply === 'object' && reply !== null ? checkedView(reply) : PanelViewSchema.parse(reply);
    case 'compose/insert':
    case 'anymail/headers':
      return InsertResultSchema.parse(reply);
    default:
      return undefined;
  }
}
