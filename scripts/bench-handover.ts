// Handover benchmark (Node + fake-indexeddb; the real-Chromium run comes with the e2e harness).
// Generates a synthetic book, bulkPuts it raw into one database (the baseline), exports it to a
// bundle file, imports that file into an empty database, and prints the figures.
//   npx tsx scripts/bench-handover.ts [--companies 100000] [--per-company 10]
// fake-indexeddb keeps everything in memory and is far slower than Chromium's IndexedDB, so the
// default scale is smaller than the 100k companies + 1M interactions; pass the full scale
// to measure it (expect minutes). The printed scale says which one ran.
import 'fake-indexeddb/auto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openCrmDb, type CrmDb } from '../lib/db/db';
import { exportBookFile, importBookFile } from '../lib/handover/node';
import { SyntheticBook } from '../test/bench/generate';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '10000' },
    'per-company': { type: 'string', default: '10' },
  },
});
const companies = Number(values.companies);
const perCompany = Number(values['per-company']);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function memoryWatch() {
  const peak = { rss: 0, heap: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 25);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

async function rawBulkPut(db: CrmDb, book: SyntheticBook): Promise<{ ms: number; records: number }> {
  let ms = 0;
  let records = 0;
  const t = performance.now();
  await db.reps.bulkPut(book.reps);
  ms += performance.now() - t;
  records += book.reps.length;
  for (const chunk of book.chunks(1000)) {
    const start = performance.now();
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
    ms += performance.now() - start;
    records +=
      chunk.companies.length +
      chunk.contacts.length +
      chunk.interactions.length +
      chunk.orders.length +
      chunk.reminders.length;
  }
  return { ms, records };
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'bench-handover-'));
  const file = join(dir, 'book.jsonl');
  try {
    const book = new SyntheticBook({ companies, interactionsPerCompany: perCompany });
    console.log(
      `scale: ${companies} companies, ${companies * perCompany} interactions (fake-indexeddb in Node ${process.version})`,
    );

    const raw = openCrmDb(`bench-raw-${Date.now()}`);
    const baseline = await rawBulkPut(raw, book);
    const stored = (await Promise.all(raw.tables.map((table) => table.count()))).reduce((a, b) => a + b, 0);
    // Shared free-mail contacts are put more than once, so fewer records are stored than put.
    console.log(`raw bulkPut: ${baseline.records} records put (${stored} stored) in ${secs(baseline.ms)}`);

    let start = performance.now();
    await exportBookFile(raw, file);
    const exportMs = performance.now() - start;
    const size = (await stat(file)).size;
    console.log(`export: ${secs(exportMs)} (${mb(size)} bundle)`);
    await raw.delete();

    const target = openCrmDb(`bench-import-${Date.now()}`);
    global.gc?.();
    const watch = memoryWatch();
    start = performance.now();
    const report = await importBookFile(target, file);
    const importMs = performance.now() - start;
    const peak = watch.stop();
    const imported = (await Promise.all(target.tables.map((table) => table.count()))).reduce(
      (a, b) => a + b,
      0,
    );
    console.log(
      `import: ${report.total} records in ${secs(importMs)}; book now holds ${imported} (source held ${stored})`,
    );
    console.log(
      `import peak memory: rss ${mb(peak.rss)}, heap ${mb(peak.heap)} (fake-indexeddb holds the book in memory)`,
    );
    console.log(`import / raw bulkPut speed ratio: ${(baseline.ms / importMs).toFixed(2)} (goal >= 0.5)`);
    await target.delete();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
