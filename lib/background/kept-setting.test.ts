import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getPrivacy, privacyItem, setPrivacy } from '../storage';
import { keptSetting } from './kept-setting';

beforeEach(() => fakeBrowser.reset());

describe('a setting kept by the worker', () => {
  it('is read once, and read again once the storage says it changed', async () => {
    let reads = 0;
    const privacy = keptSetting(
      () => {
        reads++;
        return getPrivacy();
      },
      (changed) => privacyItem.watch(changed),
    );
    expect((await privacy()).neverLog).toEqual([]);
    await privacy();
    expect(reads).toBe(1);
    await setPrivacy({ ...(await getPrivacy()), neverLog: ['bank.example'] });
    // The change event comes from the storage area, after the write.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await privacy()).neverLog).toEqual(['bank.example']);
    expect(reads).toBe(2);
  });

  it('reads again after a failed read', async () => {
    let fail = true;
    const setting = keptSetting(
      async () => {
        if (fail) throw new Error('storage unavailable');
        return 7;
      },
      () => undefined,
    );
    await expect(setting()).rejects.toThrow('storage unavailable');
    fail = false;
    expect(await setting()).toBe(7);
  });
});
