export type PersistenceResult = 'granted' | 'denied' | 'unsupported';

/**
 * Asks the browser to keep the book when the disk runs low (otherwise IndexedDB
 * is "best effort" and may be evicted). An extension page usually gets it at once.
 */
export async function requestPersistentStorage(
  nav: { storage?: Pick<StorageManager, 'persist' | 'persisted'> } = globalThis.navigator,
): Promise<PersistenceResult> {
  const storage = nav?.storage;
  if (!storage || typeof storage.persist !== 'function') return 'unsupported';
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'denied';
  }
}

interface RuntimeEvent {
  addListener(callback: () => unknown): void;
}

/**
 * For the background: asks for persistent storage when the extension is installed
 * or updated and each time the browser starts, so the book is protected before the
 * rep ever opens the Book page (which asks again and shows the outcome). Chromium
 * exposes `persist()` to pages only, not to the service worker: there this gives
 * 'unsupported' and the page's request is the one that counts (the extension's
 * `unlimitedStorage` already keeps Chromium from evicting the book).
 */
export function requestPersistentStorageOnStart(
  runtime: { onInstalled: RuntimeEvent; onStartup: RuntimeEvent },
  nav: Parameters<typeof requestPersistentStorage>[0] = globalThis.navigator,
  onResult?: (result: PersistenceResult) => void,
): void {
  const ask = () => requestPersistentStorage(nav).then((result) => onResult?.(result));
  runtime.onInstalled.addListener(ask);
  runtime.onStartup.addListener(ask);
}
