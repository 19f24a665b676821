import './jitless';
import { openCrmDb, type CrmDb } from '../../lib/db/db';
import type { EmailInquiry } from '../../lib/email';
import { enrichInquiry } from '../../lib/enrich/enrich';
import { BlobFolder } from '../../components/handover/download';
import { loadDashboard, readBookTables } from '../../lib/metrics/load';
import { periodFor, PERIOD_PRESETS, type PeriodPreset } from '../../lib/metrics/period';
import { newId } from '../../lib/db/ids';
import type { Order } from '../../lib/db/types';
import { upkeepInputs } from '../../lib/value/digest';
import { forgetValueCache, recomputeAll, recomputeCompany } from '../../lib/value/recompute';
import { SyntheticBook, countChunk, prng, type BookShape } from '../../test/bench/generate';
import type {
  BenchDashboard,
  BenchHandover,
  BenchRecompute,
  BookLoad,
  LoadOptions,
  Progress,
} from './protocol';

// The harness's in-browser half. Bundled (scripts/bench/bundle.ts) and evaluated
// in an extension page, so it reads and writes the extension's real IndexedDB
// and times there: generation happens in the page, so a million interactions
// never cross the DevTools protocol, only their timings do.

const BOOK_TABLES = ['reps', 'companies', 'contacts', 'interactions', 'orders', 'reminders'] as const;
const progress: Progress = { phase: 'idle', done: 0, total: 0 };
const databases = new Map<string, CrmDb>();
let bundle: Blob | null = null;

function database(name: string): CrmDb {
  let db = databases.get(name);
  if (!db) {
    db = openCrmDb(name);
    databases.set(name, db);
  }
  return db;
}

const now = () => performance.now();

async function clearBook(dbName: string): Promise<void> {
  const db = database(dbName);
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
  });
}

/** Writes a synthetic book chunk by chunk; the time spent in bulkPut is kept apart from generation. */
async function loadBook(shape: Partial<BookShape>, options: LoadOptions): Promise<BookLoad> {
  const db = database(options.dbName);
  const from = options.from ?? 0;
  if (options.clear ?? from === 0) await clearBook(options.dbName);
  const book = new SyntheticBook(shape);
  const to = Math.min(options.to ?? book.shape.companies, book.shape.companies);
  const result: BookLoad = {
    counts: { reps: book.reps.length, companies: 0, contacts: 0, interactions: 0, orders: 0, reminders: 0 },
    generateMs: 0,
    writeMs: 0,
    totalMs: 0,
  };
  const started = now();
  await db.reps.bulkPut(book.reps);
  Object.assign(progress, { phase: `writing companies ${from}–${to}`, done: from, total: to });
  const chunks = book.chunks(options.companiesPerChunk, from, to);
  for (;;) {
    const t0 = now();
    const next = chunks.next();
    const t1 = now();
    result.generateMs += t1 - t0;
    if (next.done) break;
    const chunk = next.value;
    await db.transaction(
      'rw',
      [db.companies, db.contacts, db.interactions, db.orders, db.reminders],
      async () => {
        await db.companies.bulkPut(chunk.companies);
        await db.contacts.bulkPut(chunk.contacts);
        await db.interactions.bulkPut(chunk.interactions);
        await db.orders.bulkPut(chunk.orders);
        await db.reminders.bulkPut(chunk.reminders);
      },
    );
    result.writeMs += now() - t1;
    const counts = countChunk(chunk);
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) result.counts[key] += counts[key];
    progress.done = from + result.counts.companies;
  }
  result.totalMs = now() - started;
  progress.phase = 'idle';
  return result;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** One indexed get (contacts by address) per sample, each in its own transaction, on raw IndexedDB. */
async function idbGet(dbName: string, emails: readonly string[], runs: number): Promise<number[]> {
  const idb = await request(indexedDB.open(dbName));
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const email = emails[i % emails.length]!;
      const t0 = now();
      const found = await request(
        idb.transaction('contacts', 'readonly').objectStore('contacts').index('emails').get(email),
      );
      samples.push(now() - t0);
      if (!found) throw new Error(`no contact for ${email}`);
    }
    return samples;
  } finally {
    idb.close();
  }
}

