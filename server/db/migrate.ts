import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database, Sql } from './client';
import { backfillTeamRules } from '../rules/backfill';

// Schema migrations: numbered SQL files in ./migrations, append-only (a shipped
// file is never edited), each run once in its own transaction at start. Two
// server nodes starting together take turns on an advisory lock.

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const LOCK_ID = 7_301_122; // any constant: only this server takes it

/**
 * What a migration needs beyond SQL, run in its transaction right after its script (data
 * that only the application's own code can compute). Append-only like the files.
 */
const FOLLOW_UPS: Record<number, (tx: Sql) => Promise<void>> = {
  3: backfillTeamRules,
};

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const [i, file] of files.entries()) {
    const match = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file);
    if (!match) throw new Error(`Migration file name not NNN-name.sql: ${file}`);
    const id = Number(match[1]);
    if (id !== i + 1) throw new Error(`Migrations must be numbered 001, 002, … without gaps: ${file}`);
    migrations.push({ id, name: match[2]!, sql: await readFile(dir + file, 'utf8') });
  }
  return migrations;
}

/** Applies the migrations not yet applied, up to `upTo` (all by default); returns the ids applied now. */
export async function migrate(db: Database, upTo = Infinity, dir = MIGRATIONS_DIR): Promise<number[]> {
  const migrations = (await readMigrations(dir)).filter((m) => m.id <= upTo);
  await db.query(
    `create table if not exists schema_migrations (
       id int primary key, name text not null, applied_at timestamptz not null default now())`,
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [LOCK_ID]);
      const done = await tx.query('select 1 from schema_migrations where id = $1', [migration.id]);
      if (done.length) return false;
      await tx.exec(migration.sql);
      await FOLLOW_UPS[migration.id]?.(tx);
      await tx.query('insert into schema_migrations (id, name) values ($1, $2)', [
        migration.id,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(migration.id);
  }
  return applied;
}
