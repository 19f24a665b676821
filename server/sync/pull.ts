import type { Cookie, PullResponse, SyncedKind, TeamMember } from '../../lib/sync/protocol';
import type { Database, Sql } from '../db/client';
import type { User } from '../rules/people';
import { isManager, TEAM_SCOPE } from '../rules/access';

// Pull (docs/sync.md): what changed in the user's view since their cookie, in
// version order, a page at a time. The answer is read by one statement, so from one
// snapshot: every row up to the team's version in it has committed (pushes take the
// version row in turn, and stamp their rows in the same commit), so the cookie never
// skips a late commit. One statement is also one round trip: at 500 connected reps
// a pull used to hold a pooled connection for seven (a transaction of five queries).

export const DEFAULT_PAGE = 1000;

interface Row {
  kind: SyncedKind;
  id: string;
  data: Record<string, unknown>;
  deleted: boolean;
  version: number;
}

interface Answer {
  upTo: number;
  rows: Row[];
  exits: { kind: SyncedKind; id: string }[];
  members: TeamMember[];
  last: number | null;
  total: number | null;
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
  const manager = isManager(user.role);
  const from = { v: valid?.v ?? 0, k: valid?.k ?? '', i: valid?.i ?? '' };
  // A cookie without a row covers its whole version: the rows start at the next one, (v + 1, '', '')
  // being below every row of v + 1. A paged cookie goes on after its row.
  const start = valid?.k ? from : { v: from.v + (valid ? 1 : 0), k: '', i: '' };

  const params: unknown[] = [];
  const $ = (value: unknown) => `$${params.push(value)}`;
  const team = $(user.teamId);
  const after = `(version, kind, id) > (${$(start.v)}::bigint, ${$(start.k)}::text, ${$(start.i)}::text)`;
  const live = reset ? 'and not deleted' : '';
  const cap = $(limit + 1);
  const upTo = '(select v from t)';
  const range = (scope: string) =>
    `select kind, id, data, deleted, version from records
      where team_id = ${team} ${scope} and ${after} and version <= ${upTo} ${live}
      order by version, kind, id limit ${cap}`;
  // Managers read the team's index range; a rep one range per scope (records_scope_version),
  // merged in version order.
  const rows = manager
    ? range('')
    : `select * from ((${range(`and scope = ${$(user.id)}`)}) union all (${range(`and scope = ${$(TEAM_SCOPE)}`)})) r
        order by version, kind, id limit ${cap}`;
  const me = $(user.id);
  // What left a rep's view since the cookie (ownership moved): sent as deletes.
  const exits =
    manager || reset
      ? `'[]'::json`
      : `coalesce((select json_agg(json_build_object('kind', e.kind, 'id', e.id)) from (
           select distinct kind, id from view_exits
            where team_id = ${team} and user_id = ${me} and version > ${$(from.v)}::bigint
              and version <= ${upTo}) e), '[]'::json)`;
  const total = !reset
    ? 'null::int'
    : manager
      ? `(select count(*)::int from records where team_id = ${team} and not deleted)`
      : `(select count(*)::int from records where team_id = ${team} and scope in (${me}, ${$(TEAM_SCOPE)}) and not deleted)`;
  const [answer] = await db.query<Answer>(
    `with t as (select version as v from teams where id = ${team}),
          page as (${rows})
     select ${upTo} as "upTo",
            coalesce((select json_agg(json_build_object('kind', p.kind, 'id', p.id, 'data', p.data,
                        'deleted', p.deleted, 'version', p.version) order by p.version, p.kind, p.id)
                        from page p), '[]'::json) as rows,
            ${exits} as exits,
            coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email,
                        'role', u.role, 'disabled', u.disabled_at is not null) order by u.id)
                        from users u where u.team_id = ${team} and u.version > ${$(reset ? -1 : from.v)}::bigint
                         and u.version <= ${upTo}), '[]'::json) as members,
            (select last_mutation_id from clients where id = ${$(clientId)} and user_id = ${me}) as last,
            ${total} as total`,
    params,
  );
  const { rows: found, exits: gone, members } = answer!;
  const version = Number(answer!.upTo);
  const more = found.length > limit;
  const page = found.slice(0, limit);
  const last = page.at(-1);
  // Sent before the page's puts: a record that came back has a later version, so its put follows.
  const deletes: PullResponse['deletes'] = gone.map((e) => ({ kind: e.kind, key: e.id }));
  const puts: PullResponse['puts'] = [];
  for (const row of page) {
    if (row.deleted) deletes.push({ kind: row.kind, key: row.id });
    else puts.push({ kind: row.kind, key: row.id, value: row.data });
  }
  const response: PullResponse = {
    cookie:
      more && last
        ? { v: Number(last.version), k: last.kind, i: last.id, u: user.id, r: user.role }
        : { v: version, u: user.id, r: user.role },
    lastMutationId: Number(answer!.last ?? 0),
    reset,
    puts,
    deletes,
    members,
    more,
  };
  if (reset) response.total = answer!.total ?? 0;
  // The first page of a pull that takes several (a handover or a claim of many customers
  // arriving) says how many are coming too, so the browser shows progress rather than
  // nothing for the while it takes. A count for progress only: read after the page, it may
  // be a few rows off when pushes committed in between.
  else if (more && !valid?.k)
    response.total = deletes.length + (await countChanged(db, user, from.v, version));
  return response;
}

async function countChanged(db: Sql, user: User, after: number, upTo: number): Promise<number> {
  const [row] = isManager(user.role)
    ? await db.query<{ n: number }>(
        'select count(*)::int as n from records where team_id = $1 and version > $2 and version <= $3',
        [user.teamId, after, upTo],
      )
    : await db.query<{ n: number }>(
        `select count(*)::int as n from records
          where team_id = $1 and scope in ($2, $3) and version > $4 and version <= $5`,
        [user.teamId, user.id, TEAM_SCOPE, after, upTo],
      );
  return row!.n;
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