/** An inbound email from this sender, in the shape the content script reports. */
function inquiryFrom(sender: { email: string; name?: string }, i: number): EmailInquiry {
  return {
    webmail: 'gmail',
    account: 'rep@exporter.cn',
    threadId: `bench-thread-${i}`,
    messageId: `bench-message-${i}`,
    url: `https://mail.google.com/mail/u/0/#inbox/bench${i}`,
    from: { name: sender.name ?? '', email: sender.email },
    replyTo: [],
    to: [{ name: 'Rep', email: 'rep@exporter.cn' }],
    cc: [],
    subject: 'Inquiry: LED panel lights',
    date: Date.UTC(2025, 4, 30),
    bodyText: 'Dear sir, please quote 2000 pcs FOB Ningbo. Best regards',
    thread: [],
  };
}

/** The card's library half (match, timeline, orders, reminders) in this page, per sample. */
async function enrich(
  dbName: string,
  senders: readonly { email: string; name?: string }[],
  runs: number,
): Promise<number[]> {
  const db = database(dbName);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const inquiry = inquiryFrom(senders[i % senders.length]!, i);
    const t0 = now();
    const card = await enrichInquiry(db, inquiry);
    samples.push(now() - t0);
    if (!card.company) throw new Error(`no company for ${inquiry.from.email}`);
  }
  return samples;
}

/** Orders of the value figure's top-up are written in batches of this many. */
const TOP_UP_BATCH = 10_000;

/**
 * Adds generated orders until the book holds `target` (issue 4's figure is for
 * a million orders; the synthetic book's own cadence gives about a quarter of
 * that). Spread like real accounts: a few companies take most of them, over the
 * three years before `at`, in two currencies, most with a known cost.
 */
async function topUpOrders(db: CrmDb, target: number, at: number): Promise<{ added: number; ms: number }> {
  const missing = target - (await db.orders.count());
  if (missing <= 0) return { added: 0, ms: 0 };
  const ids = (await db.companies.toCollection().primaryKeys()) as string[];
  const random = prng(20261201);
  // Counted statuses only: the figure is for a million orders the model reads.
  const statuses = ['paid', 'paid', 'paid', 'shipped', 'confirmed'] as const;
  const started = now();
  for (let done = 0; done < missing; done += TOP_UP_BATCH) {
    const batch: Order[] = [];
    for (let k = 0; k < Math.min(TOP_UP_BATCH, missing - done); k++) {
      const companyId = ids[Math.floor(ids.length * random() ** 2)]!;
      const date = Math.round(at - random() * 3 * 365 * 86_400_000);
      const amount = Math.round(500 + 30_000 * random() ** 3);
      batch.push({
        id: newId(date),
        companyId,
        date,
        amount,
        currency: random() < 0.8 ? 'USD' : 'EUR',
        ...(random() < 0.7 ? { cost: Math.round(amount * (0.6 + 0.3 * random())) } : {}),
        status: statuses[Math.floor(random() * statuses.length)]!,
        authorRepId: 'bench',
        createdAt: date,
        updatedAt: date,
      });
    }
    await db.orders.bulkPut(batch);
  }
  return { added: missing, ms: now() - started };
}

/**
 * The value model over the whole book (lib/value's recomputeAll), at the book's
 * own "now": the book is first topped up to `orders` orders; the first full
 * recompute after the writes rebuilds the packed inputs from every record (as
 * after an import or the schema upgrade), the second is the daily one, timed as
 * the figure. Then incremental updates after one new order each: the company's
 * row (the first after the in-memory ranking was dropped, as at a worker start)
 * and the upkeep of its packed inputs, as the scheduler runs them.
 */
