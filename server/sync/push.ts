import {
  RECORD_SCHEMAS,
  KEY_FIELD,
  type Mutation,
  type MutationResult,
  type PushResponse,
} from '../../lib/sync/protocol';
import { mergeRecord, sameValue } from '../../lib/sync/merge';
import { sqlLiteral, type Database, type Sql } from '../db/client';
import type { User } from '../rules/people';
import {
  checkWrite,
  COMPANY_CHILD_KINDS,
  companyIdOf,
  scopeOf,
  TEAM_SCOPE,
  type Refusal,
} from '../rules/access';
import { POKE_CHANNEL, pokePayloads } from './poke';
import { duplicateOfWrite, duplicateReason, isKeyed, keysOf, writeKeys } from '../rules/duplicates';
import { forgetCustomer, noteActivity, noteCompanyOwner } from '../rules/pool';
import { readRuleSettings } from '../rules/settings';
import type { TeamRuleSettings } from '../../lib/team/protocol';

// Push (docs/sync.md): one client's mutations, applied in order in one
// transaction that holds the team's version row, each under the rules. A
// mutation id at or below the client's last is acknowledged again (with its
// stored refusal, if it was refused), never applied twice. Several clients'
// pushes may share one transaction (group commit, ./group.ts): one version, one
// commit and one WAL flush for all of them, each push still answered mutation by
// mutation as if it had been alone.

type Rec = Record<string, unknown>;

export class PushError extends Error {
  constructor(readonly code: 'client-of-another-user') {
    super(code);
  }
}

/** One client's push, as it reached the server. */
export interface PushRequestOf {
  user: User;
  clientId: string;
  mutations: readonly Mutation[];
  /** The server's clock (time never comes from the device). */
  now?: () => number;
}

/** What one push of a group is answered: its results, or the refusal of the whole push. */
export type PushOutcome = { ok: true; response: PushResponse } | { ok: false; error: PushError };

interface Stored {
  scope: string;
  data: Rec;
  deleted: boolean;
}

/** What the pushes of one transaction share. */
interface Group {
  tx: Sql;
  /** The placeholder version every row of this transaction is written with (stamped at commit). */
  version: number;
  /** Whether a user id is an active member of the team, as looked up during this transaction. */
  members: Map<string, boolean>;
  /** The team's rule settings, read once a transaction when a write needs them. */
  rules?: TeamRuleSettings;
  /** Whether this transaction wrote view exits (to be stamped with its version). */
  exits: boolean;
}

interface Ctx {
  group: Group;
  tx: Sql;
  user: User;
  version: number;
  now: number;
  /** The scopes this push touched: who is poked. */
  scopes: Set<string>;
}

async function isMember(ctx: Ctx, userId: string): Promise<boolean> {
  const { members } = ctx.group;
  let known = members.get(userId);
  if (known === undefined) {
    const rows = await ctx.tx.query(
      'select 1 from users where id = $1 and team_id = $2 and disabled_at is null',
      [userId, ctx.user.teamId],
    );
    known = rows.length > 0;
    members.set(userId, known);
  }
  return known;
}

