import { db } from '@/lib/db/db';
import { loadDashboardInStages, readBookTables, type BookTables } from '@/lib/metrics/load';
import { isLoadRequest, type LoadReply } from './loaderProtocol';

// Measures the dashboard off the page's main thread: reading a period of a large
// book from IndexedDB and building its view take seconds at a million
// interactions, and the page must keep scrolling, filtering and answering keys
// meanwhile. The worker keeps the period-independent tables between loads.

let tables: Promise<BookTables> | null = null;
const reply = (message: LoadReply) => postMessage(message);

addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = event.data;
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
        (view, final) => reply({ type: 'view', id, view, final }),
      );
    } catch (e) {
      tables = null;
      reply({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
