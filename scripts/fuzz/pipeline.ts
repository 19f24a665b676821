// What `npm run fuzz` does with one hostile email: the card's pipeline as the background runs
// it (parse the raw message, then match the book, origin from the headers, risk, language).
// Shared by the Node run and the Chromium page, so both time the same work.
import type { CrmDb } from '../../lib/db/db';
import { enrichInquiry } from '../../lib/enrich/enrich';
import { detectLanguage } from '../../lib/lang/detect';
import { parseRawMessage } from '../../lib/mail/parse';
import type { IpDatabase } from '../../lib/origin/ipdb';
import { computeOrigin } from '../../lib/origin/origin';
import { computeRisk } from '../../lib/risk/risk';

/** One email through the card's pipeline; the time it took, in ms. */
export async function cardOfRawEmail(book: CrmDb, ipdb: IpDatabase, raw: string): Promise<number> {
  const t0 = performance.now();
  const { headers, inquiry } = await parseRawMessage(raw);
  await enrichInquiry(book, inquiry, {
    origin: (message) => computeOrigin({ headers, inquiry: message, ipdb }),
    risk: (message, origin, facts) => computeRisk({ inquiry: message, origin, ...facts }),
    language: detectLanguage,
  });
  return performance.now() - t0;
}

/** An ordinary email, run first so no case pays for the modules' first run. */
export const WARM_EMAIL = 'From: a@b.example\r\nSubject: Hi\r\n\r\nPlease send your price list.';