export async function push(
  db: Database,
  user: User,
  clientId: string,
  mutations: readonly Mutation[],
  now: () => number = Date.now,
): Promise<PushResponse> {
  const [outcome] = await pushGroup(db, [{ user, clientId, mutations, now }]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.response;
}

/**
 * Pushes of one team's clients, each client at most once, in one transaction: answered in
 * the order given, and only once that transaction has committed (a push it throws for was
 * not applied; one answered accepted is durable). A mutation refused by a rule refuses that
 * mutation alone; so does one the database refuses (the whole group then runs once more,
 * with a savepoint around each mutation).
 */
export async function pushGroup(db: Database, pushes: readonly PushRequestOf[]): Promise<PushOutcome[]> {
  if (!pushes.length) return [];
  const teamId = pushes[0]!.user.teamId;
  if (pushes.some((p) => p.user.teamId !== teamId)) throw new Error('a push group is one team’s');
  if (new Set(pushes.map((p) => p.clientId)).size !== pushes.length)
    throw new Error('a client pushes at most once in a group');
  try {
    return await attempt(db, pushes, false);
  } catch (error) {
    if (!isRefusedByDatabase(error)) throw error;
    // A mutation broke a rule the database enforces, which aborted the transaction: nothing
    // of it was kept. Once more with a savepoint around each mutation, so that this one is
    // refused and the others go on. (Every push paying two savepoint round trips per mutation
    // for a case this rare cost the team's throughput.)
    return attempt(db, pushes, true);
  }
}

async function attempt(
  db: Database,
  pushes: readonly PushRequestOf[],
  careful: boolean,
): Promise<PushOutcome[]> {
  return db.transaction(async (tx) => {
    const teamId = pushes[0]!.user.teamId;
    // One push of a client at a time: the clients' rows stay locked until commit (taken in
    // the order of their ids, so that two groups never wait for each other's).
    const order = [...pushes].sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
    const rows = await tx.query<{ id: string; userId: string; last: number }>(
      `insert into clients (id, user_id)
       select c.id, c.user_id from unnest($1::text[], $2::text[]) with ordinality as c(id, user_id, n) order by n
       on conflict (id) do update set last_seen_at = now()
       returning id, user_id as "userId", last_mutation_id as last`,
      [order.map((p) => p.clientId), order.map((p) => p.user.id)],
    );
    const clients = new Map(rows.map((r) => [r.id, r]));
    // Rows are written with a placeholder version, under row locks only, so pushes touching
    // different records run side by side; the team's version is taken at the end (below).
    const group: Group = {
      tx,
      version: PLACEHOLDER_BASE + Math.floor(Math.random() * PLACEHOLDER_SPAN),
      members: new Map(),
      exits: false,
    };
    const outcomes: PushOutcome[] = [];
    const lasts: [clientId: string, last: number][] = [];
    const touched: { clientId: string; scopes: Set<string> }[] = [];
    for (const { user, clientId, mutations, now = Date.now } of pushes) {
      const client = clients.get(clientId)!;
      if (client.userId !== user.id) {
        outcomes.push({ ok: false, error: new PushError('client-of-another-user') });
        continue;
      }
      const ctx: Ctx = { group, tx, user, version: group.version, now: now(), scopes: new Set() };
      let last = client.last;
      const results: MutationResult[] = [];
      for (const mutation of mutations) {
        if (mutation.id <= last) {
          results.push(await earlierOutcome(tx, clientId, mutation.id));
          continue;
        }
        results.push(await applyOne(ctx, clientId, mutation, careful));
        last = mutation.id;
      }
      outcomes.push({ ok: true, response: { results, lastMutationId: last } });
      if (last !== client.last) lasts.push([clientId, last]);
      if (ctx.scopes.size) touched.push({ clientId, scopes: ctx.scopes });
    }
    // The end of the group, and its commit, in one round trip (Tx.commitWith): each client's
    // last mutation id, and if anything changed, the team's version. Taking the version row last
    // orders this transaction after every one that committed before and before every later one:
    // the row stays locked until commit, so versions follow commit order, which pull's cookie
    // relies on (docs/sync.md, "Versions"). Sent with the commit, that lock is held only while
    // PostgreSQL stamps this group's rows and view exits with the version and flushes the commit,
    // never while this process gets round to the next statement: that hold bounds the team's
    // transactions per second, and grouping pushes is what makes it bound fewer of them. The
    // pokes are delivered on commit to every node listening.
    const statements: string[] = [];
    if (lasts.length)
      statements.push(
        `update clients set last_mutation_id = v.last
           from (values ${lasts.map(([id, last]) => `(${sqlLiteral(id)}, ${sqlLiteral(last)}::bigint)`).join(', ')}) as v(id, last)
          where clients.id = v.id`,
      );
    if (touched.length) {
      const team = sqlLiteral(teamId);
      const placed = sqlLiteral(group.version);
      const payloads = pokePayloads(teamId, touched).map(sqlLiteral).join(', ');
      statements.push(
        `with v as (update teams set version = version + 1 where id = ${team} returning version),
           r as (update records set version = (select version from v) where team_id = ${team} and version = ${placed})${
             // No index finds a team's view exits by version alone: stamped only when there are some.
             group.exits
               ? `,
           e as (update view_exits set version = (select version from v) where team_id = ${team} and version = ${placed})`
               : ''
           }
         select pg_notify(${sqlLiteral(POKE_CHANNEL)}, p) from v, unnest(array[${payloads}]::text[]) as p`,
      );
    }
    if (statements.length) await tx.commitWith(statements.join(';\n'));
    return outcomes;
  });
}

/** One new mutation of a push: applied, or refused with its reason (the refusal kept for a retry). */
async function applyOne(
  ctx: Ctx,
  clientId: string,
  mutation: Mutation,
  careful: boolean,
): Promise<MutationResult> {
  const { tx } = ctx;
  if (careful) await tx.query('savepoint mutation');
  let refusal: Refusal | null;
  try {
    refusal = await apply(ctx, mutation);
    if (careful) await tx.query('release savepoint mutation');
  } catch (error) {
    // A deadlock or a lost connection fails the whole group: its clients send their pushes again.
    if (!careful || !isRefusedByDatabase(error)) throw error;
    // A rule the database enforces: this mutation is refused, the others go on.
    await tx.query('rollback to savepoint mutation');
    refusal = {
      code: 'invalid',
      reason: error instanceof Error ? error.message.slice(0, 500) : 'refused',
    };
  }
  if (!refusal) return { id: mutation.id, status: 'accepted' };
  await tx.query(
    `insert into rejections (client_id, mutation_id, kind, record_id, code, message)
     values ($1, $2, $3, $4, $5, $6)`,
    [clientId, mutation.id, mutation.kind, storable(mutation.key), refusal.code, storable(refusal.reason)],
  );
  return {
    id: mutation.id,
    status: 'rejected',
    code: refusal.code,
    reason: refusal.reason,
    ...(refusal.duplicate && { duplicate: refusal.duplicate }),
  };
}

/** Placeholder versions: far above any real version (a team would need 2^52 pushes to reach them). */
const PLACEHOLDER_BASE = 2 ** 52;
const PLACEHOLDER_SPAN = 2 ** 52 - 1;

/**
 * What the database refuses in the mutation itself refuses that mutation: an integrity
 * violation (class 23) or a value it cannot store (class 22, say a NUL character in a
 * string of the record). Anything else (a deadlock, a lost connection) fails the push, and
 * the client sends it again. A mutation the database can never store must not block the
 * client's outbox for ever.
 */
function isRefusedByDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('23') || code.startsWith('22'));
}

