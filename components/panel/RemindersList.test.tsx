// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { logInteraction } from '@/lib/db/book';
import { openCrmDb, type CrmDb } from '@/lib/db/db';
import { createI18n } from '@/lib/i18n';
import { RemindersList } from './RemindersList';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let db: CrmDb;
let root: Root;
let host: HTMLElement;
let n = 0;
const START = new Date(2031, 2, 4, 9, 0).getTime();

beforeEach(() => {
  fakeBrowser.reset();
  // Only the clock and the interval are faked: IndexedDB keeps its own real timers.
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: START });
  db = openCrmDb(`reminders-list-${n++}`);
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(async () => {
  act(() => root.unmount());
  host.remove();
  vi.useRealTimers();
  await db.delete();
});

async function waitFor(check: () => boolean) {
  for (let i = 0; i < 300 && !check(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(check()).toBe(true);
}

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
  await act(async () =>
    root.render(
      <I18nextProvider i18n={createI18n('en')}>
        <RemindersList db={db} />
      </I18nextProvider>,
    ),
  );
  const row = () => host.querySelector('[data-testid="reminder"]');
  await waitFor(() => row() !== null);
  expect(row()!.className).not.toContain('overdue');
  await act(async () => vi.advanceTimersByTime(60_000));
  expect(row()!.className).not.toContain('overdue');
  await act(async () => vi.advanceTimersByTime(60_000));
  expect(row()!.className).toContain('overdue');
});
