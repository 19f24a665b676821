import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { loadDemoBook } from '../support/browser';
import {
  A,
  B,
  expect,
  M,
  signIn as signInAs,
  teamTest,
  tokenOf,
  type Profile,
} from '../support/team-browser';
import type { TeamServer } from '../support/team-server';
import { DEMO_MAILBOX_URL } from '../support/webmail-routes';
import { readStore } from './harness';

// The team rules (issue 13) in three real browser profiles, rep A (Li Wei, with the demo
// book), rep B (Bob Rep, an empty book) and manager M, against a team server in test mode
// whose clock the test moves instead of waiting thirty days.

const HANSEN = 'Hansen Lichttechnik GmbH';
const HANSEN_ORDER = 'Repeat order: PO HL-26-044';
const SHOTS = process.env.POOL_SCREENSHOTS;

// The server in test mode, with the team's people (an admin, M, A and B) as team.spec.ts has them.
const test = teamTest({ testMode: true });

// Three browsers, a demo book joining and a server process: slow on a busy machine.
test.describe.configure({ timeout: 1_500_000 });

/** Signs in from the options page and waits until the first sync has sent everything. */
async function signIn(p: Profile, server: TeamServer, email: string): Promise<void> {
  await signInAs(p, server.url, email);
  await expect(p.options.getByTestId('team-pending-count')).toHaveText('0 changes waiting', {
    timeout: 90_000,
  });
}

async function call(server: TeamServer, token: string, route: string, body: unknown) {
  const response = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Record<string, unknown>,
  };
}