/** Text PostgreSQL stores: it refuses the NUL character (a hostile key, a message quoting it). */
const storable = (text: string) => text.replaceAll('\0', '\uFFFD');

async function earlierOutcome(tx: Sql, clientId: string, id: number): Promise<MutationResult> {
  const [refused] = await tx.query<{ code: Refusal['code']; message: string }>(
    'select code, message from rejections where client_id = $1 and mutation_id = $2',
    [clientId, id],
  );
  return refused
    ? { id, status: 'rejected', code: refused.code, reason: refused.message }
    : { id, status: 'accepted' };
}

/** A stored record, locked: `update` for the one being written, `share` for a company read for its owner. */
async function stored(ctx: Ctx, kind: string, id: string, lock: 'update' | 'share'): Promise<Stored | null> {
  const [row] = await ctx.tx.query<Stored>(
    `select scope, data, deleted from records where team_id = $1 and kind = $2 and id = $3 for ${lock}`,
    [ctx.user.teamId, kind, id],
  );
  return row ?? null;
}

async function apply(ctx: Ctx, mutation: Mutation): Promise<Refusal | null> {
  const { kind, key } = mutation;
  const existing = await stored(ctx, kind, key, 'update');
  if (existing?.deleted)
    return mutation.op === 'delete'
      ? null
      : { code: 'deleted', reason: 'Someone deleted this record meanwhile.' };
  // The rules ask about the people a record is given to (a company's or a reminder's owner),
  // looked up below once the merged record is known.
  const member = (id: string) => ctx.group.members.get(id) === true;

  if (mutation.op === 'delete') {
    if (!existing) return null; // never reached the server: nothing to delete
    const refusal = checkWrite({ user: ctx.user, kind, existing, next: null, isMember: member });
    if (refusal) return refusal;
    await ctx.tx.query(
      `update records set deleted = true, version = $4, updated_by = $5, updated_at = now()
        where team_id = $1 and kind = $2 and id = $3`,
      [ctx.user.teamId, kind, key, ctx.version, ctx.user.id],
    );
    if (isKeyed(kind)) await writeKeys(ctx.tx, ctx.user.teamId, kind, key, []);
    if (kind === 'companies') await forgetCustomer(ctx.tx, ctx.user.teamId, key);
    ctx.scopes.add(existing.scope);
    return null;
  }

  const { merged } = mergeRecord(existing?.data ?? {}, existing ? mutation.base : null, mutation.value);
  merged[KEY_FIELD[kind]] = key;
  if (kind !== 'settings') {
    // Time comes from the server: the device's clock never orders anything.
    merged.updatedAt = ctx.now;
    if (!existing) merged.createdAt = Math.min(Number(merged.createdAt) || ctx.now, ctx.now);
  }
  const parsed = RECORD_SCHEMAS[kind].safeParse(merged);
  if (!parsed.success)
    return {
      code: 'invalid',
      reason: parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || kind}: ${i.message}`)
        .join('; '),
    };
  const data = parsed.data as Rec;
  if (typeof data.ownerRepId === 'string') await isMember(ctx, data.ownerRepId);
  if (existing && sameValue(withoutTime(existing.data), withoutTime(data))) {
    // Nothing changes (a retried or echoed change): still the caller's to make.
    return checkWrite({ user: ctx.user, kind, existing, next: existing, isMember: member });
  }

  const companyId = companyIdOf(kind, data);
  let companyScope: string | null = null;
  let country: string | undefined;
  if (companyId) {
    const company = await stored(ctx, 'companies', companyId, 'share');
    if (!company) {
      // A contact of a company the server refused as a duplicate is refused for the same reason.
      const duplicate = isKeyed(kind)
        ? await duplicateOf(ctx, kind, key, data, ctx.user.id, companyId)
        : null;
      if (duplicate) return duplicate;
      return { code: 'unknown-company', reason: `The company ${companyId} is not in the team's book.` };
    }
    companyScope = company.scope;
    country = typeof company.data.country === 'string' ? company.data.country : undefined;
  }
  const next = { scope: scopeOf(kind, data, companyScope), data };
  const refusal = checkWrite({ user: ctx.user, kind, existing, next, isMember: member });
  if (refusal) return refusal;
  if (isKeyed(kind)) {
    // The duplicate check (issue 13): a customer the team already has is not created twice.
    const duplicate = await duplicateOf(ctx, kind, key, data, next.scope, companyId, country);
    if (duplicate) return duplicate;
  }

  await ctx.tx.query(
    `insert into records (team_id, kind, id, scope, company_id, data, version, updated_by)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
     on conflict (team_id, kind, id) do update
       set scope = excluded.scope, company_id = excluded.company_id, data = excluded.data,
           version = excluded.version, updated_by = excluded.updated_by, updated_at = now()`,
    [ctx.user.teamId, kind, key, next.scope, companyId, JSON.stringify(data), ctx.version, ctx.user.id],
  );
  ctx.scopes.add(next.scope);
  await followRules(ctx, kind, key, data, existing, next.scope, companyId, country);
  if (existing && existing.scope !== next.scope) {
    await leaveView(ctx, existing.scope, [{ kind, id: key }]);
    if (kind === 'companies') await moveCompanyRecords(ctx, key, next.scope);
  }
  return null;
}

