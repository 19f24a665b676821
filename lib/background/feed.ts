import type { CrmDb } from '../db/db';
import { readFeed, trimFeed, type FeedEntry } from '../db/feed';

// The background's side of the change feed (lib/db/feed.ts): it reads what any context wrote,
// in commit order, hands each batch to its reactions (revalue, reschedule reminder alarms,
// update the open card), then deletes what it read, so the feed stays as small as the work not
// yet done. Woken by Dexie's storage events (this worker's writes and, while it runs, every
// page's) and by the pages' wake-up message when it was asleep (lib/db/wake.ts).

/** Entries read and handled at a time. */
export const FEED_BATCH = 500;

export type ReadEntry = Required<FeedEntry>;

export interface FeedFollower {
  /** Reads and handles everything written so far; resolves when the feed is empty (or a reaction failed). */
  follow(): Promise<void>;
}

export function createFeedFollower(
  db: CrmDb,
  handle: (entries: ReadEntry[]) => Promise<void>,
  log: (message: string) => void = (message) => console.error(message),
): FeedFollower {
  let running: Promise<void> | null = null;
  let again = false;

  async function drain(): Promise<void> {
    for (;;) {
      const entries = await readFeed(db, FEED_BATCH);
      if (entries.length === 0) return;
      try {
        await handle(entries);
      } finally {
        // Handled or not, a batch is read once: a reaction that throws on it would throw again.
        await trimFeed(db, entries.at(-1)!.seq);
      }
      if (entries.length < FEED_BATCH) return;
    }
  }

  return {
    follow() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await drain().catch((error: unknown) => log(`change feed: ${String(error)}`));
        } while (again);
        running = null;
      })();
      return running;
    },
  };
}
