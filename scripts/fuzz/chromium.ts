// `npm run fuzz` in Debian's Chromium, where the extension runs: each hostile page is written
// into a tab at the webmail's own address and the readers run on its main thread, as the
// content script does; each hostile email goes through the card's pipeline in a tab with a
// book in its IndexedDB, on the engine the background worker runs on. happy-dom is many times
// slower than a browser on the same DOM and cannot build some pages, and Node's Blob and
// TextDecoder (which the MIME parser leans on) are not the browser's, so the figures the
// issue names are measured here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import type { PageStateInput } from '../../lib/email';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/support/browser';
import { IPDB_FILE } from '../../lib/origin/ipdb';
import type { EmailReader, PageReader } from './run';

export const chromiumAvailable = () => existsSync(CHROMIUM);

const EMAIL_ORIGIN = 'https://mail.google.com';
const IPDB_URL = `${EMAIL_ORIGIN}/ipdb.bin`;
const EMAIL_URL = `${EMAIL_ORIGIN}/fuzz-email.eml`;
const PAGE_PATH = '/fuzz-page.html';

export async function chromiumReaders(): Promise<{
  read: PageReader;
  readEmail: EmailReader;
  close: () => Promise<void>;
}> {
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
  const ipdb = readFileSync(join(import.meta.dirname, '..', '..', 'public', IPDB_FILE));
  // The email or page under test is fetched by the tab, as a webmail's raw message and markup
  // are: passed as an argument through the DevTools protocol instead, every one stays in the
  // page's heap (2 GB after 2,000 cases), and the collector's pauses on that heap land on later
  // cases. Sent as UTF-8, a lone surrogate arrives as U+FFFD, as it does from any server.
  let nextEmail = '';
  let nextPage = '';
  await context.route(/^https:\/\/(mail\.google\.com|outlook\.office\.com)\//, (route) =>
    route.request().url() === IPDB_URL
      ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body: ipdb })
      : route.request().url() === EMAIL_URL
        ? route.fulfill({ status: 200, contentType: 'message/rfc822; charset=utf-8', body: nextEmail })
        : new URL(route.request().url()).pathname === PAGE_PATH
          ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: nextPage })
          : route.fulfill({
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
  type InPage = {
    __fuzzReader: {
      read: (w: 'gmail' | 'outlook', url: string) => Promise<{ ms: number; state: PageStateInput }>;
      startEmails: (ipdbUrl: string) => Promise<void>;
      readEmail: (url: string) => Promise<number>;
    };
  };
  const read: PageReader = async (webmail, html, url) => {
    const page = await tab(url);
    nextPage = html;
    return page.evaluate(
      ([which, from]) => (globalThis as unknown as InPage).__fuzzReader.read(which, from),
      [webmail, new URL(PAGE_PATH, url).href] as const,
    );
  };
  // Emails go through the card's pipeline in a tab of their own, with an empty book in its IndexedDB.
  let emailTab: Page | undefined;
  const readEmail: EmailReader = async (raw) => {
    if (!emailTab) {
      emailTab = await tab(`${EMAIL_ORIGIN}/fuzz-emails`);
      await emailTab.evaluate(
        (url) => (globalThis as unknown as InPage).__fuzzReader.startEmails(url),
        IPDB_URL,
      );
    }
    nextEmail = raw;
    return emailTab.evaluate(
      (url) => (globalThis as unknown as InPage).__fuzzReader.readEmail(url),
      EMAIL_URL,
    );
  };
  return { read, readEmail, close: () => browser.close() };
}
