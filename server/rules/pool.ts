import type { Database, Sql } from '../db/client';
import { DAY_MS, iso } from '../clock';
import type { PoolCustomer } from '../../lib/team/protocol';
import type { User } from './people';
import { moveCompanies, nextVersion, poke, type Move } from './ownership';
import { POOL_SCOPE } from './pool-scope';
import { readRuleSettings } from './settings';
import { EXAMPLE_RATES_TO_USD } from '../../lib/value/settings';
import { tierSizes, tierWithin } from '../../lib/value/tiers';
import { isManager } from './access';

// The public pool (公海): a customer with no logged contact and no order for N days
// returns to it, its owner warned M days before; reps claim up to K a day, a rep whose
// customer returned waits a cool-down before claiming it back; managers assign pool
// customers to one rep or several in turn. All on the server's clock.

export class PoolError extends Error {
  constructor(
    readonly code:
      | 'not-in-pool'
      | 'cool-down'
      | 'daily-limit'
      | 'not-a-rep'
      | 'not-yours'
      | 'already-in-pool',
    readonly until?: number,
  ) {
    super(code);
  }
}

/** Keeps a customer's row in step with a write the push accepted (see push.ts). */
export async function noteCompanyOwner(
  tx: Sql,
  teamId: number,
  companyId: string,
  owner: string,
  now: number,
) {
  await tx.query(
    `insert into customers (team_id, company_id, owner_id, owner_since, active_at)
     values ($1, $2, $3, $4::timestamptz, $4::timestamptz)
     on conflict (team_id, company_id) do update
       set owner_id = excluded.owner_id, owner_since = excluded.owner_since,
           active_at = greatest(customers.active_at, excluded.active_at),
           pool_since = null, pool_reason = null, warned_for = null
     where customers.owner_id is distinct from excluded.owner_id`,
    [teamId, companyId, owner, iso(now)],
  );
}

/** A logged contact or an order resets the idle clock (at its own time, never later than now). */
export async function noteActivity(tx: Sql, teamId: number, companyId: string, at: number, now: number) {
  const when = iso(Math.min(at, now));
  await tx.query(
    `update customers set active_at = greatest(active_at, $3::timestamptz),
            last_contact_at = greatest(coalesce(last_contact_at, $3::timestamptz), $3::timestamptz)
      where team_id = $1 and company_id = $2`,
    [teamId, companyId, when],
  );
}

export async function forgetCustomer(tx: Sql, teamId: number, companyId: string) {
  await tx.query('delete from customers where team_id = $1 and company_id = $2', [teamId, companyId]);
}

export interface SweepResult {
  warned: number;
  returned: number;
}

/** Reminder ids of the warnings: one per customer and idle period, so a second sweep writes none. */
export const warningId = (companyId: string, activeAt: number) => `pool-warning:${companyId}:${activeAt}`;

/**
 * Returns idle customers to the pool and warns owners of those about to return. Idempotent:
 * a second run at the same time changes nothing.
 */
