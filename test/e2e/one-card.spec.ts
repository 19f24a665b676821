import type { Page } from '@playwright/test';
import { expect, test } from './harness';

// Issue 11, part 1: one opened email, one card. The background builds the card once from what
// the page sends about the message, and updates it once for each change to a record it shows,
// whichever page wrote it; nothing announces a write. The counts are the background's own
// (card/counts): how many times it built the opened message's card and sent it an update.

const HANSEN_ORDER = 'Repeat order: PO HL-26-044';

interface CardCount {
  opens: number;
  builds: number;
  origins: number;
  updates: number;
  unchanged: number;
}

async function countsOf(page: Page): Promise<Record<string, CardCount>> {
  return page.evaluate(
    () => chrome.runtime.sendMessage({ type: 'card/counts' }) as Promise<Record<string, CardCount>>,
  );
}

/** The opened message's counts once the background has stopped working on it (two equal reads in a row). */
async function settled(page: Page, messageId: string): Promise<CardCount> {
  let last = '';
  for (;;) {
    await page.waitForTimeout(700);
    const now = JSON.stringify((await countsOf(page))[messageId] ?? null);
    if (now === last) return JSON.parse(now) as CardCount;
    last = now;
  }
}

test('an opened email is built once, and each change to what its card shows is one update, from any page', async ({
  openDemo,
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const { panel, mail } = await openDemo();
  await mail.getByText(HANSEN_ORDER).click();
  await expect(panel.getByTestId('company-name')).toHaveText('Hansen Lichttechnik GmbH');
  const messageId = await panel.evaluate(async () => {
    const view = (await chrome.runtime.sendMessage({ type: 'panel/get' })) as {
      card: { inquiry: { messageId: string } };
    };
    return view.card.inquiry.messageId;
  });
  expect(messageId).not.toBe('');

  // The page's state, its raw headers, the reply tracker's own writes: one build.
  const opened = await settled(panel, messageId);
  expect(opened).toMatchObject({ opens: 1, builds: 1 });
  // Gmail's raw headers come after the page: they read the origin again, and only it.
  expect(opened.origins).toBeLessThanOrEqual(1);
  await expect(panel.getByTestId('origin')).toBeVisible();
  let updates = opened.updates;

  // Logged from the card: one update, with the badge and the new timeline entry.
  await panel.getByTestId('log-summary').fill('Klaus confirms PO HL-26-044');
  await panel.getByTestId('log-submit').click();
  await expect(panel.getByTestId('logged-badge')).toBeVisible();
  await expect(panel.getByTestId('timeline')).toContainText('Klaus confirms PO HL-26-044');
  let now = await settled(panel, messageId);
  expect(now.updates).toBe(updates + 1);
  updates = now.updates;

  // The company edited in the card (its acquisition cost): one update, with its new value.
  const value = panel.getByTestId('value-view');
  const acquisition = value.getByTestId('drivers').locator('li[data-reason="value.driver.acquisitionCost"]');
  await expect(acquisition).toHaveText('Acquisition cost 6,500 USD');
  await panel.locator('details.orders > summary').click();
  await panel.getByTestId('acquisition-cost').fill('10,000');
  await panel.getByTestId('acquisition-cost-save').click();
  await expect(acquisition).toHaveText('Acquisition cost 10,000 USD');
  now = await settled(panel, messageId);
  expect(now.updates).toBe(updates + 1);
  updates = now.updates;

  // An order added in the card: one update, with the order in the summary.
  const summary = panel.getByTestId('order-summary');
  await expect(summary).toHaveText(/^12 orders, /);
  const editor = panel.getByTestId('orders-editor');
  await editor.getByTestId('order-add').click();
  await editor.getByTestId('order-date').fill('2026-06-16');
  await editor.getByTestId('order-amount').fill('12500');
  await editor.getByTestId('order-save').click();
  await expect(summary).toHaveText(/^13 orders, /);
  now = await settled(panel, messageId);
  expect(now.updates).toBe(updates + 1);
  updates = now.updates;

  // Another page writes (the options page's CSV import): the open card shows it, announced by no one.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#import`);
  const importer = options.getByTestId('csv-import');
  await importer.getByTestId('csv-kind').selectOption('orders');
  const csv = 'Customer,Date,Amount,Currency,Status\nHansen Lichttechnik GmbH,2026-06-20,4000,USD,paid\n';
  await importer
    .getByTestId('csv-file')
    .setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await importer.getByTestId('csv-import-button').click();
  await expect(importer.getByTestId('csv-imported')).toHaveText('Imported 1 row.');
  await expect(summary).toHaveText(/^14 orders, /);
  now = await settled(panel, messageId);
  expect(now.updates).toBe(updates + 1);

  // A write to another customer leaves this card alone.
  updates = now.updates;
  const other =
    'Customer,Date,Amount,Currency,Status\nOakridge Electrical Supply Inc.,2026-06-21,900,USD,paid\n';
  await importer
    .getByTestId('csv-file')
    .setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: Buffer.from(other) });
  await importer.getByTestId('csv-import-button').click();
  await expect(importer.getByTestId('csv-imported')).toHaveText('Imported 1 row.');
  now = await settled(panel, messageId);
  expect(now).toMatchObject({ opens: 1, builds: 1, updates });
});
