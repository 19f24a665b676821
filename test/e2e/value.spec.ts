import type { Page } from '@playwright/test';
import { DEMO_MAILBOX_URL } from '../support/webmail-routes';
import { expect, loadDemoBook, readStore, test } from './harness';

// Issue 4 in the browser: the demo book's customers as the card shows them (tier
// and why, lifecycle stage and its signals, the task and a concrete next action),
// orders added from the card, and the CSV import that writes all rows or none.

const HANSEN_ORDER = 'Repeat order: PO HL-26-044';
const OAKRIDGE_COMPLAINT = 'Complaint: failing drivers on BW-HB150';
const NORDLYS_INQUIRY = 'LED panel lights for 14 schools';

const BOOK_STORES = ['companies', 'contacts', 'orders', 'companyValues'] as const;

async function snapshot(page: Page): Promise<Record<string, unknown[]>> {
  const entries = await Promise.all(
    BOOK_STORES.map(async (store) => [store, await readStore(page, store)] as const),
  );
  return Object.fromEntries(entries);
}

test('a VIP in the stable stage gets a retain task; a declining Key customer a win-back, with its signals', async ({
  openDemo,
}) => {
  const { panel, mail } = await openDemo();

  await mail.getByText(HANSEN_ORDER).click();
  await expect(panel.getByTestId('company-name')).toHaveText('Hansen Lichttechnik GmbH');
  const hansen = panel.getByTestId('value-view');
  await expect(hansen.getByTestId('tier-badge')).toHaveAttribute('data-tier', 'vip');
  await expect(hansen.getByTestId('tier-badge')).toHaveText('VIP');
  await expect(hansen.getByTestId('rank')).toHaveText(/^Rank 1 of \d+$/);
  await expect(hansen.getByTestId('negative-flag')).toHaveCount(0);
  await expect(
    hansen.getByTestId('drivers').locator('li[data-reason="value.driver.windowMargin"]'),
  ).toBeVisible();
  await expect(hansen.getByTestId('stage')).toHaveAttribute('data-stage', 'stable');
  await expect(hansen.getByTestId('stage')).toHaveText('Stable');
  await expect(
    hansen.getByTestId('stage-signals').locator('li[data-reason="value.signal.steadyCadence"]'),
  ).toHaveText(/^Steady cadence: an order about every \d+ days$/);
  await expect(hansen.getByTestId('task')).toHaveAttribute('data-task', 'retain');
  await expect(hansen.getByTestId('task')).toHaveText('Retain');
  await expect(hansen.getByTestId('next-action')).toHaveAttribute('data-reason', 'value.action.retain.vip');
  await expect(hansen.getByTestId('next-action')).toHaveText(
    /^Give special handling: .+; next order expected in -?\d+ days$/,
  );

  await mail.goBack();
  await mail.getByText(OAKRIDGE_COMPLAINT).click();
  await expect(panel.getByTestId('company-name')).toHaveText('Oakridge Electrical Supply Inc.');
  const oakridge = panel.getByTestId('value-view');
  await expect(oakridge.getByTestId('tier-badge')).toHaveAttribute('data-tier', 'key');
  await expect(oakridge.getByTestId('tier-badge')).toHaveText('Key');
  await expect(oakridge.getByTestId('stage')).toHaveAttribute('data-stage', 'decline');
  await expect(oakridge.getByTestId('stage')).toHaveText('Decline');
  // The signals behind the decline, each a sentence with its figures: fewer orders, and the reason
  // logged with the complaint.
  const signals = oakridge.getByTestId('stage-signals');
  await expect(signals.locator('li[data-reason="value.signal.fallingFrequency"]')).toHaveText(
    /^Fewer orders: 1 in the last half-year, [2-9] in the half-year before$/,
  );
  await expect(signals.locator('li[data-reason="value.signal.lostReason"]')).toHaveText(
    'Logged reason for leaving: Product',
  );
  await expect(oakridge.getByTestId('task')).toHaveAttribute('data-task', 'win-back');
  await expect(oakridge.getByTestId('task')).toHaveText('Win back');
  // The next action follows the logged reason for leaving.
  await expect(oakridge.getByTestId('next-action')).toHaveAttribute(
    'data-reason',
    'value.action.winBack.product',
  );
  // She is complaining about failing drivers: the problem is put right first, no sample offered.
  await expect(oakridge.getByTestId('next-action')).toHaveText(
    'Lost on product: fix the problem first (replacements or a credit, and the cause found), then show the fix or an alternative product',
  );
});