export async function sweepTeam(db: Database, teamId: number, now: number): Promise<SweepResult> {
  return db.transaction(async (tx) => {
    const s = await readRuleSettings(tx, teamId);
    const poolBefore = iso(now - s.poolIdleDays * DAY_MS);
    const warnBefore = iso(now - (s.poolIdleDays - s.poolWarnDays) * DAY_MS);
    const idle = await tx.query<{ companyId: string; ownerId: string }>(
      `select company_id as "companyId", owner_id as "ownerId" from customers
        where team_id = $1 and owner_id is not null and active_at <= $2::timestamptz
        order by company_id for update`,
      [teamId, poolBefore],
    );
    const warn = await tx.query<{ companyId: string; ownerId: string; activeAt: number; name: string }>(
      `select cu.company_id as "companyId", cu.owner_id as "ownerId",
              (extract(epoch from cu.active_at) * 1000)::float8 as "activeAt", r.data->>'name' as name
         from customers cu
         join records r on r.team_id = cu.team_id and r.kind = 'companies' and r.id = cu.company_id
        where cu.team_id = $1 and cu.owner_id is not null
          and cu.active_at <= $2::timestamptz and cu.active_at > $3::timestamptz
          and cu.warned_for is distinct from cu.active_at
        order by cu.company_id for update of cu`,
      [teamId, warnBefore, poolBefore],
    );
    if (!idle.length && !warn.length) return { warned: 0, returned: 0 };
    const version = await nextVersion(tx, teamId);
    const moves: Move[] = idle.map((c) => ({ companyId: c.companyId, from: c.ownerId, to: POOL_SCOPE }));
    await moveCompanies(tx, teamId, version, moves);
    if (idle.length)
      await tx.query(
        `update customers set previous_owner_id = owner_id, owner_id = null, pool_since = $3::timestamptz,
                pool_reason = 'idle', warned_for = null
          where team_id = $1 and company_id = any($2)`,
        [teamId, idle.map((c) => c.companyId), iso(now)],
      );
    if (warn.length) {
      // The warning is a reminder of the owner's, due now: the panel lists it and the
      // browser's reminder alarm notifies it. Written as the server (no author but the owner).
      const reminders = warn.map((w) => {
        const returnsAt = Math.round(w.activeAt) + s.poolIdleDays * DAY_MS;
        return {
          id: warningId(w.companyId, Math.round(w.activeAt)),
          kind: 'follow-up',
          dueAt: now,
          title: `Log a contact with ${w.name} by ${iso(returnsAt).slice(0, 10)}, or it returns to the public pool.`,
          // What the panel and the notification show, in the rep's language.
          notice: { code: 'pool-return', company: w.name, returnsOn: iso(returnsAt).slice(0, 10) },
          companyId: w.companyId,
          done: 0,
          ownerRepId: w.ownerId,
          authorRepId: w.ownerId,
          createdAt: now,
          updatedAt: now,
        };
      });
      await tx.query(
        `insert into records (team_id, kind, id, scope, company_id, data, version)
         select $1, 'reminders', r->>'id', r->>'ownerRepId', null, r, $2
           from jsonb_array_elements($3::jsonb) as r
         on conflict (team_id, kind, id) do nothing`,
        [teamId, version, JSON.stringify(reminders)],
      );
      await tx.query(
        `update customers cu set warned_for = cu.active_at
          where cu.team_id = $1 and cu.company_id = any($2)`,
        [teamId, warn.map((w) => w.companyId)],
      );
    }
    await poke(tx, teamId, [...idle.map((c) => c.ownerId), ...warn.map((w) => w.ownerId), POOL_SCOPE]);
    return { warned: warn.length, returned: idle.length };
  });
}

export async function sweepAll(db: Database, now: number): Promise<SweepResult> {
  const teams = await db.query<{ id: number }>('select id from teams order by id');
  const total: SweepResult = { warned: 0, returned: 0 };
  for (const team of teams) {
    const r = await sweepTeam(db, team.id, now);
    total.warned += r.warned;
    total.returned += r.returned;
  }
  return total;
}

async function claimsToday(tx: Sql, user: User, now: number): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `select count(*)::int as n from pool_claims
      where team_id = $1 and user_id = $2 and how = 'claim' and at > $3::timestamptz`,
    [user.teamId, user.id, iso(now - DAY_MS)],
  );
  return row!.n;
}

