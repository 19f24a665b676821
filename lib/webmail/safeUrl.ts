import { webmailOfUrl } from './hosts';

// Every link stored in the book (a reminder's or a logged contact's thread) opens
// only in a webmail the extension supports: an https URL on one of its hosts
// (hosts.ts), with no user, password or port. Anything else (typed by hand,
// imported from a bundle, javascript:, http:, a look-alike host) gives no link at all.

/** The URL when it is an https address on a supported webmail, else undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  return webmailOfUrl(url) ? url : undefined;
}
