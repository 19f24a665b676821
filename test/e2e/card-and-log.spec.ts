import { DEMO_MAILBOX_URL, gmailFixtureUrl } from '../support/webmail-routes';
import { expect, readStore, test } from './harness';

// The spine: open an inquiry in Gmail → the side panel shows the matching card →
// log the contact → it is stored and survives a reload → its reminder is scheduled.

const HANSEN_ORDER = 'Repeat order: PO HL-26-044';

test('an open inquiry shows its customer card, logs in one click, and schedules the follow-up', async ({
  worker,
  openDemo,
}) => {
  const { panel, mail } = await openDemo();
  await expect(panel.getByTestId('no-email')).toBeVisible();

  await mail.getByText(HANSEN_ORDER).click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Klaus Hansen');
  await expect(panel.getByTestId('company-name')).toHaveText('Hansen Lichttechnik GmbH');
  await expect(panel.getByTestId('contact-name')).toHaveText('Klaus Hansen');
  // The demo book's year of history is there, newest first.
  const timeline = panel.getByTestId('timeline');
  await expect(timeline.getByTestId('timeline-order').first()).toBeVisible();
  const days = await timeline.locator('li .when').allTextContents();
  const times = days.map((d) => Date.parse(d));
  expect(times.every((t, i) => i === 0 || t <= times[i - 1]!)).toBe(true);
  await expect(panel.getByTestId('logged-badge')).toHaveCount(0);

  // The intent is guessed from the email; the rep adds a summary and logs.
  await expect(panel.getByTestId('log-intent')).toHaveValue('order');
  await panel.getByTestId('log-summary').fill('PO HL-26-044 confirmed: 1,200 panels + 400 high bays');
  await panel.getByTestId('log-outcome').fill('Send PI today');
  await panel.getByTestId('log-follow-up').fill('2031-03-04T09:30');
  await panel.getByTestId('log-submit').click();
  await expect(panel.getByTestId('logged-badge')).toBeVisible();

  // Stored in IndexedDB, and still there after a reload.
  await panel.reload();
  await expect(panel.getByTestId('logged-badge')).toBeVisible();
  const interactions = await readStore<{ id: string; summary: string; intent: string; threadId?: string }>(
    panel,
    'interactions',
  );
  const logged = interactions.find(
    (i) => i.summary === 'PO HL-26-044 confirmed: 1,200 panels + 400 high bays',
  );
  expect(logged).toMatchObject({ intent: 'order' });
  expect(logged?.threadId).toBeTruthy();

  // The follow-up is a reminder with an alarm at its time.
  const reminders = await readStore<{ id: string; interactionId?: string; dueAt: number; kind: string }>(
    panel,
    'reminders',
  );
  const followUp = reminders.find((r) => r.interactionId === logged!.id);
  expect(followUp).toMatchObject({ kind: 'follow-up', dueAt: new Date(2031, 2, 4, 9, 30).getTime() });
  const alarm = await worker.evaluate(
    (name) => chrome.alarms.get(name).then((a) => a?.scheduledTime ?? null),
    `reminder:${followUp!.id}`,
  );
  expect(alarm).toBe(followUp!.dueAt);
  await expect(panel.getByTestId('reminder').first()).toBeVisible();

  // Back to the inbox: the panel follows.
  await mail.goBack();
  await expect(panel.getByTestId('no-email')).toBeVisible();
});

test('an unknown sender becomes a contact and a company in one click', async ({ openDemo }) => {
  const { panel, mail } = await openDemo();
  await mail.getByText('LED panel lights for 14 schools').click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Ingrid Berg');
  await expect(panel.getByTestId('new-contact')).toBeVisible();
  // The company as the signature writes it ("Innkjøper, Nordlys Belysning AS"), not guessed from the domain.
  await expect(panel.getByTestId('new-contact-company')).toHaveValue('Nordlys Belysning AS');
  // The rep has started a reply: the card that now names a company must not write over it.
  await expect(panel.getByTestId('replies')).toHaveAttribute('aria-busy', 'false');
  const draft = panel.getByTestId('reply-text').first();
  await draft.fill('Dear Ingrid,\n\nThe rep’s own first lines.');
  await panel.getByTestId('create-contact').click();
  await expect(panel.getByTestId('company-name')).toHaveText('Nordlys Belysning AS');
  await expect(panel.getByTestId('drafts-outdated')).toContainText('the company it belongs to');
  await expect(draft).toHaveValue('Dear Ingrid,\n\nThe rep’s own first lines.');
  await expect(panel.getByTestId('contact-name')).toHaveText('Ingrid Berg');
  await expect(panel.getByTestId('new-contact')).toHaveCount(0);
  const companies = await readStore<{ name: string; domains: string[] }>(panel, 'companies');
  expect(companies.find((c) => c.name === 'Nordlys Belysning AS')?.domains).toEqual(['nordlys-belysning.no']);
});

test('a free-mail sender never becomes a company', async ({ openMail, openPanel }) => {
  const panel = await openPanel();
  const mail = await openMail(DEMO_MAILBOX_URL);
  await mail.getByText('Walmart vendor sample request').click();
  await expect(panel.getByTestId('sender-email')).toHaveText('james.whitaker.purchasing@gmail.com');
  await expect(panel.getByTestId('new-contact-company')).toHaveValue('');
  await panel.getByTestId('create-contact').click();
  await expect(panel.getByTestId('new-contact')).toHaveCount(0);
  expect(await readStore(panel, 'companies')).toEqual([]);
  expect(await readStore<{ emails: string[] }>(panel, 'contacts')).toMatchObject([
    { emails: ['james.whitaker.purchasing@gmail.com'] },
  ]);
});

