// What the rep waits for goes first in the background worker. The worker has one thread and the
// database answers its requests in turn: a card built while the whole book is valued would
// otherwise wait, at each of its reads, for the valuation's slice in progress (lib/value/slices.ts).
// The card's work runs through `run`; the valuation's slicer asks `held()` at every step and
// stops until no card work is in flight.

export interface Foreground {
  /** Runs work the rep is waiting for; background slices stay paused until it settles. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves when no foreground work is left in flight; null when none is in flight now. */
  held(): Promise<void> | null;
}

/** `onBusy` hears when foreground work starts (true) and when none is left (false): the valuation worker is told. */
export function createForeground(onBusy: (busy: boolean) => void = () => undefined): Foreground {
  let inFlight = 0;
  let done: Promise<void> | null = null;
  let release: () => void = () => undefined;

  return {
    async run(work) {
      if (inFlight++ === 0) {
        done = new Promise((resolve) => (release = resolve));
        onBusy(true);
      }
      try {
        return await work();
      } finally {
        if (--inFlight === 0) {
          done = null;
          release();
          onBusy(false);
        }
      }
    },
    held: () => done,
  };
}