test("an order added in the card's orders editor updates the order summary and the value", async ({
  openDemo,
}) => {
  const { panel, mail } = await openDemo();
  await mail.getByText(HANSEN_ORDER).click();
  await expect(panel.getByTestId('company-name')).toHaveText('Hansen Lichttechnik GmbH');
  const summary = panel.getByTestId('order-summary');
  await expect(summary).toHaveText(/^12 orders, /);
  const before = (await summary.textContent()) ?? '';
  const totalBefore = Number(before.replace(/^12 orders, /, '').replace(/[^\d.]/g, ''));
  const current = panel.getByTestId('value-view').getByTestId('current-value');
  const currentBefore = (await current.textContent()) ?? '';

  await panel.locator('details.orders > summary').click();
  const editor = panel.getByTestId('orders-editor');
  await expect(editor.getByTestId('order-row')).toHaveCount(12);
  await editor.getByTestId('order-add').click();
  await editor.getByTestId('order-date').fill('2026-06-16');
  await editor.getByTestId('order-amount').fill('12500');
  await expect(editor.getByTestId('order-currency')).toHaveValue('USD');
  await editor.getByTestId('order-cost').fill('9800');
  await editor.getByTestId('order-reference').fill('HL-26-044');
  await editor.getByTestId('order-save').click();

  await expect(editor.getByTestId('order-form')).toHaveCount(0);
  await expect(editor.getByTestId('order-row')).toHaveCount(13);
  await expect(summary).toHaveText(/^13 orders, /);
  const after = (await summary.textContent()) ?? '';
  expect(Number(after.replace(/^13 orders, /, '').replace(/[^\d.]/g, ''))).toBe(totalBefore + 12_500);
  // The background revalued Hansen (the panel only reported the change) and the card redrew:
  // the current value gained the order's 2,700 margin.
  const money = (text: string) => Number(text.replace(/[^\d.-]/g, ''));
  await expect(current).not.toHaveText(currentBefore);
  expect(money((await current.textContent()) ?? '') - money(currentBefore)).toBe(2_700);
  const stored = await readStore<{ companyId: string; amount: number; cost?: number; reference?: string }>(
    panel,
    'orders',
  );
  expect(stored.find((o) => o.reference === 'HL-26-044')).toMatchObject({
    companyId: 'demo-company-hansen',
    amount: 12_500,
    cost: 9_800,
  });
});

test('logging a complaint from the card has the background revalue the customer, and the value redraws', async ({
  openDemo,
}) => {
  const { panel, mail } = await openDemo();
  await mail.getByText(HANSEN_ORDER).click();
  await expect(panel.getByTestId('company-name')).toHaveText('Hansen Lichttechnik GmbH');
  const value = panel.getByTestId('value-view');
  const current = value.getByTestId('current-value');
  const serve = value.getByTestId('drivers').locator('li[data-reason="value.driver.costToServe"]');
  await expect(serve).toHaveText(/^Cost to serve [\d,]+ USD \(\d+ contacts\)$/);
  const contacts = (text: string) => Number(/\((\d+) contacts\)/.exec(text)?.[1]);
  const money = (text: string) => Number(text.replace(/[^\d.-]/g, ''));
  const servedBefore = contacts((await serve.textContent()) ?? '');
  const currentBefore = money((await current.textContent()) ?? '');

  await panel.getByTestId('log-intent').selectOption('complaint');
  await panel.getByTestId('log-summary').fill('Two drivers failed on arrival');
  await panel.getByTestId('log-submit').click();
  await expect(panel.getByTestId('logged-badge')).toBeVisible();

  // One more contact in the window: the cost to serve counts it and the current value loses 5 USD.
  await expect(serve).toHaveText(new RegExp(`\\(${servedBefore + 1} contacts\\)$`));
  expect(money((await current.textContent()) ?? '')).toBe(currentBefore - 5);
  const stored = await readStore<{ companyId: string; currentValue: number }>(panel, 'companyValues');
  expect(stored.find((r) => r.companyId === 'demo-company-hansen')?.currentValue).toBeCloseTo(
    currentBefore - 5,
    -1,
  );
});

test('a rep who logs a customer as lost is asked why, and the card turns to winning them back on that reason', async ({
  openDemo,
}) => {
  const { panel, mail } = await openDemo();
  await mail.getByText(HANSEN_ORDER).click();
  const value = panel.getByTestId('value-view');
  await expect(value.getByTestId('stage')).toHaveAttribute('data-stage', 'stable');
  // A stable customer's order email asks nothing about leaving, until the rep says the customer is lost.
  await expect(panel.getByTestId('lost-reason')).toHaveCount(0);
  await panel.getByTestId('log-lost').check();
  await panel.getByTestId('log-submit').click();
  await expect(panel.getByTestId('lost-reason-missing')).toHaveText(
    'Choose why they are leaving: the win-back starts from the reason.',
  );
  await expect(panel.getByTestId('logged-badge')).toHaveCount(0);

  await panel.getByTestId('lost-reason').selectOption('price');
  await panel.getByTestId('log-submit').click();
  await expect(panel.getByTestId('logged-badge')).toBeVisible();
  await expect(value.getByTestId('stage')).toHaveAttribute('data-stage', 'decline');
  await expect(
    value.getByTestId('stage-signals').locator('li[data-reason="value.signal.lostReason"]'),
  ).toHaveText('Logged reason for leaving: Price');
  await expect(value.getByTestId('task')).toHaveText('Win back');
  await expect(value.getByTestId('next-action')).toHaveText(
    'Lost on price: give options (terms, volumes, a lighter specification) and time to decide',
  );
});

