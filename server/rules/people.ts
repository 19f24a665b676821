import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { RepRole } from '../../lib/db/types';
import type { Me, NewUser } from '../../lib/sync/protocol';
import type { Database, Sql } from '../db/client';

// People, passwords, tokens and the sign-in rate limit: plain functions over the
// database. Passwords are stored as Argon2id hashes (OWASP's first choice; the
// library's defaults: 19 MiB, 2 passes); tokens are 32 random bytes, stored as
// their SHA-256.

export interface User {
  id: string;
  teamId: number;
  email: string;
  name: string;
  role: RepRole;
}

/** Sign-in attempts allowed per window, per e-mail address and per client address. */
export const SIGN_IN_LIMIT = { failures: 5, windowSeconds: 15 * 60, perAddress: 20 };

export class SignInError extends Error {
  constructor(readonly code: 'bad-credentials' | 'rate-limited') {
    super(code);
  }
}

export class PeopleError extends Error {
  constructor(readonly code: 'email-taken' | 'no-user' | 'last-admin') {
    super(code);
  }
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The team a new server's first account creates, and the one `user add` uses by default. */
export async function defaultTeam(db: Sql, name = 'Team'): Promise<number> {
  const [team] = await db.query<{ id: number }>('select id from teams order by id limit 1');
  if (team) return team.id;
  const [created] = await db.query<{ id: number }>('insert into teams (name) values ($1) returning id', [
    name,
  ]);
  return created!.id;
}

export async function addUser(db: Database, input: NewUser, teamId?: number): Promise<User> {
  const passwordHash = await hash(input.password);
  return db.transaction(async (tx) => {
    const team = teamId ?? (await defaultTeam(tx));
    const taken = await tx.query('select 1 from users where email = $1', [input.email]);
    if (taken.length) throw new PeopleError('email-taken');
    // The new person is a change to the team: its version makes every member's next pull show them.
    const [{ version }] = (await tx.query<{ version: number }>(
      'update teams set version = version + 1 where id = $1 returning version',
      [team],
    )) as [{ version: number }];
    const id = randomUUID();
    await tx.query(
      `insert into users (id, team_id, email, name, role, password_hash, version)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [id, team, input.email, input.name, input.role, passwordHash, version],
    );
    await tx.query(`select pg_notify('team_poke', $1)`, [JSON.stringify({ t: team })]);
    return { id, teamId: team, email: input.email, name: input.name, role: input.role };
  });
}

export async function listUsers(db: Sql, teamId: number) {
  return db.query<{ id: string; email: string; name: string; role: RepRole; disabled: boolean }>(
    `select id, email, name, role, disabled_at is not null as disabled
       from users where team_id = $1 order by name, email`,
    [teamId],
  );
}

/**
 * Disables a person: their tokens are revoked at once and sign-in is refused.
 * Their records stay (a manager hands them over).
 */
export async function disableUser(db: Database, teamId: number, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx.query<{ role: RepRole }>(
      'select role from users where id = $1 and team_id = $2 and disabled_at is null',
      [userId, teamId],
    );
    if (!user) throw new PeopleError('no-user');
    if (user.role === 'admin') {
      const [{ n }] = (await tx.query<{ n: number }>(
        `select count(*)::int as n from users where team_id = $1 and role = 'admin' and disabled_at is null`,
        [teamId],
      )) as [{ n: number }];
      if (n <= 1) throw new PeopleError('last-admin');
    }
    const [{ version }] = (await tx.query<{ version: number }>(
      'update teams set version = version + 1 where id = $1 returning version',
      [teamId],
    )) as [{ version: number }];
    await tx.query('update users set disabled_at = now(), version = $2 where id = $1', [userId, version]);
    await tx.query('update tokens set revoked_at = now() where user_id = $1 and revoked_at is null', [
      userId,
    ]);
    // Every member's next pull shows the change; tell the connected ones now.
    await tx.query(`select pg_notify('team_poke', $1)`, [JSON.stringify({ t: teamId })]);
  });
}

/** Lets a disabled person sign in again (their old tokens stay revoked). */
export async function enableUser(db: Database, teamId: number, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx.query(
      'select 1 from users where id = $1 and team_id = $2 and disabled_at is not null',
      [userId, teamId],
    );
    if (!user) throw new PeopleError('no-user');
    const [{ version }] = (await tx.query<{ version: number }>(
      'update teams set version = version + 1 where id = $1 returning version',
      [teamId],
    )) as [{ version: number }];
    await tx.query('update users set disabled_at = null, version = $2 where id = $1', [userId, version]);
    await tx.query(`select pg_notify('team_poke', $1)`, [JSON.stringify({ t: teamId })]);
  });
}

/** Checks the password, under the rate limit; returns a new token. */
export async function signIn(
  db: Database,
  email: string,
  password: string,
  address: string,
): Promise<{ token: string; user: User }> {
  const window = `${SIGN_IN_LIMIT.windowSeconds} seconds`;
  const [counts] = await db.query<{ byEmail: number; byAddress: number }>(
    `select (select count(*)::int from sign_in_failures where email = $1 and at > now() - $3::interval) as "byEmail",
            (select count(*)::int from sign_in_failures where address = $2 and at > now() - $3::interval) as "byAddress"`,
    [email, address, window],
  );
  if (counts!.byEmail >= SIGN_IN_LIMIT.failures || counts!.byAddress >= SIGN_IN_LIMIT.perAddress)
    throw new SignInError('rate-limited');
  const [row] = await db.query<User & { passwordHash: string }>(
    `select id, team_id as "teamId", email, name, role, password_hash as "passwordHash"
       from users where email = $1 and disabled_at is null`,
    [email],
  );
  // An unknown address costs the same hash as a wrong password, so timing does not tell them apart.
  const ok = row ? await verify(row.passwordHash, password) : (await hash(password), false);
  if (!row || !ok) {
    await db.query('insert into sign_in_failures (email, address) values ($1, $2)', [email, address]);
    throw new SignInError('bad-credentials');
  }
  await db.query('delete from sign_in_failures where email = $1', [email]);
  const token = randomBytes(32).toString('base64url');
  await db.query('insert into tokens (hash, user_id) values ($1, $2)', [tokenHash(token), row.id]);
  const { passwordHash: _, ...user } = row;
  return { token, user };
}

/** The signed-in user a token stands for, or null (unknown, revoked, or the person disabled). */
export async function userOfToken(db: Sql, token: string): Promise<User | null> {
  if (!token || token.length > 200) return null;
  const hashed = tokenHash(token);
  const [row] = await db.query<User & { stale: boolean }>(
    `select u.id, u.team_id as "teamId", u.email, u.name, u.role,
            t.last_used_at < now() - interval '5 minutes' as stale
       from tokens t join users u on u.id = t.user_id
      where t.hash = $1 and t.revoked_at is null and u.disabled_at is null`,
    [hashed],
  );
  if (!row) return null;
  // Noted at most every five minutes: a write per request would cost every pull a commit.
  if (row.stale) await db.query('update tokens set last_used_at = now() where hash = $1', [hashed]);
  const { stale: _, ...user } = row;
  return user;
}

export async function revokeToken(db: Sql, token: string): Promise<void> {
  await db.query('update tokens set revoked_at = now() where hash = $1 and revoked_at is null', [
    tokenHash(token),
  ]);
}

export async function describeUser(db: Sql, user: User): Promise<Me> {
  const [team] = await db.query<{ id: number; name: string }>('select id, name from teams where id = $1', [
    user.teamId,
  ]);
  return { id: user.id, email: user.email, name: user.name, role: user.role, team: team! };
}

export const canManage = (role: RepRole) => role === 'manager' || role === 'admin';
