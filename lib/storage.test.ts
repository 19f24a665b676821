import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { notifiedRemindersItem } from './storage';

beforeEach(() => fakeBrowser.reset());

it('forgets the bare ids of the first build, which kept snoozed reminders silent', async () => {
  await fakeBrowser.storage.local.set({
    notifiedReminders: ['r1', 'r2'],
    notifiedReminders$: { v: 1 },
  });
  await notifiedRemindersItem.migrate();
  expect(await notifiedRemindersItem.getValue()).toEqual([]);
  await notifiedRemindersItem.setValue(['r1@1000']);
  await notifiedRemindersItem.migrate();
  expect(await notifiedRemindersItem.getValue()).toEqual(['r1@1000']);
});
