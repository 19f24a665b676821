import type { BrowserContext, Request, Worker } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_MAILBOX_URL } from '../support/webmail-routes';
import { expect, test, waitForRawHeaders } from './harness';

// Issue 3 in the browser: an inquiry opened in the Gmail fixture shows where it
// comes from (the best answer and every piece of evidence with its source) and
// its scam check (level, score, each signal's reason), from the raw source the
// content script fetches through "Show original". Lookups are offline: nothing
// the extension does leaves chrome-extension:// and mail.google.com.

const HANSEN_ORDER = 'Repeat order: PO HL-26-044';
const WALMART_SCAM = 'Walmart vendor sample request';
const LOOKALIKE = 'Change of accounts contact';
const WALMART_RAW = path.resolve('test/fixtures/gmail/raw/197625b9c8e2d170.eml');

/** Every URL requested by the context's pages and by the extension's service worker. */
function recordRequests(context: BrowserContext) {
  const seen: { url: string; fromWorker: boolean }[] = [];
  const listener = (request: Request) =>
    seen.push({ url: request.url(), fromWorker: request.serviceWorker() !== null });
  context.on('request', listener);
  return seen;
}

/** Wraps the worker's own network doors so any call it makes is counted, whatever the protocol. */
async function watchWorkerNetwork(worker: Worker): Promise<() => Promise<string[]>> {
  await worker.evaluate(() => {
    const scope = globalThis as unknown as {
      __calls?: string[];
      fetch: typeof fetch;
      WebSocket?: typeof WebSocket;
    };
    if (scope.__calls) return;
    const calls: string[] = [];
    scope.__calls = calls;
    const realFetch = scope.fetch.bind(globalThis);
    scope.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return realFetch(input, init);
    };
    if (scope.WebSocket) {
      const RealSocket = scope.WebSocket;
      scope.WebSocket = class extends RealSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          calls.push(String(url));
          super(url, protocols);
        }
      };
    }
  });
  return () => worker.evaluate(() => [...((globalThis as { __calls?: string[] }).__calls ?? [])]);
}

const allowed = (url: string) => {
  const { protocol, hostname } = new URL(url);
  return protocol === 'chrome-extension:' || (protocol === 'https:' && hostname === 'mail.google.com');
};

