import type { Page } from '@playwright/test';
import { DEMO_THREADS } from '../../lib/demo/mailbox';
import { asciiPunctuation, latinOnly, uiText } from '../support/chinese-ui';
import { expect, openDemoThread, test } from './harness';

// No English left in the Chinese UI: every page (the side panel on every demo
// card, each tab of the options page, the manager dashboard with a thread
// open) is walked in Chinese on the demo book, and a visible string of Latin
// letters only, outside the customer's own data, fails the test, as does ASCII
// punctuation next to Chinese. Each page names the elements that hold data.

/** The panel's data: the customer's names and addresses, the history, the mail text, facts quoted. */
const PANEL_DATA = [
  '[data-testid="sender-name"]',
  '[data-testid="sender-email"]',
  '[data-testid="company-name"]',
  '[data-testid="contact-name"]',
  '[data-testid="timeline"]',
  '[data-testid="reminder"]',
  '[data-testid="reminders"]',
  '.risk-signal-reason',
  '.origin-evidence-detail',
  '[data-testid="reply-fact"]',
  '.orders',
];

/** The options page's data: the knowledge base's own items (titles, facts), as the rep wrote them. */
const OPTIONS_DATA = ['[data-testid="knowledge-item"] > strong', '[data-testid="knowledge-item"] > .hint'];

/** The dashboard's data: companies, subjects, contacts, reps' names, what was logged. */
const DASHBOARD_DATA = [
  '.company',
  '.subject',
  '.detail',
  // The contact column of the thread list.
  '[data-testid="thread-row"] > td:nth-child(2)',
  '[data-testid="thread-rep"]',
  '[data-testid="at-risk-owner"]',
  '[data-testid^="scorecard-column-"]:not([data-testid="scorecard-column-team"])',
  '[data-testid^="rep-conversion-"] > th',
];

async function expectAllChinese(page: Page, data: readonly string[], root?: string): Promise<void> {
  const texts = await uiText(page, data, root);
  expect(texts.length).toBeGreaterThan(0);
  expect(latinOnly(texts)).toEqual([]);
  expect(asciiPunctuation(texts)).toEqual([]);
}

test('the Chinese panel: every card’s own words in Chinese, Chinese punctuation, countries by name', async ({
  openDemo,
}) => {
  test.setTimeout(120_000);
  const { panel, mail } = await openDemo();
  await panel.getByTestId('language-switch').selectOption('zh-CN');
  for (const thread of DEMO_THREADS) {
    await test.step(thread.subject, async () => {
      await openDemoThread(mail, panel, thread);
      await expect(panel.getByTestId('card-summary').getByTestId('summary-next')).toHaveText(/^下一步：/);
      await expectAllChinese(panel, PANEL_DATA, 'main');
    });
  }
  await openDemoThread(mail, panel, DEMO_THREADS[0]!);
  await expect(panel.getByTestId('company-country')).toHaveText('德国');
});

test('the options page’s every tab and the manager dashboard in Chinese', async ({
  context,
  extensionId,
  openDemo,
}) => {
  test.setTimeout(120_000);
  const { panel } = await openDemo();
  // The language chosen in the panel is the extension's: the other pages follow it.
  await panel.getByTestId('language-switch').selectOption('zh-CN');

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.locator('h1')).toHaveText('外贸邮件客户助手');
  const tabs = options.getByRole('tab');
  const count = await tabs.count();
  expect(count).toBeGreaterThanOrEqual(10);
  for (let i = 0; i < count; i++) {
    const tab = tabs.nth(i);
    await test.step(`options: ${await tab.textContent()}`, async () => {
      await tab.click();
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      await expect(options.getByRole('tabpanel').locator('h2').first()).toHaveText(
        (await tab.textContent())!,
      );
      // Sections that read the book or the settings show a loading line first.
      await expect(options.locator('.loading')).toHaveCount(0);
      await expectAllChinese(options, OPTIONS_DATA);
      if ((await options.getByTestId('knowledge-add').count()) > 0) {
        // The knowledge form's labels too, for a new item.
        await options.getByTestId('knowledge-add').click();
        await expect(options.getByTestId('knowledge-form')).toBeVisible();
        await expectAllChinese(options, OPTIONS_DATA);
      }
    });
  }

  const dashboard = await context.newPage();
  await dashboard.goto(`chrome-extension://${extensionId}/dashboard.html`);
  await expect(dashboard.getByTestId('dashboard-ready')).toBeVisible();
  await expect(dashboard.locator('h1')).toHaveText('主管看板');
  await expect(dashboard.getByTestId('dashboard-loading')).toHaveCount(0);
  await test.step('dashboard', async () => {
    await expectAllChinese(dashboard, DASHBOARD_DATA);
  });
  await test.step('dashboard, a thread open', async () => {
    await dashboard.getByTestId('thread-row').first().click();
    await expect(
      dashboard.getByTestId('thread-timeline').getByTestId('timeline-entry').first(),
    ).toBeVisible();
    await expectAllChinese(dashboard, DASHBOARD_DATA);
  });
  await test.step('dashboard, one rep', async () => {
    await dashboard.getByTestId('filter-rep').selectOption({ index: 1 });
    await expect(dashboard.getByTestId('dashboard-loading')).toHaveCount(0);
    await expectAllChinese(dashboard, DASHBOARD_DATA);
  });
});
