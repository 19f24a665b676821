import type { BrowserContext, Page } from '@playwright/test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extensionIdOf, launchWithExtension, loadDemoBook, serviceWorker } from '../support/browser';
import { BOOK_TABLES } from '../../lib/handover/format';
import { DEMO_MAILBOX_URL } from '../support/webmail-routes';
import { expect, readStore, test } from './harness';

// Handover between two browsers: rep A's book moves as a file to rep B, who sees
// A's whole history for A's customer in the side panel on the next inquiry. Each
// rep is a browser profile of its own (own user-data dir, own IndexedDB).

/** Every table of the book's database, derived ones included: "unchanged" means all of them. */
const DB_TABLES = [...BOOK_TABLES, 'companyValues'] as const;

const HANSEN_ORDER = 'Repeat order: PO HL-26-044';
const A_LOGGED = 'Handover check: Klaus wants the PI for PO HL-26-044 by Friday';

interface Rep {
  context: BrowserContext;
  extensionId: string;
  page(hash: string): Promise<Page>;
  panel(): Promise<Page>;
  mail(): Promise<Page>;
  close(): Promise<void>;
}

/** A rep's browser: a fresh profile with the extension. */
async function browserOf(name: string): Promise<Rep> {
  const dir = await mkdtemp(path.join(tmpdir(), `crm-handover-${name}-`));
  const context = await launchWithExtension(dir);
  try {
    const extensionId = extensionIdOf(await serviceWorker(context));
    const open = async (url: string) => {
      const page = await context.newPage();
      await page.goto(url);
      return page;
    };
    return {
      context,
      extensionId,
      page: (hash) => open(`chrome-extension://${extensionId}/options.html${hash}`),
      panel: () => open(`chrome-extension://${extensionId}/sidepanel.html`),
      mail: () => open(DEMO_MAILBOX_URL),
      close: async () => {
        await context.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function snapshot(page: Page): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of DB_TABLES) tables[table] = await readStore(page, table);
  return tables;
}

/** Names of the alarms the extension's background has set. */
async function alarmsOf(rep: Rep): Promise<string[]> {
  const worker = await serviceWorker(rep.context);
  return worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { alarms: { getAll(): Promise<{ name: string }[]> } };
    };
    return (await chrome.alarms.getAll()).map((alarm) => alarm.name).sort();
  });
}

/** The alarm of every open reminder still to come in a bundle. */
function reminderAlarms(text: string): string[] {
  return (bundleRecords(text).records as { t: string; r: { id: string; done: number; dueAt: number } }[])
    .filter((line) => line.t === 'reminders' && line.r.done === 0 && line.r.dueAt > Date.now() + 60_000)
    .map((line) => `reminder:${line.r.id}`)
    .sort();
}

/** Exports the whole book from options.html#book and returns the downloaded file's text. */
async function exportWholeBook(rep: Rep, file: string): Promise<string> {
  const options = await rep.page('#book');
  await options.getByTestId('export-scope-all').check();
  const download = options.waitForEvent('download');
  await options.getByTestId('export-book').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/\.jsonl$/);
  await saved.saveAs(file);
  await expect(options.getByTestId('export-done')).toBeVisible();
  await options.close();
  return readFile(file, 'utf8');
}

/** The customer's timeline in the side panel, every entry shown, as text. */
async function timelineOf(panel: Page): Promise<string[]> {
  const more = panel.getByTestId('timeline-show-all');
  if (await more.isVisible()) await more.click();
  await expect(more).toHaveCount(0);
  return panel.getByTestId('timeline').locator(':scope > li').allInnerTexts();
}

/**
 * A bundle's records, as parsed lines. Left out: when and by whom it was exported
 * (who uses a browser is local to it and never travels), and the trailer's checksum,
 * which covers those.
 */
function bundleRecords(text: string) {
  const lines = text.split('\n').filter((l) => l.trim());
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const header = { ...parsed[0], exportedAt: undefined, exportedBy: undefined };
  const trailer = parsed.at(-1) as { end: { counts: unknown } };
  return { header, records: parsed.slice(1, -1), counts: trailer.end.counts };
}

