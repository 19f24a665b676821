// Every link stored in the book (a reminder's or a logged contact's thread) opens
// only in a webmail the extension supports: an https URL on one of the hosts of
// the manifest's host_permissions, with no user, password or port. Anything else
// (typed by hand, imported from a bundle, javascript:, http:, a look-alike host)
// gives no link at all.

export const WEBMAIL_HOSTS: ReadonlySet<string> = new Set([
  'mail.google.com',
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
]);

/** The URL when it is an https address on a supported webmail, else undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return undefined;
  return WEBMAIL_HOSTS.has(parsed.hostname) ? url : undefined;
}
