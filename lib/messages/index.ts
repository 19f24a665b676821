import { z } from 'zod';
import { CardSchema } from '../enrich/card';
import {
  EMAIL_LIMITS as L,
  EmailInquirySchema,
  MAX_RAW_HEADER_CHARS,
  PageStateSchema,
  refusedState,
  unreadableFieldOf,
} from '../email';
import { QuietReasonSchema } from '../privacy/neverLog';
import { MAX_DRAFT_CHARS, MAX_PICKED_ADDRESS, parseToContent, type ToContent } from './to-content';

// Every message between the extension's contexts, as zod schemas, one per direction:
//   content script → background   ContentToBackgroundSchema
//   extension page → background   PanelToBackgroundSchema
//   background → extension pages  BackgroundToPanelSchema
//   background or panel → content ToContentSchema (applied by toContent; the content script's own
//                                 receipt check is the plain parseToContent of ./to-content.ts)
// Types come from the schemas; every receiver safeParses what it receives and refuses what
// fails with a reason ("there is no silent pass path").
//
// A floor: this folder imports zod and the schemas of what the messages carry (the email, the
// card, the quiet reason), never the rooms that send or receive them (a test walks its imports).
// Content scripts import only ./to-content.ts (no schema library) and types from here (erased at
// build time), so zod stays in the background and the pages.

export { MAX_DRAFT_CHARS, parseToContent, type ToContent };

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

/** What a webmail content script may send the background. */
export const ContentToBackgroundSchema = z.discriminatedUnion('type', [
  // What its page shows now.
  z.object({ type: z.literal('page/state'), state: PageStateSchema }),
  // The raw header block of a message (fetched same-origin).
  z.object({
    type: z.literal('page/raw'),
    messageId: z.string().max(L.id),
    raw: z.string().max(400_000),
  }),
]);
export type ContentToBackground = z.infer<typeof ContentToBackgroundSchema>;

/** The webmail pages' and the side panel's long-lived ports (lib/messages/page-port.ts). */
export { PAGE_PORT, PANEL_PORT } from './page-port';

/** The wake-up every extension page sends after a write to the book (lib/db/wake.ts): it carries nothing. */
export const FEED_WRITTEN_TYPE = 'feed/written';

/** What an extension page (side panel, options, dashboard, the tests' and benchmark's pages) may send the background. */
export const PanelToBackgroundSchema = z.discriminatedUnion('type', [
  // The current view.
  z.object({ type: z.literal('panel/get') }),
  // (The tests, the benchmark): how many times each opened message's card was built and updated
  // (lib/background/card.ts).
  z.object({ type: z.literal('card/counts') }),
  // Put a draft into the open tab's reply box.
  z.object({ type: z.literal('compose/insert'), text: z.string().max(MAX_DRAFT_CHARS) }),
  // Sent by lib/db/wake.ts after any write to the book (never by hand): wake up and read the
  // change feed. It carries nothing: what changed is in the feed.
  z.object({ type: z.literal(FEED_WRITTEN_TYPE) }),
  // (The benchmark, a test): value the whole book now; answered when done. Not a change report:
  // writes are read from the change feed.
  z.object({ type: z.literal('value/recompute') }),
  // The card of a dropped or pasted email (lib/anymail), built as for an open one.
  z.object({
    type: z.literal('anymail/card'),
    inquiry: EmailInquirySchema,
    raw: z.string().max(MAX_RAW_HEADER_CHARS),
  }),
  // Pasted headers of the open message (Outlook shows none), completing its origin.
  z.object({
    type: z.literal('anymail/headers'),
    messageId: z.string().max(L.id),
    raw: z.string().max(MAX_RAW_HEADER_CHARS),
  }),
]);
export type PanelToBackground = z.infer<typeof PanelToBackgroundSchema>;

/** Every message the background accepts, whoever sent it (each sender is held to its own schema). */
export type BackgroundMessage = ContentToBackground | PanelToBackground;

export const InsertResultSchema = z.object({ ok: z.boolean(), reason: z.string().max(500).optional() });
export type InsertResult = z.infer<typeof InsertResultSchema>;

/** What the background sends the extension pages. */
export const BackgroundToPanelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('panel/changed'), view: PanelViewSchema }),
]);
export type BackgroundToPanel = z.infer<typeof BackgroundToPanelSchema>;

/** The one typed way for the background to tell the pages something. */
export function toPanel(message: BackgroundToPanel): BackgroundToPanel {
  return message;
}

/** What may be sent to a content script, checked by the sender before it goes. */
export const ToContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('compose/insert'), text: z.string().max(MAX_DRAFT_CHARS) }),
  z.object({ type: z.literal('page/report') }),
  z.object({
    type: z.literal('page/pick-sender'),
    email: z
      .string()
      .max(MAX_PICKED_ADDRESS)
      .regex(/^[^\s@<>]+@[^\s@<>]+$/),
    name: z.string().default(''),
  }),
]);

/** The one typed way to tell a content script something: checked here, in the sender, before it goes. */
export function toContent(message: ToContent): ToContent {
  return ToContentSchema.parse(message);
}

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
  message: { type: typeof FEED_WRITTEN_TYPE | 'value/recompute' },
): Promise<void>;
export async function askBackground(
  runtime: Runtime,
  message: { type: 'anymail/card'; inquiry: z.infer<typeof EmailInquirySchema>; raw: string },
): Promise<PanelView>;
export async function askBackground(
  runtime: Runtime,
  message: { type: 'anymail/headers'; messageId: string; raw: string },
): Promise<InsertResult>;
export async function askBackground(runtime: Runtime, message: PanelToBackground): Promise<unknown> {
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
