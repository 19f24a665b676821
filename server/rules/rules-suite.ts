import { expect, it } from 'vitest';
import { company, contact, interaction, order } from '../../test/support/handover-book';
import type { Database } from '../db/client';
import { PASSWORD, type Team } from '../test-support';
import { addUser } from './people';
import { clientOf, pullAll, put } from '../sync/sync-suite';
import { push } from '../sync/push';
import { pull } from '../sync/pull';
import { DAY_MS } from '../clock';
import { checkProbe } from './duplicates';
import { handOver, listHandovers } from './handover';
import { assign, claim, listPool, PoolError, release, sweepTeam, warningId } from './pool';
import { readRuleSettings, writeRuleSettings } from './settings';
import { decideTransfer, pendingTransfers, requestTransfer } from './transfers';

// The team rules (issue 13) as a rep and a manager meet them, on both databases
// (rules.pglite.test.ts, rules.pg.test.ts). Each test has a team of its own.

type Rec = Record<string, unknown>;
const T = Date.UTC(2026, 2, 10, 9); // the server's clock at the start of each test

/** A team of its own in a shared database: rep A (Li Wei), rep B (Bob Rep), manager M. */
export async function newTeam(db: Database): Promise<Team> {
  const [row] = await db.query<{ id: number }>(`insert into teams (name) values ('Rules') returning id`);
  const tag = Math.random().toString(36).slice(2, 10);
  const add = (who: string, name: string, role: 'rep' | 'manager' | 'admin') =>
    addUser(db, { email: `${who}.${tag}@example.com`, name, role, password: PASSWORD }, row!.id);
  const manager = await add('mia', 'Mia Manager', 'manager');
  return {
    admin: manager,
    manager,
    repA: await add('li.wei', 'Li Wei', 'rep'),
    repB: await add('bob', 'Bob Rep', 'rep'),
  };
}

