import { db } from '@/lib/db/db';
import { loadDashboardInStages, readBookTables, type BookTables } from '@/lib/metrics/load';
import { threadPager, type ThreadPage, type ThreadQuery } from '@/lib/metrics/dashboard';
import { isLoadRequest, isThreadsRequest, type LoadReply } from './loaderProtocol';

// Measures the dashboard off the page's main thread: reading a period of a large
// book from IndexedDB and building its view take seconds at a million
// interactions, and the page must keep scrolling, filtering and answering keys
// meanwhile. The worker keeps the period-independent tables between loads.

let tables: Promise<BookTables> | null = null;
/** The thread list of the last view sent, answered a page at a time (the page never holds it whole). */
let list: { id: number; page: (query: ThreadQuery) => ThreadPage } | null = null;
const reply = (message: LoadReply) => postMessage(message);

addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = event.data;
  if (isThreadsRequest(request)) {
    const current = list?.id === request.id ? list : null;
    const page = current ? current.page(request.query) : { rows: [], page: 0, total: 0 };
    return reply({
      type: 'threads',
      id: request.id,
      ask: request.ask,
      page,
      ...(current ? {} : { stale: true }),
    });
  }
  if (!isLoadRequest(request)) return;
  const { id } = request;
  void (async () => {
    try {
      if (request.fresh || !tables) tables = readBookTables(db);
      await loadDashboardInStages(
        db,
        {
          from: request.from,
          to: request.to,
          now: request.now,
          noReplyDays: request.noReplyDays,
          onProgress: (read) => reply({ type: 'progress', id, read, rebuilding: false }),
          onRebuild: (read) => reply({ type: 'progress', id, read, rebuilding: true }),
        },
        await tables,
        (view, final) => {
          list = { id, page: threadPager(view.threads) };
          reply({ type: 'view', id, view: { ...view, threads: [] }, final });
        },
      );
    } catch (e) {
      tables = null;
      reply({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
