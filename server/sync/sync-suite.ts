import { expect, it } from 'vitest';
import type { Mutation, PullResponse } from '../../lib/sync/protocol';
import { company, contact, interaction } from '../../test/support/handover-book';
import type { Database, Sql } from '../db/client';
import type { Team } from '../test-support';
import type { User } from '../rules/people';
import { push, PushError } from './push';
import { PushQueue } from './queue';
import { pull } from './pull';

// The sync behaviours both databases must show: run on PostgreSQL (sync.pg.test.ts)
// and on PGlite (sync.pglite.test.ts), so the embedded default cannot rot.

type Rec = Record<string, unknown>;
let nextId = 0;
export const clientOf = (user: User, n = 1) => `client-${user.id.slice(0, 8)}-${n}`;

export const put = (id: number, kind: Mutation['kind'], value: Rec, base: Rec | null = null): Mutation => ({
  id,
  op: 'put',
  kind,
  key: String(value.id ?? value.key),
  value,
  base,
});

/** Pulls until no page is left, as the extension does; returns the records the user holds after. */
export async function pullAll(
  db: Database,
  user: User,
  clientId: string,
  start: PullResponse['cookie'] | null = null,
) {
  const held = new Map<string, Rec>();
  let cookie = start;
  let pages = 0;
  for (;;) {
    const page = await pull(db, user, clientId, cookie, 10);
    pages++;
    if (page.reset) held.clear();
    for (const d of page.deletes) held.delete(`${d.kind}/${d.key}`);
    for (const p of page.puts) held.set(`${p.kind}/${p.key}`, p.value);
    cookie = page.cookie;
    if (!page.more) return { held, cookie, pages, last: page };
  }
}

/** The database, but the write of a record whose key is named fails with the given SQLSTATE. */
function failingOn(db: Database, failures: Record<string, string>): Database {
  const wrap = (sql: Sql): Sql => ({
    async query(text, params) {
      const key = text.includes('insert into records') ? params?.[2] : undefined;
      const code = typeof key === 'string' ? failures[key] : undefined;
      if (code) throw Object.assign(new Error(`refused by the database (${code})`), { code });
      return sql.query(text, params);
    },
    exec: (script) => sql.exec(script),
  });
  return {
    ...db,
    ...wrap(db),
    transaction: (fn, isolation) => db.transaction((tx) => fn(wrap(tx)), isolation),
  };
}

