import { expect, it } from 'vitest';
import type { Mutation, PullResponse } from '../../lib/sync/protocol';
import { company, contact, interaction } from '../../test/support/handover-book';
import type { Database, Tx } from '../db/client';
import type { Team } from '../test-support';
import type { User } from '../rules/people';
import { push } from './push';
import { PushQueue } from './group';
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

  it('a change the database cannot store is refused alone; the rest of its push is accepted, once', async () => {
    const { db, team } = ctx();
    const rep = team.repA;
    const client = clientOf(rep, 6);
    const c = company(`co-${fresh()}`, { ownerRepId: rep.id, authorRepId: rep.id });
    const before = interaction(`in-${fresh()}`, c.id, 'x', { repId: rep.id, authorRepId: rep.id });
    // PostgreSQL stores no NUL character, in a record's text or in its key.
    const nulText = interaction(`in-${fresh()}`, c.id, 'x', {
      repId: rep.id,
      authorRepId: rep.id,
      summary: 'pasted \u0000 from a PDF',
    });
    const nulKey = interaction(`in-${fresh()}\u0000`, c.id, 'x', { repId: rep.id, authorRepId: rep.id });
    const after = interaction(`in-${fresh()}`, c.id, 'x', { repId: rep.id, authorRepId: rep.id });
    const batch = [
      put(1, 'companies', c),
      put(2, 'interactions', before),
      put(3, 'interactions', nulText),
      put(4, 'interactions', nulKey),
      put(5, 'interactions', after),
    ];
    const answer = await push(db, rep, client, batch);
    expect(answer.results.map((r) => r.code ?? r.status)).toEqual([
      'accepted',
      'accepted',
      'invalid',
      'invalid',
      'accepted',
    ]);
    expect(answer.lastMutationId).toBe(5);
    // Sent again (the answer was lost), it is answered the same and applied once.
    expect(await push(db, rep, client, batch)).toEqual(answer);
    const { held } = await pullAll(db, team.manager, clientOf(team.manager, 6));
    expect(held.has(`interactions/${before.id}`)).toBe(true);
    expect(held.has(`interactions/${after.id}`)).toBe(true);
    expect(held.has(`interactions/${nulText.id}`)).toBe(false);
    const [{ n }] = (await db.query<{ n: number }>(
      `select count(*)::int as n from records where company_id = $1 and kind = 'interactions'`,
      [c.id],
    )) as [{ n: number }];
    expect(n).toBe(2);
  });

  // Group commit (server/sync/group.ts): pushes arriving together share one transaction.
  const teamVersion = async (db: Database, teamId: number) =>
    (await db.query<{ version: number }>('select version from teams where id = $1', [teamId]))[0]!.version;
  const versionOf = async (db: Database, kind: string, id: string) =>
    (
      await db.query<{ version: number }>('select version from records where kind = $1 and id = $2', [
        kind,
        id,
      ])
    )[0]?.version;

  it('pushes arriving together commit as one; a refused one is refused alone, the others accepted', async () => {
    const { db, team } = ctx();
    const theirs = company(`co-${fresh()}`, { ownerRepId: team.repA.id, authorRepId: team.repA.id });
    await push(db, team.repA, clientOf(team.repA, 30), [put(1, 'companies', theirs)]);
    const before = await teamVersion(db, team.repA.teamId);
    const queue = new PushQueue(db);
    const mine = company(`co-${fresh()}`, { ownerRepId: team.repA.id, authorRepId: team.repA.id });
    const managers = company(`co-${fresh()}`, { ownerRepId: team.manager.id, authorRepId: team.manager.id });
    const call = (n: string, extra = {}) =>
      interaction(`in-${fresh()}-${n}`, managers.id, 'x', {
        repId: team.manager.id,
        authorRepId: team.manager.id,
        ...extra,
      });
    const fine = call('fine');
    const unstorable = call('nul', { summary: 'pasted \u0000 from a PDF' }); // PostgreSQL refuses NUL
    const [accepted, refused, mixed] = await Promise.all([
      queue.push(team.repA, clientOf(team.repA, 31), [put(1, 'companies', mine)]),
      // B renames A's customer: refused by the rules, in the same transaction as A's push.
      queue.push(team.repB, clientOf(team.repB, 31), [
        put(1, 'companies', { ...theirs, name: 'Mine now' }, theirs),
      ]),
      queue.push(team.manager, clientOf(team.manager, 31), [
        put(1, 'companies', managers),
        put(2, 'interactions', unstorable),
        put(3, 'interactions', fine),
      ]),
    ]);
    expect(accepted.results.map((r) => r.code ?? r.status)).toEqual(['accepted']);
    expect(refused.results.map((r) => r.code ?? r.status)).toEqual(['not-yours']);
    expect(mixed.results.map((r) => r.code ?? r.status)).toEqual(['accepted', 'invalid', 'accepted']);
    expect(mixed.lastMutationId).toBe(3);
    // One transaction: the team's version moved once, and both pushes' records carry it.
    expect(await teamVersion(db, team.repA.teamId)).toBe(before + 1);
    expect(await versionOf(db, 'companies', mine.id)).toBe(before + 1);
    expect(await versionOf(db, 'interactions', fine.id)).toBe(before + 1);
    expect(await versionOf(db, 'interactions', unstorable.id)).toBeUndefined();
    const { held } = await pullAll(db, team.manager, clientOf(team.manager, 32));
    expect(held.get(`companies/${theirs.id}`)).toMatchObject({ name: theirs.name });
    expect(held.has(`companies/${mine.id}`)).toBe(true);
    expect(held.has(`interactions/${fine.id}`)).toBe(true);
    // Each answered as if it had been alone: sent again, the same answers, nothing applied twice.
    expect(
      await push(db, team.repB, clientOf(team.repB, 31), [
        put(1, 'companies', { ...theirs, name: 'Mine now' }, theirs),
      ]),
    ).toEqual(refused);
    expect(
      await push(db, team.manager, clientOf(team.manager, 31), [
        put(1, 'companies', managers),
        put(2, 'interactions', unstorable),
        put(3, 'interactions', fine),
      ]),
    ).toEqual(mixed);
    expect(await teamVersion(db, team.repA.teamId)).toBe(before + 1);
  });

  it('a transaction lost before its commit answers none of its pushes accepted and keeps nothing of them', async () => {
    const { db, team } = ctx();
    // The database connection dies between the pushes' work and their commit.
    const crashing: Database = {
      ...db,
      transaction: (fn, isolation) =>
        db.transaction(
          (tx) =>
            fn({
              ...tx,
              async commitWith() {
                if (db.kind === 'postgres') await tx.query('select pg_terminate_backend(pg_backend_pid())');
                throw Object.assign(new Error('connection lost before commit'), { code: '08006' });
              },
            } satisfies Tx),
          isolation,
        ),
    };
    const a = company(`co-${fresh()}`, { ownerRepId: team.repA.id, authorRepId: team.repA.id });
    const b = company(`co-${fresh()}`, { ownerRepId: team.repB.id, authorRepId: team.repB.id });
    const lost = new PushQueue(crashing);
    const answers = await Promise.allSettled([
      lost.push(team.repA, clientOf(team.repA, 33), [put(1, 'companies', a)]),
      lost.push(team.repB, clientOf(team.repB, 33), [put(1, 'companies', b)]),
    ]);
    expect(answers.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect(await versionOf(db, 'companies', a.id)).toBeUndefined();
    expect(await versionOf(db, 'companies', b.id)).toBeUndefined();
    // The clients send them again (the outbox keeps every unanswered mutation): applied once, now.
    const queue = new PushQueue(db);
    const again = await Promise.all([
      queue.push(team.repA, clientOf(team.repA, 33), [put(1, 'companies', a)]),
      queue.push(team.repB, clientOf(team.repB, 33), [put(1, 'companies', b)]),
    ]);
    expect(again.map((r) => r.results[0]!.status)).toEqual(['accepted', 'accepted']);
    expect(again.map((r) => r.lastMutationId)).toEqual([1, 1]);
    expect((await pullAll(db, team.repB, clientOf(team.repB, 34))).held.has(`companies/${b.id}`)).toBe(true);
  });

  it("a client's push sent again while its first is under way waits for it, and is applied once", async () => {
    const { db, team } = ctx();
    const queue = new PushQueue(db);
    const client = clientOf(team.repA, 35);
    const c = company(`co-${fresh()}`, { ownerRepId: team.repA.id, authorRepId: team.repA.id });
    const i = interaction(`in-${fresh()}`, c.id, 'x', { repId: team.repA.id, authorRepId: team.repA.id });
    const batch = [put(1, 'companies', c), put(2, 'interactions', i)];
    const before = await teamVersion(db, team.repA.teamId);
    const [first, retry] = await Promise.all([
      queue.push(team.repA, client, batch),
      queue.push(team.repA, client, batch),
    ]);
    expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(retry).toEqual(first);
    expect(await teamVersion(db, team.repA.teamId)).toBe(before + 1);
  });
}
