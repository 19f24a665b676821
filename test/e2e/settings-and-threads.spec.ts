import { expect, test } from './harness';

// The options page and the Gmail page shapes beyond the demo mailbox, as a rep meets them.

test('the options page opens on General and keeps the "no reply yet" days', async ({
  context,
  extensionId,
}) => {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.getByRole('tab', { name: 'General', selected: true })).toBeVisible();
  await expect(page.getByTestId('no-reply-days')).toHaveValue('2');
  await expect(page.getByTestId('rep-name')).toBeEnabled();
  await page.getByTestId('no-reply-days').fill('4');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('no-reply-days')).toHaveValue('4');
  const stored = await page.evaluate(() => chrome.storage.local.get('preferences'));
  expect(stored).toMatchObject({ preferences: { noReplyDays: 4 } });
  expect(errors).toEqual([]);
});