test('the acquisition cost is set in the card and the lifetime value is net of it', async ({ openDemo }) => {
  const { panel, mail } = await openDemo();
  await mail.getByText(HANSEN_ORDER).click();
  const value = panel.getByTestId('value-view');
  const clv = value.getByTestId('clv');
  const acquisition = value.getByTestId('drivers').locator('li[data-reason="value.driver.acquisitionCost"]');
  await expect(acquisition).toHaveText('Acquisition cost 6,500 USD');
  const money = (text: string) => Number(text.replace(/[^\d.-]/g, ''));
  const clvBefore = money((await clv.textContent()) ?? '');

  await panel.locator('details.orders > summary').click();
  const field = panel.getByTestId('acquisition-cost');
  await expect(field).toHaveValue('6500');
  await field.fill('10,000');
  await panel.getByTestId('acquisition-cost-save').click();
  await expect(panel.getByTestId('acquisition-cost-saved')).toHaveText('Saved: 10,000 USD');

  // Revalued in the background: 3,500 more acquisition cost, 3,500 less lifetime value.
  await expect(acquisition).toHaveText('Acquisition cost 10,000 USD');
  expect(Math.abs(money((await clv.textContent()) ?? '') - (clvBefore - 3_500))).toBeLessThanOrEqual(1);
});

test('a CSV with bad rows is rejected row by row with nothing written; a good one imports and matches', async ({
  context,
  extensionId,
  openMail,
  openPanel,
}) => {
  await loadDemoBook(context, extensionId);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#import`);
  const importer = options.getByTestId('csv-import');
  await expect(importer.getByTestId('csv-kind')).toHaveValue('companies');
  const before = await snapshot(options);
  expect(before.companies!.length).toBeGreaterThan(0);

  const bad = [
    'Company,Website,Country,Source',
    'Nordlys Belysning AS,nordlys-belysning.no,Norway,website',
    ',emptyname-lighting.com,DE,website',
    'Fjord Lys AS,gmail.com,NO,website',
    'Hansen Copy GmbH,https://www.hansen-lichttechnik.de/,DE,trade-show',
    'Atlantis Lamps,atlantis-lamps.com,Atlantis,website',
  ].join('\n');
  await importer
    .getByTestId('csv-file')
    .setInputFiles({ name: 'companies.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  const errors = importer.getByTestId('csv-errors');
  await expect(errors).toContainText('4 problems: nothing will be imported until every row is right.');
  await expect(errors.locator('li')).toHaveText([
    'Row 3: Name is empty',
    "Row 4: gmail.com is a free-mail domain, not a company's",
    'Row 5: hansen-lichttechnik.de already belongs to Hansen Lichttechnik GmbH',
    'Row 6: unknown country "Atlantis"',
  ]);
  await expect(importer.getByTestId('csv-import-button')).toBeDisabled();
  // Not even the good row went in.
  expect(await snapshot(options)).toEqual(before);

  const good = [
    'Company,Website,Country,Source',
    'Nordlys Belysning AS,nordlys-belysning.no,Norway,website',
  ].join('\n');
  await importer
    .getByTestId('csv-file')
    .setInputFiles({ name: 'companies-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await expect(importer.getByTestId('csv-errors')).toHaveCount(0);
  await expect(importer.getByTestId('csv-preview')).toContainText('nordlys-belysning.no');
  await expect(importer.getByTestId('csv-import-button')).toHaveText('Import 1 row');
  await importer.getByTestId('csv-import-button').click();
  await expect(importer.getByTestId('csv-imported')).toHaveText('Imported 1 row.');
  const companies = await readStore<{ name: string; domains: string[]; country?: string }>(
    options,
    'companies',
  );
  expect(companies).toHaveLength(before.companies!.length + 1);
  expect(companies.find((c) => c.name === 'Nordlys Belysning AS')).toMatchObject({
    domains: ['nordlys-belysning.no'],
    country: 'NO',
  });

  // The imported company is who a new person on its domain writes for.
  const panel = await openPanel();
  const mail = await openMail(DEMO_MAILBOX_URL);
  await mail.getByText(NORDLYS_INQUIRY).click();
  await expect(panel.getByTestId('sender-name')).toHaveText('Ingrid Berg');
  await expect(panel.getByTestId('company-name')).toHaveText('Nordlys Belysning AS');
  await expect(panel.getByTestId('company')).toContainText('domain nordlys-belysning.no');
});
