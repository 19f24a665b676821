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
