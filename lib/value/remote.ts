import type { CrmDb } from '../db/db';
import { forgetValueCache, recomputeAll, type RecomputeReport } from './recompute';
import type { Slicer } from './slices';
import { broadcastChannel, FromValuerSchema, type ToValuer, type ValuationChannel } from './valuer-protocol';

// The background's side of the valuation worker (lib/value/valuer.ts): asks it to value the whole
// book and waits for the results to be written. The host (an offscreen document with its Worker)
// may be closed at any time, by the browser or by a crash: a run whose host went away or fell
// silent is asked of a new host, and after `attempts` failures the caller values the book itself.
// Nothing is ever half-written: a run's results are named current in one small transaction at its
// end (lib/value/digest.ts), so a run cut short leaves the previous valuation in place.

export interface ValuationHost {
  /** Opens the host if it is not open (creates the offscreen document). */
  open(): Promise<void>;
  /** Whether the host is still open. */
  alive(): Promise<boolean>;
  /** Closes it (after a failure, so the next attempt starts a fresh one). */
  close(): Promise<void>;
}

export interface RemoteValuerOptions {
  host: ValuationHost;
  channel: ValuationChannel;
  /** Called as a run makes progress: keeps the background worker from being stopped as idle meanwhile. */
  keepAlive?: () => void;
  /** A run with no message for this long is taken for lost. */
  silentMs?: number;
  /** How often the host is checked while a run goes on. */
  checkEveryMs?: number;
  /** How long a new host has to say it is ready. */
  readyMs?: number;
  /** Hosts tried per valuation before giving up (the caller then values the book itself). */
  attempts?: number;
  /** The host is closed when no valuation asked for it for this long (its worker holds a copy of the book's figures). */
  idleCloseMs?: number;
  log?: (message: string) => void;
  newRunId?: () => string;
}

export interface RemoteValuer {
  /** Values the whole book in the valuation worker; null when no host could (value it here instead). */
  value(now: number): Promise<RecomputeReport | null>;
  /**
   * A card is being built (true) or was sent (false): the valuation pauses meanwhile, and goes on
   * a moment after the card was sent, once the side panel has drawn it.
   */
  hold(building: boolean): void;
}

/** A hold lasts this long at most unless renewed: a background stopped while holding never stops the valuation. */
const HOLD_MS = 1000;
/** After a card was sent, the valuation waits this long more: the side panel's render of it. */
const RELEASE_AFTER_MS = 30;

export function createRemoteValuer(options: RemoteValuerOptions): RemoteValuer {
  const { host, channel } = options;
  const silentMs = options.silentMs ?? 15_000;
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const readyMs = options.readyMs ?? 10_000;
  const attempts = options.attempts ?? 2;
  const log = options.log ?? ((message: string) => console.error(message));
  let runs = 0;
  const newRunId = options.newRunId ?? (() => `${Date.now().toString(36)}-${++runs}`);
  const post = (message: ToValuer) => channel.post(message);

  /** Resolves once the host's worker answers (it says ready on start, and to every ping). */
  function ready(): Promise<string> {
    return new Promise((resolve, reject) => {
      const stop = channel.listen((raw) => {
        const parsed = FromValuerSchema.safeParse(raw);
        if (!parsed.success || parsed.data.type !== 'ready') return;
        done();
        resolve(parsed.data.host);
      });
      const ping = setInterval(() => post({ type: 'ping' }), 200);
      const timeout = setTimeout(() => {
        done();
        reject(new Error('the valuation worker did not start'));
      }, readyMs);
      const done = () => {
        stop();
        clearInterval(ping);
        clearTimeout(timeout);
      };
      post({ type: 'ping' });
    });
  }

  /** One run on the host that answered as `hostId`: its report, or a rejection when it failed or went away. */
  function runOnce(now: number, hostId: string): Promise<RecomputeReport> {
    const run = newRunId();
    return new Promise((resolve, reject) => {
      let heard = Date.now();
      const stop = channel.listen((raw) => {
        const parsed = FromValuerSchema.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === 'ready') {
          // Another worker started in its place: this run is gone with the old one.
          if (message.host !== hostId) finish(() => reject(new Error('the valuation worker restarted')));
          return;
        }
        if (message.run !== run) return;
        heard = Date.now();
        if (message.type === 'progress') return options.keepAlive?.();
        if (message.type === 'done') return finish(() => resolve(message.report));
        finish(() => reject(new Error(message.message)));
      });
      let checking = false;
      const check = setInterval(() => {
        if (checking) return;
        if (Date.now() - heard > silentMs)
          return finish(() => reject(new Error('the valuation worker fell silent')));
        checking = true;
        host
          .alive()
          .then((alive) => {
            if (!alive) finish(() => reject(new Error('the valuation worker was closed')));
          })
          .catch(() => undefined)
          .finally(() => (checking = false));
      }, checkEveryMs);
      let finished = false;
      const finish = (settle: () => void) => {
        if (finished) return;
        finished = true;
        stop();
        clearInterval(check);
        settle();
      };
      post({ type: 'run', run, now });
    });
  }

  let running = 0;
  let releaseTimer: ReturnType<typeof setTimeout> | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  const idleCloseMs = options.idleCloseMs ?? 60_000;
  return {
    async value(now) {
      running++;
      if (idleTimer !== null) clearTimeout(idleTimer);
      idleTimer = null;
      try {
        for (let attempt = 1; attempt <= attempts; attempt++) {
          try {
            await host.open();
            return await runOnce(now, await ready());
          } catch (error) {
            log(`whole-book valuation in its worker, attempt ${attempt}: ${String(error)}`);
            await host.close().catch(() => undefined);
          }
        }
        return null;
      } finally {
        if (--running === 0)
          idleTimer = setTimeout(() => {
            idleTimer = null;
            if (running === 0) void host.close().catch(() => undefined);
          }, idleCloseMs);
      }
    },
    hold(building) {
      if (releaseTimer !== null) clearTimeout(releaseTimer);
      releaseTimer = null;
      if (!running) return;
      if (building) return post({ type: 'hold', ms: HOLD_MS });
      releaseTimer = setTimeout(() => {
        releaseTimer = null;
        post({ type: 'release' });
      }, RELEASE_AFTER_MS);
    },
  };
}

