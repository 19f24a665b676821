import type { Locator, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { headerBlockOf } from '../../lib/anymail/source';
import { writeMsg } from '../support/msg-writer';
import { DEMO_MAILBOX_URL, outlookFixtureUrl } from '../support/webmail-routes';
import { expect, test } from './harness';

// Issue 18 in the browser: any email dropped or pasted into the panel gets the card the same
// message gets in Gmail; pasted headers complete an Outlook message's origin; the never-log list
// keeps mail out of the book; forgetting a contact leaves nothing of them in any table.

const RAW = (id: string) => path.resolve(`test/fixtures/gmail/raw/${id}.eml`);
/** Demo messages with a Gmail page: the Walmart scam (risk, origin) and Hansen's order (a VIP's value). */
const DEMO = [
  {
    subject: 'Walmart vendor sample request',
    raw: RAW('197625b9c8e2d170'),
    email: 'james.whitaker.purchasing@gmail.com',
  },
  {
    subject: 'Repeat order: PO HL-26-044',
    raw: RAW('19763a8f2c4e1b07'),
    email: 'k.hansen@hansen-lichttechnik.de',
  },
];

/** What a rep reads on a card: sender, company, value, origin and risk in full, and the actions offered. */
async function cardFacts(card: Locator) {
  const text = async (id: string) => {
    const part = card.getByTestId(id);
    return (await part.count()) ? (await part.first().innerText()).trim() : null;
  };
  await expect(card.getByTestId('replies')).toHaveAttribute('aria-busy', 'false');
  return {
    sender: await text('sender-email'),
    company: await text('company-name'),
    value: await text('value-view'),
    origin: await text('origin'),
    risk: await text('risk'),
    drafts: await card.getByTestId('reply-draft').count(),
    logForm: await card.getByTestId('log-form').count(),
  };
}

/**
 * Drops a file on the panel's drop zone, as the rep drags it from the desktop. A file given by its
 * size alone is made in the page (a 26 MB file need not cross the test's wire).
 */
async function dropFile(
  panel: Page,
  name: string,
  bytes: Buffer | Uint8Array | { size: number },
): Promise<void> {
  const zone = panel.getByTestId('anymail-zone');
  if (!(await zone.evaluate((el) => (el as HTMLDetailsElement).open))) await zone.locator('summary').click();
  const transfer = await panel.evaluateHandle(
    ({ name, data, size }) => {
      const dt = new DataTransfer();
      const content = data ? new Uint8Array(data) : new Uint8Array(size).fill(0x41);
      dt.items.add(new File([content], name));
      return dt;
    },
    'size' in bytes ? { name, data: null, size: bytes.size } : { name, data: [...bytes], size: 0 },
  );
  await panel.getByTestId('anymail-drop').dispatchEvent('drop', { dataTransfer: transfer });
}

/** Every record of every table of the extension's database, read from an extension page. */
async function wholeBook(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const open = indexedDB.open('trade-inbox-crm');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const names = [...idb.objectStoreNames];
          const out: Record<string, unknown[]> = {};
          const tx = idb.transaction(names, 'readonly');
          for (const name of names) {
            const all = tx.objectStore(name).getAll();
            all.onsuccess = () => (out[name] = all.result);
          }
          tx.oncomplete = () => {
            idb.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

test('an .eml or .msg dropped into the panel gets the same card as the message opened in Gmail', async ({
  openDemo,
  openPanel,
}) => {
  test.setTimeout(180_000);
  const { panel, mail } = await openDemo();
  const dropPanel = await openPanel();
  const inGmailBySubject = new Map<string, Awaited<ReturnType<typeof cardFacts>>>();
  for (const demo of DEMO) {
    await mail.goto(DEMO_MAILBOX_URL);
    await mail.getByText(demo.subject).first().click();
    await expect(panel.getByTestId('sender-email')).toHaveText(demo.email);
    await expect(panel.getByTestId('origin-no-headers')).toHaveCount(0);
    const inGmail = await cardFacts(panel.getByTestId('card'));
    expect(inGmail.origin).toBeTruthy();
    expect(inGmail.risk).toBeTruthy();
    inGmailBySubject.set(demo.subject, inGmail);

    await dropFile(dropPanel, path.basename(demo.raw), await readFile(demo.raw));
    const dropped = dropPanel.getByTestId('dropped');
    await expect(dropped.getByTestId('dropped-source')).toHaveText(
      `Dropped email: ${path.basename(demo.raw)}`,
    );
    await expect(dropped.getByTestId('sender-email')).toHaveText(demo.email);
    expect(await cardFacts(dropped.getByTestId('card'))).toEqual(inGmail);
  }
  // Hansen is a VIP with a value; the scam is high risk from Nigeria: the comparison covered both.
  await dropPanel.getByTestId('dropped-close').click();
  await expect(dropPanel.getByTestId('dropped')).toHaveCount(0);

  // The same scam as Outlook desktop saves it (.msg with its transport headers): the same card again.
  const source = await readFile(DEMO[0]!.raw, 'utf8');
  const msg = writeMsg({
    headers: headerBlockOf(source),
    subject: 'URGENT: Walmart vendor sample request - all models',
    body: source.slice(source.indexOf('\n\n') + 2),
    senderName: 'James Whitaker',
    senderEmail: DEMO[0]!.email,
    recipients: [{ name: 'Lily Chen', email: 'lily.chen@brightway-lighting.com', type: 'to' }],
  });
  const scamInGmail = inGmailBySubject.get(DEMO[0]!.subject);
  await dropFile(dropPanel, 'walmart.msg', msg);
  const fromMsg = dropPanel.getByTestId('dropped');
  await expect(fromMsg).toHaveAttribute('data-format', 'msg');
  await expect(fromMsg.getByTestId('risk-level')).toHaveAttribute('data-level', 'high');
  await expect(fromMsg.getByTestId('origin-country')).toHaveAttribute('data-country', 'NG');
  expect(await cardFacts(fromMsg.getByTestId('card'))).toEqual(scamInGmail);
});

test('a dropped email is logged from its card like any other', async ({ openDemo, openPanel }) => {
  await openDemo({ book: false });
  const panel = await openPanel();
  await dropFile(panel, 'nordlys.eml', await readFile(RAW('19762c81f6d4e3a2')));
  const dropped = panel.getByTestId('dropped');
  await expect(dropped.getByTestId('sender-email')).toHaveText('ingrid.berg@nordlys-belysning.no');
  await dropped.getByTestId('log-submit').click();
  await expect(dropped.getByTestId('logged-badge')).toBeVisible();
  const book = await wholeBook(panel);
  expect(book.interactions).toHaveLength(1);
  expect(book.interactions![0]).toMatchObject({ threadId: expect.stringMatching(/^mid:/), direction: 'in' });
});

test('large, broken and non-email files get a clear word and change nothing', async ({ openPanel }) => {
  const panel = await openPanel();
  const before = await wholeBook(panel);
  const cases: [string, Buffer | Uint8Array | { size: number }, string][] = [
    [
      'cut.msg',
      writeMsg({
        subject: 's',
        body: 'b',
        senderName: 'a',
        senderEmail: 'a@b.example',
        recipients: [],
      }).slice(0, 600),
      'broken-msg',
    ],
    ['notes.txt', Buffer.from('Please call me back about the price.'), 'not-an-email'],
    ['empty.eml', Buffer.alloc(0), 'empty'],
    ['huge.eml', { size: 26 * 1024 * 1024 }, 'too-large'],
  ];
  for (const [name, bytes, code] of cases) {
    await dropFile(panel, name, bytes);
    await expect(panel.getByTestId('anymail-error')).toHaveAttribute('data-code', code);
    await expect(panel.getByTestId('dropped')).toHaveCount(0);
  }
  await expect(panel.getByTestId('anymail-error')).toContainText('Nothing was done');
  expect(await wholeBook(panel)).toEqual(before);
});

const LUMENARIA_HEADERS = [
  'Received: from AM6PR08MB4118.eurprd08.prod.outlook.com (2603:10a6:20b:a1::31) by',
  ' DB9PR08MB6539.eurprd08.prod.outlook.com with HTTPS; Mon, 15 Jun 2026 13:00:12 +0000',
  'Received: from mail.lumenaria.it (151.38.112.7) by',
  ' AM6PR08MB4118.mail.protection.outlook.com (10.167.241.11) with Microsoft SMTP',
  ' Server id 15.20.7633.12 via Frontend Transport; Mon, 15 Jun 2026 13:00:11 +0000',
  'Received: from [192.168.1.20] (host-79-18-44-210.business.telecomitalia.it [79.18.44.210])',
  '\tby mail.lumenaria.it (Postfix) with ESMTPSA id 4F1A2C0;',
  '\tMon, 15 Jun 2026 15:00:09 +0200 (CEST)',
  'From: Sofia Marin <s.marin@lumenaria.it>',
  'To: Lily Chen <lily.chen@outlook.com>',
  'Subject: Inquiry: LED high bays 150W for warehouse in Verona',
  'Date: Mon, 15 Jun 2026 15:00:05 +0200',
  'Message-ID: <0c1e9a7b-4f2d-4d8e-9a61-2b7f3c5d8e10@lumenaria.it>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
].join('\r\n');

const LIVE_CONVERSATION = encodeURIComponent(
  'AQQkADAwATM0MDAAMS1iNTcwLWEwODgtMDACLTAwCgAQAHrT2nV0iE9Ln0Yq1c3xw8Q=',
);

test('headers pasted for an Outlook message complete its origin in place', async ({
  openMail,
  openPanel,
}) => {
  const panel = await openPanel();
  await openMail(outlookFixtureUrl('single-message', `/mail/0/inbox/id/${LIVE_CONVERSATION}`));
  await expect(panel.getByTestId('sender-email')).toHaveText('s.marin@lumenaria.it');
  // Outlook gives no source: the origin rests on the text, and the panel asks for the headers.
  await expect(panel.getByTestId('origin-no-headers')).toBeVisible();
  await expect(panel.getByTestId('origin-ip')).toHaveCount(0);
  await expect(panel.getByTestId('anymail-headers-hint')).toBeVisible();

  await panel.getByTestId('anymail-paste').fill(LUMENARIA_HEADERS);
  await panel.getByTestId('anymail-paste-submit').click();
  await expect(panel.getByTestId('anymail-done')).toHaveText(/origin is complete/);
  // The same card, now with the sender's IP from the pasted Received chain.
  await expect(panel.getByTestId('dropped')).toHaveCount(0);
  await expect(panel.getByTestId('sender-email')).toHaveText('s.marin@lumenaria.it');
  await expect(panel.getByTestId('origin-no-headers')).toHaveCount(0);
  await expect(panel.getByTestId('origin-ip')).toHaveText(/^(79\.18\.44\.210|151\.38\.112\.7)$/);
  await expect(panel.getByTestId('origin-country')).toHaveAttribute('data-country', 'IT');
  await expect(panel.getByTestId('anymail-headers-hint')).toHaveCount(0);
});

test('a never-logged sender shows a quiet card and leaves IndexedDB unchanged', async ({
  context,
  extensionId,
  openPanel,
  openMail,
}) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#privacy`);
  await options.getByTestId('never-log-input').fill('Nordlys-Belysning.no');
  await options.getByTestId('never-log-add').click();
  await expect(options.getByTestId('never-log').getByTestId('entry')).toHaveText(['nordlys-belysning.no']);

  const panel = await openPanel();
  const before = await wholeBook(panel);
  const mail = await openMail(DEMO_MAILBOX_URL);
  const source = mail.waitForResponse((r) => r.url().includes('view=om'));
  await mail.getByText('LED panel lights for 14 schools').first().click();
  const quiet = panel.getByTestId('quiet-card');
  await expect(quiet.getByTestId('sender-email')).toHaveText('ingrid.berg@nordlys-belysning.no');
  await expect(quiet.getByTestId('quiet-reason')).toContainText(
    'nordlys-belysning.no is on your never-log list',
  );
  await expect(panel.getByTestId('log-form')).toHaveCount(0);
  await expect(panel.getByTestId('new-contact')).toHaveCount(0);
  await expect(panel.getByTestId('reply-draft')).toHaveCount(0);
  // The raw source came in too (it is what raises or closes reminders): still nothing written.
  await source;
  await expect.poll(() => wholeBook(panel), { timeout: 3000 }).toEqual(before);
  await panel.waitForTimeout(1500);
  expect(await wholeBook(panel)).toEqual(before);

  // Off the list, the same message is an ordinary inquiry: a card to log, a reminder, the rep's mailbox noted.
  await options
    .getByTestId('never-log')
    .getByRole('button', { name: /nordlys-belysning\.no/ })
    .click();
  await expect(options.getByTestId('never-log').getByTestId('entry')).toHaveCount(0);
  await mail.goto(DEMO_MAILBOX_URL);
  await mail.getByText('LED panel lights for 14 schools').first().click();
  await expect(panel.getByTestId('log-form')).toBeVisible();
  await expect.poll(async () => (await wholeBook(panel)).reminders?.length).toBe(1);
});

test('forgetting a contact leaves no record of them in any table, after the export is offered', async ({
  context,
  extensionId,
  openDemo,
}) => {
  const { panel } = await openDemo();
  const book = await wholeBook(panel);
  const klaus = (book.contacts as { id: string; name: string; emails: string[] }[]).find(
    (c) => c.name === 'Klaus Hansen',
  )!;
  const theirs = (book.interactions as { contactId?: string }[]).filter((i) => i.contactId === klaus.id);
  expect(theirs.length).toBeGreaterThan(0);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#kept`);
  await options.getByTestId('kept-search').fill('klaus');
  await options.getByTestId('kept-match').filter({ hasText: 'Klaus Hansen' }).click();
  const detail = options.getByTestId('kept-contact');
  await expect(detail.getByTestId('kept-interactions')).toHaveAttribute('data-count', String(theirs.length));
  await detail.getByTestId('forget-start').click();
  await expect(detail.getByTestId('forget-counts')).toContainText(`${theirs.length} logged contact(s)`);

  const download = options.waitForEvent('download');
  await detail.getByTestId('forget-export').click();
  const exported = JSON.parse(await readFile((await (await download).path())!, 'utf8'));
  expect(exported.contact.emails).toEqual(klaus.emails);
  expect(exported.interactions).toHaveLength(theirs.length);

  await detail.getByTestId('forget-confirm-delete').click();
  await expect(options.getByTestId('forgotten')).toContainText('Klaus Hansen was forgotten');

  const after = await wholeBook(panel);
  for (const [table, rows] of Object.entries(after)) {
    const text = JSON.stringify(rows);
    for (const email of klaus.emails) expect(text, table).not.toContain(email);
    // The change feed keeps keys only: its newest word on him is the deletion that sync carries.
    if (table === 'changeFeed') {
      const naming = (rows as { keys: string[]; table: string; op: string }[]).filter((e) =>
        e.keys.includes(klaus.id),
      );
      if (naming.length) expect(naming.at(-1)).toMatchObject({ table: 'contacts', op: 'delete' });
    } else expect(text, table).not.toContain(klaus.id);
  }
  // His company, its orders and his colleague Petra stay.
  expect((after.companies as { name: string }[]).some((c) => c.name.startsWith('Hansen'))).toBe(true);
  expect((after.contacts as { name: string }[]).some((c) => c.name === 'Petra Vogel')).toBe(true);
  expect(after.orders!.length).toBe(book.orders!.length);
});