export function syncSuite(ctx: () => { db: Database; team: Team }): void {
  // Random enough that two names never look alike to the duplicate check (a similar name is refused).
  const fresh = () => `${Math.random().toString(36).slice(2, 12)}-${++nextId}`;

  it("a rep's new customer reaches the manager, never another rep", async () => {
    const { db, team } = ctx();
    const c = company(`co-${fresh()}`, { ownerRepId: team.repA.id, authorRepId: team.repA.id });
    const ct = contact(`ct-${fresh()}`, c.id, { authorRepId: team.repA.id });
    const i = interaction(`in-${fresh()}`, c.id, ct.id, { repId: team.repA.id, authorRepId: team.repA.id });
    const answer = await push(db, team.repA, clientOf(team.repA), [
      put(1, 'companies', c),
      put(2, 'contacts', ct),
      put(3, 'interactions', i),
    ]);
    expect(answer.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const manager = await pullAll(db, team.manager, clientOf(team.manager));
    expect(manager.held.get(`interactions/${i.id}`)).toMatchObject({
      summary: i.summary,
      repId: team.repA.id,
    });
    const other = await pullAll(db, team.repB, clientOf(team.repB));
    expect(other.held.has(`companies/${c.id}`)).toBe(false);
    expect(other.held.has(`interactions/${i.id}`)).toBe(false);
    const own = await pullAll(db, team.repA, clientOf(team.repA));
    expect(own.held.get(`companies/${c.id}`)).toMatchObject({ name: c.name });
    expect(own.last.lastMutationId).toBe(3);
    // Pulling again with the cookie it was given brings nothing already sent.
    for (const [user, after] of [
      [team.manager, manager.cookie],
      [team.repA, own.cookie],
    ] as const) {
      const again = await pull(db, user, clientOf(user), after);
      expect(again.puts).toEqual([]);
      expect(again.deletes).toEqual([]);
      expect(again.reset).toBe(false);
    }
  });

  it('a mutation pushed twice is applied once and answered the same way', async () => {
    const { db, team } = ctx();
    const client = clientOf(team.repA, 2);
    const c = company(`co-${fresh()}`, { ownerRepId: team.repA.id, authorRepId: team.repA.id });
    const theirs = company(`co-${fresh()}`, { ownerRepId: team.repB.id, authorRepId: team.repB.id });
    await push(db, team.repB, clientOf(team.repB, 2), [put(1, 'companies', theirs)]);
    const batch = [put(1, 'companies', c), put(2, 'companies', { ...theirs, name: 'Mine now' }, theirs)];
    const first = await push(db, team.repA, client, batch);
    const [{ version: before }] = (await db.query<{ version: number }>(
      'select version from records where kind = $1 and id = $2',
      ['companies', c.id],
    )) as [{ version: number }];
    const again = await push(db, team.repA, client, batch);
    expect(again).toEqual(first);
    expect(first.results[1]).toMatchObject({ status: 'rejected', code: 'not-yours' });
    const [{ version: after }] = (await db.query<{ version: number }>(
      'select version from records where kind = $1 and id = $2',
      ['companies', c.id],
    )) as [{ version: number }];
    expect(after).toBe(before);
    const [stored] = await db.query<{ data: Rec }>('select data from records where kind = $1 and id = $2', [
      'companies',
      theirs.id,
    ]);
    expect(stored!.data.name).toBe(theirs.name);
  });

  it('two people editing one customer offline keep both edits, field by field', async () => {
    const { db, team } = ctx();
    const base = company(`co-${fresh()}`, {
      ownerRepId: team.repA.id,
      authorRepId: team.repA.id,
      tags: ['fob'],
      notes: 'Asked for samples',
    });
    await push(db, team.repA, clientOf(team.repA, 3), [put(1, 'companies', base)]);
    const { held } = await pullAll(db, team.repA, clientOf(team.repA, 3));
    const synced = held.get(`companies/${base.id}`)!;
    // The manager renames it and adds a tag; the rep, from the same base, edits the notes and adds a tag.
    await push(db, team.manager, clientOf(team.manager, 3), [
      put(1, 'companies', { ...synced, name: 'Hansen Flow Control GmbH', tags: ['fob', 'vip'] }, synced),
    ]);
    const answer = await push(db, team.repA, clientOf(team.repA, 3), [
      put(2, 'companies', { ...synced, notes: 'Samples sent', tags: ['fob', 'germany'] }, synced),
    ]);
    expect(answer.results[0]!.status).toBe('accepted');
    const after = (await pullAll(db, team.manager, clientOf(team.manager, 3))).held.get(
      `companies/${base.id}`,
    )!;
    expect(after).toMatchObject({ name: 'Hansen Flow Control GmbH', notes: 'Samples sent' });
    expect([...(after.tags as string[])].sort()).toEqual(['fob', 'germany', 'vip']);
  });

  it('only a manager moves a customer; its records leave the old rep and reach the new one', async () => {
    const { db, team } = ctx();
    const c = company(`co-${fresh()}`, { ownerRepId: team.repA.id, authorRepId: team.repA.id });
    const ct = contact(`ct-${fresh()}`, c.id, { authorRepId: team.repA.id });
    await push(db, team.repA, clientOf(team.repA, 4), [put(1, 'companies', c), put(2, 'contacts', ct)]);
    const a = await pullAll(db, team.repA, clientOf(team.repA, 4));
    const b = await pullAll(db, team.repB, clientOf(team.repB, 4));
    const stored = a.held.get(`companies/${c.id}`)!;
    const grab = await push(db, team.repA, clientOf(team.repA, 4), [
      put(3, 'companies', { ...stored, ownerRepId: team.repB.id }, stored),
    ]);
    expect(grab.results[0]).toMatchObject({ status: 'rejected', code: 'owner-change' });
    const move = await push(db, team.manager, clientOf(team.manager, 4), [
      put(1, 'companies', { ...stored, ownerRepId: team.repB.id }, stored),
    ]);
    expect(move.results[0]!.status).toBe('accepted');
    const gone = await pull(db, team.repA, clientOf(team.repA, 4), a.cookie);
    expect(gone.deletes).toEqual(
      expect.arrayContaining([
        { kind: 'companies', key: c.id },
        { kind: 'contacts', key: ct.id },
      ]),
    );
    const b2 = await pullAll(db, team.repB, clientOf(team.repB, 4), b.cookie);
    expect(b2.held.get(`contacts/${ct.id}`)).toMatchObject({ name: ct.name });
    expect(b2.held.get(`companies/${c.id}`)).toMatchObject({ ownerRepId: team.repB.id });
    // The rep who lost it can no longer write to it either.
    const late = await push(db, team.repA, clientOf(team.repA, 4), [
      put(4, 'contacts', { ...ct, name: 'Late edit' }, ct),
    ]);
    expect(late.results[0]).toMatchObject({ status: 'rejected', code: 'not-yours' });
  });

  it('time comes from the server, and a deleted record stays deleted', async () => {
    const { db, team } = ctx();
    const deviceClock = Date.UTC(2031, 0, 1); // a device clock years ahead
    const c = company(`co-${fresh()}`, {
      ownerRepId: team.repA.id,
      authorRepId: team.repA.id,
      createdAt: deviceClock,
      updatedAt: deviceClock,
    });
    const serverNow = Date.UTC(2026, 11, 6, 12);
    await push(db, team.repA, clientOf(team.repA, 5), [put(1, 'companies', c)], () => serverNow);
    const [row] = await db.query<{ data: Rec }>('select data from records where kind = $1 and id = $2', [
      'companies',
      c.id,
    ]);
    expect(row!.data).toMatchObject({ createdAt: serverNow, updatedAt: serverNow });
    await push(db, team.repA, clientOf(team.repA, 5), [
      { id: 2, op: 'delete', kind: 'companies', key: c.id },
    ]);
    const late = await push(db, team.manager, clientOf(team.manager, 5), [
      put(1, 'companies', { ...c, name: 'Renamed' }, c),
    ]);
    expect(late.results[0]).toMatchObject({ status: 'rejected', code: 'deleted' });
    const manager = await pullAll(db, team.manager, clientOf(team.manager, 5));
    expect(manager.held.has(`companies/${c.id}`)).toBe(false);
  });

  it('pushes arriving together commit as one; a failing push or mutation never costs the others', async () => {
    const { db, team } = ctx();
    const { repA, repB, manager } = team;
    const mine = (owner: User) => company(`co-${fresh()}`, { ownerRepId: owner.id, authorRepId: owner.id });
    const [first, a1, b1, stolen, broken, a2, stuck] = [repA, repA, repB, repB, repA, repA, repB].map(mine);
    const queue = new PushQueue(failingOn(db, { [broken!.id]: '23514', [stuck!.id]: '40P01' }));
    const answers = await Promise.allSettled([
      // The first starts a transaction at once; the others arrive while it runs and go together.
      queue.push(repA, clientOf(repA, 20), [put(1, 'companies', first!)]),
      queue.push(repA, clientOf(repA, 21), [put(1, 'companies', a1!)]),
      queue.push(repB, clientOf(repB, 21), [put(1, 'companies', b1!)]),
      queue.push(repB, clientOf(repA, 21), [put(1, 'companies', stolen!)]),
      queue.push(repA, clientOf(repA, 22), [put(1, 'companies', broken!), put(2, 'companies', a2!)]),
      queue.push(repB, clientOf(repB, 22), [put(1, 'companies', stuck!)]),
    ]);
    expect(queue.stats).toEqual({ batches: 2, pushes: 6 });
    const [p1, p2, p3, p4, p5, p6] = answers;
    for (const p of [p1, p2, p3])
      expect(p).toMatchObject({ status: 'fulfilled', value: { lastMutationId: 1 } });
    // Another person's client id is refused, alone.
    expect(p4).toMatchObject({ status: 'rejected', reason: expect.any(PushError) });
    // A mutation the database refuses is refused, with the reason; the rest of its push is applied.
    expect(p5).toMatchObject({
      status: 'fulfilled',
      value: {
        results: [{ status: 'rejected', code: 'invalid' }, { status: 'accepted' }],
        lastMutationId: 2,
      },
    });
    // A push that fails for another reason fails alone: its client sends it again.
    expect(p6).toMatchObject({ status: 'rejected', reason: { code: '40P01' } });
    const { held } = await pullAll(db, manager, clientOf(manager, 20));
    for (const c of [first, a1, b1, a2])
      expect(held.get(`companies/${c!.id}`)).toMatchObject({ name: c!.name });
    for (const c of [stolen, broken, stuck]) expect(held.has(`companies/${c!.id}`)).toBe(false);
    // One transaction: one version for all it accepted, after the first push's.
    const versions = await db.query<{ id: string; version: number }>(
      'select id, version from records where kind = $1 and id = any($2)',
      ['companies', [first, a1, b1, a2].map((c) => c!.id)],
    );
    const of = new Map(versions.map((v) => [v.id, Number(v.version)]));
    expect(new Set([a1, b1, a2].map((c) => of.get(c!.id))).size).toBe(1);
    expect(of.get(a1!.id)).toBeGreaterThan(of.get(first!.id)!);
    // The refused mutation's answer is kept: sent again, the push is answered the same way.
    const again = await push(db, repA, clientOf(repA, 22), [
      put(1, 'companies', broken!),
      put(2, 'companies', a2!),
    ]);
    expect(again).toEqual((p5 as PromiseFulfilledResult<unknown>).value);
  });
}
