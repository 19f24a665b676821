import { onFeedCommitted } from './feed';

// An extension page (the side panel, the options page, the dashboard) that writes to the book
// wakes the background, which may be asleep (an MV3 worker stops when idle) and so deaf to
// Dexie's storage events: after every committed write it sends one message that carries
// nothing — what changed is in the change feed (lib/db/feed.ts). It is sent here, under every
// write, so no page has to remember to.

/** The wake-up message; lib/messages (PanelToBackgroundSchema) validates it at the background's door. */
export const FEED_WRITTEN = { type: 'feed/written' } as const;

interface Runtime {
  id?: string;
  sendMessage(message: unknown): Promise<unknown>;
}

interface Scope {
  browser?: { runtime?: Runtime };
  chrome?: { runtime?: Runtime };
  ServiceWorkerGlobalScope?: unknown;
}

/**
 * Sends FEED_WRITTEN after each committed write of this context, at most one at a time (writes
 * while one is on its way send one more after it). Nothing in the background itself (it hears
 * its own writes), in Node or outside an extension. Returns the removal, or null when not installed.
 */
export function wakeBackgroundOnWrites(scope: Scope = globalThis as Scope): (() => void) | null {
  if (scope.ServiceWorkerGlobalScope !== undefined) return null;
  const runtime = scope.browser?.runtime?.id ? scope.browser.runtime : scope.chrome?.runtime;
  if (!runtime?.id) return null;
  let sending = false;
  let again = false;
  const send = (): void => {
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    // A background that cannot be reached reads the feed when it starts.
    void runtime
      .sendMessage(FEED_WRITTEN)
      .catch(() => undefined)
      .finally(() => {
        sending = false;
        if (again) {
          again = false;
          send();
        }
      });
  };
  return onFeedCommitted(send);
}
