import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { company, interaction } from '../../test/support/handover-book';
import { freshPostgres, POSTGRES_URL, seedTeam, type Team, type TestDb } from '../test-support';
import { clientOf, pullAll, put, syncSuite } from './sync-suite';
import { push } from './push';
import { pull } from './pull';
import { MAX_POKE_SCOPES, POKE_CHANNEL } from './poke';

// The sync protocol on a real PostgreSQL (the version the README names).
describe.skipIf(!POSTGRES_URL)('sync on PostgreSQL', () => {
  let t: TestDb;
  let team: Team;
  beforeAll(async () => {
    t = await freshPostgres();
    team = await seedTeam(t.db);
  }, 60_000);
  afterAll(async () => t?.drop());

  syncSuite(() => ({ db: t.db, team }));

  it('a first pull pages through the whole book and says how much is coming', async () => {
    const rep = team.repB;
    const companies = Array.from({ length: 25 }, (_, n) =>
      company(`bulk-${n}-${Date.now()}`, { ownerRepId: rep.id, authorRepId: rep.id }),
    );
    await push(
      t.db,
      rep,
      clientOf(rep, 9),
      companies.map((c, n) => put(n + 1, 'companies', c)),
    );
    const first = await pull(t.db, rep, clientOf(rep, 10), null, 10);
    expect(first.reset).toBe(true);
    expect(first.total).toBeGreaterThanOrEqual(25);
    const all = await pullAll(t.db, rep, clientOf(rep, 10));
    for (const c of companies) expect(all.held.has(`companies/${c.id}`)).toBe(true);
    expect(all.pages).toBeGreaterThanOrEqual(3);
  });

  it('pushes committing in any order never slip past a pull that runs meanwhile', async () => {
    const { repA, manager } = team;
    const ids: string[] = [];
    let cookie = (await pullAll(t.db, manager, clientOf(manager, 11))).cookie;
    const seen = new Set<string>();
    const pushes = Array.from({ length: 12 }, async (_, n) => {
      const c = company(`race-${n}-${Date.now()}`, { ownerRepId: repA.id, authorRepId: repA.id });
      ids.push(c.id);
      const i = interaction(`race-i-${n}-${Date.now()}`, c.id, 'x', { repId: repA.id, authorRepId: repA.id });
      await push(t.db, repA, clientOf(repA, 100 + n), [put(1, 'companies', c), put(2, 'interactions', i)]);
    });
    const pulling = (async () => {
      for (let k = 0; k < 15; k++) {
        const page = await pullAll(t.db, manager, clientOf(manager, 11), cookie);
        for (const key of page.held.keys()) seen.add(key);
        cookie = page.cookie;
      }
    })();
    await Promise.all([...pushes, pulling]);
    const last = await pullAll(t.db, manager, clientOf(manager, 11), cookie);
    for (const key of last.held.keys()) seen.add(key);
    for (const id of ids) expect(seen.has(`companies/${id}`)).toBe(true);
  });

  it("a manager's push touching hundreds of reps' customers is accepted, and pokes the whole team", async () => {
    // 250 reps: their ids alone would make a NOTIFY payload over PostgreSQL's 8,000 bytes.
    const reps = Array.from({ length: 250 }, () => randomUUID());
    await t.db.query(
      `insert into users (id, team_id, email, name, role, password_hash)
       select r.id, $2, 'wide-' || r.id || '@example.com', 'Wide rep', 'rep', 'x' from unnest($1::text[]) as r(id)`,
      [reps, team.manager.teamId],
    );
    const notified: string[] = [];
    const stop = await t.db.listen(POKE_CHANNEL, (payload) => notified.push(payload));
    const companies = reps.map((owner) => {
      const name = randomBytes(8).toString('hex');
      return company(`wide-${name}`, { name: `Wide ${name}`, ownerRepId: owner, authorRepId: owner });
    });
    const answer = await push(
      t.db,
      team.manager,
      clientOf(team.manager, 20),
      companies.map((c, n) => put(n + 1, 'companies', c)),
    );
    expect(answer.results.filter((r) => r.status === 'accepted')).toHaveLength(reps.length);
    await expect.poll(() => notified.filter(Boolean).length).toBe(1);
    const payload = JSON.parse(notified.find(Boolean)!) as { t: number; s?: string[] };
    expect(payload).toEqual({ t: team.manager.teamId }); // no list of scopes: everyone pulls
    await stop();
    // A rep's next pull has her customer.
    const last = companies.at(-1)!;
    const theirs = await pullAll(t.db, { ...team.repA, id: reps.at(-1)! }, clientOf(team.repA, 21));
    expect(theirs.held.has(`companies/${last.id}`)).toBe(true);
    expect(MAX_POKE_SCOPES).toBeLessThan(reps.length);
  });

  it('team settings are the managers’ to change', async () => {
    const value = { key: 'value', value: { discountRate: 0.03 } };
    const rep = await push(t.db, team.repA, clientOf(team.repA, 12), [put(1, 'settings', value)]);
    expect(rep.results[0]).toMatchObject({ status: 'rejected', code: 'managers-only' });
    const local = await push(t.db, team.manager, clientOf(team.manager, 12), [
      put(1, 'settings', { key: 'currentRepId', value: 'x' }),
      put(2, 'settings', value),
    ]);
    expect(local.results.map((r) => r.code ?? r.status)).toEqual(['not-synced', 'accepted']);
    const { held } = await pullAll(t.db, team.repA, clientOf(team.repA, 13));
    expect(held.get('settings/value')).toEqual(value);
  });
});
