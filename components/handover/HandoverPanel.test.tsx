// @vitest-environment happy-dom
import { act } from 'react';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CrmDb } from '@/lib/db/db';
import { backupBook } from '@/lib/handover/backup';
import { feedHead, readFeed, trimFeed } from '@/lib/db/feed';
import { valueChangeOf } from '@/lib/value/changes';
import { exportBook } from '@/lib/handover/export';
import {
  alice,
  bob,
  collectText,
  company,
  contact,
  emptyBook,
  fillSampleBook,
  interaction,
  snapshot,
  T0,
} from '@/test/support/handover-book';
import { cleanup, render, waitFor, type Rendered } from '@/test/support/render';
import { HandoverPanel } from './HandoverPanel';

const newHire = { id: 'rep-new', name: 'New Hire', role: 'rep' as const, createdAt: T0 };
let view: Rendered;
let host: HTMLElement;
let db: CrmDb;
let source: CrmDb;
const downloads: Blob[] = [];
/** What the page told the background. */
const messages: unknown[] = [];

beforeEach(async () => {
  fakeBrowser.reset();
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    messages.push(message);
    return Promise.resolve({ ok: true });
  });
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
  const storage = { storage: { persisted: async () => false, persist: async () => true } };
  view = render(<HandoverPanel db={db} storage={storage} />);
  host = view.host;
  await quiet();
});

/** From here on, nothing written and nothing told: the setup's writes are not the test's. */
async function quiet() {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await trimFeed(db, await feedHead(db));
  messages.length = 0;
}
afterEach(async () => {
  cleanup();
  downloads.length = 0;
  messages.length = 0;
  vi.restoreAllMocks();
  await db.delete();
  await source.delete();
});

