// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { logInteraction } from '@/lib/interactions/log';
import { openCrmDb, type CrmDb } from '@/lib/db/db';
import { cleanup, render, settle, waitFor } from '@/test/support/render';
import { RemindersList } from './RemindersList';

let db: CrmDb;
let n = 0;
const START = new Date(2031, 2, 4, 9, 0).getTime();

beforeEach(() => {
  fakeBrowser.reset();
  // Only the clock and the interval are faked: IndexedDB keeps its own real timers.
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: START });
  db = openCrmDb(`reminders-list-${n++}`);
});
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await db.delete();
});

it('marks a reminder overdue once its time passes, with the panel left open', async () => {
  await logInteraction(db, {
    direction: 'in',
    channel: 'email',
    at: START - 86_400_000,
    subject: 'Call Klaus about the vessel booking',
    summary: '',
    intent: 'follow-up',
    outcome: '',
    followUpAt: START + 90_000,
  });
  const { q } = render(<RemindersList db={db} />);
  await settle();
  const row = () => q('reminder');
  await waitFor(() => row() !== null);
  expect(row()!.className).not.toContain('overdue');
  await act(async () => vi.advanceTimersByTime(60_000));
  expect(row()!.className).not.toContain('overdue');
  await act(async () => vi.advanceTimersByTime(60_000));
  expect(row()!.className).toContain('overdue');
});
