import * as v from 'valibot';
import { EMAIL_LIMITS as L } from '../email-limits';

// What the background (and the side panel) may send a webmail content script, as the schema the
// content script itself parses. The one schema of this direction is written with valibot, not
// zod: this file is the only schema code in the content scripts' bundle, which the webmail page
// loads on every visit, and valibot's tree-shaken parse of these three messages weighs about
// 5 KB where zod's smallest build (zod/mini) weighs 19 KB (the script itself is 16 KB, its
// budget 40 KB). It imports nothing but valibot and the field limits.

/** The longest draft put into the webmail's reply box. */
export const MAX_DRAFT_CHARS = 50_000;

export const ToContentSchema = v.variant('type', [
  // Put a draft into the open message's reply box; answered with an InsertResult.
  v.object({ type: v.literal('compose/insert'), text: v.pipe(v.string(), v.maxLength(MAX_DRAFT_CHARS)) }),
  // Read the page again and report it (the panel opened late, the worker restarted).
  v.object({ type: v.literal('page/report') }),
  // From the side panel: the sender the rep picked among the page's addresses, when the page's
  // own could not be read.
  v.object({
    type: v.literal('page/pick-sender'),
    email: v.pipe(v.string(), v.maxLength(L.address), v.regex(/^[^\s@<>]+@[^\s@<>]+$/)),
    name: v.optional(v.string(), ''),
  }),
]);
export type ToContent = v.InferOutput<typeof ToContentSchema>;

/** A message to a content script, parsed: the message, or why it was refused (the first field that failed). */
export function parseToContent(
  raw: unknown,
): { ok: true; message: ToContent } | { ok: false; reason: string } {
  const parsed = v.safeParse(ToContentSchema, raw);
  if (parsed.success) return { ok: true, message: parsed.output };
  const issue = parsed.issues[0];
  const field = issue.path?.map((p) => String(p.key)).join('.') || 'message';
  return { ok: false, reason: `refused: ${field} ${issue.message}` };
}
