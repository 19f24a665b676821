import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { expect, test } from './harness';

// Issue 11: the webmail page reports on a long-lived port to the background (lib/messages
// PAGE_PORT). The browser stops an idle extension worker, which closes the port; the page must
// not keep the worker awake, and its next report must open a new port, wake the worker and bring
// the card.

interface Versions {
  versions: { scriptURL: string; runningStatus: string }[];
}

/** The extension worker's running status as DevTools reports it ('running', 'stopped', …). */
async function watchWorker(context: BrowserContext, page: Page) {
  const cdp: CDPSession = await context.newCDPSession(page);
  let status = 'unknown';
  cdp.on('ServiceWorker.workerVersionUpdated', (event: Versions) => {
    const ours = event.versions.find((v) => v.scriptURL.endsWith('/background.js'));
    if (ours) status = ours.runningStatus;
  });
  await cdp.send('ServiceWorker.enable');
  return {
    status: () => status,
    /** Stops every service worker, as the browser does with an idle one. */
    stop: () => cdp.send('ServiceWorker.stopAllWorkers'),
  };
}

test('the card still arrives after the background worker was stopped', async ({ context, openDemo }) => {
  test.setTimeout(90_000);
  const { panel, mail } = await openDemo();
  const errors: string[] = [];
  mail.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await mail.getByText('Price request: BW-FL100').click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Javier Morales');

  // The book's own writes after loading (its valuation, the drafts) are done before the worker is stopped.
  await expect(panel.getByTestId('replies')).toHaveAttribute('aria-busy', 'false');
  const worker = await watchWorker(context, panel);
  await expect.poll(worker.status).toBe('running');
  // The closed port is not reopened while the rep reads: the worker stays stopped. (A write still
  // landing from the book's loading, such as the offscreen valuation's, may wake it a few times
  // first, as any extension event does: it is stopped again until it stays asleep.)
  for (let attempt = 0; attempt < 10; attempt++) {
    await worker.stop();
    await mail.waitForTimeout(2000);
    if (worker.status() === 'stopped') break;
  }
  expect(worker.status()).toBe('stopped');

  // The next email opened: its report opens a new port, which wakes the worker, and the card comes.
  await mail.goBack();
  await mail.getByText('Reorder T8 tubes').click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Agnieszka Nowak');
  expect(worker.status()).toBe('running');
  // Nothing of it in the webmail's console (a closed port's error is read, not left unchecked).
  expect(errors).toEqual([]);
});
