import type { Page } from '@playwright/test';
import { DEMO_THREADS } from '../../lib/demo/mailbox';
import { DEMO_MAILBOX_URL } from '../support/webmail-routes';
import { expect, readStore, test } from './harness';

// "No reply yet" on the demo mailbox (issue 14): an unanswered buyer earns a reminder; a scam
// the card scores high risk earns none, so neither the rep nor a successor is sent to chase it.

interface StoredReminder {
  kind: string;
  title: string;
  done: number;
}

async function open(mail: Page, panel: Page, subject: string): Promise<void> {
  const thread = DEMO_THREADS.find((t) => t.subject === subject)!;
  await mail.goto(`${DEMO_MAILBOX_URL}/${thread.id}`);
  await expect(panel.getByTestId('sender-email')).toContainText(thread.messages.at(-1)!.from.email);
}

const openNoReply = async (panel: Page) =>
  (await readStore<StoredReminder>(panel, 'reminders'))
    .filter((r) => r.kind === 'no-reply' && r.done === 0)
    .map((r) => r.title)
    .sort();

test('an unanswered buyer gets a "no reply yet" reminder, a high-risk scam none', async ({ openDemo }) => {
  const { panel, mail } = await openDemo();
  const scams = [
    'URGENT: Walmart vendor sample request - all models',
    'Change of accounts contact - open invoices',
  ];
  for (const subject of scams) {
    await open(mail, panel, subject);
    await expect(panel.getByTestId('risk-level')).toHaveAttribute('data-level', 'high');
  }
  const buyer = 'Best price for 10,000 pcs T8 tube 18W';
  await open(mail, panel, buyer);
  await expect(panel.getByTestId('risk-level')).not.toHaveAttribute('data-level', 'high');
  // The buyer's reminder is written after the scams' bookkeeping ran: then none of theirs is open.
  await expect.poll(() => openNoReply(panel)).toContain(buyer);
  expect((await openNoReply(panel)).filter((title) => scams.includes(title))).toEqual([]);
  // The panel's list says the same.
  await expect(panel.getByTestId('reminder').filter({ hasText: buyer })).toHaveCount(1);
  for (const subject of scams)
    await expect(panel.getByTestId('reminder').filter({ hasText: subject })).toHaveCount(0);
});