test('a customer inquiry shows its country from the sender IP, with every piece of evidence', async ({
  context,
  worker,
  openDemo,
}) => {
  const requests = recordRequests(context);
  const workerCalls = await watchWorkerNetwork(worker);
  const { panel, mail } = await openDemo();
  await mail.getByText(HANSEN_ORDER).click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Klaus Hansen');
  await waitForRawHeaders(panel);

  const origin = panel.getByTestId('origin');
  // The first hop outside Hansen's own server: the office's public IP in Germany.
  await expect(origin.getByTestId('origin-country')).toHaveAttribute('data-country', 'DE');
  await expect(origin.getByTestId('origin-country')).toHaveText('Germany');
  await expect(origin.getByTestId('origin-ip')).toHaveText('93.212.194.161');
  await expect(origin.getByTestId('origin-confidence')).toHaveText('Confidence: High');
  await expect(origin.getByTestId('origin-evidence-received-ip')).toHaveText(
    /^Sender IP \(Received chain\): Germany \(93\.212\.194\.161 /,
  );
  await expect(origin.getByTestId('origin-evidence-cctld')).toContainText('Germany (.de)');
  await expect(origin.getByTestId('origin-evidence-timezone')).toContainText('UTC+02:00');
  await expect(origin.getByTestId('origin-mismatch')).toHaveCount(0);
  await expect(origin.getByTestId('origin-provider-hides-ip')).toHaveCount(0);
  // A known VIP writing from its usual domain: nothing to warn about.
  await expect(panel.getByTestId('risk-level')).toHaveAttribute('data-level', 'low');

  // The raw source came from Gmail's own origin; nothing else went out, from any context.
  expect(requests.some((r) => /[?&]view=om\b/.test(r.url))).toBe(true);
  expect(requests.filter((r) => !allowed(r.url))).toEqual([]);
  // The country came from the extension's own IP database, which the worker loads when it starts,
  // before the recorder above was listening: no lookup went out while the card was built.
  const calls = await workerCalls();
  expect(calls.filter((url) => !allowed(url))).toEqual([]);
  // The worker's mark of that load names the table it read: the one shipped in the package.
  const table = await worker.evaluate(
    () => (performance.getEntriesByName('warm:ip-database')[0] as PerformanceMark | undefined)?.detail,
  );
  expect(table).toMatchObject({ source: expect.stringMatching(/\S/), ipv4Boundaries: expect.any(Number) });
  expect(table.ipv4Boundaries).toBeGreaterThan(100_000);
  // The recorder does see the worker's web requests: a probe from the worker shows up as one.
  const probe = 'https://mail.google.com/mail/u/0/assets/worker-probe.css';
  await worker.evaluate((url) => fetch(url).then((r) => r.status), probe);
  expect(requests).toContainEqual({ url: probe, fromWorker: true });
});

test('the Walmart free-sample scam is high risk, every signal visible, and not placed in the US', async ({
  context,
  worker,
  openMail,
  openPanel,
}) => {
  const requests = recordRequests(context);
  const workerCalls = await watchWorkerNetwork(worker);
  const panel = await openPanel();
  const mail = await openMail(DEMO_MAILBOX_URL);
  await mail.getByText(WALMART_SCAM).click();
  await expect(panel.getByTestId('sender-email')).toHaveText('james.whitaker.purchasing@gmail.com');
  await waitForRawHeaders(panel);

  const risk = panel.getByTestId('risk');
  await expect(risk.getByTestId('risk-level')).toHaveAttribute('data-level', 'high');
  await expect(risk.getByTestId('risk-level')).toHaveText('High risk');
  await expect(risk.getByTestId('risk-signal-free-samples-first')).toContainText('FREE SAMPLES');
  await expect(risk.getByTestId('risk-signal-free-mail-company')).toContainText('Walmart');
  await expect(risk.getByTestId('risk-signal-free-mail-company')).toContainText('gmail.com');
  await expect(risk.getByTestId('risk-signal-reply-to-other-domain')).toHaveText(
    'Replies would go to walmart.globalsourcing@outlook.com, on another domain than the sender james.whitaker.purchasing@gmail.com.',
  );
  await expect(risk.getByTestId('risk-signal-urgency')).toContainText('URGENT');
  await expect(risk.getByTestId('risk-signal-first-contact')).toBeVisible();
  const score = Number((await risk.getByTestId('risk-score').textContent())?.replace(/\D+/g, ''));
  expect(score).toBeGreaterThanOrEqual(60);
  // Each signal shows the points it adds, and the card says how points make the level.
  await expect(risk.getByTestId('risk-weight-free-samples-first')).toHaveText('+30');
  await expect(risk.getByTestId('risk-weight-reply-to-other-domain')).toHaveText('+25');
  await expect(risk.getByTestId('risk-explained')).toContainText('high risk from 60');

  // Sent through Gmail's SMTP from a desktop client: Gmail kept the client's IP, in Nigeria.
  // Google's own relay (209.85.220.69, in the US) is never the answer.
  const origin = panel.getByTestId('origin');
  await expect(origin.getByTestId('origin-ip')).toHaveText('105.112.37.142');
  await expect(origin.getByTestId('origin-country')).toHaveAttribute('data-country', 'NG');
  await expect(origin).not.toContainText('209.85.220.69');

  expect(requests.filter((r) => !allowed(r.url))).toEqual([]);
  expect((await workerCalls()).filter((url) => !allowed(url))).toEqual([]);
});

test('a Gmail user writing from the web is never placed in the US: the provider hides the IP', async ({
  context,
  openMail,
  openPanel,
}) => {
  // The same message as Gmail's web interface sends it: only Google's own hops, no client IP.
  const raw = (await readFile(WALMART_RAW, 'utf8')).replace(
    /^Received: from DESKTOP-[^\n]*\n(?:[ \t][^\n]*\n)*/m,
    '',
  );
  expect(raw).not.toContain('105.112.37.142');
  await context.route(
    (url) => url.hostname === 'mail.google.com' && url.searchParams.get('view') === 'om',
    (route) => route.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: raw }),
  );
  const panel = await openPanel();
  const mail = await openMail(DEMO_MAILBOX_URL);
  await mail.getByText(WALMART_SCAM).click();
  await expect(panel.getByTestId('sender-email')).toHaveText('james.whitaker.purchasing@gmail.com');
  await waitForRawHeaders(panel);

  const origin = panel.getByTestId('origin');
  await expect(origin.getByTestId('origin-provider-hides-ip')).toBeVisible();
  await expect(origin.getByTestId('origin-country')).not.toHaveAttribute('data-country', 'US');
  await expect(origin.getByTestId('origin-ip')).toHaveCount(0);
  await expect(origin.getByTestId('origin-evidence-received-ip')).toHaveCount(0);
  await expect(origin).not.toContainText('United States');
  // The scam is still a scam without the IP.
  await expect(panel.getByTestId('risk-level')).toHaveAttribute('data-level', 'high');
});

test("a look-alike of a customer's domain is flagged, with the customer it imitates", async ({
  openDemo,
}) => {
  const { panel, mail } = await openDemo();
  await mail.getByText(LOOKALIKE).click();
  await expect(panel.getByTestId('sender-email')).toHaveText('k.hansen@hansen-lichtechnik.de');
  await waitForRawHeaders(panel);

  // Not matched to Hansen: a different domain is a different sender.
  await expect(panel.getByTestId('company-name')).toHaveCount(0);
  const risk = panel.getByTestId('risk');
  await expect(risk.getByTestId('risk-signal-lookalike-domain')).toHaveText(
    "The sender domain hansen-lichtechnik.de looks like your customer's hansen-lichttechnik.de.",
  );
  await expect(risk.getByTestId('risk-level')).toHaveAttribute('data-level', 'high');
  // Sent from a Nigerian server while the domain says Germany: the evidence disagrees.
  const origin = panel.getByTestId('origin');
  await expect(origin.getByTestId('origin-country')).toHaveAttribute('data-country', 'NG');
  await expect(origin.getByTestId('origin-mismatch')).toBeVisible();
  await expect(risk.getByTestId('risk-signal-origin-mismatch')).toContainText('Nigeria, Germany');
});
