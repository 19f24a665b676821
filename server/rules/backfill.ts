import type { Sql } from '../db/client';
import { keysOf, writeKeys } from './duplicates';

// Migration 003's second half, in TypeScript because phone numbers are normalised by
// libphonenumber: the duplicate keys of every company and contact already stored, and a
// place in the pool's rules for every company (owned since the upgrade, so nobody's
// customers return to the pool on the day the server is upgraded).

const BATCH = 2000;

export async function backfillTeamRules(tx: Sql): Promise<void> {
  for (const kind of ['companies', 'contacts'] as const) {
    let after = { team: -1, id: '' };
    for (;;) {
      const rows = await tx.query<{
        teamId: number;
        id: string;
        data: Record<string, unknown>;
        country: string | null;
      }>(
        `select r.team_id as "teamId", r.id, r.data, c.data->>'country' as country
           from records r
           left join records c on c.team_id = r.team_id and c.kind = 'companies' and c.id = r.company_id
          where r.kind = $1 and not r.deleted and (r.team_id, r.id) > ($2, $3)
          order by r.team_id, r.id limit $4`,
        [kind, after.team, after.id, BATCH],
      );
      for (const row of rows)
        await writeKeys(tx, row.teamId, kind, row.id, keysOf(kind, row.data, row.country ?? undefined));
      if (rows.length < BATCH) break;
      const last = rows.at(-1)!;
      after = { team: last.teamId, id: last.id };
    }
  }
  await tx.query(
    `insert into customers (team_id, company_id, owner_id, owner_since, active_at)
     select r.team_id, r.id, u.id, now(), now()
       from records r join users u on u.id = r.scope and u.team_id = r.team_id
      where r.kind = 'companies' and not r.deleted
     on conflict do nothing`,
  );
}
