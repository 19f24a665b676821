import { z } from 'zod';
import { CardSchema } from '../enrich/card';
import { REPLY_AIMS } from '../knowledge/fields';

// What the side panel and options page say to the background about replies, over
// a runtime Port named REPLY_PORT_NAME: one port per request, the first message is
// the request, the background answers with events and disconnects after the last.
// Both ends safeParse everything.

export const REPLY_PORT_NAME = 'replies';

export const ReplyAimSchema = z.enum(REPLY_AIMS);
export { REPLY_AIMS, type ReplyAim } from '../knowledge/fields';

/** Why a reply could not come from the LLM endpoint (i18n: replies.error.<code>). */
export const REPLY_ERROR_CODES = [
  'auth',
  'rate-limit',
  'timeout',
  'network',
  'not-found',
  'bad-request',
  'server',
  'malformed',
  'not-configured',
  'invalid-request',
  'unknown',
] as const;
export const ReplyErrorCodeSchema = z.enum(REPLY_ERROR_CODES);
export type ReplyErrorCode = z.infer<typeof ReplyErrorCodeSchema>;

const params = z.record(z.string().max(50), z.union([z.string().max(500), z.number()]));

/** A fact a draft used: a knowledge item, something from this customer's history, or the card. */
export const ReplyFactSchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('knowledge'),
    id: z.string().max(100),
    kind: z.enum(['product', 'faq', 'template']),
    title: z.string().max(500),
  }),
  /** i18n: replies.fact.<key> with params. */
  z.object({ source: z.literal('history'), key: z.string().max(50), params }),
  z.object({ source: z.literal('card'), key: z.string().max(50), params }),
]);
export type ReplyFact = z.infer<typeof ReplyFactSchema>;

export const ReplyDraftSchema = z.object({
  id: z.string().max(100),
  aim: ReplyAimSchema,
  /** BCP 47 language of the text. */
  language: z.string().max(20),
  /** The language asked for had no template, so the draft is in English. */
  languageFallback: z.boolean().default(false),
  text: z.string().max(50_000),
  facts: z.array(ReplyFactSchema).max(50),
  source: z.enum(['template', 'llm']),
  /** For a template draft in another language: the same draft rendered from the Chinese templates. */
  templateGloss: z.string().max(50_000).optional(),
});
export type ReplyDraft = z.infer<typeof ReplyDraftSchema>;
export type ReplyDraftInput = z.input<typeof ReplyDraftSchema>;

export const LlmSettingsInputSchema = z.object({
  baseURL: z.string().max(2000),
  apiKey: z.string().max(1000),
  model: z.string().max(200),
});

export const ReplyRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('drafts'),
    card: CardSchema,
    /** Only this aim (regenerate one draft); all that fit the card when absent. */
    aim: ReplyAimSchema.optional(),
    /** Reply in this language instead of the inquiry's. */
    language: z.string().max(20).optional(),
  }),
  z.object({ type: z.literal('gloss'), text: z.string().min(1).max(50_000) }),
  /** Try the saved endpoint, or the one the form holds before it is saved. */
  z.object({ type: z.literal('test'), settings: LlmSettingsInputSchema.optional() }),
]);
export type ReplyRequest = z.infer<typeof ReplyRequestSchema>;
export type ReplyRequestInput = z.input<typeof ReplyRequestSchema>;

export const ReplyEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('draft-start'),
    draftId: z.string().max(100),
    aim: ReplyAimSchema,
    language: z.string().max(20),
    source: z.enum(['template', 'llm']),
  }),
  z.object({ type: z.literal('delta'), draftId: z.string().max(100), text: z.string().max(50_000) }),
  z.object({ type: z.literal('draft-done'), draft: ReplyDraftSchema }),
  /** The endpoint failed: drafts not finished by it come from templates instead. */
  z.object({
    type: z.literal('error'),
    code: ReplyErrorCodeSchema,
    fallback: z.array(ReplyDraftSchema).max(5),
  }),
  z.object({ type: z.literal('done') }),
  z.object({ type: z.literal('gloss'), text: z.string().max(50_000) }),
  z.object({ type: z.literal('gloss-error'), code: ReplyErrorCodeSchema }),
  z.object({
    type: z.literal('test-result'),
    ok: z.boolean(),
    code: ReplyErrorCodeSchema.optional(),
    model: z.string().max(200).optional(),
    latencyMs: z.number().finite().optional(),
  }),
]);
export type ReplyEvent = z.infer<typeof ReplyEventSchema>;
export type ReplyEventInput = z.input<typeof ReplyEventSchema>;