/** The offscreen document that holds the valuation worker (Chrome 109+, the "offscreen" permission). */
export function offscreenHost(
  offscreen: {
    createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
    closeDocument(): Promise<void>;
    hasDocument?(): Promise<boolean>;
  },
  runtime: { getContexts?(filter: { contextTypes: ['OFFSCREEN_DOCUMENT'] }): Promise<unknown[]> },
  url: string,
): ValuationHost {
  const alive = async () => {
    if (offscreen.hasDocument) return offscreen.hasDocument();
    const contexts = await runtime.getContexts?.({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
    return (contexts?.length ?? 0) > 0;
  };
  let opening: Promise<void> | null = null;
  return {
    alive,
    open() {
      // Two opens at once would both create the document; the second creation fails.
      opening ??= (async () => {
        if (!(await alive()))
          await offscreen.createDocument({
            url,
            reasons: ['WORKERS'],
            justification: 'Values the whole customer book on a worker thread, away from the card.',
          });
      })().finally(() => (opening = null));
      return opening;
    },
    async close() {
      if (await alive()) await offscreen.closeDocument();
    },
  };
}

/**
 * The scheduler's way of valuing the whole book (lib/value/scheduler.ts valueBook): in the
 * valuation worker, or here in slices when no worker could (no offscreen documents in this
 * browser, or every attempt failed). The ranking held here is the old valuation's afterwards: it
 * is dropped, and the scheduler loads the new one in slices.
 */
export function valueBookIn(remote: RemoteValuer | null) {
  return async (db: CrmDb, now: number, slicer: Slicer): Promise<RecomputeReport> => {
    const report = remote ? await remote.value(now) : null;
    if (!report) return recomputeAll(db, now, slicer);
    forgetValueCache(db);
    return report;
  };
}

/** The offscreen page that starts the valuation worker (entrypoints/offscreen). */
export const VALUATION_PAGE = '/offscreen.html';

/**
 * The valuation worker of this browser, or null where there are no offscreen documents (the
 * book is then valued in the background worker's own thread, in slices).
 */
export function valuationWorker(browser: {
  offscreen?: Parameters<typeof offscreenHost>[0];
  runtime: Parameters<typeof offscreenHost>[1] & {
    getURL(path: string): string;
    getPlatformInfo(): Promise<unknown>;
  };
}): RemoteValuer | null {
  if (!browser.offscreen || typeof BroadcastChannel !== 'function') return null;
  let lastKept = 0;
  return createRemoteValuer({
    host: offscreenHost(browser.offscreen, browser.runtime, browser.runtime.getURL(VALUATION_PAGE)),
    channel: broadcastChannel(),
    // An extension call now and then keeps this worker from being stopped as idle while it waits.
    keepAlive: () => {
      if (Date.now() - lastKept < 10_000) return;
      lastKept = Date.now();
      void browser.runtime.getPlatformInfo().catch(() => undefined);
    },
  });
}
