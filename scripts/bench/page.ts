import './jitless';
import { openCrmDb, type CrmDb } from '../../lib/db/db';
import type { EmailInquiry } from '../../lib/email';
import { enrichInquiry } from '../../lib/enrich/enrich';
import { BlobFolder } from '../../components/handover/download';
import { loadDashboardInStages, readBookTables } from '../../lib/metrics/load';
import { ensureDays, keepDayRows, readDaysState } from '../../lib/metrics/aggregates/maintain';
import { threadWeeksComplete } from '../../lib/metrics/aggregates/threadWeeks';
import { logInteraction, type LogInput } from '../../lib/interactions/log';
import { periodFor, PERIOD_PRESETS, type PeriodPreset } from '../../lib/metrics/period';
import type { ValueBucketRecord } from '../../lib/db/db';
import { LOST_REASONS, type Interaction } from '../../lib/db/types';
import { INPUTS_FORMAT, upkeepInputs } from '../../lib/value/digest';
import {
  COMPLAINT,
  OUTBOUND,
  packInputs,
  parseInputs,
  type RecordsInput,
  type ValueInputs,
} from '../../lib/value/inputs';
import {
  forgetValueCache,
  recomputeAll,
  recomputeCompany,
  VALUE_BOOK_STATS_KEY,
} from '../../lib/value/recompute';
import { SyntheticBook, countChunk, prng, type BookShape } from '../../test/bench/generate';
import type {
  BenchDashboard,
  BenchHandover,
  BenchWriteCost,
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
    readBy: { from: 'hooks', subject: 'hooks', body: 'hooks' },
    cut: [],
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

/**
 * Adds generated orders to the packed value inputs until they hold `target`
 * counted orders (issue 4's figure is for a million; the synthetic book's own
 * cadence gives about a quarter of that), spread evenly over the companies, in
 * the three years before `at`, in two currencies, most with a known cost. The
 * daily recompute reads only the packed inputs, so it then does exactly the
 * work it does on a book that holds those orders as records; writing 760k order
 * records through IndexedDB first (and rebuilding from them) would add about ten
 * minutes to the run. Each bucket is unpacked to records, given its new orders
 * and packed again by lib/value's own packInputs.
 */
async function topUpPackedOrders(
  db: CrmDb,
  target: number,
  at: number,
): Promise<{ added: number; ms: number }> {
  const started = now();
  const parts = (await db.valueInputs.where('bucket').aboveOrEqual(0).toArray()).map((r) => ({
    bucket: r.bucket,
    inputs: parseInputs(r),
  }));
  let have = 0;
  let companies = 0;
  for (const { inputs } of parts) {
    if (!inputs) throw new Error('a packed bucket is damaged');
    have += inputs.orderDate.length;
    companies += inputs.ids.length;
  }
  const missing = target - have;
  if (missing <= 0 || companies === 0) return { added: 0, ms: now() - started };
  const perCompany = missing / companies;
  const random = prng(20261201);
  let added = 0;
  const records: ValueBucketRecord[] = [];
  for (const { bucket, inputs: v } of parts) {
    const book = unpack(v!);
    for (const id of v!.ids) {
      const count = Math.floor(2 * perCompany * random() + random());
      for (let k = 0; k < count; k++) {
        const date = Math.round(at - random() * 3 * 365 * 86_400_000);
        const amount = Math.round(500 + 30_000 * random() ** 3);
        book.orders.push({
          companyId: id,
          date,
          amount,
          currency: random() < 0.8 ? 'USD' : 'EUR',
          ...(random() < 0.7 ? { cost: Math.round(amount * (0.6 + 0.3 * random())) } : {}),
          status: random() < 0.2 ? 'shipped' : 'paid',
        });
        added++;
      }
    }
    records.push({ bucket, format: INPUTS_FORMAT, ...packInputs(book) });
  }
  await db.valueInputs.bulkPut(records);
  return { added, ms: now() - started };
}

/** Packed inputs back as the records they were packed from (what the model reads of them). */
function unpack(v: ValueInputs): Required<Pick<RecordsInput, 'companies'>> & {
  orders: RecordsInput['orders'][number][];
  interactions: RecordsInput['interactions'][number][];
} {
  const orders: RecordsInput['orders'][number][] = [];
  const interactions: RecordsInput['interactions'][number][] = [];
  const companies = v.ids.map((id, i) => {
    for (let k = v.orderStart[i]!; k < v.orderStart[i + 1]!; k++)
      orders.push({
        companyId: id,
        date: v.orderDate[k]!,
        amount: v.orderAmount[k]!,
        currency: v.currencies[v.orderCurrency[k]!]!,
        ...(Number.isNaN(v.orderCost[k]!) ? {} : { cost: v.orderCost[k]! }),
        status: v.orderShipped[k] ? 'shipped' : 'paid',
      });
    for (let k = v.interStart[i]!; k < v.interStart[i + 1]!; k++) {
      const kind = v.interKind[k]!;
      const lost = v.interLost[k]!;
      interactions.push({
        companyId: id,
        at: v.interAt[k]!,
        direction: kind & OUTBOUND ? 'out' : 'in',
        intent: kind & COMPLAINT ? 'complaint' : 'other',
        ...(Number.isNaN(v.interResponse[k]!) ? {} : { responseTimeMs: v.interResponse[k]! }),
        ...(lost >= 0 ? { lostReason: LOST_REASONS[lost]! } : {}),
        ...(v.interThread[k] ? { threadId: `t${v.interThread[k]}` } : {}),
      });
    }
    return {
      id,
      acquisitionCost: v.acquisitionCost[i]!,
      name: v.names[i]!,
      domains: v.domains[i] ? v.domains[i]!.split('\n') : [],
      tags: v.referredBy[i] ? v.referredBy[i]!.split('\n').map((key) => `referred-by:${key}`) : [],
    };
  });
  return { companies, orders, interactions };
}

/**
 * The value model over the whole book (lib/value's recomputeAll), at the book's
 * own "now": the first full recompute after the book was written rebuilds the
 * packed inputs from every record (as after an import or the schema upgrade),
 * then the packed inputs are topped up to `orders` counted orders, and the
 * daily recompute over them is timed as the figure. Then incremental updates
 * after one new order each, for companies spread over the book: the company's
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
  const r0 = now();
  const rebuild = await recomputeAll(db, at);
  const rebuildMs = now() - r0;
  const topUp = await topUpPackedOrders(db, orders, at);
  forgetValueCache(db);
  const t0 = now();
  const report = await recomputeAll(db, at);
  const fullMs = now() - t0;
  const allIds = (await db.companies.toCollection().primaryKeys()) as string[];
  const step = Math.max(1, Math.floor(allIds.length / (incrementalRuns + 1)));
  const companyIds = allIds.filter((_, i) => i % step === 0).slice(0, incrementalRuns + 1);
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
  logPresets: readonly PeriodPreset[] = [],
): Promise<BenchDashboard> {
  const db = database(dbName);
  // The book was written in bulk: its day rows are built from the log once, as on the first load.
  const r0 = now();
  const wasComplete = (await readDaysState(db))?.complete === true;
  const factsWere = await threadWeeksComplete(db);
  await ensureDays(db);
  const rebuildMs = wasComplete ? null : now() - r0;
  // A book kept before schema v8: its thread facts are built from the day rows on this first load.
  const threadFactsMs = wasComplete && !factsWere ? now() - r0 : null;
  const t0 = now();
  const tables = await readBookTables(db);
  const tablesMs = now() - t0;
  // The same first view read by walking the log (before the day rows), for the ratio.
  const logFirst: BenchDashboard['logFirst'] = {};
  for (const preset of logPresets) {
    const start = now();
    await loadDashboardInStages(db, { ...periodFor(preset, at), now: at, fromLog: true }, tables, () => {
      logFirst[preset] ??= now() - start;
    });
  }
  const periods: BenchDashboard['periods'] = {};
  for (const preset of presets) {
    const samples: number[] = [];
    const firstSamples: number[] = [];
    let threads = 0;
    let atRisk = 0;
    let spans: Record<string, number> = {};
    for (let i = 0; i < runs; i++) {
      spans = {};
      const span = (name: string, ms: number) => (spans[name] = (spans[name] ?? 0) + ms);
      const start = now();
      await loadDashboardInStages(db, { ...periodFor(preset, at), now: at, span }, tables, (view, final) => {
        if (!final) return firstSamples.push(now() - start);
        samples.push(now() - start);
        if (firstSamples.length < samples.length) firstSamples.push(samples.at(-1)!);
        threads = view.threads.length;
        atRisk = view.picture.team.atRisk.length;
      });
    }
    periods[preset] = { samples, firstSamples, threads, atRisk, spans };
  }
  return { rebuildMs, threadFactsMs, tablesMs, logFirst, periods };
}

/**
 * What keeping the day rows adds to one logged contact: `runs` single adds of an
 * interaction (each its own transaction, as the panel logs one), alternately with
 * the rows kept and not. The contacts stay in the book: a delete drops the day rows
 * for a rebuild (lib/metrics/aggregates/maintain.ts), which the next measuring run
 * would pay for (20 minutes at 1M interactions). Those logged without the rows are
 * written again with the rows kept, so the rows hold them too.
 */
async function loggedContactCost(dbName: string, at: number, runs: number): Promise<BenchWriteCost> {
  const db = database(dbName);
  const companies = (await db.companies.limit(200).toArray()).map((c) => c.id);
  const kept: number[] = [];
  const bare: number[] = [];
  const unkept: Interaction[] = [];
  try {
    for (let i = 0; i < runs * 2; i++) {
      const keep = i % 4 === 1 || i % 4 === 2; // ABBA: neither side always goes first
      keepDayRows(keep);
      const companyId = companies[i % companies.length]!;
      const x: LogInput = {
        companyId,
        direction: i % 4 < 2 ? 'in' : 'out',
        channel: 'email',
        at: at - (i % 30) * 86_400_000 - 3_600_000,
        subject: 'Re: price list for 2025',
        summary: 'Asked for the price list and the lead time.',
        intent: 'price-inquiry',
        outcome: '',
      };
      const start = now();
      // As the panel logs a contact (lib/db/book.ts logInteraction: the rep, the response time, the add).
      const { interaction } = await logInteraction(db, x, at);
      (keep ? kept : bare).push(now() - start);
      if (!keep) unkept.push(interaction);
    }
  } finally {
    keepDayRows(true);
    await db.interactions.bulkPut(unkept);
  }
  return { kept, bare };
}

/**
 * What keeping the day rows adds to an import of a whole book: the bundle exported
 * from `sourceDb` imported into an empty book with the rows kept and without,
 * `runs` times each, alternately (ms).
 */
async function importCost(sourceDb: string, runs: number): Promise<BenchWriteCost & { records: number }> {
  await exportBundle(sourceDb);
  const kept: number[] = [];
  const bare: number[] = [];
  let records = 0;
  try {
    // ABBA order: the first import of a page is slower (cold caches), so neither side gets it alone.
    for (let i = 0; i < runs * 2; i++) {
      const keep = i % 4 === 1 || i % 4 === 2;
      const target = 'bench-import-cost';
      await deleteDatabase(target);
      keepDayRows(keep);
      const { ms, records: n } = await importBundle(target);
      records = n;
      (keep ? kept : bare).push(ms);
      await deleteDatabase(target);
    }
  } finally {
    keepDayRows(true);
    bundle = null;
  }
  return { kept, bare, records };
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

/**
 * Has the extension's background value the whole book, as it does after an
 * import (a full recompute, rebuilding the packed inputs from the new records),
 * and waits for it: the book a rep opens mail in has been valued. Returns the time taken.
 */
async function valueInBackground(): Promise<number> {
  const started = now();
  const runtime = (
    globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
  ).chrome.runtime;
  await runtime.sendMessage({ type: 'value/recompute' });
  return now() - started;
}

/** A whole-book valuation after another in the background, until stopBusy: the busy background a card must not wait for. */
let busy: Promise<number> | null = null;
let busyStop = false;

function startBusy(): void {
  const runtime = (
    globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
  ).chrome.runtime;
  busyStop = false;
  busy = (async () => {
    let runs = 0;
    while (!busyStop) {
      await runtime.sendMessage({ type: 'value/recompute' });
      runs++;
    }
    return runs;
  })();
}

/** Stops the valuations (the one running finishes) and says how many ran. */
async function stopBusy(): Promise<number> {
  busyStop = true;
  const runs = (await busy) ?? 0;
  busy = null;
  return runs;
}

async function countRecords(dbName: string): Promise<Record<string, number>> {
  const db = database(dbName);
  const counts: Record<string, number> = {};
  for (const table of BOOK_TABLES) counts[table] = await db.table(table).count();
  return counts;
}

async function isValued(dbName: string): Promise<boolean> {
  return (await database(dbName).settings.get(VALUE_BOOK_STATS_KEY)) !== undefined;
}

globalThis.__bench = {
  progress,
  valueInBackground,
  startBusy,
  stopBusy,
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
  isValued,
  recompute,
  dashboard,
  loggedContactCost,
  importCost,
  hasHandover: () => globalThis.__benchHandover !== undefined,
};
