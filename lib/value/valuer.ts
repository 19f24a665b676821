import type { CrmDb } from '../db/db';
import { recomputeAll, type RecomputeReport } from './recompute';
import { createSlicer, type Slicer } from './slices';
import { ToValuerSchema, type FromValuer, type ValuationChannel } from './valuer-protocol';

// The whole-book valuation's own thread: a Worker inside the offscreen document
// (entrypoints/offscreen). It values the book exactly as the background did (recomputeAll: results
// written beside the current ones a few records per transaction, named current in one small
// transaction), so the background's thread never runs the arithmetic nor collects its garbage
// (at 50k companies pauses of 60-90 ms), and a card built meanwhile never waits for either.

/** Between two progress messages at most (the background takes a long silence for a dead host). */
export const PROGRESS_EVERY_MS = 250;
/**
 * Slices of this thread: it runs nothing else, but a card's `hold` is read between two, so a
 * card being built waits at most this long for the valuation to stop using a core.
 */
const VALUER_SLICE_MS = 10;
/**
 * Between two slices the thread rests this long: on a machine of two cores the valuation takes
 * at most about half of one, so the webmail page, the background and the side panel, which a
 * card crosses before the background can hold the valuation, still find a core free. A whole
 * valuation takes about twice as long; nobody waits for it.
 */
const VALUER_REST_MS = 10;
const rest = () => new Promise<void>((resolve) => setTimeout(resolve, VALUER_REST_MS));

export interface ValuerOptions {
  now?: () => number;
  /** Values the book (tests hold it): recomputeAll by default. */
  valueBook?: (db: CrmDb, now: number, slicer: Slicer) => Promise<RecomputeReport>;
  /** This worker's name in `ready` (new with every start). */
  host?: string;
}

/** Answers the background's runs, one after another, on `channel`. Returns the stop. */
export function serveValuations(
  db: CrmDb,
  channel: ValuationChannel,
  options: ValuerOptions = {},
): () => void {
  const clock = options.now ?? (() => performance.now());
  const valueBook = options.valueBook ?? recomputeAll;
  const host = options.host ?? Math.random().toString(36).slice(2);
  let running: string | null = null;
  let chain: Promise<void> = Promise.resolve();
  const send = (message: FromValuer) => channel.post(message);

  // While a card is built in the background the valuation pauses (a hold ends by itself, so a
  // background stopped while holding never stops the valuation for good).
  let heldUntil = 0;
  let released: (() => void) | null = null;
  const heldBy = (): Promise<void> | null => {
    const left = heldUntil - clock();
    if (left <= 0) return null;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, left);
      function done() {
        clearTimeout(timer);
        released = null;
        resolve();
      }
      released = done;
    });
  };

  function progressSlicer(run: string): Slicer {
    const slicer = createSlicer(VALUER_SLICE_MS, rest, clock, heldBy);
    let last = clock();
    return {
      async tick() {
        if (clock() - last >= PROGRESS_EVERY_MS) {
          last = clock();
          send({ type: 'progress', run });
        }
        await slicer.tick();
      },
    };
  }

  const stop = channel.listen((raw) => {
    const parsed = ToValuerSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'ping') return send({ type: 'ready', host, running });
    if (message.type === 'hold') {
      heldUntil = clock() + message.ms;
      return;
    }
    if (message.type === 'release') {
      heldUntil = 0;
      return released?.();
    }
    const { run, now } = message;
    chain = chain.then(async () => {
      running = run;
      try {
        const report = await valueBook(db, now, progressSlicer(run));
        send({ type: 'done', run, report });
      } catch (error) {
        send({ type: 'failed', run, message: String(error).slice(0, 2000) });
      } finally {
        running = null;
      }
    });
  });
  send({ type: 'ready', host, running: null });
  return stop;
}
