import { safeUrl } from '../panel/safeUrl';

// A logged thread can be reopened in its webmail, and only there: the link is an
// https URL on one of the webmail hosts the extension runs on (the manifest's
// host_permissions). Anything else stored in `url` (typed by hand, imported from a
// bundle, javascript:, http:, a look-alike host) gives no link at all.

const WEBMAIL_HOSTS = new Set([
  'mail.google.com',
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
]);

/** The URL when it is an https webmail address we may open, else undefined. */
export function reopenUrl(url: string | undefined): string | undefined {
  const safe = safeUrl(url);
  if (!safe) return undefined;
  const parsed = new URL(safe);
  if (parsed.username || parsed.password || parsed.port) return undefined;
  return WEBMAIL_HOSTS.has(parsed.hostname) ? parsed.href : undefined;
}
