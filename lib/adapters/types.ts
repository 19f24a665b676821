import type { PageStateInput, Webmail } from '../email';

// What every webmail adapter offers. Adapters run in a content script, so they
// import only types from lib (no zod at run time) and take the page's world
// (`document`, `location`, `fetch`) as parameters so tests can hand them a saved page.

export interface WebmailAdapter {
  id: Webmail;
  /** Whether this adapter reads pages at this address. */
  matches(url: string): boolean;
  /** What the page shows now. Never throws: a page it cannot read is 'unreadable'. */
  read(doc: Document, loc: PageLocation): PageStateInput;
}

/** The parts of `location` an adapter reads. */
export type PageLocation = Pick<Location, 'href' | 'hash' | 'pathname' | 'origin'>;

// Copies of limits in lib/email.ts: importing them would pull zod into the
// content-script bundle. registry.test.ts checks they stay equal.
export const BODY_LIMIT = 50_000;
export const RAW_HEADER_LIMIT = 200_000;

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

export function unreadablePage(webmail: Webmail, reason: UnreadableReason): PageStateInput {
  return { kind: 'unreadable', webmail, reason };
}
