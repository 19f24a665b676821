// @vitest-environment happy-dom
import { act } from 'react';
import { readFeed } from '@/lib/db/feed';
import { valueChangeOf } from '@/lib/value/changes';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '@/lib/db/db';
import { getValueSettings } from '@/lib/value/settings';
import { cleanup, render, settle, waitFor, type Rendered } from '@/test/support/render';
import { ValueSettingsForm } from './ValueSettingsForm';

let db: CrmDb;
let view: Rendered;
let host: HTMLElement;
let n = 0;

beforeEach(async () => {
  fakeBrowser.reset();
  db = openCrmDb(`value-settings-form-${n++}`);
  view = render(<ValueSettingsForm db={db} />);
  host = view.host;
  await settle();
  await waitFor(() => q('value-setting-vip') !== null);
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const q = (id: string) => view.q<HTMLInputElement>(id);
const type = (id: string, value: string) => view.type(id, value);
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
  // The background re-ranks the whole book when it reads the saved settings from the change feed.
  expect(valueChangeOf(await readFeed(db))).toEqual({ companyIds: [], all: true });
});

it('refuses cut-offs that do not grow, and a rate that is not a number, saving nothing', async () => {
  type('value-setting-vip', '30');
  type('value-rate-EUR', 'abc');
  await save();
  await waitFor(() => q('value-settings-errors') !== null);
  expect(q('value-settings-errors')!.textContent).toMatch(/rates\.EUR/);
  expect(await db.settings.get('value')).toBeUndefined();
  expect(valueChangeOf(await readFeed(db))).toBeNull();
});
