import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { createHash } from 'node:crypto';
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
  options: { locale?: string; headless?: boolean; args?: readonly string[] } = {},
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
      ...(options.args ?? []),
    ],
  });
  await routeWebmail(context);
  return context;
}

/**
 * The id Chromium gives an unpacked extension: the SHA-256 of its absolute
 * path, first 32 hex digits spelled with the letters a–p. Known before the
 * service worker starts, so a slow start cannot leave a test without it.
 */
export function unpackedExtensionId(extensionPath: string = EXTENSION_PATH): string {
  const hex = createHash('sha256').update(path.resolve(extensionPath)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/** The extension's service worker; an extension page is opened to wake it if it has not started yet. */
export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  const running = context.serviceWorkers()[0];
  if (running) return running;
  const started = context.waitForEvent('serviceworker', { timeout: 45_000 });
  const waker = await context.newPage();
  await waker.goto(`chrome-extension://${unpackedExtensionId()}/options.html`).catch(() => undefined);
  const worker = await started;
  await waker.close();
  return worker;
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
