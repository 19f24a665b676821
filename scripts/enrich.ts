// Enrich one .eml the way the side panel does, in Node, and print JSON.
//
//   npm run enrich -- path/to/message.eml [--book path/to/book.jsonl]
//
// The same lib/ pipeline as the extension: postal-mime parses the message, the
// origin lookup walks its Received chain against the shipped IP table, risk and
// language are computed, and the card pipeline matches the sender against the
// book (an empty in-memory book without --book). With a book, the value step
// values it the way the extension's background does (a full recompute over the
// whole book, then the matched company's stored row): tier, stage, task with its
// next action, and current value, CLV and potential. Output: docs/enrich.md.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openCrmDb, type CrmDb } from '../lib/db/db';
import { enrichInquiry } from '../lib/enrich/enrich';
import { importBookFile } from '../lib/handover/node';
import { detectLanguage } from '../lib/lang/detect';
import { parseRawMessage } from '../lib/mail/parse';
import { IPDB_FILE, loadIpDatabase, type IpDatabase } from '../lib/origin/ipdb';
import { computeOrigin } from '../lib/origin/origin';
import type { Origin } from '../lib/origin/schema';
import { computeRisk } from '../lib/risk/risk';
import type { Risk } from '../lib/risk/schema';
import { getCustomerValue, recomputeAll } from '../lib/value/recompute';
import type { CustomerValue, Stage, Task, Tier } from '../lib/value/schema';

/** A reason as the card shows it: an i18n key (lib/i18n/locales/<lang>/value.json) and its parameters. */
type Reason = CustomerValue['nextAction'];

/** The value step's answer, as the card's value section shows it. */
export interface ValueOutput {
  /** Null when the sender has no company in the book: nobody ranked them. */
  tier: Tier | null;
  stage: {
    id: Stage;
    signals: Reason[];
    /** The current × potential reading; null without an order. */
    quadrant: CustomerValue['quadrant'] | null;
  };
  task: { id: Task; nextAction: Reason };
  value: Pick<
    CustomerValue,
    | 'currency'
    | 'currentValue'
    | 'clv'
    | 'potentialValue'
    | 'negative'
    | 'rank'
    | 'rankOf'
    | 'percentile'
    | 'drivers'
    | 'figures'
  > | null;
}

export type EnrichOutput = {
  file: string;
  from: string;
  subject: string;
  origin: Pick<
    Origin,
    'country' | 'region' | 'ip' | 'confidence' | 'mismatch' | 'providerHidesIp' | 'headersAvailable'
  > & {
    evidence: Origin['evidence'];
  };
  risk: Risk;
  language: string;
  match: 'contact' | 'domain' | 'none';
  matchedCompany: { id: string; name: string; domains: string[]; country?: string } | null;
  matchedContact: { id: string; name: string } | null;
  book: { records: number } | null;
} & ValueOutput & {
    ipDatabase: { source: string; builtAt: string };
  };

const ROOT = join(import.meta.dirname, '..');
let ipdb: IpDatabase | null = null;

/** The shipped IP table, read once per process. */
export function shippedIpDatabase(): IpDatabase {
  ipdb ??= loadIpDatabase(readFileSync(join(ROOT, 'public', IPDB_FILE)));
  return ipdb;
}

/** The book step: one call, the same importer (and checks) as the browser's handover import. */
async function loadBook(db: CrmDb, path: string): Promise<{ records: number }> {
  const report = await importBookFile(db, path);
  return { records: report.total };
}

/** A first contact (no company in the book): exploration, and the task is to acquire them. */
const PROSPECT: ValueOutput = {
  tier: null,
  stage: { id: 'exploration', signals: [], quadrant: null },
  task: { id: 'acquire', nextAction: { id: 'value.action.acquire', params: {} } },
  value: null,
};

/** The card's value slot as the value step fills it: the company's stored row, or a prospect's reading. */
export function valueOutput(value: CustomerValue | null): ValueOutput {
  if (!value) return PROSPECT;
  return {
    tier: value.tier,
    stage: { id: value.stage, signals: value.stageSignals, quadrant: value.quadrant ?? null },
    task: { id: value.task, nextAction: value.nextAction },
    value: {
      currency: value.currency,
      currentValue: value.currentValue,
      clv: value.clv,
      potentialValue: value.potentialValue,
      negative: value.negative,
      rank: value.rank,
      rankOf: value.rankOf,
      percentile: value.percentile,
      drivers: value.drivers,
      figures: value.figures,
    },
  };
}

export async function enrichEml(
  path: string,
  options: { bookPath?: string; now?: number } = {},
): Promise<EnrichOutput> {
  const now = options.now ?? Date.now();
  const raw = readFileSync(path, 'utf8');
  const { headers, inquiry } = await parseRawMessage(raw);
  const database = shippedIpDatabase();
  const db = openCrmDb(`enrich-cli-${process.pid}-${Date.now()}-${Math.random()}`);
  try {
    const book = options.bookPath ? await loadBook(db, options.bookPath) : null;
    // Tiers are ranks across the whole book: value all of it first, as the background's full recompute does.
    if (book) await recomputeAll(db, now);
    const card = await enrichInquiry(db, inquiry, {
      origin: (message) => computeOrigin({ headers, inquiry: message, ipdb: database }),
      risk: (message, origin, facts) => computeRisk({ inquiry: message, origin, ...facts }),
      value: (books, companyId) => getCustomerValue(books, companyId, now),
      language: detectLanguage,
    });
    const origin = card.origin ?? computeOrigin({ headers, inquiry, ipdb: database });
    return {
      file: path,
      from: inquiry.from.email,
      subject: inquiry.subject,
      origin: {
        country: origin.country,
        region: origin.region,
        ip: origin.ip,
        confidence: origin.confidence,
        mismatch: origin.mismatch,
        providerHidesIp: origin.providerHidesIp,
        headersAvailable: origin.headersAvailable,
        evidence: origin.evidence,
      },
      risk: card.risk ?? { score: 0, level: 'low', signals: [] },
      language: card.language,
      match: card.match,
      matchedCompany: card.company
        ? {
            id: card.company.id,
            name: card.company.name,
            domains: card.company.domains,
            country: card.company.country,
          }
        : null,
      matchedContact: card.contact ? { id: card.contact.id, name: card.contact.name } : null,
      book,
      ...valueOutput(card.value),
      ipDatabase: {
        source: database.meta.source,
        builtAt: new Date(database.meta.builtAt).toISOString().slice(0, 10),
      },
    };
  } finally {
    db.close();
  }
}

function usage(): never {
  console.error('usage: npm run enrich -- path/to/message.eml [--book path/to/book.jsonl]');
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let file: string | undefined;
  let bookPath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--book') bookPath = argv[++i] ?? usage();
    else if (arg === '--help' || arg === '-h') usage();
    else if (arg?.startsWith('-')) usage();
    else if (!file) file = arg;
    else usage();
  }
  if (!file) usage();
  console.log(JSON.stringify(await enrichEml(file, { bookPath }), null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
