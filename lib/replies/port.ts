import { db } from '../db/db';
import { runDrafts, runGloss, runTest, type ReplyDeps } from './engine';
import { REPLY_PORT_NAME, ReplyEventSchema, ReplyRequestSchema, type ReplyEventInput } from './messages';
import { loadLlmSettings, withSavedKey } from './settings';

// The background end of the 'replies' port. One port per request: the page posts
// one ReplyRequest, the background posts events and disconnects after the last.
// Closing the port from the page cancels the request (and its LLM stream).

interface Listener<T extends (...args: never[]) => void> {
  addListener(callback: T): void;
  removeListener(callback: T): void;
}

/** The part of a runtime Port this module uses (browser.runtime.Port fits). */
export interface ReplyPort {
  name: string;
  sender?: { id?: string; url?: string };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: Listener<(message: unknown) => void>;
  onDisconnect: Listener<() => void>;
}

export interface ReplyPortOptions {
  /** Accept only extension pages: sender.url must start with this (runtime.getURL('/')). */
  extensionOrigin?: string;
  extensionId?: string;
}

export function defaultReplyDeps(): ReplyDeps {
  return { loadSettings: loadLlmSettings, loadKnowledge: () => db.knowledge.toArray() };
}

/** Serves one connected 'replies' port. */
export function handleReplyPort(port: ReplyPort, deps: ReplyDeps, options: ReplyPortOptions = {}): void {
  if (port.name !== REPLY_PORT_NAME) return;
  const { extensionOrigin, extensionId } = options;
  const url = port.sender?.url ?? '';
  if (
    (extensionOrigin && !url.startsWith(extensionOrigin)) ||
    (extensionId && port.sender?.id !== extensionId)
  ) {
    // Content scripts and other extensions never reach the LLM or its key.
    console.warn('replies: refused a port from', url || 'an unknown sender');
    port.disconnect();
    return;
  }
  const controller = new AbortController();
  let open = true;
  const close = () => {
    open = false;
    controller.abort();
  };
  port.onDisconnect.addListener(close);
  const emit = (event: ReplyEventInput) => {
    if (!open) return;
    const checked = ReplyEventSchema.safeParse(event);
    if (!checked.success) {
      console.error('replies: dropped an invalid event', checked.error.issues[0]);
      return;
    }
    port.postMessage(checked.data);
  };
  const onMessage = (message: unknown) => {
    port.onMessage.removeListener(onMessage);
    void serve(message);
  };
  const serve = async (message: unknown) => {
    const request = ReplyRequestSchema.safeParse(message);
    try {
      if (!request.success) {
        console.warn('replies: dropped an invalid request', request.error.issues[0]);
        emit({ type: 'error', code: 'invalid-request', fallback: [] });
        emit({ type: 'done' });
      } else if (request.data.type === 'drafts') {
        await runDrafts(request.data, deps, emit, controller.signal);
      } else if (request.data.type === 'gloss') {
        await runGloss(request.data.text, deps, emit, controller.signal);
      } else {
        const input = request.data.settings && (await withSavedKey(request.data.settings));
        await runTest(input, deps, emit, controller.signal);
      }
    } catch (error) {
      console.error('replies: request failed', error);
      emit({ type: 'error', code: 'unknown', fallback: [] });
      emit({ type: 'done' });
    } finally {
      if (open) {
        open = false;
        port.disconnect();
      }
    }
  };
  port.onMessage.addListener(onMessage);
}

interface RuntimeLike {
  id: string;
  getURL(path: string): string;
  onConnect: Listener<(port: ReplyPort) => void>;
}

/**
 * Call once in the background: `registerReplyPort(browser)`. Serves every
 * 'replies' port from the extension's own pages. Returns a function that stops.
 */
export function registerReplyPort(
  browser: { runtime: RuntimeLike },
  deps: Partial<ReplyDeps> = {},
): () => void {
  const full: ReplyDeps = { ...defaultReplyDeps(), ...deps };
  const options = { extensionOrigin: browser.runtime.getURL('/'), extensionId: browser.runtime.id };
  const listener = (port: ReplyPort) => handleReplyPort(port, full, options);
  browser.runtime.onConnect.addListener(listener);
  return () => browser.runtime.onConnect.removeListener(listener);
}
