// `npm run fuzz`: hostile emails, webmail pages, book bundles and CSV files from
// the seeded generators in ./generate.ts, each run through the code that meets it
// in the extension, with issue 16's figures printed at the end. Options:
//   --seed N         the PRNG seed (default 16); the same seed gives the same cases
//   --cases N        cases of each kind (default 2000 emails and pages, 300 bundles and CSVs)
//   --only KIND      run one kind alone (email, page, bundle or csv)
//   --dom WHERE      where pages are read and emails go through the card's pipeline: chromium
//                    (the default when /usr/bin/chromium is there: the figures are a browser's)
//                    or happy-dom (pages in the test DOM, emails in Node)
//   --json           print the figures as JSON too
// A short run of the same code is part of `npm test` (fuzz.test.ts); timings are printed, never asserted.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Window } from 'happy-dom';
import { readGmail } from '../../lib/adapters/gmail';
import { readOutlook } from '../../lib/adapters/outlook';
import { openCrmDb, type CrmDb } from '../../lib/db/db';
import { EmailInquirySchema, PageStateSchema, type PageStateInput } from '../../lib/email';
import { enrichInquiry } from '../../lib/enrich/enrich';
import { csvText } from '../../lib/handover/csv';
import { importBundle } from '../../lib/handover/import';
import { HandoverError } from '../../lib/handover/errors';
import { importCsv } from '../../lib/csv/import';
import { detectLanguage } from '../../lib/lang/detect';
import { loadDashboard } from '../../lib/metrics/load';
import { IPDB_FILE, loadIpDatabase } from '../../lib/origin/ipdb';
import { templateDrafts } from '../../lib/replies/template-engine';
import { cardPipeline, WARM_EMAIL } from './pipeline';
import { hostileBundle, hostileCsv, hostileEmail, hostilePageShape, rng, type PageShape } from './generate';

export const KINDS = ['email', 'page', 'bundle', 'csv'] as const;
export type FuzzKind = (typeof KINDS)[number];

export interface KindFigures {
  cases: number;
  /** Cases where our code threw (goal 0). */
  exceptions: number;
  /** The slowest case, in ms, and its index (replay with the same seed). */
  slowestMs: number;
  slowestCase: number;
  /** The slowest few cases, slowest first, each with what it was (to find the reader or parser to fix). */
  slowest: { case: number; ms: number; what: string }[];
  /** Cases slower than the kind's goal (emails 100 ms, pages 50 ms). */
  overGoal?: number;
  /** Pages: reads the background would drop, leaving the previous card up (goal 0). */
  staleCards?: number;
  /** Bundles and CSVs: accepted, and then later code threw on the data (goal 0). */
  accepted?: number;
  brokeLater?: number;
  /** Pages the test DOM (happy-dom) could not build, so no reader ran on them. */
  unbuilt?: number;
  /** The first few problems, for a human to read. */
  problems: string[];
}

export interface FuzzFigures {
  seed: number;
  kinds: Record<FuzzKind, KindFigures>;
  peakRssMb: number;
  peakHeapMb: number;
  seconds: number;
}

const ROOT = join(import.meta.dirname, '..', '..');
const NOW = Date.UTC(2026, 5, 1);
const GOALS: Partial<Record<FuzzKind, number>> = { email: 100, page: 50 };

/** How many of the slowest cases of each kind are kept and printed. */
const SLOWEST_KEPT = 3;

/** A page shape in a few words: which webmail, how long each field, how deep, how many messages. */
export function describePage(p: PageShape): string {
  const depth = /^(?:<div>)+/.exec(p.body)?.[0].length ?? 0;
  return [
    p.webmail,
    `subject ${p.subject.length}`,
    `name ${p.name.length}`,
    `address ${p.email.length}`,
    depth ? `body nested ${depth / 5}` : `body ${p.body.length}`,
    `${p.collapsed} collapsed`,
  ].join(', ');
}

/** The first characters of a text, with its length: what a hostile case looked like. */
const sketch = (text: string) =>
  `${text.length} chars: ${JSON.stringify(text.slice(0, 40)).slice(1, -1)}${text.length > 40 ? '…' : ''}`;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The page a shape describes, in Gmail's or Outlook's own markup (as test/support/hostile-pages.ts). */
