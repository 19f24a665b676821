import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { test as base, expect } from '@playwright/test';
import { extensionIdOf, launchWithExtension, loadDemoBook, serviceWorker } from '../support/browser';
import { startTeamServer, type TeamServer } from '../support/team-server';
import { readStore } from './harness';

// Team mode in real browsers: the server in its own process on 127.0.0.1, and two
// browser profiles, rep A (with the demo book as her solo book) and manager M.
//
// Sign-in is sent to the background from the options page as its Sign in button
// sends it: the button first asks for the server's host permission, a prompt a
// headless browser cannot answer (the server answers extensions' CORS checks, which
// is what lets the background reach it without the permission here).

const PASSWORD = 'a long test password';
const A = { email: 'li.wei@example.com', name: 'Li Wei' };
const M = { email: 'mia@example.com', name: 'Mia Manager' };
const B = { email: 'bob@example.com', name: 'Bob Rep' };

interface Profile {
  context: BrowserContext;
  extensionId: string;
  dir: string;
  options: Page;
}

const test = base.extend<{ server: TeamServer; profile: (who: 'A' | 'M') => Promise<Profile> }>({
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    const server = await startTeamServer();
    server.addUser('admin@example.com', 'Ada Admin', 'admin', PASSWORD);
    server.addUser(M.email, M.name, 'manager', PASSWORD);
    server.addUser(A.email, A.name, 'rep', PASSWORD);
    server.addUser(B.email, B.name, 'rep', PASSWORD);
    await server.start();
    await use(server);
    await server.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  profile: async ({}, use) => {
    const opened: Profile[] = [];
    await use(async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'crm-team-'));
      const context = await launchWithExtension(dir);
      const extensionId = extensionIdOf(await serviceWorker(context));
      const options = await context.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html#team`);
      const profile = { context, extensionId, dir, options };
      opened.push(profile);
      return profile;
    });
    for (const p of opened) {
      await p.context.close();
      await rm(p.dir, { recursive: true, force: true });
    }
  },
});

async function signIn(p: Profile, server: TeamServer, email: string): Promise<void> {
  await p.options.goto(`chrome-extension://${p.extensionId}/options.html#team`);
  await expect(p.options.getByTestId('team-sign-in')).toBeVisible();
  const answer = await p.options.evaluate(
    (m) => chrome.runtime.sendMessage(m) as Promise<{ ok: boolean; error?: string }>,
    { type: 'team/sign-in', serverUrl: server.url, email, password: PASSWORD },
  );
  expect(answer).toMatchObject({ ok: true });
  await expect(p.options.getByTestId('team-signed-in')).toBeVisible();
}

async function tokenOf(p: Profile): Promise<string> {
  const worker = await serviceWorker(p.context);
  return worker.evaluate(async () => {
    const stored = await chrome.storage.local.get('teamSession');
    return (stored.teamSession as { token: string }).token;
  });
}

test("a rep's solo book joins the team: the manager gets it, the rep's token reaches nothing of another rep", async ({
  server,
  profile,
}) => {
  test.setTimeout(240_000);
  const a = await profile('A');
  await loadDemoBook(a.context, a.extensionId);
  const soloCompanies = await readStore<{ id: string; name: string }>(a.options, 'companies');
  const soloInteractions = await readStore<{ id: string }>(a.options, 'interactions');
  expect(soloCompanies.length).toBeGreaterThan(3);

  await signIn(a, server, A.email);
  // Everything uploaded: nothing waits, and the status says who and online.
  await expect(a.options.getByTestId('team-pending-count')).toHaveText('0 changes waiting', {
    timeout: 60_000,
  });
  await expect(a.options.getByTestId('team-connection')).toHaveText('Online');
  await expect(a.options.getByTestId('team-user')).toContainText('Li Wei');

  const m = await profile('M');
  await signIn(m, server, M.email);
  await expect
    .poll(async () => (await readStore(m.options, 'interactions')).length, { timeout: 60_000 })
    .toBe(soloInteractions.length);
  const managerCompanies = await readStore<{ id: string; name: string; ownerRepId: string }>(
    m.options,
    'companies',
  );
  expect(managerCompanies.map((c) => c.name).sort()).toEqual(soloCompanies.map((c) => c.name).sort());
  // Every customer is now Li Wei's, in both books.
  const reps = await readStore<{ id: string; name: string }>(m.options, 'reps');
  const liWei = reps.find((r) => r.name === A.name)!;
  expect(managerCompanies.every((c) => c.ownerRepId === liWei.id)).toBe(true);

  // The manager's side panel shows the team line.
  const panel = await m.context.newPage();
  await panel.setViewportSize({ width: 420, height: 800 });
  await panel.goto(`chrome-extension://${m.extensionId}/sidepanel.html`);
  await expect(panel.getByTestId('team-status-line')).toContainText('Mia Manager');
  await expect(panel.getByTestId('team-online')).toHaveText('Online');

  // A's token against another rep's customer: bob's, written through the API.
  const bob = await (
    await fetch(`${server.url}/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: B.email, password: PASSWORD }),
    })
  ).json();
  const now = Date.now();
  const bobCompany = {
    id: 'bob-customer-1',
    name: 'Bob Secret Trading',
    domains: ['bob-secret.example'],
    source: 'website',
    ownerRepId: bob.user.id,
    authorRepId: bob.user.id,
    tags: [],
    notes: 'Bob only',
    createdAt: now,
    updatedAt: now,
  };
  const api = (token: string, url: string, body?: unknown) =>
    fetch(server.url + url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  await api(bob.token, '/api/push', {
    clientId: 'bob-e2e-client',
    mutations: [{ id: 1, op: 'put', kind: 'companies', key: bobCompany.id, value: bobCompany, base: null }],
  });
  const aToken = await tokenOf(a);
  const read = await api(aToken, `/api/records/companies/${bobCompany.id}`);
  expect(read.status).toBe(404);
  expect(await read.text()).not.toContain('Bob only');
  const pulled = await (await api(aToken, '/api/pull', { clientId: 'a-direct', cookie: null })).text();
  expect(pulled).not.toContain('Bob Secret');
  const write = await (
    await api(aToken, '/api/push', {
      clientId: 'a-direct',
      mutations: [
        {
          id: 1,
          op: 'put',
          kind: 'companies',
          key: bobCompany.id,
          value: { ...bobCompany, notes: 'x' },
          base: bobCompany,
        },
        { id: 2, op: 'delete', kind: 'companies', key: bobCompany.id },
      ],
    })
  ).json();
  expect(write.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected']);
  expect((await api(aToken, '/api/users')).status).toBe(403);
  // And A's browser never received it.
  expect((await readStore<{ id: string }>(a.options, 'companies')).some((c) => c.id === bobCompany.id)).toBe(
    false,
  );
});