test.describe.configure({ mode: 'serial' });

let workDir: string;
/** Rep A's whole book, exported after A logged a contact that B never had. */
let bundleFile: string;
let bundleText: string;
/** What A's side panel shows for Klaus Hansen's inquiry. */
let aTimeline: string[];
let aCounts: Record<string, number>;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  workDir = await mkdtemp(path.join(tmpdir(), 'crm-handover-files-'));
  bundleFile = path.join(workDir, 'book-a.jsonl');
  const a = await browserOf('a');
  try {
    await loadDemoBook(a.context, a.extensionId);
    const panel = await a.panel();
    const mail = await a.mail();
    await mail.getByText(HANSEN_ORDER).click();
    await expect(panel.getByTestId('sender-name')).toHaveText('Klaus Hansen');
    await panel.getByTestId('log-summary').fill(A_LOGGED);
    await panel.getByTestId('log-submit').click();
    await expect(panel.getByTestId('logged-badge')).toBeVisible();
    await expect(panel.getByTestId('timeline')).toContainText(A_LOGGED);
    aTimeline = await timelineOf(panel);
    // Who uses A's browser (a local setting) never travels with a handover, nor do derived figures.
    const travels = (table: string, record: { key?: unknown }) =>
      table !== 'settings' || (record.key !== 'currentRepId' && record.key !== 'valueBookStats');
    aCounts = Object.fromEntries(
      await Promise.all(
        BOOK_TABLES.map(
          async (t) => [t, (await readStore(panel, t)).filter((r) => travels(t, r)).length] as const,
        ),
      ),
    );
    bundleText = await exportWholeBook(a, bundleFile);
  } finally {
    await a.close();
  }
});

/** B's own start: a contact made from a new sender's inquiry (which also makes B a rep). */
async function startOwnBook(rep: Rep): Promise<{ panel: Page; mail: Page }> {
  const panel = await rep.panel();
  const mail = await rep.mail();
  await mail.getByText('LED panel lights for 14 schools').click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Ingrid Berg');
  await panel.getByTestId('create-contact').click();
  await expect(panel.getByTestId('company-name')).toHaveText('Nordlys Belysning AS');
  return { panel, mail };
}

test.afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

