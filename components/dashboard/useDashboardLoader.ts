import { useCallback, useEffect, useRef } from 'react';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { threadPager, type DashboardView, type ThreadPage, type ThreadQuery } from '@/lib/metrics/dashboard';
import { loadDashboardInStages, readBookTables, type BookTables } from '@/lib/metrics/load';
import { saveSnapshot } from '@/lib/metrics/snapshot';
import { currentStamp, dropStoredSnapshots } from '@/lib/metrics/snapshotStamp';
import type { LoadReply, LoadRequest, ThreadsRequest } from './loaderProtocol';

// How the page gets its view: in a worker when the page runs on the extension's
// own database (the real page), so the main thread stays free while a large
// period loads; directly otherwise (unit tests hand in their own database, and
// a test DOM has no workers). Either way the period-independent tables are read
// once and again only when asked (Refresh), and the view comes in two steps: the
// period alone, then with its trends.

export type LoadArgs = Omit<LoadRequest, 'type' | 'id'>;
/** A page of a view's thread list, from wherever the list is kept (the worker at size). */
export type ThreadSource = (query: ThreadQuery) => Promise<ThreadPage>;
export interface LoadCallbacks {
  /** Interactions read so far; rebuilding: while the dashboard's day rows are built from the log. */
  onProgress: (read: number, rebuilding: boolean) => void;
  /** The view (its `threads` may be left empty: read them from `threads`). */
  onView: (view: DashboardView, final: boolean, threads: ThreadSource) => void;
}
/** Resolves once the final view was handed to onView. */
export type Loader = (args: LoadArgs, callbacks: LoadCallbacks) => Promise<void>;

interface Pending extends LoadCallbacks {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A thread list held in the page (direct loading: tests, or a worker that could not start). */
function inPage(view: DashboardView): ThreadSource {
  const page = threadPager(view.threads);
  return (query) => Promise.resolve(page(query));
}

/** A failed save costs the next visit its quick first paint, nothing else. */
function keepSnapshot(db: CrmDb, period: string, view: DashboardView): void {
  currentStamp(db)
    .then((stamp) => saveSnapshot(period, view, stamp))
    .then(() => dropStoredSnapshots(db, [period]))
    .catch(() => undefined);
}

export function useDashboardLoader(db: CrmDb): Loader {
  const worker = useRef<Promise<Worker> | null>(null);
  const pending = useRef(new Map<number, Pending>());
  const nextId = useRef(0);
  const tables = useRef<Promise<BookTables> | null>(null);
  const useWorker = db === defaultDb && typeof Worker !== 'undefined';

  useEffect(() => {
    if (!useWorker) return;
    let closed = false;
    const waiting = pending.current;
    // Pages of thread lists asked of the worker, by request number.
    const asks = new Map<number, (page: ThreadPage) => void>();
    let nextAsk = 0;
    // Vite's worker import (WXT rewrites import.meta.url, which `new URL(..., import.meta.url)` needs).
    const started = import('./dashboard.worker.ts?worker').then(({ default: DashboardWorker }) => {
      const w = new DashboardWorker();
      w.addEventListener('message', (event: MessageEvent<LoadReply>) => {
        const message = event.data;
        if (message.type === 'threads') {
          const asked = asks.get(message.ask);
          asks.delete(message.ask);
          return asked?.(message.page);
        }
        const entry = waiting.get(message.id);
        if (!entry) return;
        if (message.type === 'progress') return entry.onProgress(message.read, message.rebuilding);
        if (message.type === 'view') {
          const id = message.id;
          const threads: ThreadSource = (query) =>
            new Promise<ThreadPage>((resolve) => {
              const ask = ++nextAsk;
              asks.set(ask, resolve);
              w.postMessage({ type: 'threads', id, ask, query } satisfies ThreadsRequest);
            });
          entry.onView(message.view, message.final, threads);
          if (!message.final) return;
          waiting.delete(message.id);
          return entry.resolve();
        }
        waiting.delete(message.id);
        entry.reject(new Error(message.message));
      });
      if (closed) w.terminate();
      return w;
    });
    started.catch(() => undefined); // a failed start is handled per load (direct loading)
    worker.current = started;
    return () => {
      closed = true;
      worker.current = null;
      started.then(
        (w) => w.terminate(),
        () => undefined,
      );
      for (const entry of waiting.values()) entry.reject(new Error('closed'));
      waiting.clear();
      for (const asked of asks.values()) asked({ rows: [], page: 0, total: 0 });
      asks.clear();
    };
  }, [useWorker]);

  return useCallback<Loader>(
    (args, given) => {
      // The final view is kept (in the page: a worker has no localStorage) as the next visit's first paint.
      const callbacks: LoadCallbacks = {
        ...given,
        onView: (view, final, threads) => {
          given.onView(view, final, threads);
          if (final && args.snapshot) keepSnapshot(db, args.snapshot, view);
        },
      };
      const direct = () => {
        if (args.fresh || !tables.current) tables.current = readBookTables(db);
        return tables.current.then((t) =>
          loadDashboardInStages(
            db,
            {
              from: args.from,
              to: args.to,
              now: args.now,
              noReplyDays: args.noReplyDays,
              onProgress: (read) => callbacks.onProgress(read, false),
              onRebuild: (read) => callbacks.onProgress(read, true),
            },
            t,
            (view, final) => callbacks.onView(view, final, inPage(view)),
          ),
        );
      };
      const started = worker.current;
      if (!useWorker || !started) return direct();
      const id = ++nextId.current;
      return new Promise<void>((resolve, reject) => {
        pending.current.set(id, { ...callbacks, resolve, reject });
        started.then(
          (w) => w.postMessage({ type: 'load', id, ...args } satisfies LoadRequest),
          // A worker that cannot start costs the page its smoothness, not its figures.
          () => {
            pending.current.delete(id);
            direct().then(resolve, reject);
          },
        );
      });
    },
    [db, useWorker],
  );
}
