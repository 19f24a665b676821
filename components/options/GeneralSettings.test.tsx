// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '@/lib/db/db';
import { createI18n } from '@/lib/i18n';
import { getPreferences } from '@/lib/storage';
import { GeneralSettings } from './GeneralSettings';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let db: CrmDb;
let root: Root;
let host: HTMLElement;
let n = 0;
const renderErrors: unknown[] = [];

async function mount(language: 'en' | 'zh-CN' = 'en') {
  root = createRoot(host, { onUncaughtError: (error) => void renderErrors.push(error) });
  await act(async () => {
    root.render(
      <I18nextProvider i18n={createI18n(language)}>
        <GeneralSettings db={db} />
      </I18nextProvider>,
    );
  });
}

beforeEach(() => {
  fakeBrowser.reset();
  renderErrors.length = 0;
  db = openCrmDb(`general-settings-${n++}`);
  host = document.createElement('div');
  document.body.append(host);
});
afterEach(async () => {
  act(() => root.unmount());
  host.remove();
  await db.delete();
});

const q = (id: string) => host.querySelector<HTMLInputElement>(`[data-testid="${id}"]`);
async function waitFor(check: () => boolean) {
  for (let i = 0; i < 300 && !check() && renderErrors.length === 0; i++)
    await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(renderErrors).toEqual([]);
  expect(check()).toBe(true);
}
function type(id: string, value: string) {
  const input = q(id)!;
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

it('opens on a fresh book, and saves the "no reply yet" days and the rep name', async () => {
  await mount();
  await waitFor(() => q('no-reply-days')?.value === '2' && q('rep-name') !== null);
  // The rep is created on first open, so what the rep logs has an author.
  await waitFor(() => q('rep-name')?.disabled === false);
  type('no-reply-days', '5');
  type('rep-name', 'Li Wei');
  await act(async () => host.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
  await waitFor(() => host.textContent!.includes('Saved'));
  expect((await getPreferences()).noReplyDays).toBe(5);
  const reps = await db.reps.toArray();
  expect(reps.map((r) => r.name)).toEqual(['Li Wei']);
});

it('shows a Chinese placeholder, not a stored English default, for a rep with no name yet', async () => {
  await mount('zh-CN');
  await waitFor(() => q('rep-name')?.disabled === false);
  expect(q('rep-name')!.value).toBe('');
  expect(q('rep-name')!.placeholder).toBe('您的名字（同事认识的称呼）');
  expect((await db.reps.toArray()).map((r) => r.name)).toEqual(['']);
});
