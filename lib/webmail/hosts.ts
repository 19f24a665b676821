// The webmails the extension runs on, listed once. The manifest's host
// permissions (wxt.config.ts), the content scripts' matches, the background's
// sender check, the adapters and every link the extension opens read this list;
// test/unit/permissions.test.ts checks the built manifest against it.
// Imports nothing: wxt.config.ts reads it at build time.

/** Each webmail's hosts, https only, by the adapter id (lib/email.ts WEBMAILS). */
export const WEBMAIL_HOSTS = {
  /** Gmail. */
  gmail: ['mail.google.com'],
  /** Outlook.com / Hotmail (live), Microsoft 365 (office, office365). */
  outlook: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com'],
} as const;

export type WebmailId = keyof typeof WEBMAIL_HOSTS;

const IDS = Object.keys(WEBMAIL_HOSTS) as WebmailId[];

/** The hosts of one webmail, or of all of them. */
export function webmailHosts(webmail?: WebmailId): string[] {
  return webmail ? [...WEBMAIL_HOSTS[webmail]] : IDS.flatMap((id) => WEBMAIL_HOSTS[id]);
}

/** Match patterns (manifest host_permissions, content-script matches, tabs.query) of one webmail or all. */
export function webmailMatches(webmail?: WebmailId): string[] {
  return webmailHosts(webmail).map((host) => `https://${host}/*`);
}

/** The origins a webmail page's messages come from ('https://mail.google.com'). */
export function webmailOrigins(webmail?: WebmailId): string[] {
  return webmailHosts(webmail).map((host) => `https://${host}`);
}

/**
 * The webmail a URL belongs to: an https URL on one of its hosts, with no user,
 * password or port (those never appear on a real webmail page). Anything else,
 * a look-alike host or http: included, belongs to none.
 */
export function webmailOfUrl(url: string | undefined): WebmailId | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return null;
  return IDS.find((id) => (WEBMAIL_HOSTS[id] as readonly string[]).includes(parsed.hostname)) ?? null;
}
