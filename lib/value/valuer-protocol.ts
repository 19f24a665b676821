import { z } from 'zod';

// The background worker and the valuation worker (an offscreen document's Worker,
// entrypoints/offscreen) talk over one BroadcastChannel of the extension's origin: no JSON round
// trip, no runtime message that every extension page would also receive. Both sides check every
// message with these schemas; what fails is dropped.

/** Changing this only strands a valuation in flight (the background runs it again). */
export const VALUATION_CHANNEL = 'trade-inbox-valuation';

/** Background → valuer. */
export const ToValuerSchema = z.discriminatedUnion('type', [
  /** Are you there? Answered with `ready`. */
  z.object({ type: z.literal('ping') }),
  /** Value the whole book as of `now` and write the results (lib/value/recompute.ts recomputeAll). */
  z.object({ type: z.literal('run'), run: z.string().min(1).max(64), now: z.number().finite() }),
  /**
   * A card is being built: pause at the next step for up to `ms` (or until `release`), so the
   * card's hops have the machine's cores (two, on the machines measured) to themselves.
   */
  z.object({ type: z.literal('hold'), ms: z.number().min(0).max(5000) }),
  z.object({ type: z.literal('release') }),
]);
export type ToValuer = z.infer<typeof ToValuerSchema>;

const ReportSchema = z.object({
  companies: z.number(),
  orders: z.number(),
  interactions: z.number(),
  rebuilt: z.boolean(),
  refreshed: z.number(),
  readMs: z.number(),
  computeMs: z.number(),
  writeMs: z.number(),
});

/** Valuer → background. */
export const FromValuerSchema = z.discriminatedUnion('type', [
  /** The valuer is listening; `host` is new with every worker started, `running` the run in progress. */
  z.object({ type: z.literal('ready'), host: z.string().max(64), running: z.string().max(64).nullable() }),
  /** A run is still going (sent every few hundred ms while it runs). */
  z.object({ type: z.literal('progress'), run: z.string().max(64) }),
  /** A run's results are written and named current. */
  z.object({ type: z.literal('done'), run: z.string().max(64), report: ReportSchema }),
  /** A run failed; nothing it wrote was named current. */
  z.object({ type: z.literal('failed'), run: z.string().max(64), message: z.string().max(2000) }),
]);
export type FromValuer = z.infer<typeof FromValuerSchema>;

/** One end of the channel, passed in (a BroadcastChannel in the browser, a pair of them in tests). */
export interface ValuationChannel {
  post(message: unknown): void;
  /** Calls `on` with every message from the other side; returns the unsubscribe. */
  listen(on: (message: unknown) => void): () => void;
}

/** A BroadcastChannel as a ValuationChannel. */
export function broadcastChannel(name = VALUATION_CHANNEL): ValuationChannel {
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    listen(on) {
      const handler = (event: MessageEvent<unknown>) => on(event.data);
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
  };
}
