import type { Sql } from '../db/client';
import { POKE_CHANNEL, pokePayload } from '../sync/poke';
import { COMPANY_CHILD_KINDS } from './access';

// Moving customers between owners in bulk (the pool's sweep and claims, a manager's
// assignment and handover): set-based SQL, one team version for the whole move. Every
// moved row takes the new owner's scope and the version, so the new owner's next pull
// brings the whole history; the old owner's `view_exits` make their pull drop it
// (docs/sync.md, "Left your view"). Authors are never touched.

export interface Move {
  companyId: string;
  from: string;
  to: string;
}

/**
 * The team's next version, for a change made outside a push. The row stays locked
 * until commit, so versions still follow commit order.
 */
export async function nextVersion(tx: Sql, teamId: number): Promise<number> {
  const [row] = await tx.query<{ version: number }>(
    'update teams set version = version + 1 where id = $1 returning version',
    [teamId],
  );
  return row!.version;
}

export async function poke(tx: Sql, teamId: number, scopes: Iterable<string>): Promise<void> {
  await tx.query('select pg_notify($1, $2)', [POKE_CHANNEL, pokePayload(teamId, scopes)]);
}

export interface Moved {
  companies: number;
  contacts: number;
  interactions: number;
  orders: number;
}

/** Moves companies with their contacts, interactions and orders; returns how many rows of each. */
export async function moveCompanies(
  tx: Sql,
  teamId: number,
  version: number,
  moves: readonly Move[],
): Promise<Moved> {
  const counts: Moved = { companies: 0, contacts: 0, interactions: 0, orders: 0 };
  if (!moves.length) return counts;
  const args = [
    teamId,
    version,
    moves.map((m) => m.companyId),
    moves.map((m) => m.from),
    moves.map((m) => m.to),
  ];
  const rows = await tx.query<{ kind: keyof Moved; n: number }>(
    `with m(company_id, from_scope, to_scope) as (select * from unnest($3::text[], $4::text[], $5::text[])),
     companies as (
       update records r set scope = m.to_scope, version = $2,
              data = jsonb_set(r.data, '{ownerRepId}', to_jsonb(m.to_scope))
         from m
        where r.team_id = $1 and r.kind = 'companies' and r.id = m.company_id
       returning r.kind, r.id, m.from_scope),
     children as (
       update records r set scope = m.to_scope, version = $2
         from m
        where r.team_id = $1 and r.company_id = m.company_id and r.kind = any($6)
          and r.scope <> m.to_scope
       returning r.kind, r.id, m.from_scope),
     moved as (select * from companies union all select * from children),
     exits as (
       insert into view_exits (team_id, version, user_id, kind, id)
       select $1, $2, moved.from_scope, moved.kind, moved.id
         from moved join users u on u.id = moved.from_scope and u.team_id = $1
       returning 1)
     select kind, count(*)::int as n from moved group by kind`,
    [...args, COMPANY_CHILD_KINDS],
  );
  for (const row of rows) counts[row.kind] = row.n;
  return counts;
}
