import type { BrowserContext, Route } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

// Serves the webmail fixtures at the webmails' real URLs, so the shipped
// manifest's content-script matches are what runs. Every other request from a
// page is refused: nothing leaves the machine.
//
//   https://mail.google.com/mail/u/<n>/                      the demo mailbox (test/fixtures/gmail/demo-mailbox.html)
//   https://mail.google.com/mail/u/<n>/?fixture=<name>       test/fixtures/gmail/<name>.html
//   https://mail.google.com/mail/u/<n>/popout?…&th=…         test/fixtures/gmail/popout.html (a window of its own)
//   https://mail.google.com/mail/u/<n>/?...view=om...        "Show original": test/fixtures/gmail/raw/<hex id>.eml
//   https://mail.google.com/mail/u/<n>/assets/<file>         test/fixtures/gmail/assets/<file>
//   https://outlook.{live,office,office365}.com/mail/...?fixture=<name>   test/fixtures/outlook/<name>.html
//                                                            (any /mail/ path: the path is Outlook's route)

const FIXTURES = path.resolve('test/fixtures');

export const GMAIL_BASE = 'https://mail.google.com/mail/u/0/';
export const DEMO_MAILBOX_URL = `${GMAIL_BASE}#inbox`;

/** A Gmail fixture page's URL; `hash` like '#inbox/FMfcgz…'. */
export function gmailFixtureUrl(name: string, hash = '#inbox'): string {
  return `${GMAIL_BASE}?fixture=${encodeURIComponent(name)}${hash}`;
}

const SAFE_NAME = /^[\w.-]+$/;

async function fulfillFile(route: Route, file: string, contentType: string): Promise<void> {
  try {
    await route.fulfill({ status: 200, contentType, body: await readFile(file) });
  } catch {
    await route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
  }
}

/** The message id of a "Show original" URL: th=<hex> or permmsgid=msg-f:<decimal>. */
export function rawMessageId(url: URL): string {
  const th = url.searchParams.get('th');
  if (th && /^[0-9a-f]+$/i.test(th)) return th.toLowerCase();
  const perm = /^msg-[af]:(\d+)$/.exec(url.searchParams.get('permmsgid') ?? '');
  return perm ? BigInt(perm[1]!).toString(16) : '';
}

/**
 * An Outlook fixture page's URL: `path` is Outlook's route, like '/mail/0/inbox/id/<id>' (Outlook.com)
 * or '/mail/deeplink/read/<id>?ItemID=<id>' (Microsoft 365), served from test/fixtures/outlook/<name>.html.
 */
export function outlookFixtureUrl(name: string, path = '/mail/0/inbox', host = 'outlook.live.com'): string {
  return `https://${host}${path}${path.includes('?') ? '&' : '?'}fixture=${encodeURIComponent(name)}`;
}

/** Outlook's ids as its URLs carry them (encoded), for the fixture pages' routes. */
export const OUTLOOK_IDS = {
  /** An Outlook.com conversation. */
  liveConversation: encodeURIComponent(
    'AQQkADAwATM0MDAAMS1iNTcwLWEwODgtMDACLTAwCgAQAHrT2nV0iE9Ln0Yq1c3xw8Q=',
  ),
  /** A Microsoft 365 conversation. */
  m365Conversation: encodeURIComponent(
    'AAQkAGQ2ZmFiMjU0LTNhMjEtNGE5Zi1hYjc1LTVmNjkyYzQxYjE0ZAAQAMw3bq1c8x1Eu0nJpV9kG2E=',
  ),
  /** An Outlook.com message opened on its own (a popout). */
  liveItem: encodeURIComponent('AQMkADAwATM0MDAAMS1iNTcwLWEwODgtMDACLTAwCgBGAAADvWn0tPj3Ek2R8Q=='),
  /** The Exchange item id of a Microsoft 365 message opened on its own (a deeplink). */
  m365Item: encodeURIComponent(
    'AAMkAGQ2ZmFiMjU0LTNhMjEtNGE5Zi1hYjc1LTVmNjkyYzQxYjE0ZABGAAAAAAB8pQ1mKk3lQ6o0yYdVb9wHBwBq2f5xv0OmRoX3N3PqY2Z1AAAAAAEMAABq2f5xv0OmRoX3N3PqY2Z1AAAp8sD3AAA=',
  ),
};

const OUTLOOK_HOSTS = new Set(['outlook.live.com', 'outlook.office.com', 'outlook.office365.com']);

async function outlook(route: Route, url: URL): Promise<void> {
  const name = url.searchParams.get('fixture');
  if (!/^\/mail(\/|$)/.test(url.pathname) || route.request().resourceType() !== 'document')
    return route.fulfill({ status: 204, body: '' });
  if (!name || !SAFE_NAME.test(name)) return route.fulfill({ status: 404, body: 'not found' });
  return fulfillFile(route, path.join(FIXTURES, 'outlook', `${name}.html`), 'text/html; charset=utf-8');
}

async function gmail(route: Route, url: URL): Promise<void> {
  const dir = path.join(FIXTURES, 'gmail');
  if (url.searchParams.get('view') === 'om') {
    const id = rawMessageId(url);
    return id
      ? fulfillFile(route, path.join(dir, 'raw', `${id}.eml`), 'text/plain; charset=utf-8')
      : route.abort();
  }
  const asset = /^\/mail\/u\/\d+\/assets\/([\w.-]+)$/.exec(url.pathname);
  if (asset) {
    const type = asset[1]!.endsWith('.css')
      ? 'text/css'
      : asset[1]!.endsWith('.js')
        ? 'text/javascript'
        : 'application/octet-stream';
    return fulfillFile(route, path.join(dir, 'assets', asset[1]!), type);
  }
  if (/^\/mail\/u\/\d+\/?(popout)?$/.test(url.pathname)) {
    const name =
      url.searchParams.get('fixture') ?? (url.pathname.endsWith('/popout') ? 'popout' : 'demo-mailbox');
    if (!SAFE_NAME.test(name)) return route.abort();
    return fulfillFile(route, path.join(dir, `${name}.html`), 'text/html; charset=utf-8');
  }
  return route.fulfill({ status: 204, body: '' });
}

export async function routeWebmail(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => url.protocol === 'http:' || url.protocol === 'https:',
    async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      if (url.hostname === 'mail.google.com') return gmail(route, url);
      if (OUTLOOK_HOSTS.has(url.hostname)) return outlook(route, url);
      return route.abort('blockedbyclient');
    },
  );
}