async function recompute(
  dbName: string,
  incrementalRuns: number,
  orders: number,
  at: number,
): Promise<BenchRecompute> {
  const db = database(dbName);
  const topUp = await topUpOrders(db, orders, at);
  const r0 = now();
  const rebuild = await recomputeAll(db, at);
  const rebuildMs = now() - r0;
  forgetValueCache(db);
  const t0 = now();
  const report = await recomputeAll(db, at);
  const fullMs = now() - t0;
  const companyIds = (await db.companies.limit(incrementalRuns + 1).primaryKeys()) as string[];
  const incremental: number[] = [];
  const upkeep: number[] = [];
  let coldMs = Number.NaN;
  forgetValueCache(db);
  for (const [i, companyId] of companyIds.entries()) {
    await db.orders.put({
      id: `bench-order-${i}`,
      companyId,
      date: at - 86_400_000,
      amount: 5000,
      currency: 'USD',
      status: 'confirmed',
      authorRepId: 'bench',
      createdAt: at,
      updatedAt: at,
    });
    const start = now();
    await recomputeCompany(db, companyId, at);
    if (i === 0) coldMs = now() - start;
    else incremental.push(now() - start);
    const u = now();
    await upkeepInputs(db);
    upkeep.push(now() - u);
  }
  await db.orders.bulkDelete(companyIds.map((_, i) => `bench-order-${i}`));
  await upkeepInputs(db);
  return {
    ...report,
    fullMs,
    coldMs,
    incremental,
    upkeep,
    topUp,
    rebuild: { ...rebuild, fullMs: rebuildMs },
  };
}

/**
 * The manager dashboard's view model (lib/metrics loadDashboard) for each period
 * preset, as the dashboard page loads it: the book tables once per visit, then
 * the period's interactions and orders through their date indexes. `at` is the
 * book's "now", so the periods hold the synthetic book's activity.
 */
async function dashboard(
  dbName: string,
  at: number,
  runs: number,
  presets: readonly PeriodPreset[] = PERIOD_PRESETS,
): Promise<BenchDashboard> {
  const db = database(dbName);
  const t0 = now();
  const tables = await readBookTables(db);
  const tablesMs = now() - t0;
  const periods: BenchDashboard['periods'] = {};
  for (const preset of presets) {
    const samples: number[] = [];
    let threads = 0;
    for (let i = 0; i < runs; i++) {
      const start = now();
      const view = await loadDashboard(db, { ...periodFor(preset, at), now: at }, tables);
      samples.push(now() - start);
      threads = view.threads.length;
    }
    periods[preset] = { samples, threads };
  }
  return { tablesMs, periods };
}

function handover(): BenchHandover {
  if (!globalThis.__benchHandover) throw new Error('the handover library is not loaded in this page');
  return globalThis.__benchHandover;
}

/** Exports the book into a Blob (Chromium spills large blobs to disk), as a rep saving the file would. */
async function exportBundle(dbName: string): Promise<{ ms: number; bytes: number }> {
  const { exportBook } = handover();
  const db = database(dbName);
  Object.assign(progress, { phase: 'export', done: 0, total: 0 });
  const t0 = now();
  // The same folding as the Book page's download, so the heap figure is what a rep's export costs.
  const file = new BlobFolder('application/jsonl');
  for await (const chunk of exportBook(db)) {
    file.add(chunk);
    progress.done += chunk.byteLength;
  }
  bundle = file.blob();
  progress.phase = 'idle';
  return { ms: now() - t0, bytes: bundle.size };
}

/** Imports the exported bundle into `dbName` (an empty book), streaming it from the Blob. */
async function importBundle(dbName: string): Promise<{ ms: number; records: number }> {
  const { importBundle: run } = handover();
  if (!bundle) throw new Error('export a bundle first');
  const db = database(dbName);
  Object.assign(progress, { phase: 'import', done: 0, total: 0 });
  const t0 = now();
  const report = await run(db, bundle, {
    onProgress: (p) => Object.assign(progress, { done: p.done, total: p.total }),
  });
  const ms = now() - t0;
  progress.phase = 'idle';
  return { ms, records: report.total };
}

async function deleteDatabase(dbName: string): Promise<void> {
  const db = databases.get(dbName);
  databases.delete(dbName);
  db?.close();
  await request(indexedDB.deleteDatabase(dbName) as IDBRequest<unknown>);
}

async function countRecords(dbName: string): Promise<Record<string, number>> {
  const db = database(dbName);
  const counts: Record<string, number> = {};
  for (const table of BOOK_TABLES) counts[table] = await db.table(table).count();
  return counts;
}

globalThis.__bench = {
  progress,
  clearBook,
  loadBook,
  idbGet,
  enrich,
  exportBundle,
  importBundle,
  dropBundle: () => {
    bundle = null;
  },
  deleteDatabase,
  countRecords,
  recompute,
  dashboard,
  hasHandover: () => globalThis.__benchHandover !== undefined,
};
