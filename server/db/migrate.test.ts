import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPostgres, POSTGRES_URL, type TestDb } from '../test-support';
import { migrate, readMigrations } from './migrate';

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
});
