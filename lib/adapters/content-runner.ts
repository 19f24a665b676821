import type { Mailbox, PageStateInput } from '../email';
import { EMAIL_LIMITS } from '../email-limits';
import type { InsertResult } from '../messages';
import { PAGE_PORT } from '../messages/page-port';
import { parseToContent } from '../messages/to-content';
import type { PageLocation, ReadHints } from './types';

// The one loop every webmail content script runs: read the page when it may
// have changed, report it when it did, fetch extra data once per message, and
// answer the background. Silent by design: every failure becomes an
// 'unreadable' report, never an error in the webmail's console.

/** A message view still rendering reads as unreadable for a moment: wait this long before saying so. */
export const UNREADABLE_GRACE_MS = 2500;
/** Webmails redraw in bursts of mutations: read once the burst settles. */
const DEBOUNCE_MS = 80;
/** pushState fires no event: single-page webmails are also watched by comparing the address. */
const ADDRESS_POLL_MS = 1000;

/** The parts of WXT's content-script context the loop uses (its timers stop when the extension reloads). */
export interface RunnerContext {
  setTimeout(handler: () => void, ms: number): number;
  setInterval(handler: () => void, ms: number): number;
  addEventListener(target: Window, type: 'hashchange' | 'popstate', handler: () => void): void;
  onInvalidated(handler: () => void): void;
}

/** The content script's end of the page port (lib/messages PAGE_PORT). */
export interface RunnerPort {
  postMessage(message: unknown): void;
  onDisconnect: { addListener(listener: () => void): void };
}

export interface RunnerRuntime {
  id: string;
  sendMessage(message: unknown): Promise<unknown>;
  /** Opens the page port; without it every report is a one-off message. */
  connect?(info: { name: string }): RunnerPort;
  /** Read when the port closes, so the browser logs nothing into the webmail's console. */
  readonly lastError?: unknown;
  onMessage: {
    addListener(
      listener: (
        message: unknown,
        sender: { id?: string },
        sendResponse: (response: InsertResult | undefined) => void,
      ) => boolean | void,
    ): void;
  };
}

export interface ContentScriptParts {
  read(doc: Document, loc: PageLocation, hints?: ReadHints): PageStateInput;
  insertReply(doc: Document, text: string): Promise<InsertResult>;
  /** Called once per newly reported message id (Gmail fetches its raw headers here). */
  onNewMessage?(messageId: string, send: (message: unknown) => Promise<unknown>): void;
  /** DOM attributes whose change may mean another message is shown. */
  attributes: string[];
}

export function runContentScript(
  ctx: RunnerContext,
  runtime: RunnerRuntime,
  parts: ContentScriptParts,
  world: { document: Document; location: Location; window: Window } = globalThis,
): void {
  const { document: doc, location: loc, window: win } = world;
  let last = '';
  let lastHref = loc.href;
  let unreadableSince = 0;
  let timer: number | undefined;
  const seen = new Set<string>();
  /** The sender the rep picked in the panel for the page at this address (issue 15, part 2). */
  let picked: { href: string; from: Mailbox } | null = null;
  /** The page port while it is open: opened by the first report, dropped when the worker stops. */
  let port: RunnerPort | null = null;
  const post = (message: unknown, connect: NonNullable<RunnerRuntime['connect']>) => {
    if (!port) {
      const opened = connect({ name: PAGE_PORT });
      opened.onDisconnect.addListener(() => {
        void runtime.lastError;
        if (port === opened) port = null;
      });
      port = opened;
    }
    port.postMessage(message);
  };
  const send = (message: unknown): Promise<unknown> => {
    const connect = runtime.connect?.bind(runtime);
    if (!connect) return runtime.sendMessage(message).catch(() => undefined);
    try {
      post(message, connect);
    } catch {
      // Closed under us (the worker stopping as we sent): once more on a new port.
      port = null;
      try {
        post(message, connect);
      } catch {
        // The extension was reloaded or removed: this page's script is orphaned.
      }
    }
    return Promise.resolve(undefined);
  };

  const report = (force = false) => {
    try {
      const hints = picked && picked.href === loc.href ? { from: picked.from } : {};
      const state = parts.read(doc, loc, hints);
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
      if (messageId && !seen.has(messageId)) {
        seen.add(messageId);
        parts.onNewMessage?.(messageId, send);
      }
    } catch {
      // Never into the webmail's console.
    }
  };
  function schedule(ms = DEBOUNCE_MS) {
    if (timer !== undefined) clearTimeout(timer);
    timer = ctx.setTimeout(() => report(), ms);
  }
  const addressChanged = () => {
    if (loc.href === lastHref) return false;
    lastHref = loc.href;
    unreadableSince = 0;
    return true;
  };

  // A new address is read at once: the message is often already drawn (Gmail keeps opened
  // conversations), and when it is not, the mutations that draw it schedule the next read.
  ctx.addEventListener(win, 'hashchange', () => schedule(0));
  ctx.addEventListener(win, 'popstate', () => schedule(0));
  ctx.setInterval(() => addressChanged() && schedule(0), ADDRESS_POLL_MS);
  const observer = new MutationObserver(() => schedule(addressChanged() ? 0 : DEBOUNCE_MS));
  observer.observe(doc.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: parts.attributes,
  });
  ctx.onInvalidated(() => observer.disconnect());

  runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== runtime.id) return;
    // Parsed like every message between contexts; a malformed one is refused, with the field
    // that failed, to its sender (never into the webmail's console).
    const parsed = parseToContent(message);
    if (!parsed.ok) {
      sendResponse({ ok: false, reason: parsed.reason });
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'page/report':
        report(true);
        sendResponse(undefined);
        return;
      case 'page/pick-sender':
        picked = {
          href: loc.href,
          from: { name: m.name.slice(0, EMAIL_LIMITS.name), email: m.email.toLowerCase() },
        };
        report(true);
        sendResponse(undefined);
        return;
      case 'compose/insert':
        parts
          .insertReply(doc, m.text)
          .then(sendResponse, () => sendResponse({ ok: false, reason: 'write-failed' }));
        return true; // answers asynchronously
    }
  });
  report();
}
