// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '@/lib/db/db';
import { getPreferences } from '@/lib/storage';
import { cleanup, render, settle, waitFor, type Rendered } from '@/test/support/render';
import { GeneralSettings } from './GeneralSettings';

let db: CrmDb;
let view: Rendered;
let host: HTMLElement;
let n = 0;

async function mount(language: 'en' | 'zh-CN' = 'en') {
  // A render error fails the shared waitFor as itself, rather than as a timeout.
  view = render(<GeneralSettings db={db} />, { lang: language });
  host = view.host;
  await settle();
}

beforeEach(() => {
  fakeBrowser.reset();
  db = openCrmDb(`general-settings-${n++}`);
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const q = (id: string) => view.q<HTMLInputElement>(id);
const type = (id: string, value: string) => view.type(id, value);

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
