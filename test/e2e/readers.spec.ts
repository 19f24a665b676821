import { GMAIL_BASE, OUTLOOK_IDS, gmailFixtureUrl, outlookFixtureUrl } from '../support/webmail-routes';
import { expect, test, waitForRawHeaders } from './harness';

// Issue 15 in the browser: the readers on two builds of each webmail and on the popout layouts,
// the weaker-layer mark, the could-not-read notice's pick, and a reopened Gmail message keeping
// its origin and risk.

const {
  liveConversation: LIVE_CONVERSATION,
  m365Conversation: M365_CONVERSATION,
  liveItem: LIVE_ITEM,
} = OUTLOOK_IDS;
const WALMART_POPOUT = `${GMAIL_BASE}popout?ver=1ifu2rspjn5qb&search=inbox&th=%23thread-f%3A1834695378069541232&cvid=1`;

test('Outlook.com’s consumer build without message ids: sender, card, and the labels mark', async ({
  openWebmail,
}) => {
  const { panel } = await openWebmail(
    outlookFixtureUrl('live-consumer', `/mail/0/inbox/id/${LIVE_CONVERSATION}`),
  );
  await expect(panel.getByTestId('sender-name')).toHaveText('Ana Souza');
  await expect(panel.getByTestId('sender-email')).toContainText('ana.souza@vidraria-souza.com.br');
  await expect(panel.getByTestId('read-layer-from')).toHaveAttribute('data-layer', 'aria');
  await expect(panel.getByTestId('new-contact')).toBeVisible();
});

test('a Microsoft 365 build without message ids shows the known customer’s card', async ({ openWebmail }) => {
  const { panel } = await openWebmail(
    outlookFixtureUrl('office-aria', `/mail/inbox/id/${M365_CONVERSATION}`, 'outlook.office.com'),
    { book: true },
  );
  await expect(panel.getByTestId('sender-name')).toHaveText('Megan Ross');
  await expect(panel.getByTestId('company-name')).toHaveText('Oakridge Electrical Supply Inc.');
});

test('an Outlook popout that labels nothing is read from its layout, and the card says so', async ({
  openWebmail,
}) => {
  const { panel } = await openWebmail(
    outlookFixtureUrl('popout-structure', `/mail/deeplink/read/${LIVE_ITEM}`),
  );
  await expect(panel.getByTestId('sender-name')).toHaveText('Tom Becker');
  await expect(panel.getByTestId('read-layer-from')).toHaveAttribute('data-layer', 'structure');
  await expect(panel.getByTestId('read-layer-from')).toHaveAttribute(
    'title',
    /guessed from the page's layout/,
  );
});

test('the rep picks the sender an Outlook page does not show, and gets the card', async ({ openWebmail }) => {
  const { panel, mail, errors } = await openWebmail(
    outlookFixtureUrl('no-sender', `/mail/0/inbox/id/${LIVE_CONVERSATION}`),
  );
  const notice = panel.getByTestId('unreadable');
  await expect(notice).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByTestId('unreadable-field')).toHaveText('Could not read the sender of this email.');
  await expect(panel.getByTestId('paste-source')).toBeVisible();
  const options = panel.getByTestId('pick-sender-option');
  await expect(options).toHaveText([
    'petra.vogel@hansen-lichttechnik.de is the sender',
    'bookings@nordfracht-hamburg.de is the sender',
  ]);
  await options.first().click();
  await expect(panel.getByTestId('sender-email')).toContainText('petra.vogel@hansen-lichttechnik.de');
  await expect(panel.getByTestId('read-layer-from')).toHaveAttribute('data-layer', 'picked');
  // Nothing was written into the webmail page.
  expect(await mail.locator('body').innerHTML()).not.toContain(
    'petra.vogel@hansen-lichttechnik.de is the sender',
  );
  expect(errors).toEqual([]);
});

test('Gmail without data-*-id hooks: the customer’s card, and its source fetched by the thread id', async ({
  openWebmail,
}) => {
  const { panel } = await openWebmail(gmailFixtureUrl('aria-build', '#inbox/1976362e90bd7f18'), {
    book: true,
  });
  await expect(panel.getByTestId('sender-name')).toHaveText('Javier Morales');
  await expect(panel.getByTestId('read-layer-from')).toHaveAttribute('data-layer', 'aria');
  await waitForRawHeaders(panel);
  await expect(panel.getByTestId('origin').getByTestId('origin-ip')).toBeVisible();
});

test('Gmail’s popout window: the scam is high risk and placed in Nigeria', async ({ openWebmail }) => {
  const { panel } = await openWebmail(WALMART_POPOUT);
  await expect(panel.getByTestId('sender-email')).toHaveText('james.whitaker.purchasing@gmail.com');
  await expect(panel.getByTestId('read-layer-from')).toHaveCount(0);
  await waitForRawHeaders(panel);
  await expect(panel.getByTestId('risk-level')).toHaveAttribute('data-level', 'high');
  await expect(panel.getByTestId('origin').getByTestId('origin-country')).toHaveAttribute(
    'data-country',
    'NG',
  );
});

test('reopening a Gmail message in the same tab keeps its origin and its score', async ({ openDemo }) => {
  const { panel, mail } = await openDemo();
  await mail.getByText('Change of accounts contact').click();
  await expect(panel.getByTestId('sender-email')).toHaveText('k.hansen@hansen-lichtechnik.de');
  await waitForRawHeaders(panel);
  const origin = panel.getByTestId('origin');
  await expect(origin.getByTestId('origin-country')).toHaveAttribute('data-country', 'NG');
  const ip = await origin.getByTestId('origin-ip').textContent();
  const score = await panel.getByTestId('risk-score').textContent();

  // Back to the list the way Gmail does it: the hash changes, the page (and its content script) stays.
  await mail.evaluate(() => (location.hash = '#inbox'));
  await expect(panel.getByTestId('no-email')).toBeVisible();
  await mail.getByText('Change of accounts contact').click();
  await expect(panel.getByTestId('sender-email')).toHaveText('k.hansen@hansen-lichtechnik.de');
  await expect(origin.getByTestId('origin-country')).toHaveAttribute('data-country', 'NG');
  await expect(origin.getByTestId('origin-ip')).toHaveText(ip!);
  await expect(panel.getByTestId('risk-score')).toHaveText(score!);
  await expect(panel.getByTestId('origin-no-headers')).toHaveCount(0);
});
