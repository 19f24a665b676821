import { test as base, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extensionIdOf, launchWithExtension, serviceWorker, unpackedExtensionId } from '../support/browser';

import { DEMO_ACCOUNT, type DemoThread } from '../../lib/demo/mailbox';
import { loadDemoBook } from '../support/browser';
import { DEMO_MAILBOX_URL } from '../support/webmail-routes';

export { loadDemoBook };

interface Fixtures {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The side panel, opened as a tab of its own. */
  openPanel: () => Promise<Page>;
  /** A webmail tab at the given URL. */
  openMail: (url: string) => Promise<Page>;
  /** The demo book loaded (unless `book: false`), the side panel, and the demo Gmail mailbox. */
  openDemo: (options?: { book?: boolean }) => Promise<{ panel: Page; mail: Page }>;
  /**
   * The side panel, then a webmail tab at `url` (a fixture page), with the demo book loaded first
   * when `book` is true; `errors` collects what the webmail page reports (page errors, console
   * errors) from its first script on.
   */
  openWebmail: (
    url: string,
    options?: { book?: boolean },
  ) => Promise<{ panel: Page; mail: Page; errors: string[] }>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crm-e2e-'));
    const context = await launchWithExtension(dir);
    await use(context);
    await context.close();
    await rm(dir, { recursive: true, force: true });
  },
  worker: async ({ context }, use) => {
    await use(await serviceWorker(context));
  },
  extensionId: async ({ worker }, use) => {
    const id = extensionIdOf(worker);
    if (id !== unpackedExtensionId())
      throw new Error(`extension id ${id} is not the one derived from its path`);
    await use(id);
  },
  openPanel: async ({ context, extensionId }, use) => {
    await use(async () => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
      return page;
    });
  },
  openMail: async ({ context }, use) => {
    await use(async (url: string) => {
      const page = await context.newPage();
      await page.goto(url);
      return page;
    });
  },
  openDemo: async ({ context, extensionId, openPanel, openMail }, use) => {
    await use(async ({ book = true } = {}) => {
      if (book) await loadDemoBook(context, extensionId);
      const panel = await openPanel();
      const mail = await openMail(DEMO_MAILBOX_URL);
      return { panel, mail };
    });
  },
  openWebmail: async ({ context, extensionId, openPanel, openMail }, use) => {
    await use(async (url, { book = false } = {}) => {
      if (book) await loadDemoBook(context, extensionId);
      const panel = await openPanel();
      const mail = await openMail('about:blank');
      const errors: string[] = [];
      mail.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      mail.on('pageerror', (e) => errors.push(e.message));
      await mail.goto(url);
      return { panel, mail, errors };
    });
  },
});

export const expect = test.expect;

/** The card has the raw headers once 'page/raw' came in: the "no headers" note goes away. */
export async function waitForRawHeaders(panel: Page): Promise<void> {
  await expect(panel.getByTestId('origin')).toBeVisible();
  await expect(panel.getByTestId('origin-no-headers')).toHaveCount(0);
}

/** Opens a demo thread in the mailbox and waits for its card, drafts included, in the panel. */
export async function openDemoThread(mail: Page, panel: Page, thread: DemoThread): Promise<void> {
  await mail.goto(`${DEMO_MAILBOX_URL}/${thread.id}`);
  const newest = thread.messages.at(-1)!;
  const counterpart = newest.from.email === DEMO_ACCOUNT.email ? newest.to[0]! : newest.from;
  await expect(panel.getByTestId('sender-email')).toContainText(counterpart.email);
  await expect(panel.getByTestId('reply-draft').first()).toBeVisible();
}

/** Reads every record of one object store of the extension's database, from an extension page. */
export async function readStore<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (storeName) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('trade-inbox-crm');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(storeName, 'readonly');
          const all = tx.objectStore(storeName).getAll();
          all.onsuccess = () => {
            resolve(all.result as T[]);
            open.result.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
    store,
  );
}