/** Moves the server's clock and runs the pool's sweep (test mode only). */
async function advanceDays(server: TeamServer, days: number) {
  const response = await fetch(`${server.url}/api/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceDays: days }),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as { warned: number; returned: number };
}

/** Opens an options page section (the page reads its hash once, so it reloads). */
async function openOptions(p: Profile, section: string): Promise<void> {
  await p.options.goto(`chrome-extension://${p.extensionId}/options.html#${section}`);
  await p.options.reload();
}

async function openPanel(p: Profile): Promise<Page> {
  const panel = await p.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(`chrome-extension://${p.extensionId}/sidepanel.html`);
  return panel;
}

/**
 * With POOL_SCREENSHOTS set: the page at 420 px in English, then in Chinese (the language the
 * options page's General section sets, read when a page opens), then back in English.
 */
async function shoot(
  page: Page,
  name: string,
  ready = '[data-testid="pool-customer"], [data-testid="manage-rep"]',
): Promise<void> {
  if (!SHOTS) return;
  const language = (uiLanguage: string) =>
    page.evaluate((l) => chrome.storage.local.set({ preferences: { uiLanguage: l } }), uiLanguage);
  await page.setViewportSize({ width: 420, height: 1200 });
  await page.screenshot({ path: `${SHOTS}/${name}-en.png`, fullPage: true });
  await language('zh-CN');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  // The section's answer from the server.
  await expect(page.locator(ready).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/${name}-zh.png`, fullPage: true });
  await language('en');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

const ofCompany = async (page: Page, store: string, companyId: string) =>
  (await readStore<{ companyId?: string }>(page, store)).filter((r) => r.companyId === companyId);

test("duplicates refused, the pool's cycle and a manager's handover, across three browsers", async ({
  server,
  profile,
}) => {
  // A joins with the demo book: every customer is Li Wei's.
  const a = await profile();
  await loadDemoBook(a.context, a.extensionId);
  await signIn(a, server, A.email);
  const aCompanies = await readStore<{ id: string; name: string }>(a.options, 'companies');
  const hansen = aCompanies.find((c) => c.name === HANSEN)!;
  const hansenInteractions = await ofCompany(a.options, 'interactions', hansen.id);
  expect(hansenInteractions.length).toBeGreaterThan(10);

  // B opens an inquiry from A's customer: the card says whose it is and shows none of A's history.
  const b = await profile();
  await signIn(b, server, B.email);
  const bPanel = await openPanel(b);
  const bMail = await b.context.newPage();
  await bMail.goto(DEMO_MAILBOX_URL);
  await bMail.getByText(HANSEN_ORDER).click();
  await expect(bPanel.getByTestId('sender-name')).toHaveText('Klaus Hansen');
  await expect(bPanel.getByTestId('duplicate-owner')).toHaveText(
    new RegExp(`^${HANSEN} is Li Wei's customer since \\d{4}-\\d{2}\\.$`),
  );
  await expect(bPanel.getByTestId('duplicate-check')).toContainText('same address');
  await expect(bPanel.getByTestId('company')).toHaveCount(0);
  await expect(bPanel.getByTestId('timeline-order')).toHaveCount(0);
  expect(await readStore(bPanel, 'interactions')).toEqual([]);
  if (SHOTS) await bPanel.screenshot({ path: `${SHOTS}/card-duplicate-en.png`, fullPage: true });

  // B asks for a transfer, then tries to create the customer anyway: the server refuses, naming A.
  await bPanel.getByTestId('ask-transfer').click();
  await expect(bPanel.getByTestId('transfer-asked')).toBeVisible();
  await bPanel.getByTestId('create-contact').click();
  await expect
    .poll(
      async () => {
        const meta = await readStore<{ key: string; value: unknown }>(bPanel, 'syncMeta');
        return (meta.find((m) => m.key === 'rejected')?.value ?? []) as { code: string; reason: string }[];
      },
      { timeout: 30_000 },
    )
    .toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'duplicate', reason: expect.stringMatching(/Li Wei's customer/) }),
      ]),
    );
  await expect(bPanel.getByTestId('team-rejected-link')).toBeVisible();
  // The options page words the refusal from whose customer it is.
  await openOptions(b, 'team');
  await expect(b.options.getByTestId('team-rejected')).toContainText(
    `${HANSEN} is already Li Wei's customer (since`,
  );
  // What B typed is kept: saved as a file, the refused customer is in it whole.
  const [saved] = await Promise.all([
    b.options.waitForEvent('download'),
    b.options.getByTestId('team-rejected-save').click(),
  ]);
  expect(saved.suggestedFilename()).toMatch(/^refused-changes-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(await readFile((await saved.path())!, 'utf8')) as {
    changes: { kind: string; code: string; value?: { name?: string } }[];
  };
  expect(file.changes.map((c) => [c.kind, c.code])).toContainEqual(['companies', 'duplicate']);
  expect(file.changes.map((c) => c.value?.name)).toContain('Klaus Hansen');
  await shoot(b.options, 'team-refused', '[data-testid="team-rejected"]');
  // The refused copy does not stay in B's book; the card still names A.
  await expect.poll(async () => (await readStore(bPanel, 'companies')).length).toBe(0);
  expect(await readStore(bPanel, 'contacts')).toEqual([]);
  await expect(bPanel.getByTestId('duplicate-owner')).toContainText("Li Wei's customer");

  // A similar company name is caught on create, whatever its domain.
  const bToken = await tokenOf(b);
  const aToken = await tokenOf(a);
  const now = Date.now();
  const flow = {
    id: crypto.randomUUID(),
    name: 'Hansen Flow Control GmbH',
    domains: ['hansen-flow.de'],
    country: 'DE',
    source: 'trade-show',
    tags: [],
    notes: '',
    createdAt: now,
    updatedAt: now,
  };
  const meA = (await (
    await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${aToken}` } })
  ).json()) as { id: string };
  const meB = (await (
    await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${bToken}` } })
  ).json()) as { id: string };
  const created = await call(server, aToken, '/api/push', {
    clientId: 'e2e-a-direct-client',
    mutations: [
      {
        id: 1,
        op: 'put',
        kind: 'companies',
        key: flow.id,
        value: { ...flow, ownerRepId: meA.id, authorRepId: meA.id },
        base: null,
      },
    ],
  });
  expect(created.body.results).toEqual([{ id: 1, status: 'accepted' }]);
  const lookalike = {
    ...flow,
    id: crypto.randomUUID(),
    name: 'Hansen Flowcontrol GmbH',
    domains: ['hansenflow-shop.com'],
  };
  const refused = await call(server, bToken, '/api/push', {
    clientId: 'e2e-b-direct-client',
    mutations: [
      {
        id: 1,
        op: 'put',
        kind: 'companies',
        key: lookalike.id,
        value: { ...lookalike, ownerRepId: meB.id, authorRepId: meB.id },
        base: null,
      },
    ],
  });
  expect(refused.body.results).toEqual([
    expect.objectContaining({
      status: 'rejected',
      code: 'duplicate',
      reason: expect.stringMatching(/^Hansen Flow Control GmbH is already Li Wei's customer .*same name/),
    }),
  ]);

  // A's customers idle: 27 days on, A is warned (a reminder in the panel); 31 days on, they are in the pool.
  expect((await advanceDays(server, 27)).warned).toBeGreaterThan(0);
  const aPanel = await openPanel(a);
  await expect(aPanel.getByText(`Log a contact with ${HANSEN} by`, { exact: false }).first()).toBeVisible({
    timeout: 70_000,
  });
  if (SHOTS) await aPanel.screenshot({ path: `${SHOTS}/panel-warning-en.png`, fullPage: true });
  expect((await advanceDays(server, 4)).returned).toBeGreaterThan(0);
  await expect
    .poll(async () => (await readStore(a.options, 'companies')).length, { timeout: 70_000 })
    .toBe(0);

  // B claims Hansen from the pool and receives its whole history.
  await openOptions(b, 'pool');
  const row = b.options.getByTestId('pool-customer').filter({ hasText: HANSEN });
  await expect(row).toContainText('Germany');
  await expect(row).toContainText('Li Wei logged no contact in time');
  await expect(b.options.getByTestId('pool-claims-left')).toContainText('5 more customers');
  await expect(row.getByTestId('pool-customer-tier')).toContainText('tier:');
  await shoot(b.options, 'pool');
  await row.getByTestId('pool-claim').click();
  await expect(b.options.getByTestId('pool-message')).toContainText(`${HANSEN} is yours now`);
  await expect
    .poll(async () => (await ofCompany(b.options, 'interactions', hansen.id)).length, { timeout: 30_000 })
    .toBe(hansenInteractions.length);
  await bPanel.reload();
  await expect(bPanel.getByTestId('company-name')).toHaveText(HANSEN);
  await expect(bPanel.getByTestId('timeline-order').first()).toBeVisible();
  await expect(bPanel.getByTestId('duplicate-check')).toHaveAttribute('data-state', 'clear');

  // A cannot claim a customer of hers back during the cool-down.
  await openOptions(a, 'pool');
  const aRow = a.options.getByTestId('pool-customer').first();
  await expect(aRow.getByTestId('pool-cooldown')).toContainText('you can claim it back from');
  const aBack = await call(server, aToken, '/api/pool/claim', {
    companyId: aCompanies.find((c) => c.name !== HANSEN)!.id,
  });
  expect(aBack).toMatchObject({ status: 409, body: { error: 'cool-down' } });

  // B's daily limit (5) holds: four more claims pass, the next is refused.
  for (let k = 0; k < 4; k++) {
    const next = b.options
      .getByTestId('pool-customer')
      .filter({ has: b.options.getByTestId('pool-claim') })
      .first();
    const name = (await next.getByTestId('pool-customer-name').textContent())!;
    await next.getByTestId('pool-claim').click();
    await expect(b.options.getByTestId('pool-message')).toHaveText(
      new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is yours now`),
    );
    await expect(b.options.getByTestId('pool-claim').first()).toBeEnabled({ enabled: k < 3 });
  }
  await expect(b.options.getByTestId('pool-claims-left')).toContainText('0 more customers');
  await expect(b.options.getByTestId('pool-claim').first()).toBeDisabled();
  // The server holds the limit too, whatever a browser sends.
  const stillInPool = (await (
    await fetch(`${server.url}/api/pool`, { headers: { authorization: `Bearer ${bToken}` } })
  ).json()) as { customers: { companyId: string }[]; claimsLeft: number };
  expect(stillInPool.claimsLeft).toBe(0);
  const sixth = await call(server, bToken, '/api/pool/claim', {
    companyId: stillInPool.customers[0]!.companyId,
  });
  expect(sixth).toMatchObject({ status: 409, body: { error: 'daily-limit' } });

  // The manager gives A two pool customers, then hands A's book to B.
  const m = await profile();
  await signIn(m, server, M.email);
  await openOptions(m, 'pool');
  await expect(m.options.getByTestId('pool-customer').first()).toBeVisible();
  const toA = m.options.getByTestId('pool-customer').nth(0);
  const toA2 = m.options.getByTestId('pool-customer').nth(1);
  const names = [
    await toA.getByTestId('pool-customer-name').textContent(),
    await toA2.getByTestId('pool-customer-name').textContent(),
  ];
  await toA.getByRole('checkbox').check();
  await toA2.getByRole('checkbox').check();
  await m.options.locator('label', { hasText: 'Li Wei' }).getByTestId('pool-assign-rep').check();
  await m.options.getByTestId('pool-assign').click();
  await expect(m.options.getByTestId('pool-message')).toContainText('2 customers assigned');
  await expect
    .poll(async () => (await readStore<{ name: string }>(a.options, 'companies')).map((c) => c.name).sort(), {
      timeout: 30_000,
    })
    .toEqual([...names].sort());
  const handed = await readStore<{ id: string }>(a.options, 'companies');
  const handedInteractions = (
    await readStore<{ id: string; companyId?: string; authorRepId: string }>(a.options, 'interactions')
  ).filter((i) => handed.some((c) => c.id === i.companyId));

  await openOptions(m, 'manage');
  const liRow = m.options.getByTestId('manage-rep').filter({ hasText: 'Li Wei' });
  await expect(liRow.getByTestId('manage-rep-customers')).toHaveText('2');
  // B's request for Hansen closed when B claimed it from the pool.
  await expect(m.options.getByText('No transfer request waits.')).toBeVisible();
  await m.options.getByTestId('handover-from').selectOption({ label: 'Li Wei (2 customers)' });
  await m.options.locator('[data-testid="handover-to"][data-rep="Bob Rep"]').check();
  m.options.once('dialog', (d) => void d.accept());
  await m.options.getByTestId('handover-run').click();
  await expect(m.options.getByTestId('manage-message')).toContainText('Handed over: 2 customers');
  await expect(m.options.getByTestId('handover-record').first()).toContainText(
    "Mia Manager handed Li Wei's book to Bob Rep",
  );
  await shoot(m.options, 'manage');
  // A's browser no longer shows them; B's shows all of them, with every interaction and its original author.
  await expect
    .poll(async () => (await readStore(a.options, 'companies')).length, { timeout: 30_000 })
    .toBe(0);
  await expect
    .poll(
      async () => {
        const held = await readStore<{ id: string; companyId?: string; authorRepId: string }>(
          b.options,
          'interactions',
        );
        return handedInteractions.every((i) =>
          // Each with its original author (the demo book's records keep theirs through the join).
          held.some((h) => h.id === i.id && h.authorRepId === i.authorRepId),
        );
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const bCompanies = await readStore<{ name: string; ownerRepId: string }>(b.options, 'companies');
  for (const name of names)
    expect(bCompanies.find((c) => c.name === name)).toMatchObject({ ownerRepId: meB.id });

  // B releases Hansen to the pool from its card: B's book drops it, the pool shows it released by B.
  await bPanel.reload();
  await expect(bPanel.getByTestId('company-name')).toHaveText(HANSEN);
  await bPanel.getByTestId('release-start').click();
  await bPanel.getByTestId('release-confirm').click();
  await expect
    .poll(
      async () => (await readStore<{ name: string }>(b.options, 'companies')).some((c) => c.name === HANSEN),
      {
        timeout: 30_000,
      },
    )
    .toBe(false);
  await openOptions(m, 'pool');
  const released = m.options.getByTestId('pool-customer').filter({ hasText: HANSEN });
  await expect(released).toContainText('released to the pool by Bob Rep');
  // A rep may not release another rep's customer, whatever a browser sends.
  const bCustomer = (await readStore<{ id: string }>(b.options, 'companies'))[0]!;
  const notYours = await call(server, aToken, '/api/pool/release', { companyIds: [bCustomer.id] });
  expect(notYours).toMatchObject({ status: 403, body: { error: 'not-yours' } });
  // B releases another of his from the pool page, found by name.
  await openOptions(b, 'pool');
  const other = (await readStore<{ name: string }>(b.options, 'companies'))[0]!;
  await b.options.getByTestId('pool-release-search').fill(other.name.slice(0, 6));
  const item = b.options.getByTestId('pool-release-item').filter({ hasText: other.name });
  await item.getByTestId('release-start').click();
  await item.getByTestId('release-confirm').click();
  await expect(b.options.getByTestId('pool-customer').filter({ hasText: other.name })).toBeVisible({
    timeout: 30_000,
  });
});