/** The pool as a rep sees it: what they may know before claiming, and their claims left today. */
export async function listPool(db: Database, user: User, now: number, limit = 500) {
  return db.transaction(async (tx) => {
    const s = await readRuleSettings(tx, user.teamId);
    // The value tier as the pyramid cuts it (lib/value/tiers.ts, the default 1/5/20% cut-offs),
    // ranked among the team's customers by the value of their orders (not cancelled, in USD at
    // the example rates): a rep's own browser knows more of a customer it holds, but a pool
    // customer is in no rep's book, so the server ranks it on what the team has on record.
    const [{ n }] = (await tx.query<{ n: number }>(
      'select count(*)::int as n from customers where team_id = $1',
      [user.teamId],
    )) as [{ n: number }];
    const rows = await tx.query<{
      companyId: string;
      data: Record<string, unknown>;
      lastContactAt: number | null;
      poolSince: number;
      reason: 'idle' | 'released';
      previousOwnerId: string | null;
      previousOwner: string | null;
      orders: number;
      value: number | null;
      rank: number | null;
    }>(
      `with totals as (
         select o.company_id, sum((o.data->>'amount')::float8 * coalesce(($3::jsonb->>(o.data->>'currency'))::float8, 0)) as value
           from records o
          where o.team_id = $1 and o.kind = 'orders' and not o.deleted and o.data->>'status' <> 'cancelled'
            and o.company_id is not null
          group by o.company_id),
       ranked as (select company_id, value, rank() over (order by value desc)::int as rank from totals where value > 0)
       select cu.company_id as "companyId", r.data, rk.value, rk.rank,
              (extract(epoch from cu.last_contact_at) * 1000)::float8 as "lastContactAt",
              (extract(epoch from cu.pool_since) * 1000)::float8 as "poolSince",
              cu.pool_reason as reason, cu.previous_owner_id as "previousOwnerId", u.name as "previousOwner",
              (select count(*)::int from records o
                where o.team_id = cu.team_id and o.company_id = cu.company_id and o.kind = 'orders'
                  and not o.deleted and o.data->>'status' <> 'cancelled') as orders
         from customers cu
         join records r on r.team_id = cu.team_id and r.kind = 'companies' and r.id = cu.company_id and not r.deleted
         left join users u on u.id = cu.previous_owner_id
         left join ranked rk on rk.company_id = cu.company_id
        where cu.team_id = $1 and cu.owner_id is null
        order by cu.pool_since desc, cu.company_id
        limit $2`,
      [user.teamId, limit, JSON.stringify(EXAMPLE_RATES_TO_USD)],
    );
    const sizes = tierSizes(n, { vip: 1, key: 5, ordinary: 20 });
    const customers: PoolCustomer[] = rows.map((r) => {
      const coolDownUntil = Math.round(r.poolSince) + s.poolCooldownDays * DAY_MS;
      return {
        companyId: r.companyId,
        name: String(r.data.name ?? ''),
        country: typeof r.data.country === 'string' ? r.data.country : undefined,
        source: r.data.source as PoolCustomer['source'],
        orders: r.orders,
        tier: r.rank === null ? 'small' : tierWithin(r.rank, sizes, r.value ?? 0),
        lastContactAt: r.lastContactAt === null ? null : Math.round(r.lastContactAt),
        poolSince: Math.round(r.poolSince),
        reason: r.reason,
        previousOwner: r.previousOwner ?? undefined,
        coolDownUntil: r.previousOwnerId === user.id && coolDownUntil > now ? coolDownUntil : undefined,
      };
    });
    const claimsLeft = Math.max(0, s.poolClaimsPerDay - (await claimsToday(tx, user, now)));
    return { customers, claimsLeft, settings: s };
  });
}

/** Takes pool customers to reps (in turn); `how` says whether a rep claimed or a manager assigned. */
async function take(
  tx: Sql,
  by: User,
  companyIds: readonly string[],
  repIds: readonly string[],
  how: 'claim' | 'assign',
  now: number,
): Promise<number> {
  const inPool = await tx.query<{ companyId: string }>(
    `select company_id as "companyId" from customers
      where team_id = $1 and company_id = any($2) and owner_id is null
      order by company_id for update`,
    [by.teamId, companyIds],
  );
  if (inPool.length !== new Set(companyIds).size) throw new PoolError('not-in-pool');
  const order = new Map(companyIds.map((id, i) => [id, i]));
  const sorted = inPool.map((c) => c.companyId).sort((a, b) => order.get(a)! - order.get(b)!);
  const moves: Move[] = sorted.map((companyId, i) => ({
    companyId,
    from: POOL_SCOPE,
    to: repIds[i % repIds.length]!,
  }));
  const version = await nextVersion(tx, by.teamId);
  await moveCompanies(tx, by.teamId, version, moves);
  await tx.query(
    `update customers cu set owner_id = m.to_id, owner_since = $3::timestamptz, active_at = $3::timestamptz,
            pool_since = null, pool_reason = null, warned_for = null
       from unnest($2::text[], $4::text[]) as m(company_id, to_id)
      where cu.team_id = $1 and cu.company_id = m.company_id`,
    [by.teamId, moves.map((m) => m.companyId), iso(now), moves.map((m) => m.to)],
  );
  await tx.query(
    `insert into pool_claims (team_id, company_id, user_id, by_id, how, at)
     select $1, m.company_id, m.to_id, $4, $5, $6::timestamptz from unnest($2::text[], $3::text[]) as m(company_id, to_id)`,
    [by.teamId, moves.map((m) => m.companyId), moves.map((m) => m.to), by.id, how, iso(now)],
  );
  await closeRequestsOfNewOwners(tx, by, moves, now);
  await poke(tx, by.teamId, [...repIds, POOL_SCOPE]);
  return moves.length;
}