const withoutTime = ({ updatedAt: _, ...rest }: Rec) => rest;

async function duplicateOf(
  ctx: Ctx,
  kind: 'companies' | 'contacts',
  key: string,
  data: Rec,
  scope: string,
  companyId: string | null,
  country?: string,
): Promise<Refusal | null> {
  ctx.group.rules ??= await readRuleSettings(ctx.tx, ctx.user.teamId);
  const match = await duplicateOfWrite(
    ctx.tx,
    ctx.user,
    { kind, id: key, data, scope, companyId, country },
    ctx.group.rules.nameSimilarity,
  );
  return match ? { code: 'duplicate', reason: duplicateReason(match), duplicate: match } : null;
}

/** The team rules' bookkeeping of an accepted write: duplicate keys, owners, the idle clock. */
async function followRules(
  ctx: Ctx,
  kind: Mutation['kind'],
  key: string,
  data: Rec,
  existing: Stored | null,
  scope: string,
  companyId: string | null,
  country: string | undefined,
): Promise<void> {
  const { tx, user } = ctx;
  if (isKeyed(kind)) await writeKeys(tx, user.teamId, kind, key, keysOf(kind, data, country));
  if (kind === 'companies' && existing?.scope !== scope && (await isMember(ctx, scope)))
    await noteCompanyOwner(tx, user.teamId, key, scope, ctx.now);
  if (companyId && kind === 'interactions' && typeof data.at === 'number')
    await noteActivity(tx, user.teamId, companyId, data.at, ctx.now);
  if (companyId && kind === 'orders' && typeof data.date === 'number' && data.status !== 'cancelled')
    await noteActivity(tx, user.teamId, companyId, data.date, ctx.now);
}