export function pageHtml(p: PageShape): string {
  if (p.webmail === 'gmail')
    return `<!doctype html><html><head><title>${escape(p.subject)} - Gmail</title></head><body>
<div role="main"><h2 class="hP" data-legacy-thread-id="19762c81f6d4e3a2">${escape(p.subject)}</h2>
<div role="list"><div role="listitem" aria-expanded="true"><div data-legacy-message-id="19762c81f6d4e3a2">
<h3><span class="gD" email="${escape(p.email)}" name="${escape(p.name)}">${escape(p.name)}</span></h3>
<span class="g3" title="Sun, Jun 14, 2026, 3:00 PM">Jun 14</span>
<div class="ii gt"><div class="a3s">${p.body}</div></div></div></div></div></div></body></html>`;
  const collapsed = Array.from(
    { length: p.collapsed },
    (_, i) =>
      `<div role="button" aria-expanded="false"><span title="b${i}@x${i % 50}.com">Buyer ${i}</span><div data-testid="SentReceivedSavedTime">Mon 15/06/2026 09:00</div></div>`,
  ).join('');
  return `<!doctype html><html><head><title>Mail - Outlook</title></head><body>
<div role="main" aria-label="Reading Pane"><div role="heading" aria-level="2" id="CONV_Q_SUBJECT">${escape(p.subject)}</div>
<div aria-label="Email message"><span id="MSG_Q1_FROM" aria-label="${escape(`From: ${p.name} <${p.email}>`)}"></span>
<div data-testid="SentReceivedSavedTime">Tue 16/06/2026 14:20</div>
<div id="UniqueMessageBody_1" role="document" aria-label="Message body">${p.body}</div></div>${collapsed}</div></body></html>`;
}

const GMAIL_URL = 'https://mail.google.com/mail/u/0/#inbox/19762c81f6d4e3a2';
const OUTLOOK_URL = 'https://outlook.office.com/mail/inbox/id/AAQkAGQ2ZmFi';

/** One page read: how long the reader took and what it gave; undefined when the DOM could not build the page. */
export type PageReader = (
  webmail: PageShape['webmail'],
  html: string,
  url: string,
) => Promise<{ ms: number; state: PageStateInput } | undefined>;

/** One email through the card's pipeline; the time it took, in ms. */
export type EmailReader = (raw: string) => Promise<number>;

/** The reader on a happy-dom page with scripts off (no browser needed: the unit suite's short run). */
export const readInTestDom: PageReader = async (webmail, html, url) => {
  const window = new Window({ url, settings: { disableJavaScriptEvaluation: true } });
  try {
    try {
      window.document.write(html);
    } catch {
      return undefined;
    }
    const doc = window.document as unknown as Document;
    const loc = window.location as unknown as Location;
    const t0 = performance.now();
    const state: PageStateInput = webmail === 'gmail' ? readGmail(doc, loc) : readOutlook(doc, loc);
    return { ms: performance.now() - t0, state };
  } finally {
    await window.happyDOM.close().catch(() => undefined);
  }
};

/** What later pages do with an accepted book; throws if any of it breaks on the data. */
export async function useTheBook(db: CrmDb): Promise<void> {
  for (const table of ['companies', 'contacts', 'interactions', 'orders'] as const) await csvText(db, table);
  await loadDashboard(db, { from: 0, to: NOW, now: NOW });
  await loadDashboard(db, { from: NOW - 30 * 86_400_000, to: NOW, now: NOW });
  // The orders editor and the timeline format every date and amount.
  for (const order of await db.orders.toArray()) {
    new Date(order.date).toISOString();
    new Date(order.date).toLocaleDateString('zh-CN');
    new Intl.NumberFormat('en', { style: 'currency', currency: order.currency }).format(order.amount);
  }
  for (const x of await db.interactions.toArray()) new Date(x.at).toISOString();
  for (const x of await db.reminders.toArray()) new Date(x.dueAt).toISOString();
  // The card and its drafts for each customer.
  for (const company of (await db.companies.toArray()).slice(0, 20)) {
    const email = `buyer@${company.domains[0] ?? 'unknown.example'}`;
    const inquiry = EmailInquirySchema.parse({
      webmail: 'gmail',
      from: { name: 'Buyer', email },
      subject: 'Price',
      date: NOW,
      bodyText: 'Please send your price list.',
    });
    const card = await enrichInquiry(db, inquiry, { language: detectLanguage });
    templateDrafts(card, []);
  }
}

let dbCount = 0;
const freshDb = () => openCrmDb(`fuzz-${process.pid}-${++dbCount}`);

