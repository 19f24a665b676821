// What `npm run fuzz` does with one hostile email: the card's pipeline as the background runs
// it (parse the raw message, then match the book, origin from the headers, risk, language),
// with the background's own enrichers and a book index kept across emails as the worker keeps it.
// Shared by the Node run and the Chromium page, so both time the same work.
import { realEnrichers } from '../../lib/background/enrichers';
import type { CrmDb } from '../../lib/db/db';
import { enrichInquiry } from '../../lib/enrich/enrich';
import { BookIndex } from '../../lib/enrich/facts';
import { parseRawMessage } from '../../lib/mail/parse';
import type { IpDatabase } from '../../lib/origin/ipdb';

/** The card's pipeline on one book; each call takes one email and answers the time it took, in ms. */
export function cardPipeline(book: CrmDb, ipdb: IpDatabase): (raw: string) => Promise<number> {
  const enrichers = realEnrichers(() => Promise.resolve(ipdb), new BookIndex(book, book.name));
  return async (raw) => {
    const t0 = performance.now();
    const { headers, inquiry } = await parseRawMessage(raw);
    await enrichInquiry(book, inquiry, await enrichers(inquiry, headers));
    return performance.now() - t0;
  };
}

/** An ordinary email, run first so no case pays for the modules' first run. */
export const WARM_EMAIL = 'From: a@b.example\r\nSubject: Hi\r\n\r\nPlease send your price list.';
