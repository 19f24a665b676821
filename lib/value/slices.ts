// Long computations in the background worker run in slices: the worker has one thread, and a
// card the rep opens while the whole book is valued must not queue behind seconds of arithmetic.
// A computation is written once, as a generator that yields at safe points (every few hundred
// companies); runSteps drives it straight through (Node scripts, tests, the one-company path),
// runSliced gives the event loop back whenever a slice has run longer than its budget, so
// messages, IndexedDB answers and timers run in between.

/** A computation that yields at points where it may pause, and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Companies (or records) handled between two points where a computation may pause. */
export const STEP = 512;

/** Decides when a sliced computation pauses, and how. */
export interface Slicer {
  /** Pauses when the current slice has run longer than its budget; otherwise resolves at once. */
  tick(): Promise<void>;
}

/**
 * The longest a slice runs before the worker's other work gets a turn, in ms: a message that
 * comes mid-slice (the rep opened an email) waits for the rest of it. (4 ms measured no better.)
 */
export const SLICE_BUDGET_MS = 8;

interface PostTaskScheduler {
  postTask(
    run: () => void,
    options?: { priority?: 'user-blocking' | 'user-visible' | 'background' },
  ): Promise<void>;
}

/**
 * Gives the event loop back for one turn: a background-priority task where the browser has
 * the Prioritized Task Scheduling API (every other task waiting goes first), else a message
 * channel (not clamped like nested timers), else a timer.
 */
export function yieldToLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function')
    return scheduler.postTask(() => undefined, { priority: 'background' });
  if (typeof MessageChannel === 'function')
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Work that goes before any slice (the card the rep opened): while it is in flight `held()`
 * resolves when it is done, otherwise it is null. A slicer given one stops at its next tick,
 * whatever is left of its budget, and goes on only once that work is done.
 */
export type HeldBy = () => Promise<void> | null;

/** A slicer that pauses once a slice has run budgetMs; a budget of 0 pauses at every tick. */
export function createSlicer(
  budgetMs = SLICE_BUDGET_MS,
  pause: () => Promise<void> = yieldToLoop,
  clock: () => number = () => performance.now(),
  heldBy: HeldBy = () => null,
): Slicer {
  let sliceStart = clock();
  return {
    async tick() {
      let held = heldBy();
      if (held === null && clock() - sliceStart < budgetMs) return;
      // The foreground's reads come back between our slices: wait until none is left in flight.
      while (held !== null) {
        await held;
        held = heldBy();
      }
      await pause();
      sliceStart = clock();
    },
  };
}

/** Never pauses: for callers that want the result in one go. */
export const UNSLICED: Slicer = { tick: () => Promise.resolve() };

/** Runs a computation straight through. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs a computation, pausing at its yields whenever the slicer says the slice is over. */
export async function runSliced<T>(steps: Steps<T>, slicer: Slicer): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await slicer.tick();
  }
}
