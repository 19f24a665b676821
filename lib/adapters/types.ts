import type { Mailbox, PageStateInput, Webmail } from '../email';
import { unreadableState } from './fit';

// What every webmail adapter offers. Adapters run in a content script, so they
// import only types from lib (no zod at run time) and take the page's world
// (`document`, `location`, `fetch`) as parameters so tests can hand them a saved page.

export interface WebmailAdapter {
  id: Webmail;
  /** Whether this adapter reads pages at this address. */
  matches(url: string): boolean;
  /** What the page shows now. Never throws: a page it cannot read is 'unreadable'. */
  read(doc: Document, loc: PageLocation, hints?: ReadHints): PageStateInput;
}

/** What the rep told the reader about the open message. */
export interface ReadHints {
  /** The sender the rep picked from the page's addresses when the reader could not find it. */
  from?: Mailbox;
}

/** The parts of `location` an adapter reads. */
export type PageLocation = Pick<Location, 'href' | 'hash' | 'pathname' | 'origin' | 'search'>;

/**
 * Why a page could not be read, as a code the panel translates (the panel's
 * panel.state.reasons.*); 'read-failed:<error name>' carries the error's name.
 */
export type UnreadableReason =
  | 'no-message-markup'
  | 'no-expanded-message'
  | 'no-sender'
  | 'no-body'
  | `read-failed:${string}`;

export function unreadablePage(
  webmail: Webmail,
  reason: UnreadableReason,
  candidates: Mailbox[] = [],
): PageStateInput {
  return unreadableState(webmail, reason, candidates);
}
