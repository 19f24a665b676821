import type { RecomputeReport } from '../../lib/value/recompute';
import type { BookCounts, BookShape } from '../../test/bench/generate';

// What the harness's in-page half (page.ts) offers the Node half, as types only.

declare global {
  var __bench: BenchPageApi | undefined;
  var __benchHandover: BenchHandover | undefined;
}

export interface Progress {
  phase: string;
  done: number;
  total: number;
}

export interface LoadOptions {
  dbName: string;
  companiesPerChunk: number;
  /** Write only companies [from, to) of the book (default: all of it). */
  from?: number;
  to?: number;
  /** Empty the book first (default: when starting from company 0). */
  clear?: boolean;
}

export interface BookLoad {
  counts: BookCounts;
  /** Time spent generating records in the page. */
  generateMs: number;
  /** Time spent in Dexie bulkPut transactions: the raw write baseline. */
  writeMs: number;
  totalMs: number;
}

export interface Sender {
  email: string;
  name?: string;
}

export interface BenchPageApi {
  progress: Progress;
  clearBook(dbName: string): Promise<void>;
  loadBook(shape: Partial<BookShape>, options: LoadOptions): Promise<BookLoad>;
  /** Latency samples (ms) of one indexed get of a contact by address on raw IndexedDB. */
  idbGet(dbName: string, emails: readonly string[], runs: number): Promise<number[]>;
  /** Latency samples (ms) of lib/enrich's enrichInquiry for emails from these senders. */
  enrich(dbName: string, senders: readonly Sender[], runs: number): Promise<number[]>;
  exportBundle(dbName: string): Promise<{ ms: number; bytes: number }>;
  importBundle(dbName: string): Promise<{ ms: number; records: number }>;
  dropBundle(): void;
  deleteDatabase(dbName: string): Promise<void>;
  countRecords(dbName: string): Promise<Record<string, number>>;
  /** Whether the book was valued as a whole (its book figures are stored). */
  isValued(dbName: string): Promise<boolean>;
  /** The background values the whole book (as after an import) and answers when done; ms taken. */
  valueInBackground(): Promise<number>;
  /** Starts whole-book valuations in the background, one after another, until stopBusy. */
  startBusy(): void;
  /** Stops them; resolves with how many ran. */
  stopBusy(): Promise<number>;
  recompute(dbName: string, incrementalRuns: number, orders: number, at: number): Promise<BenchRecompute>;
  dashboard(
    dbName: string,
    at: number,
    runs: number,
    presets?: readonly ('30' | '90' | '365' | 'all')[],
    logPresets?: readonly ('30' | '90' | '365' | 'all')[],
  ): Promise<BenchDashboard>;
  /** One logged contact with the dashboard's day rows kept and without (ms samples). */
  loggedContactCost(dbName: string, at: number, runs: number): Promise<BenchWriteCost>;
  /** The book in `sourceDb` exported, then imported into an empty book with the day rows kept and without (ms). */
  importCost(sourceDb: string, runs: number): Promise<BenchWriteCost & { records: number }>;
  hasHandover(): boolean;
}

/** lib/value over the book in the page: the full recompute and incremental updates. */
export interface BenchRecompute extends RecomputeReport {
  /** The daily full recompute, packed inputs in place. */
  fullMs: number;
  /** The first incremental update after the in-memory ranking was dropped (a worker start). */
  coldMs: number;
  /** Warm incremental updates, one per new order (ms). */
  incremental: number[];
  /** Bringing that company's packed inputs up to date after each update (ms). */
  upkeep: number[];
  /** Orders generated into the packed inputs to bring them to the figure's size, and the time it took. */
  topUp: { added: number; ms: number };
  /** The first full recompute after the book was written: every packed input rebuilt from the records. */
  rebuild: RecomputeReport & { fullMs: number };
}

/** The manager dashboard's loads: the book tables once, then each period preset `runs` times (ms). */
export interface BenchDashboard {
  /** Building the day rows from the log after the book was written in bulk (null: they were complete). */
  rebuildMs: number | null;
  /** Building the thread facts from the kept day rows (the first load after the upgrade to schema v8; null: kept). */
  threadFactsMs: number | null;
  tablesMs: number;
  /** The period's first view read by walking the log instead of the day rows (ms), for the presets asked. */
  logFirst: Partial<Record<string, number>>;
  /** samples: the whole view, trends included; firstSamples: the period's own figures (shown first). */
  periods: Record<
    string,
    {
      samples: number[];
      firstSamples: number[];
      threads: number;
      atRisk: number;
      /** Where the last run's time went: part name (`first:` or `full:` step) → ms. */
      spans: Record<string, number>;
    }
  >;
}

/** A write timed with the dashboard's day rows kept and without them (ms samples). */
export interface BenchWriteCost {
  kept: number[];
  bare: number[];
}

/** The slice of lib/handover the harness drives, when that library exists. */
export interface BenchHandover {
  exportBook(db: unknown): AsyncIterable<Uint8Array>;
  importBundle(
    db: unknown,
    source: Blob,
    options: { onProgress?: (progress: { done: number; total: number }) => void },
  ): Promise<{ total: number }>;
}
