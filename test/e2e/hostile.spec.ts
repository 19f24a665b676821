import type { BrowserContext, Page } from '@playwright/test';
import { DEMO_THREADS } from '../../lib/demo/mailbox';
import { gmailPage } from '../support/hostile-pages';
import { DEMO_MAILBOX_URL, GMAIL_BASE } from '../support/webmail-routes';
import { expect, readStore, test } from './harness';

// Issue 16, done when: after a known customer's email, a hostile Gmail page never leaves that
// customer's card up. The panel shows the new message's card (its fields cut, and said so) or the
// could-not-read notice naming the field; the book is as it was before the hostile page.

const customer = DEMO_THREADS.find((t) => t.subject.startsWith('Repeat order: PO HL-26-044'))!;
const SCAMMER = 'accounts@hansen-lichttechnik-gmbh.com';
const BANK_CHANGE =
  'Dear Lily,<br><br>please note that our bank account has changed. Kindly pay the open invoices to our new account:<br>IBAN GB29 NWBK 6016 1331 9268 19<br><br>Best regards<br>Accounts Department';

/** Hostile Gmail pages, each served at the webmail's own address with a thread id of its own. */
const PAGES = [
  {
    id: '19a0000000000301',
    what: 'a sender name of 301 characters',
    html: gmailPage({
      id: '19a0000000000301',
      name: `Klaus Hansen ${'Accounts '.repeat(40)}`.slice(0, 301),
      email: SCAMMER,
      subject: 'Change of bank details',
      body: BANK_CHANGE,
    }),
  },
  {
    id: '19a0000000040000',
    what: 'a subject of 40,000 characters',
    html: gmailPage({
      id: '19a0000000040000',
      name: 'Accounts Department',
      email: SCAMMER,
      subject: `URGENT new bank account ${'!'.repeat(40_000)}`,
      body: BANK_CHANGE,
    }),
  },
  {
    id: '19a00000000b0dff',
    what: 'a bank-change scam with a body of 240,000 characters on one line',
    html: gmailPage({
      id: '19a00000000b0dff',
      name: '<b>Klaus Hansen</b>',
      email: SCAMMER,
      subject: 'Re: open invoices <script>alert(1)</script>',
      body: `${BANK_CHANGE}<br>${'IBAN GB29NWBK60161331926819 '.repeat(8_600)}`,
    }),
  },
];

async function serveHostilePages(context: BrowserContext): Promise<void> {
  // Routes added last are tried first: these pages, then the fixtures of every other test.
  await context.route(
    (url) => url.hostname === 'mail.google.com' && url.searchParams.has('hostile'),
    (route) => {
      const id = new URL(route.request().url()).searchParams.get('hostile');
      const page = PAGES.find((p) => p.id === id);
      return page
        ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page.html })
        : route.fulfill({ status: 404, body: 'not found' });
    },
  );
}

/** What the book holds, table by table, as the extension's database has it. */
async function book(panel: Page): Promise<string> {
  const tables = ['companies', 'contacts', 'interactions', 'orders', 'reminders'];
  const rows = await Promise.all(tables.map((t) => readStore(panel, t)));
  return JSON.stringify(rows);
}

test("a hostile page after a known customer's email never leaves the customer's card up", async ({
  context,
  openDemo,
}) => {
  test.setTimeout(240_000);
  await serveHostilePages(context);
  const { panel, mail } = await openDemo();

  for (const page of PAGES) {
    await test.step(page.what, async () => {
      await mail.goto(`${DEMO_MAILBOX_URL}/${customer.id}`);
      await expect(panel.getByTestId('company-name')).toHaveText('Hansen Lichttechnik GmbH');
      await expect(panel.getByTestId('sender-email')).toContainText('k.hansen@hansen-lichttechnik.de');
      // What opening the customer's email writes (its reply tracking) is done before the book is read.
      await mail.waitForTimeout(500);
      const before = await book(panel);

      await mail.goto(`${GMAIL_BASE}?hostile=${page.id}#inbox/${page.id}`);
      // The new message's card (the scammer's, never the customer's), or the notice naming the field.
      const shown = panel.getByTestId('sender-email').or(panel.getByTestId('unreadable-field'));
      await expect(shown).toContainText(new RegExp(`${SCAMMER}|Could not read the \\w+ of this email`));
      await expect(panel.getByTestId('company-name')).toHaveCount(0);
      await expect(panel.getByText('k.hansen@hansen-lichttechnik.de')).toHaveCount(0);
      if (await panel.getByTestId('card').count()) {
        // Cut to the limits, said so, and no markup left as text.
        await expect(panel.getByTestId('card')).not.toContainText('<');
        expect(await panel.getByTestId('sender-name').textContent()).not.toContain('<b>');
      }
      // Give the background the time it takes to write what a card leads to: nothing was.
      await mail.waitForTimeout(500);
      expect(await book(panel)).toBe(before);
    });
  }
});
