import { OUTLOOK_IDS, outlookFixtureUrl } from '../support/webmail-routes';
import { expect, readStore, test } from './harness';

// Outlook on the web: the same card, contact and unreadable flows as Gmail, on Outlook's own
// addresses (Outlook.com and Microsoft 365), served from test/fixtures/outlook/.

const {
  liveConversation: LIVE_CONVERSATION,
  m365Conversation: M365_CONVERSATION,
  m365Item: M365_ITEM,
} = OUTLOOK_IDS;

test('an Outlook.com inquiry shows its sender and becomes a contact and a company in one click', async ({
  openWebmail,
}) => {
  const { panel } = await openWebmail(
    outlookFixtureUrl('single-message', `/mail/0/inbox/id/${LIVE_CONVERSATION}`),
  );
  await expect(panel.getByTestId('sender-name')).toHaveText('Sofia Marin');
  await expect(panel.getByTestId('sender-email')).toHaveText('s.marin@lumenaria.it');
  await expect(panel.getByTestId('new-contact')).toBeVisible();
  await panel.getByTestId('new-contact-company').fill('Lumenaria S.r.l.');
  await panel.getByTestId('create-contact').click();
  await expect(panel.getByTestId('company-name')).toHaveText('Lumenaria S.r.l.');
  await expect(panel.getByTestId('contact-name')).toHaveText('Sofia Marin');
  const companies = await readStore<{ name: string; domains: string[] }>(panel, 'companies');
  expect(companies.find((c) => c.name === 'Lumenaria S.r.l.')?.domains).toEqual(['lumenaria.it']);
  const contacts = await readStore<{ emails: string[] }>(panel, 'contacts');
  expect(contacts.map((c) => c.emails)).toEqual([['s.marin@lumenaria.it']]);
});

test('a Microsoft 365 conversation from a known customer shows the customer’s card', async ({
  openWebmail,
}) => {
  const { panel } = await openWebmail(
    outlookFixtureUrl('conversation', `/mail/inbox/id/${M365_CONVERSATION}`, 'outlook.office.com'),
    { book: true },
  );
  await expect(panel.getByTestId('sender-name')).toHaveText('Megan Ross');
  await expect(panel.getByTestId('company-name')).toHaveText('Oakridge Electrical Supply Inc.');
  await expect(panel.getByTestId('contact-name')).toHaveText('Megan Ross');
});

test('the panel follows Outlook opening a message in place and going back to the list', async ({
  openWebmail,
}) => {
  const { panel, mail } = await openWebmail(outlookFixtureUrl('inbox', '/mail/0/inbox'));
  await expect(panel.getByTestId('no-email')).toBeVisible();
  await mail.getByText('Sample request: LED strip 24V').first().click();
  await expect(mail).toHaveURL(/\/mail\/0\/inbox\/id\/AQQk/);
  await expect(panel.getByTestId('sender-name')).toHaveText('Tom Becker');
  await expect(panel.getByTestId('sender-email')).toHaveText('tom.becker@mapleleaflighting.ca');
  await mail.goBack();
  await expect(panel.getByTestId('no-email')).toBeVisible();
});

test('an unreadable Outlook page gets a clear word in the panel and no error in Outlook', async ({
  openWebmail,
}) => {
  const { panel, errors } = await openWebmail(
    outlookFixtureUrl('unreadable', `/mail/0/inbox/id/${LIVE_CONVERSATION}`),
  );
  await expect(panel.getByTestId('unreadable')).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByTestId('unreadable')).toContainText('could not be read');
  expect(errors).toEqual([]);
});

test('a suggested draft goes into Outlook’s open reply box as plain lines, above the quoted message', async ({
  openWebmail,
}) => {
  const { panel, mail } = await openWebmail(
    outlookFixtureUrl('quoted-history', `/mail/deeplink/read/${M365_ITEM}`, 'outlook.office.com'),
    { book: true },
  );
  const drafts = panel.getByTestId('reply-draft');
  await expect(drafts.first()).toBeVisible();
  await expect(panel.getByTestId('replies')).toHaveAttribute('aria-busy', 'false');
  // The rep clicks into the draft before reading it: from then on a later card (the value arriving)
  // never replaces it, so the lines read are the lines inserted.
  await drafts.first().getByTestId('reply-text').click();
  const text = await drafts.first().getByTestId('reply-text').inputValue();
  expect(text).toMatch(/\S/);
  await drafts.first().getByTestId('insert-draft').click();
  await expect(drafts.first().getByTestId('draft-status')).toHaveText(/inserted/i);

  const box = mail.locator('[role="textbox"][contenteditable="true"]');
  const lines = text.split('\n');
  await expect(box).toContainText(lines[0]!);
  // The draft's lines come first, one plain-text line each (no markup of the draft's own),
  // and the rep's signature and the quoted message stay below them.
  const written = await box.evaluate((el, count) => {
    const top = Array.from(el.children).slice(0, count);
    return {
      lines: top.map((child) => child.textContent ?? ''),
      markup: top.some((child) => Array.from(child.querySelectorAll('*')).some((n) => n.tagName !== 'BR')),
      quoteBelow: el.querySelector('#divRplyFwdMsg') !== null,
    };
  }, lines.length);
  expect(written).toEqual({ lines, markup: false, quoteBelow: true });
});