export function rulesSuite(db: () => Database): void {
  let n = 0;
  const uid = () => `${Math.random().toString(36).slice(2, 10)}-${++n}`;
  const ctx = async () => ({ db: db(), team: await newTeam(db()) });

  /** A's customer Hansen Flow Control GmbH, with a contact and a logged inquiry, pushed at time `at`. */
  async function hansen(db: Database, team: Team, at = T) {
    const c = company(`co-${uid()}`, {
      name: 'Hansen Flow Control GmbH',
      domains: ['hansen-flow.de'],
      country: 'DE',
      ownerRepId: team.repA.id,
      authorRepId: team.repA.id,
    });
    const ct = contact(`ct-${uid()}`, c.id, {
      name: 'Jens Hansen',
      emails: ['jens@hansen-flow.de'],
      phones: ['040 1234567'],
      authorRepId: team.repA.id,
    });
    const i = interaction(`in-${uid()}`, c.id, ct.id, {
      at: at - DAY_MS,
      repId: team.repA.id,
      authorRepId: team.repA.id,
    });
    const answer = await push(
      db,
      team.repA,
      clientOf(team.repA, 1),
      [put(1, 'companies', c), put(2, 'contacts', ct), put(3, 'interactions', i)],
      () => at,
    );
    expect(answer.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    return { c, ct, i };
  }

  const threshold = async (db: Database, team: Team) =>
    (await readRuleSettings(db, team.repA.teamId)).nameSimilarity;

  it("an inquiry from A's customer tells B whose customer it is, and nothing of its history", async () => {
    const { db, team } = await ctx();
    const { c } = await hansen(db, team);
    const similar = await threshold(db, team);
    const ask = async (probe: Parameters<typeof checkProbe>[2]) =>
      db.transaction(async (tx) => checkProbe(tx, team.repB, probe, similar));
    const byEmail = await ask({ email: 'Jens@Hansen-Flow.de' });
    expect(byEmail).toEqual([
      {
        companyId: c.id,
        companyName: 'Hansen Flow Control GmbH',
        matchedBy: ['email', 'domain'],
        owner: { kind: 'rep', id: team.repA.id, name: 'Li Wei' },
        since: '2026-03',
      },
    ]);
    // Another address at the same company's domain; a colleague's sub-domain too.
    expect((await ask({ email: 'sales@mail.hansen-flow.de' }))[0]?.matchedBy).toEqual(['domain']);
    // The same phone written another way, in the company's country.
    expect((await ask({ phones: ['+49 40 123 4567'] }))[0]?.matchedBy).toEqual(['phone']);
    // A similar name, and never a free-mail domain.
    const byName = await ask({ companyName: 'Hansen Flowcontrol GmbH', email: 'hansen.flow@gmail.com' });
    expect(byName).toHaveLength(1);
    expect(byName[0]).toMatchObject({ matchedBy: ['name'], owner: { kind: 'rep', name: 'Li Wei' } });
    expect(byName[0]!.similarity).toBeGreaterThan(0.6);
    expect(await ask({ email: 'someone@gmail.com', companyName: 'Bosch Rexroth AG' })).toEqual([]);
    // To A, it is A's own customer.
    const own = await db.transaction(async (tx) =>
      checkProbe(tx, team.repA, { email: 'jens@hansen-flow.de' }, 0.6),
    );
    expect(own[0]!.owner).toEqual({ kind: 'you' });
  });

  it("B's attempt to create A's customer is refused by the server, naming A", async () => {
    const { db, team } = await ctx();
    await hansen(db, team);
    const mine = company(`co-${uid()}`, {
      name: 'Hansen Flowcontrol GmbH',
      domains: ['hansenflow-shop.de'],
      ownerRepId: team.repB.id,
      authorRepId: team.repB.id,
    });
    const theirContact = contact(`ct-${uid()}`, undefined, {
      emails: ['jens@hansen-flow.de'],
      authorRepId: team.repB.id,
    });
    const other = company(`co-${uid()}`, {
      name: 'Nordlys Belysning AS',
      domains: ['nordlys.no'],
      ownerRepId: team.repB.id,
      authorRepId: team.repB.id,
    });
    // As the card creates it: a new company for the sender and its contact in it.
    const fromCard = company(`co-${uid()}`, {
      name: 'Hansen Flow Control',
      domains: ['hansen-flow.de'],
      ownerRepId: team.repB.id,
      authorRepId: team.repB.id,
    });
    const cardContact = contact(`ct-${uid()}`, fromCard.id, {
      emails: ['jens@hansen-flow.de'],
      authorRepId: team.repB.id,
    });
    const answer = await push(db, team.repB, clientOf(team.repB, 1), [
      put(1, 'companies', mine),
      put(2, 'contacts', theirContact),
      put(3, 'companies', other),
      put(4, 'companies', fromCard),
      put(5, 'contacts', cardContact),
    ]);
    expect(answer.results.slice(3).map((r) => r.code)).toEqual(['duplicate', 'duplicate']);
    expect(answer.results[0]).toMatchObject({ status: 'rejected', code: 'duplicate' });
    expect(answer.results[0]!.reason).toMatch(
      /Hansen Flow Control GmbH is already Li Wei's customer \(since 2026-03/,
    );
    // The browser words the refusal in the rep's language from whose customer it is.
    expect(answer.results[0]!.duplicate).toMatchObject({
      companyName: 'Hansen Flow Control GmbH',
      owner: { kind: 'rep', id: team.repA.id, name: 'Li Wei' },
      since: '2026-03',
    });
    expect(answer.results[1]).toMatchObject({ status: 'rejected', code: 'duplicate' });
    expect(answer.results[1]!.reason).toMatch(/Li Wei/);
    expect(answer.results[2]!.status).toBe('accepted');
    // Nothing of the refused records reached the server; A's own edits still pass.
    const b = await pullAll(db, team.repB, clientOf(team.repB, 1));
    expect([...b.held.keys()].filter((k) => k.startsWith('companies/'))).toEqual([`companies/${other.id}`]);
  });

  it('a rep asks for a transfer; the manager approves and the customer moves with its history', async () => {
    const { db, team } = await ctx();
    const { c, i } = await hansen(db, team);
    const id = await requestTransfer(db, team.repB, c.id, 'They wrote to me first', T);
    const pending = await pendingTransfers(db, team.repB.teamId);
    expect(pending).toEqual([
      expect.objectContaining({
        id,
        companyName: 'Hansen Flow Control GmbH',
        requestedByName: 'Bob Rep',
        ownerName: 'Li Wei',
      }),
    ]);
    await decideTransfer(db, team.manager, id, true, T + 1000);
    const b = await pullAll(db, team.repB, clientOf(team.repB, 2));
    expect(b.held.get(`interactions/${i.id}`)).toMatchObject({ authorRepId: team.repA.id });
    expect(await pendingTransfers(db, team.repB.teamId)).toEqual([]);
  });

  it('an idle customer: A is warned, then it is in the pool; B claims it and gets its whole history', async () => {
    const { db, team } = await ctx();
    const teamId = team.repA.teamId;
    const { c, ct, i } = await hansen(db, team);
    const a0 = await pullAll(db, team.repA, clientOf(team.repA, 3));
    const b0 = await pullAll(db, team.repB, clientOf(team.repB, 3));
    // 26 days idle: nothing yet. 27 (30 − 3): the owner is warned, once.
    expect(await sweepTeam(db, teamId, T + 26 * DAY_MS)).toEqual({ warned: 0, returned: 0 });
    expect(await sweepTeam(db, teamId, T + 27 * DAY_MS)).toEqual({ warned: 1, returned: 0 });
    expect(await sweepTeam(db, teamId, T + 27 * DAY_MS + 60_000)).toEqual({ warned: 0, returned: 0 });
    const a1 = await pullAll(db, team.repA, clientOf(team.repA, 3), a0.cookie);
    const warning = [...a1.held.values()].find((r) => String(r.id).startsWith('pool-warning:'));
    expect(warning).toMatchObject({ ownerRepId: team.repA.id, companyId: c.id, done: 0 });
    expect(String(warning!.title)).toMatch(/Hansen Flow Control GmbH by 2026-04-09/);
    expect(warning!.notice).toEqual({
      code: 'pool-return',
      company: 'Hansen Flow Control GmbH',
      returnsOn: '2026-04-09',
    });
    expect(warning!.id).toBe(warningId(c.id, T));
    // 30 days: it returns to the pool; a second sweep changes nothing; A's browser drops it.
    expect(await sweepTeam(db, teamId, T + 30 * DAY_MS)).toEqual({ warned: 0, returned: 1 });
    expect(await sweepTeam(db, teamId, T + 30 * DAY_MS)).toEqual({ warned: 0, returned: 0 });
    const a2 = await pull(db, team.repA, clientOf(team.repA, 3), a1.cookie);
    expect(a2.deletes).toEqual(
      expect.arrayContaining([
        { kind: 'companies', key: c.id },
        { kind: 'contacts', key: ct.id },
        { kind: 'interactions', key: i.id },
      ]),
    );
    const pool = await listPool(db, team.repB, T + 30 * DAY_MS);
    expect(pool.customers).toEqual([
      expect.objectContaining({
        companyId: c.id,
        name: 'Hansen Flow Control GmbH',
        country: 'DE',
        source: 'alibaba',
        reason: 'idle',
        previousOwner: 'Li Wei',
        lastContactAt: T - DAY_MS,
      }),
    ]);
    expect(pool.claimsLeft).toBe(5);
    // To everyone, it is now in the public pool.
    const check = await db.transaction((tx) => checkProbe(tx, team.repB, { email: ct.emails[0] }, 0.6));
    expect(check[0]!.owner).toEqual({ kind: 'pool' });
    // A may not claim it back during the cool-down; B may.
    await expect(claim(db, team.repA, c.id, T + 31 * DAY_MS)).rejects.toMatchObject({ code: 'cool-down' });
    await claim(db, team.repB, c.id, T + 31 * DAY_MS);
    const b1 = await pullAll(db, team.repB, clientOf(team.repB, 3), b0.cookie);
    expect(b1.held.get(`companies/${c.id}`)).toMatchObject({ ownerRepId: team.repB.id });
    expect(b1.held.get(`contacts/${ct.id}`)).toMatchObject({ name: 'Jens Hansen' });
    expect(b1.held.get(`interactions/${i.id}`)).toMatchObject({
      authorRepId: team.repA.id,
      repId: team.repA.id,
    });
    await expect(claim(db, team.repA, c.id, T + 40 * DAY_MS)).rejects.toMatchObject({ code: 'not-in-pool' });
  });

  it('a logged contact resets the clock', async () => {
    const { db, team } = await ctx();
    const { c, ct } = await hansen(db, team);
    const call = interaction(`in-${uid()}`, c.id, ct.id, {
      at: T + 20 * DAY_MS,
      channel: 'phone',
      repId: team.repA.id,
      authorRepId: team.repA.id,
    });
    await push(db, team.repA, clientOf(team.repA, 4), [put(1, 'interactions', call)], () => T + 20 * DAY_MS);
    expect(await sweepTeam(db, team.repA.teamId, T + 31 * DAY_MS)).toEqual({ warned: 0, returned: 0 });
    expect(await sweepTeam(db, team.repA.teamId, T + 50 * DAY_MS)).toEqual({ warned: 0, returned: 1 });
  });

  it("B's daily limit holds; a manager assigns beyond it, spreading a list over reps in turn", async () => {
    const { db, team } = await ctx();
    const teamId = team.repA.teamId;
    await writeRuleSettings(db, teamId, { ...(await readRuleSettings(db, teamId)), poolClaimsPerDay: 2 });
    const ids: string[] = [];
    for (let k = 0; k < 6; k++) {
      const c = company(`co-${uid()}`, {
        name: `${uid()} ${k}`,
        ownerRepId: team.repA.id,
        authorRepId: team.repA.id,
      });
      await push(db, team.repA, clientOf(team.repA, 5), [put(k + 1, 'companies', c)], () => T);
      ids.push(c.id);
    }
    expect((await sweepTeam(db, teamId, T + 30 * DAY_MS)).returned).toBe(6);
    const now = T + 31 * DAY_MS;
    await claim(db, team.repB, ids[0]!, now);
    await claim(db, team.repB, ids[1]!, now + 1000);
    const refused = await claim(db, team.repB, ids[2]!, now + 2000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PoolError);
    expect(refused).toMatchObject({ code: 'daily-limit' });
    expect((await listPool(db, team.repB, now + 3000)).claimsLeft).toBe(0);
    // A day later B may claim again.
    await claim(db, team.repB, ids[2]!, now + DAY_MS + 1000);
    expect(
      await assign(db, team.manager, [ids[3]!, ids[4]!, ids[5]!], [team.repA.id, team.repB.id], now),
    ).toBe(3);
    const owners = await db.query<{ id: string; scope: string }>(
      `select id, scope from records where kind = 'companies' and id = any($1) order by id`,
      [[ids[3], ids[4], ids[5]]],
    );
    const byId = new Map(owners.map((o) => [o.id, o.scope]));
    expect([byId.get(ids[3]!), byId.get(ids[4]!), byId.get(ids[5]!)]).toEqual([
      team.repA.id,
      team.repB.id,
      team.repA.id,
    ]);
    expect((await listPool(db, team.repB, now)).customers).toEqual([]);
  });

  it("a manager hands A's book to B in one step: A's browser drops it, B's gets all of it, and it is audited", async () => {
    const { db, team } = await ctx();
    const { c, ct, i } = await hansen(db, team);
    const reminder: Rec = {
      id: `re-${uid()}`,
      kind: 'follow-up',
      dueAt: T + DAY_MS,
      title: 'Send the quote',
      companyId: c.id,
      done: 0,
      ownerRepId: team.repA.id,
      authorRepId: team.repA.id,
      createdAt: T,
      updatedAt: T,
    };
    await push(db, team.repA, clientOf(team.repA, 6), [put(1, 'reminders', reminder)], () => T);
    const a0 = await pullAll(db, team.repA, clientOf(team.repA, 6));
    const b0 = await pullAll(db, team.repB, clientOf(team.repB, 6));
    const record = await handOver(db, team.manager, team.repA.id, [team.repB.id], T + DAY_MS);
    expect(record).toMatchObject({ companies: 1, contacts: 1, interactions: 1, reminders: 1, orders: 0 });
    const a1 = await pullAll(db, team.repA, clientOf(team.repA, 6), a0.cookie);
    expect(
      [...a1.held.keys()].filter((k) => !k.startsWith('settings/') && !k.startsWith('knowledge/')),
    ).toEqual([]);
    const b1 = await pullAll(db, team.repB, clientOf(team.repB, 6), b0.cookie);
    expect(b1.held.get(`companies/${c.id}`)).toMatchObject({
      ownerRepId: team.repB.id,
      authorRepId: team.repA.id,
    });
    expect(b1.held.get(`contacts/${ct.id}`)).toMatchObject({ authorRepId: team.repA.id });
    expect(b1.held.get(`interactions/${i.id}`)).toMatchObject({ repId: team.repA.id });
    expect(b1.held.get(`reminders/${reminder.id}`)).toMatchObject({ ownerRepId: team.repB.id });
    const audit = await listHandovers(db, team.manager.teamId);
    expect(audit[0]).toMatchObject({
      fromUser: team.repA.id,
      toUsers: [team.repB.id],
      byUser: team.manager.id,
      at: T + DAY_MS,
    });
    // A rep cannot hand over, and the successor is B's now: A's late edit is refused.
    const late = await push(db, team.repA, clientOf(team.repA, 6), [
      put(2, 'contacts', { ...ct, name: 'x' }, ct),
    ]);
    expect(late.results[0]).toMatchObject({ status: 'rejected', code: 'not-yours' });
    // The pool's rules follow: the customer is B's to release now, no longer A's.
    await expect(release(db, team.repA, [c.id], T + 2 * DAY_MS)).rejects.toMatchObject({ code: 'not-yours' });
    expect(await release(db, team.repB, [c.id], T + 2 * DAY_MS)).toBe(1);
  });

  it("a handover bigger than a page: the successor's first page says how many records are coming", async () => {
    const { db, team } = await ctx();
    const word = () => Math.random().toString(36).slice(2, 12);
    const book = Array.from({ length: 8 }, () =>
      company(`co-${uid()}`, {
        name: `${word()} ${word()}`,
        domains: [`${word()}.example`],
        ownerRepId: team.repA.id,
        authorRepId: team.repA.id,
      }),
    );
    const people = book.map((c) => contact(`ct-${uid()}`, c.id, { authorRepId: team.repA.id }));
    const sent = await push(
      db,
      team.repA,
      clientOf(team.repA, 9),
      [...book.map((c, k) => put(k + 1, 'companies', c)), ...people.map((p, k) => put(k + 9, 'contacts', p))],
      () => T,
    );
    expect(sent.results.every((r) => r.status === 'accepted')).toBe(true);
    const b0 = await pullAll(db, team.repB, clientOf(team.repB, 9));
    await handOver(db, team.manager, team.repA.id, [team.repB.id], T + DAY_MS);
    const first = await pull(db, team.repB, clientOf(team.repB, 9), b0.cookie, 10);
    expect(first).toMatchObject({ reset: false, more: true, total: 16 });
    expect(first.puts).toHaveLength(10);
    const rest = await pull(db, team.repB, clientOf(team.repB, 9), first.cookie, 10);
    expect(rest.more).toBe(false);
    expect(rest.total).toBeUndefined();
    expect(rest.puts).toHaveLength(6);
    // A pull that fits in one page says no total: there is no progress to show.
    const a0 = await pullAll(db, team.repA, clientOf(team.repA, 9));
    await handOver(db, team.manager, team.repB.id, [team.repA.id], T + 2 * DAY_MS);
    const back = await pull(db, team.repA, clientOf(team.repA, 9), a0.cookie, 20);
    expect(back.more).toBe(false);
    expect(back.total).toBeUndefined();
    expect(back.puts).toHaveLength(16);
  });

  it('a rep releases their own customer to the pool, a manager anyone’s; the pool shows its value tier', async () => {
    const { db, team } = await ctx();
    const { c, ct } = await hansen(db, team);
    // Orders make Hansen the most valuable of the team's two customers: its tier is VIP.
    const big = order(`or-${uid()}`, c.id, { amount: 90_000, currency: 'EUR', authorRepId: team.repA.id });
    const other = company(`co-${uid()}`, {
      name: 'Nordlys Belysning AS',
      ownerRepId: team.repB.id,
      authorRepId: team.repB.id,
    });
    const small = order(`or-${uid()}`, other.id, { amount: 500, currency: 'USD', authorRepId: team.repB.id });
    await push(db, team.repA, clientOf(team.repA, 7), [put(1, 'orders', big)], () => T);
    await push(
      db,
      team.repB,
      clientOf(team.repB, 7),
      [put(1, 'companies', other), put(2, 'orders', small)],
      () => T,
    );
    const a0 = await pullAll(db, team.repA, clientOf(team.repA, 7));
    // B may not release A's customer; A may.
    await expect(release(db, team.repB, [c.id], T + DAY_MS)).rejects.toMatchObject({ code: 'not-yours' });
    expect(await release(db, team.repA, [c.id], T + DAY_MS)).toBe(1);
    await expect(release(db, team.repA, [c.id], T + DAY_MS)).rejects.toMatchObject({
      code: 'already-in-pool',
    });
    // A's browser drops it with its history.
    const a1 = await pull(db, team.repA, clientOf(team.repA, 7), a0.cookie);
    expect(a1.deletes).toEqual(
      expect.arrayContaining([
        { kind: 'companies', key: c.id },
        { kind: 'contacts', key: ct.id },
        { kind: 'orders', key: big.id },
      ]),
    );
    // A manager releases B's customer.
    expect(await release(db, team.manager, [other.id], T + DAY_MS + 1000)).toBe(1);
    const pool = await listPool(db, team.repB, T + 2 * DAY_MS);
    const byId = new Map(pool.customers.map((p) => [p.companyId, p]));
    expect(byId.get(c.id)).toMatchObject({
      reason: 'released',
      previousOwner: 'Li Wei',
      tier: 'vip',
      orders: 1,
    });
    expect(byId.get(other.id)).toMatchObject({ reason: 'released', previousOwner: 'Bob Rep', tier: 'key' });
    // The cool-down holds for the rep who released it.
    await expect(claim(db, team.repA, c.id, T + 2 * DAY_MS)).rejects.toMatchObject({ code: 'cool-down' });
  });

  it('a pending transfer request closes when its requester claims the customer, or when it is handed over', async () => {
    const { db, team } = await ctx();
    const { c } = await hansen(db, team);
    const second = company(`co-${uid()}`, {
      name: 'Nordlys Belysning AS',
      ownerRepId: team.repA.id,
      authorRepId: team.repA.id,
    });
    await push(db, team.repA, clientOf(team.repA, 8), [put(1, 'companies', second)], () => T);
    await requestTransfer(db, team.repB, c.id, '', T);
    await requestTransfer(db, team.repB, second.id, '', T);
    expect((await pendingTransfers(db, team.repA.teamId)).map((p) => p.companyId).sort()).toEqual(
      [c.id, second.id].sort(),
    );
    // A releases Hansen; B claims it from the pool: B's request no longer waits.
    await release(db, team.repA, [c.id], T + DAY_MS);
    await claim(db, team.repB, c.id, T + DAY_MS + 1000);
    expect((await pendingTransfers(db, team.repA.teamId)).map((p) => p.companyId)).toEqual([second.id]);
    // A's book is handed to the manager's choice (B): the other request is answered too.
    await handOver(db, team.manager, team.repA.id, [team.repB.id], T + 2 * DAY_MS);
    expect(await pendingTransfers(db, team.repA.teamId)).toEqual([]);
    const [answered] = await db.query<{ status: string }>(
      `select status from transfer_requests where company_id = $1`,
      [second.id],
    );
    expect(answered).toEqual({ status: 'approved' });
  });
}