export async function runFuzz(options: {
  seed: number;
  cases: Partial<Record<FuzzKind, number>>;
  onProgress?: (kind: FuzzKind, done: number) => void;
  /** Where pages are read: the test DOM (happy-dom, the default) or a real browser. */
  readPage?: PageReader;
  /** Where emails go through the card's pipeline: Node (the default) or a real browser. */
  readEmail?: EmailReader;
}): Promise<FuzzFigures> {
  const started = performance.now();
  const readPage = options.readPage ?? readInTestDom;
  const ipdb = loadIpDatabase(readFileSync(join(ROOT, 'public', IPDB_FILE)));
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const kinds = {} as Record<FuzzKind, KindFigures>;
  const book = freshDb();
  const readEmail = options.readEmail ?? cardPipeline(book, ipdb);
  // One ordinary email first, so the slowest case is not the modules' first run.
  await readEmail(WARM_EMAIL);

  for (const kind of KINDS) {
    const figures: KindFigures = {
      cases: 0,
      exceptions: 0,
      slowestMs: 0,
      slowestCase: -1,
      slowest: [],
      problems: [],
    };
    if (kind === 'page') figures.staleCards = 0;
    if (GOALS[kind]) figures.overGoal = 0;
    if (kind === 'bundle' || kind === 'csv') Object.assign(figures, { accepted: 0, brokeLater: 0 });
    kinds[kind] = figures;
    const note = (i: number, what: string) => {
      if (figures.problems.length < 5) figures.problems.push(`case ${i}: ${what.slice(0, 300)}`);
    };
    // One PRNG per kind, so changing the number of one kind's cases leaves the others' cases as they were.
    const r = rng(options.seed * 31 + KINDS.indexOf(kind));
    for (let i = 0; i < (options.cases[kind] ?? 0); i++) {
      let ms = 0;
      let what = '';
      try {
        if (kind === 'email') {
          const raw = hostileEmail(r);
          what = sketch(raw);
          ms = await readEmail(raw);
        } else if (kind === 'page') {
          const shape = hostilePageShape(r);
          what = describePage(shape);
          const html = pageHtml(shape);
          const url = shape.webmail === 'gmail' ? GMAIL_URL : OUTLOOK_URL;
          const read = await readPage(shape.webmail, html, url);
          if (!read) {
            // The DOM itself could not build the page: not a reader's failure.
            figures.unbuilt = (figures.unbuilt ?? 0) + 1;
          } else {
            ms = read.ms;
            // What the background does with it: an update it cannot validate is dropped and
            // the panel keeps showing the previous email's card.
            const checked = PageStateSchema.safeParse(read.state);
            if (!checked.success) {
              figures.staleCards!++;
              note(
                i,
                `dropped update: ${checked.error.issues[0]?.path.join('.')} ${checked.error.issues[0]?.message}`,
              );
            }
          }
        } else {
          const db = freshDb();
          try {
            let accepted = false;
            const t0 = performance.now();
            if (kind === 'bundle') {
              const bundle = hostileBundle(r);
              what = `${bundle.length} chars`;
              try {
                await importBundle(db, bundle, { newOwnerRepId: 'rep-a' });
                accepted = true;
              } catch (error) {
                if (!(error instanceof HandoverError) || error.code === 'storage-failed') throw error;
              }
            } else {
              await db.companies.add({
                id: 'acme',
                name: 'Acme GmbH',
                domains: ['acme.de'],
                source: 'other',
                ownerRepId: 'rep-a',
                authorRepId: 'rep-a',
                tags: [],
                notes: '',
                createdAt: NOW,
                updatedAt: NOW,
              });
              const { kind: csvKind, text } = hostileCsv(r);
              what = `${csvKind}, ${text.length} chars`;
              accepted = (await importCsv(db, csvKind, text, undefined, NOW)).written > 0;
            }
            ms = performance.now() - t0;
            if (accepted) {
              figures.accepted!++;
              try {
                await useTheBook(db);
              } catch (error) {
                figures.brokeLater!++;
                note(i, `accepted, then: ${String(error)}`);
              }
            }
          } finally {
            db.close();
            await db.delete();
          }
        }
      } catch (error) {
        figures.exceptions++;
        note(i, `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      figures.cases++;
      if (ms > figures.slowestMs) {
        figures.slowestMs = ms;
        figures.slowestCase = i;
      }
      const goal = GOALS[kind];
      if (goal && ms >= goal) figures.overGoal!++;
      if (figures.slowest.length < SLOWEST_KEPT || ms > figures.slowest.at(-1)!.ms) {
        figures.slowest.push({ case: i, ms, what });
        figures.slowest.sort((a, b) => b.ms - a.ms);
        figures.slowest.length = Math.min(figures.slowest.length, SLOWEST_KEPT);
      }
      if (i % 10 === 0) sample();
      if (i % 100 === 99) options.onProgress?.(kind, i + 1);
    }
  }
  book.close();
  await book.delete();
  sample();
  return {
    seed: options.seed,
    kinds,
    peakRssMb: peakRss / 1024 / 1024,
    peakHeapMb: peakHeap / 1024 / 1024,
    seconds: (performance.now() - started) / 1000,
  };
}

const pass = (ok: boolean) => (ok ? 'pass' : 'MISS');

export function formatFigures(f: FuzzFigures, pagesReadIn = 'happy-dom'): string {
  const lines = [
    `Fuzz run, seed ${f.seed}, ${f.seconds.toFixed(1)} s (replay a case with the same --seed and --cases)`,
  ];
  const run = KINDS.filter((kind) => f.kinds[kind].cases > 0);
  lines.push(
    'kind     cases  exceptions  slowest (case)           over goal  cards left stale  accepted  broke later',
  );
  for (const kind of run) {
    const k = f.kinds[kind];
    const goal = GOALS[kind];
    const slow = `${k.slowestMs.toFixed(1)} ms (#${k.slowestCase})${goal ? ` ${pass(k.slowestMs < goal)} < ${goal}` : ''}`;
    lines.push(
      [
        kind.padEnd(8),
        String(k.cases).padStart(5),
        `${k.exceptions} ${pass(k.exceptions === 0)}`.padStart(11),
        ` ${slow}`.padEnd(25),
        (k.overGoal === undefined ? '-' : String(k.overGoal)).padStart(9),
        (k.staleCards === undefined ? '-' : `${k.staleCards} ${pass(k.staleCards === 0)}`).padStart(17),
        (k.accepted === undefined ? '-' : String(k.accepted)).padStart(9),
        (k.brokeLater === undefined ? '-' : `${k.brokeLater} ${pass(k.brokeLater === 0)}`).padStart(12),
      ].join(' '),
    );
  }
  const unbuilt = f.kinds.page.unbuilt ?? 0;
  if (unbuilt)
    lines.push(`pages the DOM could not build (nested too deep for happy-dom), not read: ${unbuilt}`);
  lines.push(`peak memory: ${f.peakRssMb.toFixed(0)} MB resident, ${f.peakHeapMb.toFixed(0)} MB JS heap`);
  lines.push(
    'cards left stale: page reads whose update the background would drop (the panel then keeps the previous card);',
    `emails: parse + origin + risk + language + book match (${pagesReadIn === 'Chromium' ? 'in a Chromium tab' : 'in Node'}); pages: the reader on a ${pagesReadIn} page.`,
    'slowest cases of each kind:',
  );
  for (const kind of run)
    for (const s of f.kinds[kind].slowest)
      lines.push(`  ${kind} #${s.case}: ${s.ms.toFixed(1)} ms, ${s.what}`);
  for (const kind of run) for (const p of f.kinds[kind].problems) lines.push(`  ${kind} ${p}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const at = argv.indexOf(name);
    return at === -1 ? undefined : argv[at + 1];
  };
  const seed = Number(arg('--seed') ?? 16);
  const n = arg('--cases');
  const only = arg('--only');
  if (only !== undefined && !KINDS.includes(only as FuzzKind))
    throw new Error(`--only takes one of ${KINDS.join(', ')}, not ${only}`);
  const all: Record<FuzzKind, number> = n
    ? { email: Number(n), page: Number(n), bundle: Number(n), csv: Number(n) }
    : { email: 2000, page: 2000, bundle: 300, csv: 300 };
  const cases = only ? { [only]: all[only as FuzzKind] } : all;
  // Loaded here only, so the unit suite's short run needs no browser.
  const { chromiumAvailable, chromiumReaders } = await import('./chromium');
  const dom = arg('--dom') ?? (chromiumAvailable() ? 'chromium' : 'happy-dom');
  if (dom !== 'chromium' && dom !== 'happy-dom')
    throw new Error(`--dom takes chromium or happy-dom, not ${dom}`);
  const browser = dom === 'chromium' ? await chromiumReaders() : undefined;
  try {
    const figures = await runFuzz({
      seed,
      cases,
      readPage: browser?.read,
      readEmail: browser?.readEmail,
      onProgress: (kind, done) => process.stderr.write(`\r${kind} ${done}   `),
    });
    process.stderr.write('\n');
    console.log(formatFigures(figures, browser ? 'Chromium' : 'happy-dom'));
    if (argv.includes('--json')) console.log(JSON.stringify(figures));
  } finally {
    await browser?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
