// Pages of `npm run fuzz` read in Debian's Chromium, as the content script reads them: each
// hostile page is written into a tab at the webmail's own address, the readers run on its
// main thread, and the time is taken there. happy-dom (the unit suite's short run) is many times slower
// than a browser on the same DOM and cannot build some pages at all, so the page figure the
// issue names is measured here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import type { PageStateInput } from '../../lib/email';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/support/browser';
import type { PageReader } from './run';

export const chromiumAvailable = () => existsSync(CHROMIUM);

export async function chromiumPageReader(): Promise<{ read: PageReader; close: () => Promise<void> }> {
  const bundled = await build({
    entryPoints: [join(import.meta.dirname, 'page-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext();
  await context.route(/^https:\/\/(mail\.google\.com|outlook\.office\.com)\//, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><title>Mail</title>',
    }),
  );
  await context.addInitScript({ content: bundled.outputFiles[0]!.text });
  // One tab per webmail, opened once at its address; each case replaces the tab's document.
  const tabs = new Map<string, Page>();
  const tab = async (url: string) => {
    let page = tabs.get(url);
    if (!page) {
      page = await context.newPage();
      await page.goto(url);
      tabs.set(url, page);
    }
    return page;
  };
  const read: PageReader = async (webmail, html, url) =>
    (await tab(url)).evaluate(
      ([which, page]) =>
        (
          globalThis as unknown as {
            __fuzzReader: { read: (w: typeof which, html: string) => { ms: number; state: PageStateInput } };
          }
        ).__fuzzReader.read(which, page),
      [webmail, html] as const,
    );
  return { read, close: () => browser.close() };
}
