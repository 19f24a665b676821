import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres, POSTGRES_URL, type TestDb } from '../test-support';
import type { Database } from './client';
import { migrate, readMigrations } from './migrate';
import { pull } from '../sync/pull';

// Each migration has a test: it runs on a database at the previous migration,
// holding data of that time, and the data is still there and still right after.

describe('migration files', () => {
  it('are numbered 001, 002, … without gaps, and a misnamed file stops the start', async () => {
    const ids = (await readMigrations()).map((m) => m.id);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(dir, '001-first.sql'), 'select 1;');
    await writeFile(join(dir, '003-gap.sql'), 'select 1;');
    await expect(readMigrations(dir + '/')).rejects.toThrow(/without gaps/);
  });
});

/** 003 team rules: a 002 book's customers get their duplicate keys and an owner in the pool's rules. */
async function upgradeTo003(db: Database): Promise<void> {
  await db.query(`insert into teams (name) values ('T')`);
  await db.query(
    `insert into users (id, team_id, email, name, role, password_hash) values ('u1', 1, 'a@example.com', 'Ann', 'rep', 'h')`,
  );
  const company = {
    id: 'c1',
    name: 'Hansen Flow Control GmbH',
    domains: ['hansen-flow.de', 'gmail.com'],
    country: 'DE',
  };
  const contact = {
    id: 'p1',
    companyId: 'c1',
    name: 'Jens',
    emails: ['Jens@Hansen-Flow.de'],
    phones: ['040 1234567'],
  };
  await db.query(
    `insert into records (team_id, kind, id, scope, company_id, data, version) values
       (1, 'companies', 'c1', 'u1', null, $1::jsonb, 1), (1, 'contacts', 'p1', 'u1', 'c1', $2::jsonb, 1)`,
    [JSON.stringify(company), JSON.stringify(contact)],
  );
  expect(await migrate(db, 3)).toEqual([3]);
  const keys = await db.query<{ id: string; key_kind: string; value: string }>(
    'select id, key_kind, value from duplicate_keys order by id, key_kind, value',
  );
  expect(keys).toEqual([
    { id: 'c1', key_kind: 'domain', value: 'hansen-flow.de' },
    { id: 'c1', key_kind: 'name', value: 'hansen flow control' },
    { id: 'p1', key_kind: 'email', value: 'jens@hansen-flow.de' },
    { id: 'p1', key_kind: 'phone', value: '+49401234567' },
  ]);
  const [customer] = await db.query<{ owner_id: string; pool_since: unknown }>(
    `select owner_id, pool_since from customers where company_id = 'c1'`,
  );
  expect(customer).toEqual({ owner_id: 'u1', pool_since: null });
  // The records themselves are untouched.
  const [row] = await db.query<{ data: unknown; version: number }>(
    `select data, version from records where id = 'c1'`,
  );
  expect(row).toEqual({ data: company, version: 1 });
}

/**
 * 004 name index: names a 003 server wrote (waiting in GIN's pending list) are still found by
 * a similar-name search after the upgrade, and the index takes new names without the list.
 */
async function upgradeTo004(db: Database): Promise<void> {
  await db.query(`insert into teams (name) values ('T')`);
  const names = ['hansen flow control', 'ningbo kavolin hardware', 'hamburg tessamar valves'];
  await db.query(
    `insert into duplicate_keys (team_id, kind, id, key_kind, value)
     select 1, 'companies', 'c' || i, 'name', v from unnest($1::text[]) with ordinality as t(v, i)`,
    [names],
  );
  expect(await migrate(db, 4)).toEqual([4]);
  const [index] = await db.query<{ options: string[] | null }>(
    `select reloptions as options from pg_class where relname = 'duplicate_keys_name'`,
  );
  expect(index!.options).toContain('fastupdate=off');
  const similar = (name: string) =>
    db.transaction(async (tx) => {
      await tx.query(`select set_config('pg_trgm.similarity_threshold', '0.6', true)`);
      const rows = await tx.query<{ id: string }>(
        `select id from duplicate_keys where team_id = 1 and key_kind = 'name' and value % $1 order by id`,
        [name],
      );
      return rows.map((r) => r.id);
    });
  expect(await similar('hansen flowcontrol')).toEqual(['c1']);
  expect(await similar('ningbo kavolin hardwares')).toEqual(['c2']);
  expect(await similar('shenzhen lumora lighting')).toEqual([]);
  // A name written after the upgrade is found as well.
  await db.query(
    `insert into duplicate_keys (team_id, kind, id, key_kind, value) values (1, 'companies', 'c4', 'name', 'shenzhen lumora lighting')`,
  );
  expect(await similar('shenzhen lumora lightings')).toEqual(['c4']);
  const keys = await db.query<{ value: string }>(`select value from duplicate_keys order by id`);
  expect(keys.map((k) => k.value)).toEqual([...names, 'shenzhen lumora lighting']);
}

/**
 * 005 view exits without foreign keys: a record that left a rep's view before the upgrade (a
 * handover on a 004 server) is still deleted from that rep's browser by their next pull, with one
 * that left after it; nothing else in their view goes.
 */
