import * as z from 'zod/mini';
import { EMAIL_LIMITS as L } from '../email-limits';

// What the background (and the side panel) may send a webmail content script, as the schema the
// content script itself parses. This file is the only schema code in the content scripts'
// bundle, which the webmail page loads on every visit, so it is written with zod's tree-shaken
// build (zod/mini) rather than the whole of zod. It imports nothing but that and the field limits.

/** The longest draft put into the webmail's reply box. */
export const MAX_DRAFT_CHARS = 50_000;

export const ToContentSchema = z.discriminatedUnion('type', [
  // Put a draft into the open message's reply box; answered with an InsertResult.
  z.object({ type: z.literal('compose/insert'), text: z.string().check(z.maxLength(MAX_DRAFT_CHARS)) }),
  // Read the page again and report it (the panel opened late, the worker restarted).
  z.object({ type: z.literal('page/report') }),
  // From the side panel: the sender the rep picked among the page's addresses, when the page's
  // own could not be read.
  z.object({
    type: z.literal('page/pick-sender'),
    email: z.string().check(z.maxLength(L.address), z.regex(/^[^\s@<>]+@[^\s@<>]+$/)),
    name: z._default(z.optional(z.string()), ''),
  }),
]);
export type ToContent = z.output<typeof ToContentSchema>;

/** A message to a content script, parsed: the message, or why it was refused (the first field that failed). */
export function parseToContent(
  raw: unknown,
): { ok: true; message: ToContent } | { ok: false; reason: string } {
  const parsed = ToContentSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'message';
  return { ok: false, reason: `refused: ${field} ${issue?.message ?? 'invalid'}` };
}
