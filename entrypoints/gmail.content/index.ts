import { insertReply, readGmail, reportRawHeaders } from '@/lib/adapters/gmail';
import type { PageStateInput } from '@/lib/email';
import type { InsertResult } from '@/lib/messages';

// Reads the open Gmail message and reports it to the background; nothing else.
// Silent by design: every failure becomes an 'unreadable' report, never an error in Gmail's console.

/** A message view still rendering reads as unreadable for a moment: wait this long before saying so. */
const UNREADABLE_GRACE_MS = 2500;
const DEBOUNCE_MS = 250;

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    let last = '';
    let unreadableSince = 0;
    let timer: number | undefined;
    const rawFetched = new Set<string>();
    const send = (message: unknown) => browser.runtime.sendMessage(message).catch(() => undefined);

    const report = (force = false) => {
      try {
        const state: PageStateInput = readGmail(document, location);
        if (state.kind === 'unreadable') {
          unreadableSince ||= Date.now();
          const wait = unreadableSince + UNREADABLE_GRACE_MS - Date.now();
          if (wait > 0) return schedule(wait);
        } else unreadableSince = 0;
        const key = JSON.stringify(state);
        if (key === last && !force) return;
        last = key;
        void send({ type: 'page/state', state });
        const messageId = state.kind === 'inquiry' ? (state.inquiry.messageId ?? '') : '';
        if (messageId && !rawFetched.has(messageId)) {
          rawFetched.add(messageId);
          void reportRawHeaders({
            doc: document,
            loc: location,
            messageId,
            fetch: (u, i) => fetch(u, i),
            send,
          });
        }
      } catch {
        // Never into Gmail's console.
      }
    };
    const schedule = (ms = DEBOUNCE_MS) => {
      if (timer !== undefined) clearTimeout(timer);
      timer = ctx.setTimeout(() => report(), ms);
    };

    ctx.addEventListener(window, 'hashchange', () => schedule());
    ctx.addEventListener(window, 'popstate', () => schedule());
    const observer = new MutationObserver(() => schedule());
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['style', 'aria-expanded'],
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
