import { loadDemoBook } from '../support/browser';
import {
  A,
  api as call,
  B,
  expect,
  M,
  signIn as signInAt,
  signInApi,
  test,
  tokenOf,
  type Profile,
} from '../support/team-browser';
import type { TeamServer } from '../support/team-server';
import { readStore } from './harness';

// Team mode in real browsers: the server in its own process on 127.0.0.1, and two
// browser profiles, rep A (with the demo book as her solo book) and manager M.

// Starting the server and adding the team is slow on a busy machine.
test.describe.configure({ timeout: 300_000 });

const signIn = (p: Profile, server: TeamServer, email: string) => signInAt(p, server.url, email);

test("a rep's solo book joins the team: the manager gets it, the rep's token reaches nothing of another rep", async ({
  server,
  profile,
}) => {
  const a = await profile();
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

  const m = await profile();
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
  const bob = await signInApi(server.url, B.email);
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
  const api = (token: string, url: string, body?: unknown) => call(server.url, token, url, body);
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
