import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { company, contact, interaction } from '../../test/support/handover-book';
import { buildApp, type App } from '../app';
import { freshPostgres, PASSWORD, POSTGRES_URL, seedTeam, type Team, type TestDb } from '../test-support';
import { put } from '../sync/sync-suite';

// The HTTP API as a browser (or an attacker with a rep's token) meets it.
describe.skipIf(!POSTGRES_URL)('team server API', () => {
  let t: TestDb;
  let app: App;
  let team: Team;
  const tokens: Record<string, string> = {};

  const call = (method: 'GET' | 'POST', url: string, token?: string, body?: unknown) =>
    app.http.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const signIn = async (email: string, password = PASSWORD) =>
    call('POST', '/api/sign-in', undefined, { email, password });

  beforeAll(async () => {
    t = await freshPostgres();
    team = await seedTeam(t.db);
    app = await buildApp(t.db);
    for (const [who, user] of Object.entries(team))
      tokens[who] = ((await signIn(user.email)).json() as { token: string }).token;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('signs in with e-mail and password, and refuses a wrong password', async () => {
    const ok = await signIn('LI.WEI@example.com');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ user: { email: 'li.wei@example.com', role: 'rep', name: 'Li Wei' } });
    const wrong = await signIn('li.wei@example.com', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).not.toHaveProperty('token');
  });

  it('after five failures for one address even the right password waits', async () => {
    for (let n = 0; n < 5; n++) expect((await signIn('bob@example.com', 'guess ' + n)).statusCode).toBe(401);
    const limited = await signIn('bob@example.com');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate-limited' });
    // Another person is not locked out by Bob's failures.
    expect((await signIn('mia@example.com')).statusCode).toBe(200);
  });

  it('a token stops working when signed out', async () => {
    const { token } = (await signIn('mia@example.com')).json() as { token: string };
    expect((await call('GET', '/api/me', token)).statusCode).toBe(200);
    expect((await call('POST', '/api/sign-out', token)).statusCode).toBe(204);
    expect((await call('GET', '/api/me', token)).statusCode).toBe(401);
  });

  it('every endpoint refuses a request without a live token', async () => {
    for (const [method, url] of [
      ['GET', '/api/me'],
      ['POST', '/api/push'],
      ['POST', '/api/pull'],
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['GET', '/api/records/companies/x'],
      ['POST', '/api/sign-out'],
    ] as const) {
      const answer = await call(method, url, 'forged-token', {});
      expect(answer.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it("a rep's token reads and writes nothing of another rep's customer, through any endpoint", async () => {
    const c = company('api-co-b', { ownerRepId: team.repB.id, authorRepId: team.repB.id, notes: 'B secret' });
    const ct = contact('api-ct-b', c.id, { authorRepId: team.repB.id });
    const i = interaction('api-in-b', c.id, ct.id, { repId: team.repB.id, authorRepId: team.repB.id });
    const pushB = await call('POST', '/api/push', tokens.repB, {
      clientId: 'client-bob-api',
      mutations: [put(1, 'companies', c), put(2, 'contacts', ct), put(3, 'interactions', i)],
    });
    expect(pushB.json().results.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);

    for (const [kind, id] of [
      ['companies', c.id],
      ['contacts', ct.id],
      ['interactions', i.id],
    ]) {
      const read = await call('GET', `/api/records/${kind}/${id}`, tokens.repA);
      expect(read.statusCode).toBe(404);
      expect(read.body).not.toContain('B secret');
      expect(read.body).not.toContain(ct.name);
    }
    const pulled = await call('POST', '/api/pull', tokens.repA, { clientId: 'client-li-api', cookie: null });
    expect(pulled.statusCode).toBe(200);
    expect(pulled.body).not.toContain(c.id);
    expect(pulled.body).not.toContain('B secret');

    const attempts = await call('POST', '/api/push', tokens.repA, {
      clientId: 'client-li-api',
      mutations: [
        put(1, 'companies', { ...c, notes: 'overwritten' }, c),
        put(2, 'contacts', { ...ct, name: 'Stolen' }, ct),
        put(
          3,
          'interactions',
          interaction('api-in-a', c.id, ct.id, { repId: team.repA.id, authorRepId: team.repA.id }),
        ),
        put(4, 'companies', { ...c, ownerRepId: team.repA.id }, null),
        { id: 5, op: 'delete', kind: 'interactions', key: i.id },
      ],
    });
    const results = attempts.json().results as { status: string; code: string }[];
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(attempts.body).not.toContain('B secret');
    const still = await call('GET', `/api/records/companies/${c.id}`, tokens.manager);
    expect(still.json()).toMatchObject({ notes: 'B secret', ownerRepId: team.repB.id });
    expect((await call('GET', `/api/records/interactions/${i.id}`, tokens.manager)).statusCode).toBe(200);

    expect((await call('GET', '/api/users', tokens.repA)).statusCode).toBe(403);
  });

  it('refuses malformed bodies with a reason', async () => {
    const bad = await call('POST', '/api/push', tokens.repA, { clientId: 'x', mutations: [{ op: 'drop' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid' });
    const badRecord = await call('POST', '/api/push', tokens.repA, {
      clientId: 'client-li-api',
      mutations: [put(10, 'companies', { id: 'api-bad', name: 'No owner' })],
    });
    expect(badRecord.json().results[0]).toMatchObject({ status: 'rejected', code: 'invalid' });
  });

  it('only an admin adds people; the new person can sign in', async () => {
    const person = {
      email: 'new.rep@example.com',
      name: 'New Rep',
      role: 'rep',
      password: 'a long password',
    };
    expect((await call('POST', '/api/users', tokens.manager, person)).statusCode).toBe(403);
    expect(
      (await call('POST', '/api/users', tokens.admin, { ...person, password: 'short' })).statusCode,
    ).toBe(400);
    expect((await call('POST', '/api/users', tokens.admin, person)).statusCode).toBe(201);
    expect((await call('POST', '/api/users', tokens.admin, person)).statusCode).toBe(409);
    expect((await signIn(person.email, person.password)).statusCode).toBe(200);
    const list = await call('GET', '/api/users', tokens.manager);
    expect(list.json().map((u: { email: string }) => u.email)).toContain(person.email);
  });

  it('an admin disables a person, who is signed out at once, and enables them again', async () => {
    const person = {
      email: 'leaving@example.com',
      name: 'Leaving Rep',
      role: 'rep',
      password: 'a long password',
    };
    const { id } = (await call('POST', '/api/users', tokens.admin, person)).json() as { id: string };
    const { token } = (await signIn(person.email, person.password)).json() as { token: string };
    expect((await call('POST', `/api/users/${id}/disable`, tokens.manager)).statusCode).toBe(403);
    expect((await call('POST', `/api/users/${id}/disable`, tokens.admin)).statusCode).toBe(204);
    expect((await call('GET', '/api/me', token)).statusCode).toBe(401);
    expect((await signIn(person.email, person.password)).statusCode).toBe(401);
    const listed = (await call('GET', '/api/users', tokens.admin)).json() as {
      id: string;
      disabled: boolean;
    }[];
    expect(listed.find((u) => u.id === id)).toMatchObject({ disabled: true });
    // Twice is a clear refusal, not a silent success; the last admin cannot be disabled.
    expect((await call('POST', `/api/users/${id}/disable`, tokens.admin)).statusCode).toBe(404);
    expect((await call('POST', `/api/users/${team.admin.id}/disable`, tokens.admin)).json()).toMatchObject({
      error: 'last-admin',
    });
    expect((await call('POST', `/api/users/${id}/enable`, tokens.manager)).statusCode).toBe(403);
    expect((await call('POST', `/api/users/${id}/enable`, tokens.admin)).statusCode).toBe(204);
    expect((await call('POST', `/api/users/${id}/enable`, tokens.admin)).statusCode).toBe(404);
    // Back in: a new sign-in works; the token revoked when disabled stays revoked.
    const again = await signIn(person.email, person.password);
    expect(again.statusCode).toBe(200);
    expect((await call('GET', '/api/me', token)).statusCode).toBe(401);
    const relisted = (await call('GET', '/api/users', tokens.admin)).json() as {
      id: string;
      disabled: boolean;
    }[];
    expect(relisted.find((u) => u.id === id)).toMatchObject({ disabled: false });
  });

  it('pokes a connected manager when a rep pushes', async () => {
    const address = await app.http.listen({ host: '127.0.0.1', port: 0 });
    const socket = new WebSocket(address.replace('http', 'ws') + '/api/poke');
    const messages: string[] = [];
    socket.on('message', (m) => messages.push(m.toString()));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'hello', token: tokens.manager }));
    await expect.poll(() => messages.length).toBe(1); // the pull-now poke on connect
    socket.send('{"type":"ping"}');
    await expect.poll(() => messages.includes('{"type":"pong"}')).toBe(true);
    await call('POST', '/api/push', tokens.repA, {
      clientId: 'client-li-poke',
      mutations: [
        put(1, 'companies', company('api-poke', { ownerRepId: team.repA.id, authorRepId: team.repA.id })),
      ],
    });
    await expect.poll(() => messages.filter((m) => m === '{"type":"poke"}').length).toBe(2);
    socket.close();
  });
});