async function upgradeTo005(db: Database): Promise<void> {
  await db.query(`insert into teams (name) values ('T')`);
  await db.query(
    `insert into users (id, team_id, email, name, role, password_hash) values
       ('u1', 1, 'a@example.com', 'Ann', 'rep', 'h'), ('u2', 1, 'b@example.com', 'Bo', 'rep', 'h')`,
  );
  const company = (id: string, owner: string) => JSON.stringify({ id, name: id, ownerRepId: owner });
  await db.query(
    `insert into records (team_id, kind, id, scope, company_id, data, version) values
       (1, 'companies', 'c1', 'u2', null, $1::jsonb, 2), (1, 'companies', 'c2', 'u1', null, $2::jsonb, 1),
       (1, 'companies', 'c3', 'u2', null, $3::jsonb, 3)`,
    [company('c1', 'u2'), company('c2', 'u1'), company('c3', 'u2')],
  );
  // c1 went from u1 to u2 at version 2, on the old schema.
  await db.query(
    `insert into view_exits (team_id, version, user_id, kind, id) values (1, 2, 'u1', 'companies', 'c1')`,
  );
  expect(await migrate(db, 5)).toEqual([5]);
  // c3 went from u1 to u2 at version 3, after the upgrade.
  await db.query(
    `insert into view_exits (team_id, version, user_id, kind, id) values (1, 3, 'u1', 'companies', 'c3')`,
  );
  await db.query(`update teams set version = 3`);
  const ann = { id: 'u1', teamId: 1, email: 'a@example.com', name: 'Ann', role: 'rep' as const };
  const page = await pull(db, ann, 'client-of-ann', { v: 1, u: 'u1', r: 'rep' });
  expect(page.deletes).toEqual(
    expect.arrayContaining([
      { kind: 'companies', key: 'c1' },
      { kind: 'companies', key: 'c3' },
    ]),
  );
  expect(page.deletes).toHaveLength(2);
  expect(page.puts).toEqual([]);
  // From the start, Ann's browser gets her one customer and no deletes.
  const first = await pull(db, ann, 'client-of-ann', null);
  expect(first.puts.map((p) => p.key)).toEqual(['c2']);
}

describe('migrations on PGlite', () => {
  it('003 team rules: a 002 book gets its duplicate keys and its owners', async () => {
    const t = await freshPglite(2);
    try {
      await upgradeTo003(t.db);
    } finally {
      await t.drop();
    }
  }, 120_000);

  it('004 name index: names written before it are still found, new ones too', async () => {
    const t = await freshPglite(3);
    try {
      await upgradeTo004(t.db);
    } finally {
      await t.drop();
    }
  }, 120_000);

  it("005 view exits: records that left a rep's view before and after it still leave their browser", async () => {
    const t = await freshPglite(4);
    try {
      await upgradeTo005(t.db);
    } finally {
      await t.drop();
    }
  }, 120_000);
});

describe.skipIf(!POSTGRES_URL)('migrations on PostgreSQL', () => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  it('run once each: a second start applies nothing', async () => {
    t = await freshPostgres(0);
    const all = (await readMigrations()).map((m) => m.id);
    expect(await migrate(t.db)).toEqual(all);
    expect(await migrate(t.db)).toEqual([]);
    const rows = await t.db.query<{ id: number }>('select id from schema_migrations order by id');
    expect(rows.map((r) => r.id)).toEqual(all);
  });

  it('001 people: roles and e-mail addresses are checked by the schema', async () => {
    t = await freshPostgres(1);
    await t.db.query(`insert into teams (name) values ('T')`);
    const user = (id: string, email: string, role: string) =>
      t!.db.query(
        `insert into users (id, team_id, email, name, role, password_hash) values ($1, 1, $2, 'N', $3, 'h')`,
        [id, email, role],
      );
    await user('u1', 'a@example.com', 'rep');
    await expect(user('u2', 'b@example.com', 'owner')).rejects.toThrow(/check/);
    await expect(user('u3', 'Upper@example.com', 'rep')).rejects.toThrow(/check/);
    await expect(user('u4', 'a@example.com', 'rep')).rejects.toThrow(/unique|duplicate/);
  });

  it('002 sync: people of a 001 database keep their accounts and can own records', async () => {
    t = await freshPostgres(1);
    await t.db.query(`insert into teams (name) values ('T')`);
    await t.db.query(
      `insert into users (id, team_id, email, name, role, password_hash) values ('u1', 1, 'a@example.com', 'Ann', 'rep', 'h')`,
    );
    await t.db.query(`insert into tokens (hash, user_id) values ($1, 'u1')`, ['a'.repeat(64)]);
    expect(await migrate(t.db, 2)).toEqual([2]);
    const [user] = await t.db.query<{ name: string }>(`select name from users where id = 'u1'`);
    expect(user!.name).toBe('Ann');
    await t.db.query(
      `insert into records (team_id, kind, id, scope, data, version, updated_by) values (1, 'companies', 'c1', 'u1', '{}', 1, 'u1')`,
    );
    await expect(
      t.db.query(
        `insert into records (team_id, kind, id, scope, data, version) values (1, 'values', 'v1', 'u1', '{}', 1)`,
      ),
    ).rejects.toThrow(/check/);
    await expect(
      t.db.query(`insert into clients (id, user_id) values ('client-of-nobody', 'nobody')`),
    ).rejects.toThrow(/foreign key/);
  });

  it('003 team rules: a 002 book gets its duplicate keys and its owners', async () => {
    t = await freshPostgres(2);
    await upgradeTo003(t.db);
  });

  it('004 name index: names written before it are still found, new ones too', async () => {
    t = await freshPostgres(3);
    await upgradeTo004(t.db);
  });

  it("005 view exits: records that left a rep's view before and after it still leave their browser", async () => {
    t = await freshPostgres(4);
    await upgradeTo005(t.db);
  });
});
