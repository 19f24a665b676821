import { gmailFixtureUrl } from '../support/webmail-routes';
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

test('a Chinese panel words an unreadable Gmail page, and titles itself, in Chinese', async ({
  openMail,
  openPanel,
  context,
  extensionId,
}) => {
  const panel = await openPanel();
  await expect(panel).toHaveTitle('Trade Inbox CRM');
  await panel.getByTestId('language-switch').selectOption('zh-CN');
  await expect(panel).toHaveTitle('外贸邮件客户助手');
  await openMail(gmailFixtureUrl('unreadable', '#inbox/1976219a5d0c3e67'));
  await expect(panel.getByTestId('unreadable')).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByTestId('unreadable-reason')).toHaveText(
    '原因：似乎打开了一封邮件，但页面上找不到 Gmail 的邮件结构。',
  );
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options).toHaveTitle('外贸邮件客户助手 设置');
  await expect(options.getByTestId('rep-name')).toHaveAttribute('placeholder', '您的名字（同事认识的称呼）');
});
