import type { DashboardView, ThreadPage, ThreadQuery } from '@/lib/metrics/dashboard';

// The dashboard page and its loading worker (dashboard.worker.ts) talk in these
// messages only. A dedicated worker hears only the page that started it, so the
// shapes are checked for sanity, not for trust.

export interface LoadRequest {
  type: 'load';
  id: number;
  from: number;
  to: number;
  now: number;
  noReplyDays: number;
  /** Read companies, value rows and settings again instead of the copy kept since the last fresh load. */
  fresh: boolean;
  /** The period preset whose final view the page keeps as the next visit's first paint (lib/metrics/snapshot). */
  snapshot?: string;
}

/** One page of a loaded view's thread list: the list stays in the worker (half a million rows at size). */
export interface ThreadsRequest {
  type: 'threads';
  /** The load whose view's list is asked for. */
  id: number;
  /** A number per request, echoed in the reply. */
  ask: number;
  query: ThreadQuery;
}

export type LoadReply =
  /** rebuilding: the dashboard's day rows are being built from the log (once after an import or an upgrade). */
  | { type: 'progress'; id: number; read: number; rebuilding: boolean }
  /**
   * The period alone first (final: false), then with its trends (final: true). The view's thread
   * list is left in the worker (threads: []); the page asks for a page of it (ThreadsRequest).
   */
  | { type: 'view'; id: number; view: DashboardView; final: boolean }
  /** A page of the thread list (stale: the load is no longer the worker's last; ask the newer one). */
  | { type: 'threads'; id: number; ask: number; page: ThreadPage; stale?: boolean }
  | { type: 'error'; id: number; message: string };

export function isLoadRequest(data: unknown): data is LoadRequest {
  const d = data as Partial<LoadRequest> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    d.type === 'load' &&
    [d.id, d.from, d.to, d.now, d.noReplyDays].every((x) => typeof x === 'number' && Number.isFinite(x)) &&
    typeof d.fresh === 'boolean' &&
    (d.snapshot === undefined || typeof d.snapshot === 'string')
  );
}

export function isThreadsRequest(data: unknown): data is ThreadsRequest {
  const d = data as Partial<ThreadsRequest> | null;
  const q = d?.query as Partial<ThreadQuery> | undefined;
  const optionalText = (x: unknown) => x === undefined || typeof x === 'string';
  return (
    typeof d === 'object' &&
    d !== null &&
    d.type === 'threads' &&
    [d.id, d.ask, q?.page, q?.size].every((x) => typeof x === 'number' && Number.isFinite(x)) &&
    optionalText(q?.repId) &&
    optionalText(q?.intent) &&
    optionalText(q?.search)
  );
}
