import { gmailFixtureUrl } from '../support/webmail-routes';
import type { Page } from '@playwright/test';
import { expect, readStore, test } from './harness';

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

// Gmail's other page shapes, served at Gmail's own address (test/fixtures/gmail/README.md).

/** The inquiry the open card was built from, as the panel asks the background for it. */
async function cardInquiry(panel: Page): Promise<{ messageId: string; bodyText: string; url: string }> {
  return panel.evaluate(async () => {
    const view = (await chrome.runtime.sendMessage({ type: 'panel/get' })) as {
      card: { inquiry: { messageId: string; bodyText: string; url: string } } | null;
    };
    return view.card!.inquiry;
  });
}

async function logAndRead(panel: Page) {
  await panel.getByTestId('log-submit').click();
  await expect(panel.getByTestId('logged-badge')).toBeVisible();
  return readStore<{ messageId?: string; threadId?: string; url?: string; at: number; intent: string }>(
    panel,
    'interactions',
  );
}

test('a long conversation reads its last expanded message, not the collapsed ones or a hidden thread', async ({
  openMail,
  openPanel,
}) => {
  const panel = await openPanel();
  await openMail(gmailFixtureUrl('conversation', '#inbox/1975f1c0a9d3e211'));
  // Not Javier Morales, whose thread Gmail keeps hidden in the page, nor the rep's collapsed reply.
  await expect(panel.getByTestId('sender-name')).toHaveText('Klaus Hansen');
  await expect(panel.getByTestId('sender-email')).toHaveText('k.hansen@hansen-lichttechnik.de');
  // The last message places the order; the first only asked for prices.
  await expect(panel.getByTestId('log-intent')).toHaveValue('order');
  await expect(panel.getByTestId('origin-evidence-phone')).toContainText('+49 40 85372210');
  const [logged] = await logAndRead(panel);
  expect(logged).toMatchObject({
    messageId: '19763a8f2c4e1b07',
    threadId: '1975f1c0a9d3e211',
    at: new Date(2026, 5, 15, 8, 8).getTime(),
  });
  // Gmail's trimmed quote of the rep's reply is not part of the message.
  expect((await cardInquiry(panel)).bodyText).not.toContain('FOB Ningbo');
});

test('the preview pane reads the message beside the list, and logs a link that reopens it', async ({
  openMail,
  openPanel,
}) => {
  const panel = await openPanel();
  await openMail(gmailFixtureUrl('preview-pane', '#inbox'));
  await expect(panel.getByTestId('sender-name')).toHaveText('James Whitaker');
  await expect(panel.getByTestId('sender-email')).toHaveText('james.whitaker.purchasing@gmail.com');
  // What the panel shows of the body and the details table.
  await expect(panel.getByTestId('risk')).toContainText('FREE SAMPLES');
  await expect(panel.getByTestId('risk')).toContainText('walmart.globalsourcing@outlook.com');
  const [logged] = await logAndRead(panel);
  expect(logged).toMatchObject({
    threadId: '197625b9c8e2d170',
    url: 'https://mail.google.com/mail/u/0/#all/197625b9c8e2d170',
  });
});

test("a reply quoting the rep's own message is read without the quoted history", async ({
  openMail,
  openPanel,
}) => {
  const panel = await openPanel();
  await openMail(gmailFixtureUrl('quoted-history', '#inbox/19762e0c41f9b3a6'));
  await expect(panel.getByTestId('sender-name')).toHaveText('Faisal Rahman');
  await expect(panel.getByTestId('sender-email')).toHaveText('faisal@alnoor-electrical.ae');
  // The signature above the quote is the message's own; nothing below it is.
  await expect(panel.getByTestId('origin-evidence-phone')).toContainText('+971 50 482 1937');
  const inquiry = await cardInquiry(panel);
  expect(inquiry.messageId).toBe('197631f7d5e28a40');
  expect(inquiry.bodyText).toMatch(/^Dear Lily,\n\nthank you for the quotation\./);
  expect(inquiry.bodyText).not.toContain('Sent:');
  expect(inquiry.bodyText).not.toContain('USD 86.00');
});

test('closing the Gmail tab takes its card off the panel', async ({ openMail, openPanel }) => {
  const panel = await openPanel();
  const mail = await openMail(gmailFixtureUrl('quoted-history', '#inbox/19762e0c41f9b3a6'));
  await expect(panel.getByTestId('sender-name')).toHaveText('Faisal Rahman');
  await mail.close();
  await expect(panel.getByTestId('no-webmail')).toBeVisible();
  await expect(panel.getByTestId('sender-name')).toHaveCount(0);
});
