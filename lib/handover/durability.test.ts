import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  requestPersistentStorage,
  requestPersistentStorageOnStart,
  type PersistenceResult,
} from './durability';
import { HandoverError, toHandoverError } from './errors';

describe('durability', () => {
  it('asks the browser to keep the book, once', async () => {
    let asked = 0;
    const storage = { persisted: async () => false, persist: async () => (++asked, true) };
    expect(await requestPersistentStorage({ storage })).toBe('granted');
    expect(asked).toBe(1);
    expect(
      await requestPersistentStorage({
        storage: { persisted: async () => true, persist: async () => false },
      }),
    ).toBe('granted');
    expect(
      await requestPersistentStorage({
        storage: { persisted: async () => false, persist: async () => false },
      }),
    ).toBe('denied');
    expect(await requestPersistentStorage({})).toBe('unsupported');
  });

  it('asks from the background when the extension is installed and when the browser starts', async () => {
    fakeBrowser.reset();
    let asked = 0;
    const results: PersistenceResult[] = [];
    const storage = { persisted: async () => false, persist: async () => (++asked, true) };
    requestPersistentStorageOnStart(fakeBrowser.runtime, { storage }, (r) => results.push(r));
    expect(asked).toBe(0); // nothing until the browser says why the worker started
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });
    expect(asked).toBe(1);
    await fakeBrowser.runtime.onStartup.trigger();
    expect(asked).toBe(2);
    expect(results).toEqual(['granted', 'granted']);
    // A worker without persist() (Chromium's) neither throws nor pretends.
    requestPersistentStorageOnStart(
      fakeBrowser.runtime,
      { storage: { persisted: async () => false } as never },
      (r) => results.push(r),
    );
    await fakeBrowser.runtime.onStartup.trigger();
    expect(results.slice(2).sort()).toEqual(['granted', 'unsupported']);
  });

  it('turns a full disk, however wrapped, into a clear quota error', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(toHandoverError(quota).code).toBe('quota-exceeded');
    // Dexie wraps it as an AbortError whose inner error is the quota error.
    const wrapped = Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: quota });
    expect(toHandoverError(wrapped).code).toBe('quota-exceeded');
    expect(toHandoverError(new Error('boom'))).toMatchObject({
      code: 'storage-failed',
      params: { message: 'boom' },
    });
    const own = new HandoverError('bad-checksum');
    expect(toHandoverError(own)).toBe(own);
  });
});
