import type { EmailInquiry } from '../email';
import type { Enrichers } from '../enrich/enrich';
import { detectLanguage } from '../lang/detect';
import { parseHeaderBlock } from '../mail/parse';
import { computeOrigin } from '../origin/origin';
import type { IpDatabase } from '../origin/ipdb';
import { computeRisk } from '../risk/risk';
import { getCustomerValue } from '../value/recompute';

/**
 * The card's analyses, wired to the real libraries: origin from the raw headers
 * and the offline IP database, risk from the book's facts, value from the
 * stored figures, and the email's language. The IP database is loaded by the
 * caller once and handed in; until it is, IPs show without a country.
 */
export function realEnrichers(ipdb: () => Promise<IpDatabase | null>) {
  return async (_inquiry: EmailInquiry, rawHeaders: string | null): Promise<Enrichers> => {
    const [headers, database] = await Promise.all([
      rawHeaders ? parseHeaderBlock(rawHeaders).catch(() => null) : Promise.resolve(null),
      ipdb().catch(() => null),
    ]);
    return {
      origin: (inquiry) => computeOrigin({ headers, inquiry, ipdb: database }),
      risk: (inquiry, origin, facts) => computeRisk({ inquiry, origin, ...facts }),
      value: (db, companyId) => getCustomerValue(db, companyId),
      language: detectLanguage,
    };
  };
}

/** Loads a resource once and shares the promise; a failed load is retried on the next call. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