test('the panel switches to Simplified Chinese and stays so', async ({ openMail, openPanel }) => {
  const panel = await openPanel();
  const mail = await openMail(DEMO_MAILBOX_URL);
  await mail.getByText('LED panel lights for 14 schools').click();
  await expect(panel.getByTestId('log-submit')).toHaveText('Log this contact');
  await panel.getByTestId('language-switch').selectOption('zh-CN');
  await expect(panel.getByTestId('log-submit')).toHaveText('记录本次联系');
  await expect(panel.getByRole('heading', { name: '往来记录' })).toBeVisible();
  await panel.reload();
  await expect(panel.getByTestId('log-submit')).toHaveText('记录本次联系');
});

test('an unreadable page gets a clear word in the panel and no error in Gmail', async ({ openWebmail }) => {
  const { panel, errors } = await openWebmail(gmailFixtureUrl('unreadable', '#inbox/1976219a5d0c3e67'));
  await expect(panel.getByTestId('unreadable')).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByTestId('unreadable')).toContainText('could not be read');
  expect(errors).toEqual([]);
});

test('a thread already logged shows as logged when opened again', async ({ openDemo }) => {
  const { panel, mail } = await openDemo();
  await mail.getByText('Price request: BW-FL100').click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Javier Morales');
  await panel.getByTestId('log-submit').click();
  await expect(panel.getByTestId('logged-badge')).toBeVisible();
  // Another email, then back: still logged, and the other one is not.
  await mail.goBack();
  await mail.getByText('Reorder T8 tubes').click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Agnieszka Nowak');
  await expect(panel.getByTestId('logged-badge')).toHaveCount(0);
  await mail.goBack();
  await mail.getByText('Price request: BW-FL100').click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Javier Morales');
  await expect(panel.getByTestId('logged-badge')).toBeVisible();
});

test('the panel follows the rep between Gmail tabs and accounts', async ({ context, openDemo }) => {
  const { panel, mail } = await openDemo();
  await mail.getByText('Price request: BW-FL100').click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Javier Morales');

  // A second signed-in account in another tab (Gmail's /mail/u/1/).
  const other = await context.newPage();
  await other.goto('https://mail.google.com/mail/u/1/#inbox');
  await other.getByText('Reorder T8 tubes').click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Agnieszka Nowak');

  // Back to the first tab: its email is the card again.
  await mail.bringToFront();
  await expect(panel.getByTestId('sender-name')).toHaveText('Javier Morales');
});

test('a logged contact can be edited and deleted from the timeline', async ({ openDemo }) => {
  const { panel, mail } = await openDemo();
  await mail.getByText('Price request: BW-FL100').click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Javier Morales');
  await panel.getByTestId('log-summary').fill('Wants 40 BW-FL100 for a car park');
  await panel.getByTestId('log-follow-up').fill('2031-05-06T10:00');
  await panel.getByTestId('log-submit').click();
  await expect(panel.getByTestId('logged-badge')).toBeVisible();

  const item = panel.getByTestId('timeline-interaction').filter({ hasText: 'Wants 40 BW-FL100' });
  await item.getByRole('button', { name: 'Edit' }).click();
  const editing = panel.getByTestId('timeline-interaction').filter({ has: panel.locator('textarea') });
  await expect(editing.getByLabel('Summary')).toHaveValue('Wants 40 BW-FL100 for a car park');
  await editing.getByLabel('Summary').fill('Wants 60 BW-FL100 for a stadium car park');
  await editing.getByLabel('Outcome').fill('Quote by Friday');
  await editing.getByRole('button', { name: 'Save' }).click();
  const edited = panel.getByTestId('timeline-interaction').filter({ hasText: 'Wants 60 BW-FL100' });
  await expect(edited).toContainText('Quote by Friday');
  type Logged = { id: string; summary: string; outcome: string; createdAt: number; updatedAt: number };
  const stored = (await readStore<Logged>(panel, 'interactions')).filter((i) =>
    i.summary.includes('BW-FL100 for a'),
  );
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    summary: 'Wants 60 BW-FL100 for a stadium car park',
    outcome: 'Quote by Friday',
  });
  const id = stored[0]!.id;
  expect(
    (await readStore<{ interactionId?: string }>(panel, 'reminders')).some((r) => r.interactionId === id),
  ).toBe(true);

  // Cancelled at the question: nothing goes.
  panel.once('dialog', (dialog) => void dialog.dismiss());
  await edited.getByRole('button', { name: 'Delete' }).click();
  await expect(edited).toBeVisible();
  expect((await readStore<Logged>(panel, 'interactions')).some((i) => i.id === id)).toBe(true);

  // Confirmed: the logged contact and its follow-up reminder go.
  panel.once('dialog', (dialog) => void dialog.accept());
  await edited.getByRole('button', { name: 'Delete' }).click();
  await expect(edited).toHaveCount(0);
  await expect(panel.getByTestId('logged-badge')).toHaveCount(0);
  expect((await readStore<Logged>(panel, 'interactions')).some((i) => i.id === id)).toBe(false);
  expect(
    (await readStore<{ interactionId?: string }>(panel, 'reminders')).some((r) => r.interactionId === id),
  ).toBe(false);
});
