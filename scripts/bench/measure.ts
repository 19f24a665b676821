import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/support/browser';
import { routeWebmail } from '../../test/support/webmail-routes';
import type { BookShape } from '../../test/bench/generate';
import { benchPageScript, handoverScript } from './bundle';
import type { BenchPageApi, BenchRecompute, BookLoad, Progress, Sender } from './protocol';
import { summarize, type Latency } from './stats';

// The harness's measuring functions, importable by `npm run bench` (run.ts) and
// by the e2e smoke test. Each measures inside Chromium and returns numbers; none
// judges them.

export type Log = (line: string) => void;

/**
 * Chromium with the built extension at `extensionPath`, headless, with the same
 * flags and webmail fixtures as the e2e suite (test/support/browser.ts). The
 * bench loads a private copy of the build so a rebuild in the working tree
 * cannot change the extension under a running measurement.
 */
export async function launchBench(
  extensionPath: string,
  userDataDir: string,
  /** A remote-debugging port on 127.0.0.1, for the CPU profiles of scripts/bench/profile.ts. */
  debuggingPort?: number,
): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      ...(debuggingPort
        ? [`--remote-debugging-port=${debuggingPort}`, '--remote-debugging-address=127.0.0.1']
        : []),
    ],
  });
  await routeWebmail(context);
  return context;
}

type PageCalls = Omit<BenchPageApi, 'progress'>;

/** A pause that never keeps the process alive on its own. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** An extension page with the in-page harness loaded: calls run in the extension's origin. */
export class BenchPage {
  private constructor(
    readonly page: Page,
    readonly cdp: CDPSession,
  ) {}

