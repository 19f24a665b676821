import type { Database } from '../db/client';
import { iso } from '../clock';
import type { TransferRequest } from '../../lib/team/protocol';
import type { User } from './people';
import { moveCompanies, nextVersion, poke } from './ownership';
import { POOL_SCOPE } from './pool-scope';

// Transfer requests: a rep whose inquiry or new customer is another rep's (or the
// pool's) asks for it; the managers see the request and approve or decline it. An
// approval moves the customer with its whole history, like an assignment.

export class TransferError extends Error {
  constructor(readonly code: 'no-company' | 'yours' | 'no-request') {
    super(code);
  }
}

export async function requestTransfer(
  db: Database,
  user: User,
  companyId: string,
  note: string,
  now: number,
): Promise<number> {
  return db.transaction(async (tx) => {
    const [company] = await tx.query<{ scope: string }>(
      `select scope from records where team_id = $1 and kind = 'companies' and id = $2 and not deleted`,
      [user.teamId, companyId],
    );
    if (!company) throw new TransferError('no-company');
    if (company.scope === user.id) throw new TransferError('yours');
    const [row] = await tx.query<{ id: number }>(
      `insert into transfer_requests (team_id, company_id, requested_by, owner_id, note, created_at)
       values ($1, $2, $3, (select id from users where id = $4), $5, $6::timestamptz)
       on conflict (team_id, company_id, requested_by) where status = 'pending'
         do update set note = excluded.note
       returning id`,
      [user.teamId, companyId, user.id, company.scope, note, iso(now)],
    );
    return row!.id;
  });
}

export async function pendingTransfers(db: Database, teamId: number): Promise<TransferRequest[]> {
  const rows = await db.query<TransferRequest & { createdAt: number; ownerName: string | null }>(
    `select t.id, t.company_id as "companyId", coalesce(r.data->>'name', '') as "companyName",
            t.requested_by as "requestedBy", q.name as "requestedByName", o.name as "ownerName", t.note,
            (extract(epoch from t.created_at) * 1000)::float8 as "createdAt"
       from transfer_requests t
       join users q on q.id = t.requested_by
       left join users o on o.id = t.owner_id
       left join records r on r.team_id = t.team_id and r.kind = 'companies' and r.id = t.company_id
      where t.team_id = $1 and t.status = 'pending'
      order by t.created_at, t.id limit 200`,
    [teamId],
  );
  return rows.map((r) => ({ ...r, ownerName: r.ownerName ?? undefined, createdAt: Math.round(r.createdAt) }));
}

/** A manager approves (the customer moves to the requester) or declines a request. */
export async function decideTransfer(
  db: Database,
  manager: User,
  requestId: number,
  approve: boolean,
  now: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [request] = await tx.query<{ companyId: string; requestedBy: string }>(
      `select company_id as "companyId", requested_by as "requestedBy" from transfer_requests
        where team_id = $1 and id = $2 and status = 'pending' for update`,
      [manager.teamId, requestId],
    );
    if (!request) throw new TransferError('no-request');
    await tx.query(
      `update transfer_requests set status = $3, decided_by = $4, decided_at = $5::timestamptz
        where team_id = $1 and id = $2`,
      [manager.teamId, requestId, approve ? 'approved' : 'declined', manager.id, iso(now)],
    );
    if (!approve) return;
    const [company] = await tx.query<{ scope: string }>(
      `select scope from records where team_id = $1 and kind = 'companies' and id = $2 and not deleted for update`,
      [manager.teamId, request.companyId],
    );
    if (!company) throw new TransferError('no-company');
    if (company.scope === request.requestedBy) return;
    const version = await nextVersion(tx, manager.teamId);
    await moveCompanies(tx, manager.teamId, version, [
      { companyId: request.companyId, from: company.scope, to: request.requestedBy },
    ]);
    await tx.query(
      `update customers set owner_id = $3, owner_since = $4::timestamptz, active_at = $4::timestamptz,
              pool_since = null, pool_reason = null, warned_for = null,
              previous_owner_id = case when owner_id is null then previous_owner_id else owner_id end
        where team_id = $1 and company_id = $2`,
      [manager.teamId, request.companyId, request.requestedBy, iso(now)],
    );
    // Other requests for the same customer are answered by this one.
    await tx.query(
      `update transfer_requests set status = 'declined', decided_by = $3, decided_at = $4::timestamptz
        where team_id = $1 and company_id = $2 and status = 'pending'`,
      [manager.teamId, request.companyId, manager.id, iso(now)],
    );
    await poke(tx, manager.teamId, [company.scope, request.requestedBy, POOL_SCOPE]);
  });
}
