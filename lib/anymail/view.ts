import type { CrmDb } from '../db/db';
import { readCurrentRep } from '../db/book';
import type { EmailInquiry } from '../email';
import { enrichInquiry, type Enrichers } from '../enrich/enrich';
import { parseHeaderBlock, type MailHeaders } from '../mail/parse';
import type { PanelView } from '../messages';
import type { QuietReason } from '../privacy/neverLog';

// The card of a dropped or pasted email, built by the background exactly as
// for a message open in a webmail tab: the same enrichers on the same inquiry
// and header block. It belongs to no tab and is not tracked for "no reply
// yet": a file has no thread to reopen. It writes nothing of its own; the rep
// logs it from the card like any other.

export interface DroppedViewDeps {
  db: CrmDb;
  enrichers: (inquiry: EmailInquiry, headers: MailHeaders | null) => Promise<Enrichers> | Enrichers;
  quietReason?: (inquiry: EmailInquiry) => Promise<QuietReason | null>;
  log?: (message: string) => void;
}

export async function droppedView(
  deps: DroppedViewDeps,
  inquiry: EmailInquiry,
  raw: string,
): Promise<PanelView> {
  // A file has no signed-in mailbox: the rep's own address (noted from the webmail) stands for it,
  // so the rep's own sent mail reads as outgoing and colleagues as colleagues.
  const account = inquiry.account || (await readCurrentRep(deps.db))?.email || '';
  const full: EmailInquiry = { ...inquiry, account };
  const state = { kind: 'inquiry' as const, inquiry: full };
  const quiet = (await deps.quietReason?.(full)) ?? null;
  if (quiet) return { tabId: null, state, card: null, error: null, quiet };
  try {
    const headers = raw.trim() ? await parseHeaderBlock(raw).catch(() => null) : null;
    const card = await enrichInquiry(deps.db, full, await deps.enrichers(full, headers));
    return { tabId: null, state, card, error: null };
  } catch (error) {
    deps.log?.(`enrichment of a dropped email failed: ${String(error)}`);
    return { tabId: null, state, card: null, error: String(error) };
  }
}