  /**
   * Opens a quiet extension page (an icon: no app code that would react to the
   * writes) and loads the in-page harness, and lib/handover when it exists.
   */
  static async open(context: BrowserContext, extensionId: string): Promise<BenchPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/icons/128.png`);
    await page.evaluate(await benchPageScript());
    const handover = await handoverScript();
    if ('script' in handover) await page.evaluate(handover.script);
    return new BenchPage(page, await context.newCDPSession(page));
  }

  /** Calls one in-page function; while it runs, prints its progress every few seconds. */
  async call<K extends keyof PageCalls>(
    name: K,
    args: Parameters<PageCalls[K]>,
    log?: Log,
  ): Promise<Awaited<ReturnType<PageCalls[K]>>> {
    type R = Awaited<ReturnType<PageCalls[K]>>;
    const running = this.page.evaluate(
      ({ name, args }) => {
        const api = globalThis.__bench as unknown as Record<string, (...a: unknown[]) => unknown>;
        return api[name]!(...args);
      },
      { name: String(name), args },
    ) as Promise<R>;
    if (!log) return running;
    let stop = () => {};
    const stopped = new Promise<false>((resolve) => (stop = () => resolve(false)));
    const ticker = (async () => {
      for (;;) {
        const tick = await Promise.race([stopped, sleep(5000).then(() => true)]);
        if (!tick) return;
        const p = await this.progress().catch(() => null);
        if (p && p.phase !== 'idle') log(`    … ${p.phase}: ${p.done}${p.total ? ` / ${p.total}` : ''}`);
      }
    })();
    try {
      return await running;
    } finally {
      stop();
      await ticker;
    }
  }

  progress(): Promise<Progress> {
    return this.page.evaluate(() => ({ ...globalThis.__bench!.progress }));
  }

  hasHandover(): Promise<boolean> {
    return this.page.evaluate(() => globalThis.__bench!.hasHandover());
  }

  /** The page's JS heap in use (bytes), from the DevTools protocol. */
  async heapUsed(): Promise<number> {
    const { usedSize } = await this.cdp.send('Runtime.getHeapUsage');
    return usedSize;
  }

  /** Runs `work` while sampling the page's heap; returns its result and the peak heap above the start. */
  async withPeakHeap<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; peakBytes: number; baseBytes: number }> {
    await this.cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
    const baseBytes = await this.heapUsed();
    let peakBytes = baseBytes;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakBytes = Math.max(peakBytes, await this.heapUsed().catch(() => 0));
        await sleep(200);
      }
    })();
    try {
      const result = await work();
      return { result, peakBytes, baseBytes };
    } finally {
      sampling = false;
      await sampler;
    }
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
    await this.page.close();
  }
}

/** The extension's own database: the one the background enriches from. */
export const CRM_DB = 'trade-inbox-crm';

export function loadBook(
  bench: BenchPage,
  shape: Partial<BookShape>,
  options: { dbName?: string; companiesPerChunk?: number; from?: number; to?: number } = {},
  log?: Log,
): Promise<BookLoad> {
  const { dbName = CRM_DB, companiesPerChunk = 1000, ...range } = options;
  return bench.call('loadBook', [shape, { dbName, companiesPerChunk, ...range }], log);
}

/** One indexed IndexedDB get (contacts by address), timed in the page, `runs` times. */
export async function measureIndexedGet(
  bench: BenchPage,
  emails: readonly string[],
  runs: number,
  dbName = CRM_DB,
): Promise<Latency> {
  return summarize(await bench.call('idbGet', [dbName, emails, runs]));
}

/** lib/enrich's enrichInquiry in an extension page: the card's data without messaging or rendering. */
export async function measureEnrichLibrary(
  bench: BenchPage,
  senders: readonly Sender[],
  runs: number,
  dbName = CRM_DB,
): Promise<Latency> {
  return summarize(await bench.call('enrich', [dbName, senders, runs]));
}

/** Bytes of each content script of the build, and their sum. */
export async function contentScriptSizes(
  extensionPath: string,
): Promise<{ files: Record<string, number>; total: number }> {
  const dir = path.join(extensionPath, 'content-scripts');
  const files: Record<string, number> = {};
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.js')))
    files[name] = (await stat(path.join(dir, name))).size;
  return { files, total: Object.values(files).reduce((s, n) => s + n, 0) };
}

export interface ExportImport {
  /** Records in the exported bundle. */
  records: number;
  exportMs: number;
  bundleMB: number;
  importMs: number;
  /** Peak JS heap of the page above its level before the import. */
  importPeakHeapMB: number;
  exportPeakHeapMB: number;
}

const MB = 1024 * 1024;

/**
 * Issue 6's figures: the book in `sourceDb` exported with lib/handover into a
 * Blob (as a rep saving the file), then imported into an empty book, with the
 * page's peak JS heap during each. The raw-bulkPut baseline is the time it
 * took to write the same book (loadBook's writeMs).
 */
export async function measureExportImport(
  bench: BenchPage,
  sourceDb: string,
  log?: Log,
): Promise<ExportImport> {
  const target = 'bench-handover-target';
  await bench.call('deleteDatabase', [target]);
  try {
    log?.('  exporting the book with lib/handover');
    const exported = await bench.withPeakHeap(() => bench.call('exportBundle', [sourceDb], log));
    log?.('  importing it into an empty book with lib/handover');
    const imported = await bench.withPeakHeap(() => bench.call('importBundle', [target], log));
    return {
      records: imported.result.records,
      exportMs: exported.result.ms,
      bundleMB: exported.result.bytes / MB,
      exportPeakHeapMB: (exported.peakBytes - exported.baseBytes) / MB,
      importMs: imported.result.ms,
      importPeakHeapMB: (imported.peakBytes - imported.baseBytes) / MB,
    };
  } finally {
    await bench.call('dropBundle', []);
    await bench.call('deleteDatabase', [target]);
  }
}

/** BenchRecompute with its incremental runs summarised. */
export type ValueRecompute = Omit<BenchRecompute, 'incremental' | 'upkeep'> & {
  incremental: Latency;
  upkeep: Latency;
};

/**
 * Issue 4's figures in the extension's real IndexedDB: the loaded book topped up
 * to `orders` orders, lib/value's full recompute over it (the rebuild after the
 * writes, then the daily one), then `runs` incremental updates, each after one
 * new order (the orders are removed again afterwards).
 */
export async function measureValueRecompute(
  bench: BenchPage,
  runs: number,
  orders: number,
  at: number,
  dbName = CRM_DB,
): Promise<ValueRecompute> {
  const { incremental, upkeep, ...rest } = await bench.call('recompute', [dbName, runs + 1, orders, at]);
  return { ...rest, incremental: summarize(incremental), upkeep: summarize(upkeep) };
}

export interface DashboardLoad {
  /** Building the day rows from the log once after the book was written in bulk (null: they were complete). */
  rebuildMs: number | null;
  /** Building the thread facts from the kept day rows once (the first load after the upgrade to schema v8). */
  threadFactsMs: number | null;
  /** Reading the book tables (companies, values, reps, settings): once per dashboard visit. */
  tablesMs: number;
  /** The first view read by walking the log instead (ms), for `logPresets`. */
  logFirst: Partial<Record<string, number>>;
  /** Each period preset's view model, the tables in hand. */
  periods: Record<
    string,
    { latency: Latency; first: Latency; threads: number; atRisk: number; spans: Record<string, number> }
  >;
}

/** The manager dashboard's loads over the book in the page (lib/metrics), at the book's own "now". */
export async function measureDashboard(
  bench: BenchPage,
  at: number,
  runs: number,
  presets?: readonly ('30' | '90' | '365' | 'all')[],
  logPresets: readonly ('30' | '90' | '365' | 'all')[] = [],
  dbName = CRM_DB,
): Promise<DashboardLoad> {
  const { rebuildMs, threadFactsMs, tablesMs, logFirst, periods } = await bench.call('dashboard', [
    dbName,
    at,
    runs,
    presets,
    logPresets,
  ]);
  return {
    rebuildMs,
    threadFactsMs,
    tablesMs,
    logFirst,
    periods: Object.fromEntries(
      Object.entries(periods).map(([preset, p]) => [
        preset,
        {
          latency: summarize(p.samples),
          first: summarize(p.firstSamples),
          threads: p.threads,
          atRisk: p.atRisk,
          spans: p.spans,
        },
      ]),
    ),
  };
}

/** What the dashboard's day rows add to a write: the p50 with them kept and without. */
export interface WriteCost {
  kept: Latency;
  bare: Latency;
}

/** One logged contact, alternately with the day rows kept and without (issue 17's cost figure). */
export async function measureLoggedContactCost(
  bench: BenchPage,
  at: number,
  runs: number,
  dbName = CRM_DB,
): Promise<WriteCost> {
  const { kept, bare } = await bench.call('loggedContactCost', [dbName, at, runs]);
  return { kept: summarize(kept), bare: summarize(bare) };
}

/** The book in `sourceDb` imported into an empty book with the day rows kept and without, `runs` times each. */
export async function measureImportCost(
  bench: BenchPage,
  sourceDb: string,
  runs: number,
  log?: Log,
): Promise<WriteCost & { records: number }> {
  const { kept, bare, records } = await bench.call('importCost', [sourceDb, runs], log);
  return { kept: summarize(kept), bare: summarize(bare), records };
}
