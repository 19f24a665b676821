import { parseHeaderBlock, type MailHeaders } from '../mail/parse';

// Each message's raw header block and its parse, kept by message id for the browser session
// (issue 15, part 4). The content script fetches a message's headers once per page load; without
// this, reopening the message in the same tab (or a worker restart) left the card without them:
// the demo's scam lost its Nigerian IP and fell from high to medium. The parse lives in the
// worker's memory; the raw block also in the session storage area, so a restarted worker parses it
// again instead of losing it. The session area is emptied when the browser closes.

/** Messages kept at most (oldest dropped first): a day of reading, far below the session quota. */
export const HEADER_CACHE_SIZE = 300;
const KEY_PREFIX = 'raw-headers:';
const INDEX_KEY = 'raw-headers-index';

/** The parts of chrome.storage.session the cache uses. */
export interface SessionArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface HeaderCache {
  /** Keeps a message's raw header block for the session and returns its parse (null when unreadable). */
  put(messageId: string, raw: string): Promise<MailHeaders | null>;
  /** The parse of a message's headers, from memory or the session area; undefined when never sent. */
  get(messageId: string): Promise<MailHeaders | null | undefined>;
}

export function createHeaderCache(
  session: SessionArea | null,
  parse: (raw: string) => Promise<MailHeaders> = parseHeaderBlock,
): HeaderCache {
  const parsed = new Map<string, Promise<MailHeaders | null>>();
  const parseSafely = (raw: string) => parse(raw).catch(() => null);
  let order: string[] | null = null;
  // One write at a time, so two messages arriving together cannot drop each other from the index.
  let writing: Promise<unknown> = Promise.resolve();

  const remember = (messageId: string, promise: Promise<MailHeaders | null>) => {
    parsed.delete(messageId);
    parsed.set(messageId, promise);
    while (parsed.size > HEADER_CACHE_SIZE) parsed.delete(parsed.keys().next().value!);
  };

  async function store(messageId: string, raw: string): Promise<void> {
    if (!session) return;
    order ??= await readIndex(session);
    order = [...order.filter((id) => id !== messageId), messageId];
    const dropped = order.splice(0, Math.max(0, order.length - HEADER_CACHE_SIZE));
    await session.set({ [KEY_PREFIX + messageId]: raw, [INDEX_KEY]: order });
    if (dropped.length) await session.remove(dropped.map((id) => KEY_PREFIX + id));
  }

  return {
    put(messageId, raw) {
      const promise = parseSafely(raw);
      remember(messageId, promise);
      writing = writing.then(() => store(messageId, raw)).catch(() => undefined);
      return promise;
    },
    async get(messageId) {
      if (!messageId) return undefined;
      const known = parsed.get(messageId);
      if (known) return known;
      if (!session) return undefined;
      const key = KEY_PREFIX + messageId;
      const raw = (await session.get(key).catch(() => ({}) as Record<string, unknown>))[key];
      if (typeof raw !== 'string') return undefined;
      const promise = parseSafely(raw);
      remember(messageId, promise);
      return promise;
    },
  };
}

async function readIndex(session: SessionArea): Promise<string[]> {
  const value = (await session.get(INDEX_KEY).catch(() => ({}) as Record<string, unknown>))[INDEX_KEY];
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}
