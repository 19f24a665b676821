import type { Database } from '../db/client';
import { iso } from '../clock';
import type { HandoverRecord } from '../../lib/team/protocol';
import type { User } from './people';
import { moveCompanies, nextVersion, poke, type Move } from './ownership';
import { closeRequestsOfNewOwners, PoolError, requireMembers } from './pool';

// Handover by a manager (issue 13): all of one rep's customers, with their contacts,
// interactions, orders and reminders, to a successor or to several in turn, in one
// transaction with an audit record. Authors stay as they were: the successor sees who
// wrote each record. The leaving rep's next pull drops all of it (view_exits).

export class HandoverError extends Error {
  constructor(readonly code: 'same-rep' | 'nothing') {
    super(code);
  }
}

export async function handOver(
  db: Database,
  manager: User,
  fromRepId: string,
  toRepIds: readonly string[],
  now: number,
): Promise<HandoverRecord> {
  const to = [...new Set(toRepIds)];
  if (to.includes(fromRepId)) throw new HandoverError('same-rep');
  return db.transaction(async (tx) => {
    // No JIT compilation: on a big book the planner prices these set-based statements high enough
    // to compile them, and compiling cost more than running them (0.3-1 s for the statement that
    // moves the rest of the rep's records, which finds a handful of rows or none).
    await tx.query(`select set_config('jit', 'off', true)`);
    await requireMembers(tx, manager.teamId, to);
    const [from] = await tx.query<{ id: string }>('select id from users where team_id = $1 and id = $2', [
      manager.teamId,
      fromRepId,
    ]);
    if (!from) throw new PoolError('not-a-rep');
    const version = await nextVersion(tx, manager.teamId);
    const companies = await tx.query<{ id: string }>(
      `select id from records where team_id = $1 and kind = 'companies' and scope = $2 and not deleted
        order by id for update`,
      [manager.teamId, fromRepId],
    );
    const moves: Move[] = companies.map((c, i) => ({
      companyId: c.id,
      from: fromRepId,
      to: to[i % to.length]!,
    }));
    const moved = await moveCompanies(tx, manager.teamId, version, moves);
    // Reminders go with their company; the rest of the rep's records (reminders and contacts
    // without a company, logged contacts of no customer) go to the first successor.
    const rest = await tx.query<{ kind: string; n: number }>(
      `with m(company_id, to_scope) as (select * from unnest($4::text[], $5::text[])),
       rest as (
         select r2.kind, r2.id, coalesce(m.to_scope, $3) as to_scope
           from records r2 left join m on m.company_id = r2.data->>'companyId'
          where r2.team_id = $1 and r2.scope = $2 and r2.kind in ('reminders', 'contacts', 'interactions', 'orders')),
       moved as (
         update records r
            set scope = rest.to_scope, version = $6,
                data = case when r.kind = 'reminders'
                            then jsonb_set(r.data, '{ownerRepId}', to_jsonb(rest.to_scope)) else r.data end
           from rest
          where r.team_id = $1 and r.kind = rest.kind and r.id = rest.id
         returning r.kind, r.id),
       exits as (
         insert into view_exits (team_id, version, user_id, kind, id)
         select $1, $6, $2, kind, id from moved returning 1)
       select kind, count(*)::int as n from moved group by kind`,
      [manager.teamId, fromRepId, to[0], moves.map((m) => m.companyId), moves.map((m) => m.to), version],
    );
    const n = (kind: string) => rest.find((r) => r.kind === kind)?.n ?? 0;
    // The leaving rep's customers, found by their owner (customers_owner): joined by company id
    // alone, the planner read the whole team's customers into a hash (1M rows, 0.5-0.7 s).
    await tx.query(
      `update customers cu set owner_id = m.to_id, owner_since = $3::timestamptz,
              active_at = greatest(cu.active_at, $3::timestamptz), warned_for = null
         from unnest($2::text[], $4::text[]) as m(company_id, to_id)
        where cu.team_id = $1 and cu.owner_id = $5 and cu.company_id = m.company_id`,
      [manager.teamId, moves.map((m) => m.companyId), iso(now), moves.map((m) => m.to), fromRepId],
    );
    // Transfer requests for these customers are answered by the handover: the successor's own
    // as granted, anyone else's as declined (they may ask the successor's manager again).
    await closeRequestsOfNewOwners(tx, manager, moves, now);
    await tx.query(
      `update transfer_requests set status = 'declined', decided_by = $3, decided_at = $4::timestamptz
        where team_id = $1 and company_id = any($2) and status = 'pending'`,
      [manager.teamId, moves.map((m) => m.companyId), manager.id, iso(now)],
    );
    const counts = {
      companies: moved.companies,
      contacts: moved.contacts + n('contacts'),
      interactions: moved.interactions + n('interactions'),
      orders: moved.orders + n('orders'),
      reminders: n('reminders'),
    };
    const [audit] = await tx.query<{ id: number }>(
      `insert into handovers (team_id, from_user, to_users, by_user, at, companies, contacts, interactions, orders, reminders)
       values ($1, $2, $3, $4, $5::timestamptz, $6, $7, $8, $9, $10) returning id`,
      [
        manager.teamId,
        fromRepId,
        to,
        manager.id,
        iso(now),
        counts.companies,
        counts.contacts,
        counts.interactions,
        counts.orders,
        counts.reminders,
      ],
    );
    await poke(tx, manager.teamId, [fromRepId, ...to]);
    return { id: audit!.id, fromUser: fromRepId, toUsers: to, byUser: manager.id, at: now, ...counts };
  });
}

export async function listHandovers(db: Database, teamId: number, limit = 20): Promise<HandoverRecord[]> {
  const rows = await db.query<Omit<HandoverRecord, 'at'> & { at: number }>(
    `select id, from_user as "fromUser", to_users as "toUsers", by_user as "byUser",
            (extract(epoch from at) * 1000)::float8 as at, companies, contacts, interactions, orders, reminders
       from handovers where team_id = $1 order by at desc, id desc limit $2`,
    [teamId, limit],
  );
  return rows.map((r) => ({ ...r, at: Math.round(r.at) }));
}