/** A company's contacts, interactions and orders follow it to its new owner. */
async function moveCompanyRecords(ctx: Ctx, companyId: string, scope: string): Promise<void> {
  const moving = await ctx.tx.query<{ kind: string; id: string; scope: string }>(
    `select kind, id, scope from records
      where team_id = $1 and company_id = $2 and kind = any($3) and scope <> $4`,
    [ctx.user.teamId, companyId, COMPANY_CHILD_KINDS, scope],
  );
  if (!moving.length) return;
  await ctx.tx.query(
    `update records set scope = $4, version = $5
      where team_id = $1 and company_id = $2 and kind = any($3) and scope <> $4`,
    [ctx.user.teamId, companyId, COMPANY_CHILD_KINDS, scope, ctx.version],
  );
  const byScope = new Map<string, { kind: string; id: string }[]>();
  for (const row of moving) byScope.set(row.scope, [...(byScope.get(row.scope) ?? []), row]);
  for (const [old, rows] of byScope) await leaveView(ctx, old, rows);
}

/** Records that left `scope`: that rep's next pull deletes them from their browser. */
async function leaveView(
  ctx: Ctx,
  scope: string,
  rows: readonly { kind: string; id: string }[],
): Promise<void> {
  ctx.scopes.add(scope);
  if (scope === TEAM_SCOPE || !rows.length || !(await isMember(ctx, scope))) return;
  ctx.group.exits = true;
  await ctx.tx.query(
    `insert into view_exits (team_id, version, user_id, kind, id)
     select $1, $2, $3, r.kind, r.id from unnest($4::text[], $5::text[]) as r(kind, id)`,
    [ctx.user.teamId, ctx.version, scope, rows.map((r) => r.kind), rows.map((r) => r.id)],
  );
}
