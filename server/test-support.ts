import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from './db/client';
import { openPostgres } from './db/postgres';
import { openPglite } from './db/pglite';
import { migrate } from './db/migrate';
import { addUser, type User } from './rules/people';
import type { RepRole } from '../lib/db/types';

// Throwaway databases for the server tests. The PostgreSQL tests need
// TEAM_TEST_DATABASE_URL (a superuser URL to a throwaway cluster: .ci/run starts
// one on 127.0.0.1:54329); each test file gets a database of its own, dropped after.

export const POSTGRES_URL = process.env.TEAM_TEST_DATABASE_URL;

export interface TestDb {
  db: Database;
  drop(): Promise<void>;
}

export async function freshPostgres(upTo = Infinity): Promise<TestDb> {
  if (!POSTGRES_URL) throw new Error('TEAM_TEST_DATABASE_URL is not set');
  const name = `team_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 4);
  if (upTo > 0) await migrate(db, upTo);
  return {
    db,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function freshPglite(upTo = Infinity): Promise<TestDb> {
  const db = await openPglite();
  if (upTo > 0) await migrate(db, upTo);
  return { db, drop: () => db.close() };
}

export interface Team {
  admin: User;
  manager: User;
  repA: User;
  repB: User;
}

export const PASSWORD = 'correct horse battery';

export async function seedTeam(db: Database): Promise<Team> {
  const add = (email: string, name: string, role: RepRole) =>
    addUser(db, { email, name, role, password: PASSWORD });
  return {
    admin: await add('admin@example.com', 'Ada Admin', 'admin'),
    manager: await add('mia@example.com', 'Mia Manager', 'manager'),
    repA: await add('li.wei@example.com', 'Li Wei', 'rep'),
    repB: await add('bob@example.com', 'Bob Rep', 'rep'),
  };
}