/**
 * A rep's pending transfer request for a customer that is now theirs (claimed from the pool,
 * assigned, handed over) is answered: it no longer waits in the managers' list.
 */
export async function closeRequestsOfNewOwners(
  tx: Sql,
  by: User,
  moves: readonly Move[],
  now: number,
): Promise<void> {
  if (!moves.length) return;
  await tx.query(
    `update transfer_requests t set status = 'approved', decided_by = $4, decided_at = $5::timestamptz
       from unnest($2::text[], $3::text[]) as m(company_id, to_id)
      where t.team_id = $1 and t.company_id = m.company_id and t.requested_by = m.to_id and t.status = 'pending'`,
    [by.teamId, moves.map((m) => m.companyId), moves.map((m) => m.to), by.id, iso(now)],
  );
}

/**
 * Releases customers to the public pool (公海): a rep their own, a manager anyone's. The
 * customer leaves its owner's browser with its history, and the cool-down applies to the
 * rep who released it as to one whose customer went idle.
 */
export async function release(
  db: Database,
  user: User,
  companyIds: readonly string[],
  now: number,
): Promise<number> {
  const wanted = [...new Set(companyIds)];
  return db.transaction(async (tx) => {
    const owned = await tx.query<{ companyId: string; ownerId: string | null }>(
      `select company_id as "companyId", owner_id as "ownerId" from customers
        where team_id = $1 and company_id = any($2) order by company_id for update`,
      [user.teamId, wanted],
    );
    if (owned.length !== wanted.length) throw new PoolError('not-yours');
    if (owned.some((c) => c.ownerId === null)) throw new PoolError('already-in-pool');
    if (!isManager(user.role) && owned.some((c) => c.ownerId !== user.id)) throw new PoolError('not-yours');
    const version = await nextVersion(tx, user.teamId);
    const moves: Move[] = owned.map((c) => ({ companyId: c.companyId, from: c.ownerId!, to: POOL_SCOPE }));
    await moveCompanies(tx, user.teamId, version, moves);
    await tx.query(
      `update customers set previous_owner_id = owner_id, owner_id = null, pool_since = $3::timestamptz,
              pool_reason = 'released', warned_for = null
        where team_id = $1 and company_id = any($2)`,
      [user.teamId, wanted, iso(now)],
    );
    await poke(tx, user.teamId, [...new Set(moves.map((m) => m.from)), POOL_SCOPE]);
    return moves.length;
  });
}

/** A rep claims one pool customer, under the daily limit and the cool-down. */
export async function claim(db: Database, user: User, companyId: string, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    const s = await readRuleSettings(tx, user.teamId);
    const [customer] = await tx.query<{ inPool: boolean; previous: string | null; poolSince: number | null }>(
      `select owner_id is null as "inPool", previous_owner_id as previous,
              (extract(epoch from pool_since) * 1000)::float8 as "poolSince"
         from customers where team_id = $1 and company_id = $2 for update`,
      [user.teamId, companyId],
    );
    if (!customer?.inPool) throw new PoolError('not-in-pool');
    const coolDownUntil = Math.round(customer.poolSince!) + s.poolCooldownDays * DAY_MS;
    if (customer.previous === user.id && now < coolDownUntil) throw new PoolError('cool-down', coolDownUntil);
    // Claims of one rep are counted under a lock on their user row, so two at once cannot both pass.
    await tx.query('select 1 from users where id = $1 for update', [user.id]);
    if ((await claimsToday(tx, user, now)) >= s.poolClaimsPerDay) throw new PoolError('daily-limit');
    await take(tx, user, [companyId], [user.id], 'claim', now);
  });
}

/** A manager gives pool customers to one rep, or spreads them over several in turn. */
export async function assign(
  db: Database,
  manager: User,
  companyIds: readonly string[],
  repIds: readonly string[],
  now: number,
): Promise<number> {
  return db.transaction(async (tx) => {
    await requireMembers(tx, manager.teamId, repIds);
    return take(tx, manager, [...new Set(companyIds)], repIds, 'assign', now);
  });
}

export async function requireMembers(tx: Sql, teamId: number, ids: readonly string[]): Promise<void> {
  const rows = await tx.query<{ id: string }>(
    'select id from users where team_id = $1 and id = any($2) and disabled_at is null',
    [teamId, ids],
  );
  if (rows.length !== new Set(ids).size) throw new PoolError('not-a-rep');
}
