import type { Cookie, PullResponse, SyncedKind, TeamMember } from '../../lib/sync/protocol';
import type { Database, Sql } from '../db/client';
import type { User } from '../rules/people';
import { isManager, TEAM_SCOPE } from '../rules/access';

// Pull (docs/sync.md): what changed in the user's view since their cookie, in
// version order, a page at a time. The read is one statement, so one snapshot:
// every row up to the team's version in it has committed (pushes take the
// version row in turn), so the cookie never skips a late commit.

export const DEFAULT_PAGE = 1000;

interface Row {
  kind: SyncedKind;
  id: string;
  data: Record<string, unknown>;
  deleted: boolean;
  version: number;
}

export async function pull(
  db: Database,
  user: User,
  clientId: string,
  cookie: Cookie | null,
  limit = DEFAULT_PAGE,
): Promise<PullResponse> {
  // A cookie issued to someone else, or to this user in another role, starts over.
  const valid = cookie && cookie.u === user.id && cookie.r === user.role ? cookie : null;
  const reset = valid === null;
  const from = { v: valid?.v ?? 0, k: valid?.k ?? '', i: valid?.i ?? '' };
  // A cookie without a row covers its whole version: the rows start at the next one, (v + 1, '', '')
  // being below every row of v + 1. A paged cookie goes on after its row.
  const start = valid?.k ? from : { v: from.v + (valid ? 1 : 0), k: '', i: '' };
  const manager = isManager(user.role);
  // One statement, so one snapshot (and one round trip): the team's version V in it, the page of
  // rows up to V, the rep's view exits, the people changed, the client's last mutation.
  const live = reset ? 'and not deleted' : '';
  const since = `(version, kind, id) > ($2, $3, $4) and version <= (select v from t) ${live}`;
  const rows = manager
    ? `select kind, id, data, deleted, version from records
        where team_id = $1 and ${since} order by version, kind, id limit $5`
    : // One index range per scope (records_scope_version), merged in version order.
      `select * from (
         (select kind, id, data, deleted, version from records
           where team_id = $1 and scope = $6 and ${since} order by version, kind, id limit $5)
         union all
         (select kind, id, data, deleted, version from records
           where team_id = $1 and scope = $9 and ${since} order by version, kind, id limit $5)
       ) r order by version, kind, id limit $5`;
  const exits =
    manager || reset
      ? `'[]'::json`
      : `coalesce((select json_agg(json_build_object('kind', e.kind, 'id', e.id)) from (
           select distinct kind, id from view_exits
            where team_id = $1 and user_id = $6 and version > $8 and version <= (select v from t)) e), '[]')`;
  const total = !reset
    ? 'null::int'
    : manager
      ? '(select count(*)::int from records where team_id = $1 and not deleted)'
      : '(select count(*)::int from records where team_id = $1 and scope in ($6, $9) and not deleted)';
  const params: unknown[] = [user.teamId, start.v, start.k, start.i, limit + 1, user.id, clientId, reset ? -1 : from.v];
  if (!manager) params.push(TEAM_SCOPE);
  const [answer] = await db.query<{
    upTo: number;
    rows: Row[];
    exits: { kind: SyncedKind; id: string }[];
    members: TeamMember[];
    last: number | null;
    total: number | null;
  }>(
    `with t as (select version as v from teams where id = $1),
          page as (${rows})
     select (select v from t) as "upTo",
            coalesce((select json_agg(json_build_object('kind', p.kind, 'id', p.id, 'data', p.data,
                        'deleted', p.deleted, 'version', p.version) order by p.version, p.kind, p.id)
                        from page p), '[]') as rows,
            ${exits} as exits,
            coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email,
                        'role', u.role, 'disabled', u.disabled_at is not null) order by u.id)
                        from users u where u.team_id = $1 and u.version > $8
                         and u.version <= (select v from t)), '[]') as members,
            (select last_mutation_id from clients where id = $7 and user_id = $6) as last,
            ${total} as total`,
    params,
  );
  const upTo = answer!.upTo;
  const more = answer!.rows.length > limit;
  const page = answer!.rows.slice(0, limit);
  const last = page.at(-1);
  // View exits are sent before the page's puts: a record that came back has a later version, so its put follows.
  const deletes: PullResponse['deletes'] = answer!.exits.map((e) => ({ kind: e.kind, key: e.id }));
  const puts: PullResponse['puts'] = [];
  for (const row of page) {
    if (row.deleted) deletes.push({ kind: row.kind, key: row.id });
    else puts.push({ kind: row.kind, key: row.id, value: row.data });
  }
  const response: PullResponse = {
    cookie:
      more && last
        ? { v: last.version, k: last.kind, i: last.id, u: user.id, r: user.role }
        : { v: upTo, u: user.id, r: user.role },
    lastMutationId: Number(answer!.last ?? 0),
    reset,
    puts,
    deletes,
    members: answer!.members,
    more,
  };
  if (reset) response.total = answer!.total ?? 0;
  return response;
}

/** One record, read directly (the record endpoint): null when absent or not in the user's view. */
export async function readRecord(db: Sql, user: User, kind: SyncedKind, id: string) {
  const [row] = await db.query<{ scope: string; data: Record<string, unknown> }>(
    'select scope, data from records where team_id = $1 and kind = $2 and id = $3 and not deleted',
    [user.teamId, kind, id],
  );
  if (!row) return null;
  if (!isManager(user.role) && row.scope !== user.id && row.scope !== TEAM_SCOPE) return null;
  return row.data;
}
