// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '@/lib/db/db';
import { createI18n } from '@/lib/i18n';
import { getValueSettings } from '@/lib/value/settings';
import { ValueSettingsForm } from './ValueSettingsForm';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let db: CrmDb;
let root: Root;
let host: HTMLElement;
let n = 0;
const recomputes: unknown[] = [];

beforeEach(async () => {
  fakeBrowser.reset();
  recomputes.length = 0;
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    recomputes.push(message);
    return Promise.resolve(undefined);
  });
  db = openCrmDb(`value-settings-form-${n++}`);
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => {
    root.render(
      <I18nextProvider i18n={createI18n('en')}>
        <ValueSettingsForm db={db} />
      </I18nextProvider>,
    );
  });
  await waitFor(() => q('value-setting-vip') !== null);
});
afterEach(async () => {
  act(() => root.unmount());
  host.remove();
  await db.delete();
});

const q = (id: string) => host.querySelector<HTMLInputElement>(`[data-testid="${id}"]`);
async function waitFor(check: () => boolean) {
  for (let i = 0; i < 300 && !check(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(check()).toBe(true);
}
function type(id: string, value: string) {
  const input = q(id)!;
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function save() {
  await act(async () => q('value-settings-save')!.click());
}

it('saves the rates and cut-offs a rep sets, as the model reads them, and re-ranks the book', async () => {
  expect(q('value-setting-vip')!.value).toBe('1');
  type('value-rate-EUR', '1.1');
  type('value-setting-key', '10');
  type('value-setting-discountRatePct', '3');
  await save();
  await waitFor(() => host.textContent!.includes('Saved'));
  const saved = await getValueSettings(db);
  expect(saved.rates.EUR).toBe(1.1);
  expect(saved.cutoffs).toEqual({ vip: 1, key: 10, ordinary: 20 });
  expect(saved.discountRate).toBeCloseTo(0.03);
  expect(recomputes).toContainEqual({ type: 'value/recompute' });
});

it('refuses cut-offs that do not grow, and a rate that is not a number, saving nothing', async () => {
  type('value-setting-vip', '30');
  type('value-rate-EUR', 'abc');
  await save();
  await waitFor(() => q('value-settings-errors') !== null);
  expect(q('value-settings-errors')!.textContent).toMatch(/rates\.EUR/);
  expect(await db.settings.get('value')).toBeUndefined();
  expect(recomputes).toEqual([]);
});
