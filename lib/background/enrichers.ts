import type { EmailInquiry } from '../email';
import type { Enrichers } from '../enrich/enrich';
import { detectLanguage } from '../lang/detect';
import type { MailHeaders } from '../mail/parse';
import { computeOrigin } from '../origin/origin';
import type { IpDatabase } from '../origin/ipdb';
import { computeRisk } from '../risk/risk';
import type { CrmDb } from '../db/db';
import { BookIndex } from '../enrich/facts';
import type { ValueSink } from '../value/changes';
import { asCustomerValue, lastFullRecompute, recomputeCompany, VALUE_MAX_AGE_MS } from '../value/recompute';
import type { CustomerValue } from '../value/schema';

/** Up to this many companies, a book never valued is valued on its first card instead of after it. */
export const VALUE_INLINE_MAX_COMPANIES = 5000;

/**
 * The card's value slot without making the rep wait: the stored row when it is
 * from after the last full recompute (refreshed after the card is shown when it
 * is a day old), else one company's computation from its records (a few ms).
 * A book never valued as a whole has no ranking to place anyone in: a small
 * one is valued here first (well under a second), a big one is left to the
 * scheduler (at 100k companies the first time takes a minute) and the card
 * shows without a value, then redraws with it.
 */
export async function storedValueFirst(
  db: CrmDb,
  companyId: string,
  now = Date.now(),
  revalue: ValueSink = () => undefined,
  valuing: () => boolean = () => false,
  /**
   * Whether the ranking for one company's valuation is held (lib/value/recompute.ts
   * valueCacheReady). The background passes it: while the ranking is being loaded (after the
   * worker started, or after the book was valued in the valuation worker) a card never loads the
   * whole book's ranking itself: it shows the company's row as stored and the scheduler revalues
   * it once the ranking is in (the card redraws with the new row).
   */
  rankingHeld: () => boolean = () => true,
): Promise<CustomerValue | null> {
  // While the whole book is valued, the card never waits for it (nor reads the ranking it is
  // replacing): it shows the company's last row, or none, and is read again once the valuation
  // is written (lib/background/card.ts, valuesRevalued).
  if (valuing()) return asCustomerValue(await db.companyValues.get(companyId));
  const [row, lastFull] = await Promise.all([db.companyValues.get(companyId), lastFullRecompute(db)]);
  if (lastFull === null && (await db.companies.count()) > VALUE_INLINE_MAX_COMPANIES) {
    void revalue({ companyIds: [companyId], all: false });
    return null;
  }
  // A row older than the last full recompute is computed again here, from this company's records.
  const stored = row && lastFull !== null && row.computedAt >= lastFull ? asCustomerValue(row) : null;
  if (!stored && lastFull !== null && !rankingHeld()) {
    void revalue({ companyIds: [companyId], all: false });
    return asCustomerValue(row);
  }
  if (!stored) return asCustomerValue(await recomputeCompany(db, companyId, now));
  // Old figures are shown now and refreshed by the value scheduler, in turn with every other recompute.
  if (now - row!.computedAt > VALUE_MAX_AGE_MS) void revalue({ companyIds: [companyId], all: false });
  return stored;
}

/**
 * The card's analyses, wired to the real libraries: origin from the message's headers (parsed once, by the service, when the page sends them)
 * and the offline IP database, risk from the book's facts, value from the
 * stored figures, and the email's language. The IP database is loaded by the
 * caller once (the background: when it starts) and handed in; a card with headers waits for it.
 */
export function realEnrichers(
  ipdb: () => Promise<IpDatabase | null>,
  bookIndex?: BookIndex,
  /** Where a stale or missing value row is sent to be computed off the card's path (the scheduler). */
  revalue?: ValueSink,
  /** Whether a whole-book valuation is waiting or running (the scheduler's valuing). */
  valuing?: () => boolean,
  /** Whether the ranking is held (see storedValueFirst). */
  rankingHeld?: () => boolean,
) {
  return async (_inquiry: EmailInquiry, headers: MailHeaders | null): Promise<Enrichers> => {
    // Only the headers' addresses are looked up: a card built before they arrived (the first
    // opening of a message) never waits for the database to load.
    const database = headers ? await ipdb().catch(() => null) : null;
    return {
      origin: (inquiry) => computeOrigin({ headers, inquiry, ipdb: database }),
      risk: (inquiry, origin, facts) => computeRisk({ inquiry, origin, ...facts }),
      value: (db, companyId) => storedValueFirst(db, companyId, Date.now(), revalue, valuing, rankingHeld),
      bookIndex,
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