test('rep B imports rep A’s book with a preview and sees A’s whole history for A’s customer', async () => {
  expect(bundleText).toContain(A_LOGGED);
  const b = await browserOf('b');
  try {
    // B has started: one contact of B's own, made from a new sender's inquiry (which also makes B a rep).
    const { panel, mail } = await startOwnBook(b);
    await mail.goBack();
    await expect(panel.getByTestId('no-email')).toBeVisible();

    const options = await b.page('#book');
    const bSettings = await readStore<{ key: string; value: unknown }>(options, 'settings');
    const bRep = bSettings.find((s) => s.key === 'currentRepId')?.value;
    expect(typeof bRep).toBe('string');
    // Watch the import's steps as the rep sees them, so a quick import's progress bar is not missed.
    await options.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { importSteps: Set<string> }).importSteps = seen;
      new MutationObserver(() => {
        for (const id of ['import-preview', 'import-progress', 'import-done', 'import-error'])
          if (document.querySelector(`[data-testid="${id}"]`)) seen.add(id);
      }).observe(document.body, { childList: true, subtree: true });
    });
    await options.getByTestId('import-file').setInputFiles(bundleFile);
    const preview = options.getByTestId('import-preview');
    await expect(preview).toBeVisible();
    // Counts per table: everything in A's book, all new to B but the book settings B already has
    // (derived figures each browser keeps for itself: B's stay).
    const sent = bundleRecords(bundleText).records as { t: string; r: { id: string; key?: string } }[];
    const bKeys = new Set(bSettings.map((x) => x.key));
    const settingsMerged = sent.filter((line) => line.t === 'settings' && bKeys.has(line.r.key!)).length;
    for (const table of BOOK_TABLES) {
      const row = preview.getByTestId(`import-count-${table}`);
      const incoming = aCounts[table]!;
      if (incoming === 0) {
        await expect(row).toHaveCount(0);
        continue;
      }
      const merged = table === 'settings' ? settingsMerged : 0;
      await expect(row.locator('td')).toHaveText([
        /./,
        String(incoming),
        String(incoming - merged),
        String(merged),
      ]);
    }
    expect(await readStore(options, 'companies')).toHaveLength(1); // nothing written before the confirm
    await options.getByTestId('import-confirm').click();
    const total = Object.values(aCounts).reduce((n, c) => n + c, 0);
    await expect(options.getByTestId('import-done')).toHaveText(
      `Imported: ${total - settingsMerged} new records, ${settingsMerged} merged into existing ones.`,
    );
    const steps = await options.evaluate(() => [
      ...(window as unknown as { importSteps: Set<string> }).importSteps,
    ]);
    expect(steps).toEqual(['import-preview', 'import-progress', 'import-done']);

    // Before anything else touches the book: the imported reminders ring in B's browser, and
    // A's customers are valued in B's book.
    const due = reminderAlarms(bundleText);
    expect(due.length).toBeGreaterThan(0);
    await expect.poll(async () => (await alarmsOf(b)).filter((name) => due.includes(name))).toEqual(due);
    const companyIds = (await readStore<{ id: string }>(options, 'companies')).map((c) => c.id).sort();
    await expect
      .poll(async () =>
        (await readStore<{ ids: string[] }>(options, 'valueSummaries')).flatMap((r) => r.ids).sort(),
      )
      .toEqual(companyIds);

    // B owns A's customers and their reminders now; every record keeps who first wrote it.
    for (const table of ['companies', 'reminders', 'interactions', 'contacts'] as const) {
      const stored = await readStore<{ id: string; ownerRepId?: string; authorRepId?: string }>(
        options,
        table,
      );
      for (const { r } of sent.filter((line) => line.t === table) as {
        r: { id: string; authorRepId?: string };
      }[]) {
        const mine = stored.find((x) => x.id === r.id);
        expect(mine?.authorRepId, `${table} ${r.id}`).toBe(r.authorRepId);
        if (table === 'companies' || table === 'reminders') expect(mine?.ownerRepId).toBe(bRep);
      }
    }

    // B's next inquiry from A's customer: the card carries A's whole history, A's last contact included.
    await mail.getByText(HANSEN_ORDER).click();
    await expect(panel.getByTestId('sender-name')).toHaveText('Klaus Hansen');
    await expect(panel.getByTestId('company-name')).toHaveText('Hansen Lichttechnik GmbH');
    await expect(panel.getByTestId('logged-badge')).toBeVisible();
    await expect(panel.getByTestId('timeline')).toContainText(A_LOGGED);
    expect(await timelineOf(panel)).toEqual(aTimeline);
    expect(aTimeline.length).toBeGreaterThan(8);
  } finally {
    await b.close();
  }
});

