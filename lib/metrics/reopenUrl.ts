import { safeUrl } from '../webmail/safeUrl';

// A logged thread can be reopened in its webmail, and only there (lib/webmail/safeUrl.ts).

/** The URL, normalised, when it is an https webmail address we may open, else undefined. */
export function reopenUrl(url: string | undefined): string | undefined {
  const safe = safeUrl(url);
  return safe ? new URL(safe).href : undefined;
}