const q = <T extends Element = HTMLElement>(id: string) => view.q<T>(id);
const enabled = (id: string) => q<HTMLButtonElement | HTMLInputElement>(id)?.disabled === false;
/** Clicks the way a rep can: only once the control is enabled. */
async function click(id: string) {
  await waitFor(() => enabled(id));
  view.click(id);
}
const choose = (id: string, value: string) => view.type(id, value);
async function pick(id: string, text: string | File) {
  await waitFor(() => enabled(id));
  const input = q<HTMLInputElement>(id)!;
  const file =
    typeof text === 'string' ? new File([text], 'book.jsonl', { type: 'application/jsonl' }) : text;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/**
 * A picked file read the way the browser reads it (1 MB slices), where the test
 * decides when the next slice arrives: `holdAfter(n)` lets n more slices through,
 * then the read waits until `release()`.
 */
function slowFile(text: string) {
  const real = new File([text], 'book.jsonl', { type: 'application/jsonl' });
  let pass = Infinity;
  const waiting: (() => void)[] = [];
  const gate = {
    holdAfter: (slices: number) => void (pass = slices),
    release: () => {
      pass = Infinity;
      for (const go of waiting.splice(0)) go();
    },
  };
  const file = {
    name: real.name,
    type: real.type,
    size: real.size,
    slice: (start?: number, end?: number) => ({
      arrayBuffer: async () => {
        if (pass <= 0) await new Promise<void>((go) => waiting.push(go));
        pass--;
        return real.slice(start, end).arrayBuffer();
      },
    }),
    arrayBuffer: () => real.arrayBuffer(),
  } as unknown as File;
  return { file, gate };
}

/** A book of a few megabytes: thousands of companies after Alice's and Bob's customers. */
async function bigBook(): Promise<string> {
  await source.companies.bulkPut(
    Array.from({ length: 6000 }, (_, i) =>
      company(`big${String(i).padStart(5, '0')}`, { notes: 'n'.repeat(150) }),
    ),
  );
  return collectText(exportBook(source));
}

/** Puts another book's records straight in (for tests about what happens after). */
async function importInto(target: CrmDb, from: CrmDb) {
  const all = await snapshot(from);
  for (const table of ['reps', 'companies', 'contacts', 'interactions', 'orders', 'reminders'] as const)
    await target.table(table).bulkPut(all[table]);
}

const progressOf = (id: string) => Number(q(id)?.getAttribute('value') ?? -1);
const told = () => messages.map((m) => (m as { type: string }).type);

/** What the background will read in the change feed: whether reminders moved, and the value change. */
async function heard() {
  const entries = await readFeed(db, 100_000);
  return { reminders: entries.some((e) => e.table === 'reminders'), value: valueChangeOf(entries) };
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
    // The page announces nothing: the write woke the background, which reads from the change feed
    // that it has the imported reminders' alarms to set and the whole book to value again (an
    // import moves every rank, not only the new companies').
    await waitFor(() => told().length > 0);
    expect(new Set(told())).toEqual(new Set(['feed/written']));
    const { reminders, value } = await heard();
    expect(reminders).toBe(true);
    expect(value?.all).toBe(true);
  });

  it('shows how much of a big file it has checked, and a cancel stops the check', async () => {
    const { file, gate } = slowFile(await bigBook());
    expect(file.size).toBeGreaterThan(2 * 1024 * 1024);
    gate.holdAfter(1);
    await pick('import-file', file);
    await waitFor(
      () => q('import-check-read')?.textContent?.startsWith('Checking the file: 1.0 MB of') ?? false,
    );
    expect(q('import-check-read')?.textContent).toMatch(/^Checking the file: 1\.0 MB of \d\.\d MB read…$/);
    expect(progressOf('import-check-progress')).toBe(1024 * 1024);
    expect(Number(q('import-check-progress')?.getAttribute('max'))).toBe(file.size);
    await click('import-check-cancel');
    gate.release();
    await waitFor(() => q('import-error') !== null);
    expect(q('import-error')?.dataset.code).toBe('cancelled');
    expect(q('import-error')?.textContent).toBe('Cancelled. Your book was not changed.');
    expect(q('import-preview')).toBeNull();
    expect(q('import-check-progress')).toBeNull();
  });

  it('a cancel halfway through an import leaves every table as it was and tells the background nothing', async () => {
    const { file, gate } = slowFile(await bigBook());
    const before = await snapshot(db);
    await quiet();
    await pick('import-file', file);
    await waitFor(() => q('import-preview') !== null);
    gate.holdAfter(1);
    await click('import-confirm');
    // 2000 companies are in the transaction when the rep cancels.
    await waitFor(() => progressOf('import-progress') >= 2000);
    await click('import-cancel');
    gate.release();
    await waitFor(() => q('import-error') !== null);
    expect(q('import-error')?.textContent).toBe('Cancelled. Your book was not changed.');
    expect(await snapshot(db)).toEqual(before);
    expect(told()).toEqual([]);
    expect(await heard()).toEqual({ reminders: false, value: null });
  });

  it('a cancel halfway through a restore leaves the old book exactly as it was', async () => {
    await db.companies.put(company('mine', { ownerRepId: newHire.id }));
    await db.companyValues.put({ companyId: 'mine', computedAt: 1 });
    const { file, gate } = slowFile(await bigBook());
    const before = await snapshot(db);
    await quiet();
    await pick('restore-file', file);
    await waitFor(() => q('restore-preview') !== null);
    gate.holdAfter(1);
    await click('restore-confirm');
    await waitFor(() => progressOf('restore-progress') >= 2000);
    await click('restore-cancel');
    gate.release();
    await waitFor(() => q('restore-error') !== null);
    expect(q('restore-error')?.dataset.code).toBe('cancelled');
    expect(await snapshot(db)).toEqual(before);
    expect(told()).toEqual([]);
  });

  it('restores a backup after a warning, replacing the book, and the background hears of it', async () => {
    await db.companies.put(company('mine', { ownerRepId: newHire.id }));
    await pick('restore-file', await collectText(backupBook(source)));
    await waitFor(() => q('restore-preview') !== null);
    expect(q('restore-preview')?.textContent).toContain(
      'Restoring replaces your whole book with the backup (21 records). This cannot be undone.',
    );
    expect(q('restore-keeps-rep')).toBeNull(); // a backup brings its own rep
    expect(await db.companies.count()).toBe(1);
    await click('restore-confirm');
    await waitFor(() => q('restore-done') !== null);
    expect(q('restore-done')?.textContent).toBe('Book restored from the backup: 21 records.');
    expect(await snapshot(db)).toEqual(await snapshot(source));
    // A restore clears the book: the background re-ranks all of it and sets every alarm again.
    await waitFor(() => told().length > 0);
    expect(new Set(told())).toEqual(new Set(['feed/written']));
    expect(await heard()).toEqual({ reminders: true, value: { companyIds: [], all: true } });
  });

  it('restoring a whole-book export keeps the rep using this browser', async () => {
    await pick('restore-file', await collectText(exportBook(source)));
    await waitFor(() => q('restore-keeps-rep') !== null);
    expect(q('restore-keeps-rep')?.textContent).toBe(
      'This file is a whole-book export, not a backup of a browser: you stay the rep using this browser.',
    );
    await click('restore-confirm');
    await waitFor(() => q('restore-done') !== null);
    expect(await db.settings.get('currentRepId')).toEqual({ key: 'currentRepId', value: newHire.id });
    expect(await db.reps.get(newHire.id)).toEqual(newHire);
    expect(await db.companies.count()).toBe(3);
    // Still this rep: the next export carries their name.
    await click('export-book');
    await waitFor(() => downloads.length === 1);
    expect(JSON.parse((await downloads[0]!.text()).split('\n')[0]!).exportedBy).toBe(newHire.id);
  });

  it('says how many text fields hold markup or script and that they stay plain text', async () => {
    await source.companies.update('acme', { name: '<script>alert(1)</script>' });
    await source.interactions.update('i1', { summary: 'Pay here: <a href="javascript:steal()">link</a>' });
    await pick('import-file', await collectText(exportBook(source)));
    await waitFor(() => q('import-preview') !== null);
    expect(q('import-markup')?.textContent).toBe(
      '2 text fields in this file contain markup or script (such as <script> or a javascript: link). They are kept as plain text: shown as text and never run.',
    );
    expect(host.querySelector('script, a[href]')).toBeNull();
  });

  it('shows a clear error for a tampered file and changes nothing', async () => {
    const bundle = (await collectText(exportBook(source))).replace('Acme GmbH', 'Evil Corp');
    const before = await snapshot(db);
    await quiet();
    await pick('import-file', bundle);
    await waitFor(() => q('import-error') !== null);
    expect(q('import-error')?.textContent).toBe(
      'The file was changed or damaged after it was exported: its checksum does not match. Your book was not changed.',
    );
    expect(q('import-preview')).toBeNull();
    expect(await snapshot(db)).toEqual(before);
    expect(told()).toEqual([]);
    expect(await heard()).toEqual({ reminders: false, value: null });
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
    expect((await heard()).reminders).toBe(true);
    await trimFeed(db, await feedHead(db));
    choose('reassign-from', newHire.id);
    choose('reassign-to', bob.id);
    await click('reassign-rep');
    await waitFor(() => q('reassign-done') !== null);
    expect(q('reassign-done')?.textContent).toBe('Moved 3 companies and 3 reminders (2 still open).');
    expect(await db.companies.where('ownerRepId').equals(bob.id).count()).toBe(3);
    // The reassign's reminders are in the feed: the background sets Bob's alarms from it.
    expect((await heard()).reminders).toBe(true);
  });

  it("exports one rep's share chosen in the panel", async () => {
    await db.reps.bulkPut([alice, bob]);
    await importInto(db, source);
    await click('export-scope-rep');
    await waitFor(() => q('export-rep') !== null);
    expect(enabled('export-book')).toBe(false); // no rep chosen yet
    choose('export-rep', bob.id);
    await click('export-book');
    await waitFor(() => q('export-done') !== null);
    expect(q('export-done')?.textContent).toMatch(/^Book exported: book-rep-rep-bob-\d{4}-\d\d-\d\d\.jsonl$/);
    const lines = (await downloads[0]!.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { scope?: unknown; t?: string; r?: { id: string } });
    expect(lines[0]!.scope).toEqual({ kind: 'rep', repId: bob.id });
    expect(lines.filter((l) => l.t === 'companies').map((l) => l.r!.id)).toEqual(['initech']);
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

  it('downloads contacts and interactions as CSV a spreadsheet reads', async () => {
    await db.companies.put(company('acme', { name: 'Acme GmbH', ownerRepId: newHire.id }));
    await db.contacts.bulkPut([
      contact('hans', 'acme', { name: 'Hans Müller', phones: ['+49 30 1234567', '+49 171 1'] }),
      contact('li', undefined, { name: '李伟', emails: ['li.wei@gmail.com'] }),
    ]);
    await db.interactions.put(
      interaction('i1', 'acme', 'hans', { summary: '=HYPERLINK("http://evil")', outcome: 'Quoted, "FOB"' }),
    );
    const rows = async (n: number) =>
      Papa.parse<Record<string, string>>((await downloads[n]!.text()).replace(/^\uFEFF/, ''), {
        header: true,
        skipEmptyLines: true,
      }).data;
    await click('csv-contacts');
    await waitFor(() => downloads.length === 1);
    expect(q('export-done')?.textContent).toMatch(/^Book exported: contacts-\d{4}-\d\d-\d\d\.csv$/);
    expect(downloads[0]!.type).toBe('text/csv;charset=utf-8');
    expect((await rows(0)).map((r) => [r.id, r.companyId, r.name, r.emails, r.phones])).toEqual([
      ['hans', 'acme', 'Hans Müller', 'hans@acme.example', "'+49 30 1234567; +49 171 1"],
      ['li', '', '李伟', 'li.wei@gmail.com', ''],
    ]);
    await click('csv-interactions');
    await waitFor(() => downloads.length === 2);
    expect(await rows(1)).toEqual([
      expect.objectContaining({
        id: 'i1',
        companyId: 'acme',
        contactId: 'hans',
        at: '2025-01-07T09:00:00.000Z',
        direction: 'in',
        intent: 'price-inquiry',
        summary: `'=HYPERLINK("http://evil")`,
        outcome: 'Quoted, "FOB"',
        repId: alice.id,
      }),
    ]);
  });

  it("refuses to restore from one rep's share", async () => {
    const share = await collectText(exportBook(source, { scope: { kind: 'rep', repId: bob.id } }));
    await pick('restore-file', share);
    await waitFor(() => q('restore-error') !== null);
    expect(q('restore-error')?.dataset.code).toBe('wrong-scope');
    expect(await db.reps.count()).toBe(1);
  });
});
