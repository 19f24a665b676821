import { insertReply, readOutlook } from '@/lib/adapters/outlook';
import type { PageStateInput } from '@/lib/email';
import type { InsertResult } from '@/lib/messages';

// Reads the open Outlook message and reports it to the background; nothing else.
// Silent by design: every failure becomes an 'unreadable' report, never an error in Outlook's console.
// Outlook navigates with pushState, which fires no event: the observer tick and a slow poll
// compare location.href instead.

/** A message view still rendering reads as unreadable for a moment: wait this long before saying so. */
const UNREADABLE_GRACE_MS = 2500;
const DEBOUNCE_MS = 250;
const ADDRESS_POLL_MS = 1000;

export default defineContentScript({
  matches: ['https://outlook.live.com/*', 'https://outlook.office.com/*', 'https://outlook.office365.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    let last = '';
    let lastHref = location.href;
    let unreadableSince = 0;
    let timer: number | undefined;
    const send = (message: unknown) => browser.runtime.sendMessage(message).catch(() => undefined);

    const report = (force = false) => {
      try {
        const state: PageStateInput = readOutlook(document, location);
        if (state.kind === 'unreadable') {
          unreadableSince ||= Date.now();
          const wait = unreadableSince + UNREADABLE_GRACE_MS - Date.now();
          if (wait > 0) return schedule(wait);
        } else unreadableSince = 0;
        const key = JSON.stringify(state);
        if (key === last && !force) return;
        last = key;
        void send({ type: 'page/state', state });
      } catch {
        // Never into Outlook's console.
      }
    };
    const schedule = (ms = DEBOUNCE_MS) => {
      if (timer !== undefined) clearTimeout(timer);
      timer = ctx.setTimeout(() => report(), ms);
    };
    const addressChanged = () => {
      if (location.href === lastHref) return false;
      lastHref = location.href;
      unreadableSince = 0;
      return true;
    };

    ctx.addEventListener(window, 'popstate', () => schedule());
    ctx.addEventListener(window, 'hashchange', () => schedule());
    ctx.setInterval(() => addressChanged() && schedule(), ADDRESS_POLL_MS);
    const observer = new MutationObserver(() => {
      addressChanged();
      schedule();
    });
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['hidden', 'style', 'aria-expanded', 'aria-selected'],
    });
    ctx.onInvalidated(() => observer.disconnect());

    browser.runtime.onMessage.addListener(
      (message: unknown, sender, sendResponse: (r: InsertResult | undefined) => void) => {
        if (sender.id !== browser.runtime.id || typeof message !== 'object' || message === null) return;
        const m = message as { type?: unknown; text?: unknown };
        if (m.type === 'page/report') {
          report(true);
          sendResponse(undefined);
        } else if (m.type === 'compose/insert' && typeof m.text === 'string') {
          insertReply(document, m.text).then(sendResponse, () =>
            sendResponse({ ok: false, reason: 'Insert failed.' }),
          );
          return true; // answers asynchronously
        }
      },
    );
    report();
  },
});
