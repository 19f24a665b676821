import type { CrmDb } from '../db/db';
import type { ValueChange } from './changes';
import { upkeepInputs } from './digest';
import { forgetValueCache, recomputeAll, recomputeCompany, warmValueCache } from './recompute';
import { createSlicer, SLICE_BUDGET_MS, yieldToLoop, type HeldBy, type Slicer } from './slices';

// The background's side of value changes: the only place recomputes run once the
// extension is up. Work runs one piece at a time, in arrival order, so a full
// recompute that read the book before a write can never overwrite the row a
// later incremental update wrote (the update runs after it). A burst of
// whole-book changes (a CSV import, then another) is one full recompute. After
// the rows, the same queue brings the changed companies' packed inputs up to
// date (lib/value/digest.ts), so no rebuild ever runs beside a full recompute.

export interface ValueSchedulerOptions {
  /** Quiet time before a whole-book change re-ranks, so a burst of them costs one recompute. */
  debounceMs?: number;
  now?: () => number;
  log?: (message: string) => void;
  /** After each whole-book recompute is written (the open card's value slot may show a new tier). */
  onWholeBook?: () => void;
  /**
   * Work that goes first (the open card, lib/background/foreground.ts): the whole-book valuation
   * stops at its next slice while some is in flight.
   */
  heldBy?: HeldBy;
  /**
   * Values the whole book: by default recomputeAll here, in slices; the background hands in the
   * valuation worker (lib/value/remote.ts); tests hold it to see what waits for it.
   */
  valueBook?: ValueBook;
  timers?: {
    setTimeout: (run: () => void, ms: number) => unknown;
    clearTimeout: (handle: unknown) => void;
  };
}

/** Values the whole book and writes the results; `slicer` is the one to use if it runs in this thread. */
export type ValueBook = (db: CrmDb, now: number, slicer: Slicer) => Promise<unknown>;

export interface ValueScheduler {
  /** Takes a page's change: companies are revalued soon, one by one; `all` schedules a full recompute. */
  apply(change: ValueChange): void;
  /**
   * Whole-book changes taken until `done` settles wait for it and are valued once after it (a pull
   * of several pages: the book is valued once, after its last page, not after every page).
   */
  holdUntil(done: Promise<unknown>): void;
  /** A full recompute after the work already queued (the daily alarm, changed settings); resolves when written. */
  runAll(): Promise<void>;
  /** Runs a waiting full recompute now and resolves when nothing is left to do. */
  flush(): Promise<void>;
  /** Resolves when the work queued so far is done (a waiting, debounced full recompute not included). */
  idle(): Promise<void>;
  /**
   * Whether a whole-book valuation is waiting or running: every stored row is about to be
   * replaced, so the card shows the row it has and is read again when the valuation is written.
   */
  valuing(): boolean;
  /**
   * Loads the ranking one company's valuation needs (lib/value/recompute.ts warmValueCache), in
   * slices behind the open card, in turn with the other work: when the worker starts.
   */
  warm(): Promise<void>;
}

export function createValueScheduler(db: CrmDb, options: ValueSchedulerOptions = {}): ValueScheduler {
  const debounceMs = options.debounceMs ?? 1000;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((message: string) => console.error(message));
  const timers = options.timers ?? {
    setTimeout: (run: () => void, ms: number) => setTimeout(run, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };

  let chain: Promise<void> = Promise.resolve();
  const waiting = new Set<string>();
  let drainQueued = false;
  let fullTimer: unknown = null;
  /** Whole-book valuations queued and not yet written. */
  let fullsQueued = 0;
  // Sliced: the worker answers cards and messages between slices of the arithmetic.
  const slicer = () =>
    createSlicer(SLICE_BUDGET_MS, yieldToLoop, () => performance.now(), options.heldBy ?? (() => null));
  const valueBook: ValueBook = options.valueBook ?? ((db, at, slices) => recomputeAll(db, at, slices));
  const warm = () => warmValueCache(db, slicer()).then(() => undefined);

  function enqueue(task: () => Promise<void>): Promise<void> {
    const run = chain.then(task).catch((error: unknown) => log(`value recompute failed: ${String(error)}`));
    chain = run;
    return run;
  }

  async function drain(): Promise<void> {
    drainQueued = false;
    const ids = [...waiting];
    waiting.clear();
    // The ranking, if not held, is loaded in slices here rather than in one block by the first company.
    if (ids.length) await warm();
    for (const id of ids) await recomputeCompany(db, id, now());
    // Then the packed inputs of the companies just written, so the next full recompute reads them as they are.
    await upkeepInputs(db);
  }

  function full(): Promise<void> {
    if (fullTimer !== null) timers.clearTimeout(fullTimer);
    fullTimer = null;
    fullsQueued++;
    return enqueue(async () => {
      // Companies waiting behind it are valued by it.
      waiting.clear();
      try {
        await valueBook(db, now(), slicer());
        // Valued in another thread, the ranking is loaded here before the card is read again.
        await warm();
      } finally {
        fullsQueued--;
      }
      options.onWholeBook?.();
    });
  }

  // Whole-book changes gathered while held (holdUntil).
  let holds = 0;
  let heldAll = false;

  function apply(change: ValueChange): void {
    if (change.all) {
      // The ranking held in memory may name companies a restore removed: never rank against it again.
      forgetValueCache(db);
      if (holds > 0) heldAll = true;
      else {
        if (fullTimer !== null) timers.clearTimeout(fullTimer);
        fullTimer = timers.setTimeout(() => void full(), debounceMs);
      }
    }
    // A company's own revaluation (a rep's edit meanwhile) is cheap and never waits.
    for (const id of change.companyIds) waiting.add(id);
    if (waiting.size && !drainQueued) {
      drainQueued = true;
      void enqueue(drain);
    }
  }

  return {
    apply,
    holdUntil(done) {
      holds++;
      // A whole-book valuation waiting for its quiet time waits for the end of this too.
      if (fullTimer !== null) {
        timers.clearTimeout(fullTimer);
        fullTimer = null;
        heldAll = true;
      }
      const release = () => {
        if (--holds > 0 || !heldAll) return;
        heldAll = false;
        apply({ companyIds: [], all: true });
      };
      done.then(release, release);
    },
    runAll() {
      // After a restore or a merge (the handover page asks for this) the held ranking is stale at once.
      forgetValueCache(db);
      return full();
    },
    idle() {
      return chain;
    },
    valuing() {
      return fullTimer !== null || fullsQueued > 0 || (holds > 0 && heldAll);
    },
    warm() {
      return enqueue(warm);
    },
    async flush() {
      if (fullTimer !== null) await full();
      await chain;
    },
  };
}
