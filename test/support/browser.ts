import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import path from 'node:path';
import { routeWebmail } from './webmail-routes';

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

/** Chromium with the built extension loaded and the fixture webmail served at its real URLs. */
export async function launchWithExtension(
  userDataDir: string,
  options: { locale?: string; headless?: boolean } = {},
): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    locale: options.locale ?? 'en-US',
    viewport: options.headless === false ? null : { width: 1280, height: 900 },
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${EXTENSION_PATH}`,
      `--load-extension=${EXTENSION_PATH}`,
    ],
  });
  await routeWebmail(context);
  return context;
}

export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

export function extensionIdOf(worker: Worker): string {
  return new URL(worker.url()).host;
}

/** Loads the demo book through the options page, as a newcomer would. */
export async function loadDemoBook(context: BrowserContext, extensionId: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html#demo`);
  await page.getByTestId('load-demo').click();
  await page.getByTestId('demo-loaded').waitFor();
  await page.close();
}
