// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CrmDb } from '@/lib/db/db';
import { createI18n } from '@/lib/i18n';
import { exportBook } from '@/lib/handover/export';
import { alice, bob, collectText, emptyBook, fillSampleBook, snapshot, T0 } from '@/lib/handover/test-book';
import { HandoverPanel } from './HandoverPanel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const newHire = { id: 'rep-new', name: 'New Hire', role: 'rep' as const, createdAt: T0 };
let root: Root;
let host: HTMLElement;
let db: CrmDb;
let source: CrmDb;
const downloads: Blob[] = [];

beforeEach(async () => {
  db = emptyBook();
  await db.reps.put(newHire);
  await db.settings.put({ key: 'currentRepId', value: newHire.id });
  source = emptyBook();
  await fillSampleBook(source);
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    downloads.push(blob as Blob);
    return 'blob:test';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  const storage = { storage: { persisted: async () => false, persist: async () => true } };
  act(() =>
    root.render(
      <I18nextProvider i18n={createI18n('en')}>
        <HandoverPanel db={db} storage={storage} />
      </I18nextProvider>,
    ),
  );
});
afterEach(async () => {
  act(() => root.unmount());
  document.body.innerHTML = '';
  downloads.length = 0;
  vi.restoreAllMocks();
  await db.delete();
  await source.delete();
});

const q = <T extends Element = HTMLElement>(id: string) => host.querySelector<T>(`[data-testid="${id}"]`);
async function waitFor(check: () => boolean) {
  for (let i = 0; i < 300 && !check(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(check()).toBe(true);
}
const enabled = (id: string) => q<HTMLButtonElement | HTMLInputElement>(id)?.disabled === false;
/** Clicks the way a rep can: only once the control is enabled. */
async function click(id: string) {
  await waitFor(() => enabled(id));
  act(() => q(id)!.click());
}
function choose(id: string, value: string) {
  const el = q<HTMLSelectElement>(id)!;
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
async function pick(id: string, text: string) {
  await waitFor(() => enabled(id));
  const input = q<HTMLInputElement>(id)!;
  const file = new File([text], 'book.jsonl', { type: 'application/jsonl' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('HandoverPanel', () => {
  it("previews a colleague's book, imports it on confirm and makes the rep its owner", async () => {
    const bundle = await collectText(exportBook(source, { scope: { kind: 'rep', repId: alice.id } }));
    await waitFor(() => q('storage-persistence')?.textContent?.includes('keeps this book') ?? false);
    await pick('import-file', bundle);
    await waitFor(() => q('import-preview') !== null);
    expect(q('import-count-companies')?.textContent).toBe('Companies220');
    expect(q('import-count-interactions')?.textContent).toBe('Interactions330');
    expect(await db.companies.count()).toBe(0); // nothing before the rep confirms
    await click('import-confirm');
    await waitFor(() => q('import-done') !== null);
    expect(q('import-done')?.textContent).toBe('Imported: 12 new records, 0 merged into existing ones.');
    const companies = await db.companies.toArray();
    expect(companies.map((c) => [c.name, c.ownerRepId, c.authorRepId])).toEqual([
      ['Acme GmbH', newHire.id, alice.id],
      ['Company globex', newHire.id, alice.id],
    ]);
  });

  it('shows a clear error for a tampered file and changes nothing', async () => {
    const bundle = (await collectText(exportBook(source))).replace('Acme GmbH', 'Evil Corp');
    const before = await snapshot(db);
    await pick('import-file', bundle);
    await waitFor(() => q('import-error') !== null);
    expect(q('import-error')?.textContent).toBe(
      'The file was changed or damaged after it was exported: its checksum does not match. Your book was not changed.',
    );
    expect(q('import-preview')).toBeNull();
    expect(await snapshot(db)).toEqual(before);
  });

  it('shows script in a bundle as text, never as markup', async () => {
    const script = '<img src=x onerror="window.hacked=1">';
    await db.companies.put({ ...(await source.companies.get('acme'))!, name: 'Acme' });
    await source.companies.update('acme', { name: script, updatedAt: T0 + 1 });
    await pick('import-file', await collectText(exportBook(source)));
    await waitFor(() => q('import-conflicts') !== null);
    expect(q('import-conflicts')?.textContent).toContain(script);
    expect(host.querySelector('img')).toBeNull();
  });

  it("moves one rep's customers to another", async () => {
    await db.reps.bulkPut([alice, bob]);
    const bundle = await collectText(exportBook(source));
    await pick('import-file', bundle);
    await waitFor(() => q('import-confirm') !== null);
    await click('import-confirm');
    await waitFor(() => q('import-done') !== null);
    await waitFor(() => (q<HTMLSelectElement>('reassign-from')?.options.length ?? 0) >= 4);
    choose('reassign-from', newHire.id);
    choose('reassign-to', bob.id);
    await click('reassign-rep');
    await waitFor(() => q('reassign-done') !== null);
    expect(q('reassign-done')?.textContent).toBe('Moved 3 companies and 3 reminders (2 still open).');
    expect(await db.companies.where('ownerRepId').equals(bob.id).count()).toBe(3);
  });

  it('downloads the book, a backup and CSV files', async () => {
    await db.companies.put({ ...(await source.companies.get('acme'))! });
    await click('export-book');
    await waitFor(() => q('export-done') !== null);
    const text = await downloads[0]!.text();
    expect(JSON.parse(text.split('\n')[0]!)).toMatchObject({
      format: 'trade-inbox-crm/book',
      exportedBy: newHire.id,
    });
    await click('csv-companies');
    await waitFor(() => downloads.length === 2);
    expect(await downloads[1]!.text()).toContain('Acme GmbH');
    await click('backup-book');
    await waitFor(() => downloads.length === 3);
    expect(await downloads[2]!.text()).toContain('"currentRepId"');
  });

  it("refuses to restore from one rep's share", async () => {
    const share = await collectText(exportBook(source, { scope: { kind: 'rep', repId: bob.id } }));
    await pick('restore-file', share);
    await waitFor(() => q('restore-error') !== null);
    expect(q('restore-error')?.dataset.code).toBe('wrong-scope');
    expect(await db.reps.count()).toBe(1);
  });
});
