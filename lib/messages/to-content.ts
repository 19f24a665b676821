import { EMAIL_LIMITS as L } from '../email-limits';

// What the background (and the side panel) may send a webmail content script. The schema, in
// zod, lives with the other directions in ./index.ts and is applied by the sender (toContent),
// so no schema library lands in the content scripts the webmail page loads on every visit
// (budget 40 KB). What the content script does on receipt is this plain check of the same three
// shapes: it refuses anything else and says which field. It imports nothing but the limits.

/** The longest draft put into the webmail's reply box. */
export const MAX_DRAFT_CHARS = 50_000;

/** The longest address the rep can pick as the sender (the page readers' own limit). */
export const MAX_PICKED_ADDRESS = L.address;

export type ToContent =
  // Put a draft into the open message's reply box; answered with an InsertResult.
  | { type: 'compose/insert'; text: string }
  // Read the page again and report it (the panel opened late, the worker restarted).
  | { type: 'page/report' }
  // From the side panel: the sender the rep picked among the page's addresses.
  | { type: 'page/pick-sender'; email: string; name: string };

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/** A message to a content script, checked on receipt: the message, or why it was refused (the first field that failed). */
export function parseToContent(
  raw: unknown,
): { ok: true; message: ToContent } | { ok: false; reason: string } {
  const refuse = (field: string, why: string) => ({ ok: false as const, reason: `refused: ${field} ${why}` });
  if (typeof raw !== 'object' || raw === null) return refuse('message', 'is not an object');
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'page/report':
      return { ok: true, message: { type: 'page/report' } };
    case 'compose/insert':
      if (typeof m.text !== 'string') return refuse('text', 'is not text');
      if (m.text.length > MAX_DRAFT_CHARS) return refuse('text', `is longer than ${MAX_DRAFT_CHARS}`);
      return { ok: true, message: { type: 'compose/insert', text: m.text } };
    case 'page/pick-sender': {
      if (typeof m.email !== 'string' || m.email.length > MAX_PICKED_ADDRESS || !ADDRESS.test(m.email))
        return refuse('email', 'is not an address');
      if (m.name !== undefined && typeof m.name !== 'string') return refuse('name', 'is not text');
      return { ok: true, message: { type: 'page/pick-sender', email: m.email, name: m.name ?? '' } };
    }
    default:
      return refuse('type', 'is not a message a content script takes');
  }
}