test('a corrupt bundle gives a clear error and leaves B’s book exactly as it was', async () => {
  const lines = bundleText.split('\n');
  // Cut after the last complete line of the first half: no trailer.
  const truncated = lines.slice(0, Math.floor(lines.length / 2)).join('\n') + '\n';
  // One byte of A's logged summary changed: still valid JSON and a valid record, so only the checksum tells.
  const at = bundleText.indexOf(A_LOGGED) + 'Handover check: K'.length;
  expect(bundleText[at]).toBe('l');
  const flipped = `${bundleText.slice(0, at)}L${bundleText.slice(at + 1)}`;
  // Cut in the middle of a record line.
  const cutMidLine = bundleText.slice(0, bundleText.indexOf(A_LOGGED) + 10);
  const files = {
    truncated: path.join(workDir, 'truncated.jsonl'),
    flipped: path.join(workDir, 'flipped.jsonl'),
    cutMidLine: path.join(workDir, 'cut-mid-line.jsonl'),
  };
  await writeFile(files.truncated, truncated);
  await writeFile(files.flipped, flipped);
  await writeFile(files.cutMidLine, cutMidLine);

  const b = await browserOf('b');
  try {
    // B has a book of its own: a contact made from an inquiry of a new sender.
    await startOwnBook(b);
    const options = await b.page('#book');
    const before = await snapshot(options);
    expect(before.companies).toHaveLength(1);

    const cases: [string, RegExp][] = [
      [
        files.truncated,
        /The file is incomplete: it ends before its last line\. .*Your book was not changed\./,
      ],
      [files.flipped, /its checksum does not match\. Your book was not changed\./],
      [
        files.cutMidLine,
        /The file is damaged or cut short: line \d+ cannot be read\. Your book was not changed\./,
      ],
    ];
    for (const [file, message] of cases) {
      await options.getByTestId('import-file').setInputFiles(file);
      await expect(options.getByTestId('import-error')).toHaveText(message);
      await expect(options.getByTestId('import-preview')).toHaveCount(0);
      await expect(options.getByTestId('import-confirm')).toHaveCount(0);
      expect(await snapshot(options)).toEqual(before);
    }
    // The untouched bundle still goes in, so it was the damage that was refused.
    await options.getByTestId('import-file').setInputFiles(bundleFile);
    await expect(options.getByTestId('import-preview')).toBeVisible();
    await expect(options.getByTestId('import-error')).toHaveCount(0);
  } finally {
    await b.close();
  }
});

test('restoring A’s whole-book export keeps B as the rep of B’s browser and schedules A’s reminders', async () => {
  const b = await browserOf('b');
  try {
    await startOwnBook(b);
    const options = await b.page('#book');
    const bRepId = (await readStore<{ key: string; value: unknown }>(options, 'settings')).find(
      (s) => s.key === 'currentRepId',
    )?.value;
    const bRep = (await readStore<{ id: string }>(options, 'reps')).find((r) => r.id === bRepId);
    expect(bRep).toBeDefined();

    await options.getByTestId('restore-file').setInputFiles(bundleFile);
    await expect(options.getByTestId('restore-preview')).toBeVisible();
    await expect(options.getByTestId('restore-keeps-rep')).toHaveText(
      'This file is a whole-book export, not a backup of a browser: you stay the rep using this browser.',
    );
    await options.getByTestId('restore-confirm').click();
    await expect(options.getByTestId('restore-done')).toHaveText(
      /^Book restored from the backup: \d+ records\.$/,
    );

    // B's own customer is gone (the book was replaced), B is still who uses this browser.
    const companies = await readStore<{ name: string }>(options, 'companies');
    expect(companies.map((c) => c.name)).not.toContain('Nordlys Belysning AS');
    expect(companies).toHaveLength(aCounts.companies!);
    const settings = await readStore<{ key: string; value: unknown }>(options, 'settings');
    expect(settings.find((s) => s.key === 'currentRepId')?.value).toBe(bRepId);
    expect((await readStore<{ id: string }>(options, 'reps')).find((r) => r.id === bRepId)).toEqual(bRep);
    const due = reminderAlarms(bundleText);
    await expect.poll(async () => (await alarmsOf(b)).filter((name) => due.includes(name))).toEqual(due);
  } finally {
    await b.close();
  }
});

test('export → import into an empty book → export gives the same records', async () => {
  const c = await browserOf('c');
  try {
    const options = await c.page('#book');
    await options.getByTestId('import-file').setInputFiles(bundleFile);
    await options.getByTestId('import-confirm').click();
    await expect(options.getByTestId('import-done')).toBeVisible();
    const again = await exportWholeBook(c, path.join(workDir, 'book-c.jsonl'));
    const first = bundleRecords(bundleText);
    const second = bundleRecords(again);
    expect(second.records.length).toBe(first.records.length);
    expect(second.records).toEqual(first.records);
    expect(second.counts).toEqual(first.counts);
    expect(second.header).toEqual(first.header);
  } finally {
    await c.close();
  }
});
