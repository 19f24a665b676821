import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { routeWebmail } from '../support/webmail-routes';

export const EXTENSION_PATH = path.resolve('.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the network (this machine has none) and quiet. */
export const CHROMIUM_ARGS = [
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-quic',
  '--no-sandbox',
];

export async function launchWithExtension(
  userDataDir: string,
  options: { locale?: string; headless?: boolean } = {},
): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    locale: options.locale ?? 'en-US',
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${EXTENSION_PATH}`,
      `--load-extension=${EXTENSION_PATH}`,
    ],
  });
  // Every request to the outside world is either a fixture or refused.
  await routeWebmail(context);
  return context;
}

export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

export function extensionIdOf(worker: Worker): string {
  return new URL(worker.url()).host;
}

interface Fixtures {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The side panel, opened as a tab of its own. */
  openPanel: () => Promise<Page>;
  /** A webmail tab at the given URL. */
  openMail: (url: string) => Promise<Page>;
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
    await use(extensionIdOf(worker));
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
});

export const expect = test.expect;

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

/** Loads the demo book through the options page, as a newcomer would. */
export async function loadDemoBook(context: BrowserContext, extensionId: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html#demo`);
  await page.getByTestId('load-demo').click();
  await page.getByTestId('demo-loaded').waitFor();
  await page.close();
}
