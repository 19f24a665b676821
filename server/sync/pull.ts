import type { Cookie, PullResponse, SyncedKind, TeamMember } from '../../lib/sync/protocol';
import type { Database, Sql } from '../db/client';
import type { User } from '../rules/people';
import { isManager, TEAM_SCOPE } from '../rules/access';

// Pull (docs/sync.md): what changed in the user's view since their cookie, in
// version order, a page at a time. The read runs in one repeatable-read
// snapshot: every row up to the team's version in it has committed (pushes take
// the version row in turn), so the cookie never skips a late commit.

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
  return db.transaction(async (tx) => {
    const [team] = await tx.query<{ version: number }>('select version from teams where id = $1', [
      user.teamId,
    ]);
    const upTo = team!.version;
    const from = { v: valid?.v ?? 0, k: valid?.k ?? '', i: valid?.i ?? '' };
    // A cookie without a row covers its whole version: the rows start at the next one, (v + 1, '', '')
    // being below every row of v + 1. A paged cookie goes on after its row.
    const start = valid?.k ? from : { v: from.v + (valid ? 1 : 0), k: '', i: '' };
    const rows = await changedRows(tx, user, start, upTo, limit + 1, reset);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const deletes: PullResponse['deletes'] = [];
    const puts: PullResponse['puts'] = [];
    if (!isManager(user.role) && !reset) {
      const exits = await tx.query<{ kind: SyncedKind; id: string }>(
        `select distinct kind, id from view_exits
          where team_id = $1 and user_id = $2 and version > $3 and version <= $4`,
        [user.teamId, user.id, from.v, upTo],
      );
      // Sent before the page's puts: a record that came back has a later version, so its put follows.
      deletes.push(...exits.map((e) => ({ kind: e.kind, key: e.id })));
    }
    for (const row of page) {
      if (row.deleted) deletes.push({ kind: row.kind, key: row.id });
      else puts.push({ kind: row.kind, key: row.id, value: row.data });
    }
    const members = await tx.query<TeamMember>(
      `select id, name, email, role, disabled_at is not null as disabled
         from users where team_id = $1 and version > $2 and version <= $3 order by id`,
      [user.teamId, reset ? -1 : from.v, upTo],
    );
    const [client] = await tx.query<{ last: number }>(
      'select last_mutation_id as last from clients where id = $1 and user_id = $2',
      [clientId, user.id],
    );
    const response: PullResponse = {
      cookie:
        more && last
          ? { v: last.version, k: last.kind, i: last.id, u: user.id, r: user.role }
          : { v: upTo, u: user.id, r: user.role },
      lastMutationId: client?.last ?? 0,
      reset,
      puts,
      deletes,
      members,
      more,
    };
    if (reset) response.total = await countVisible(tx, user);
    // The first page of a pull that takes several (a handover or a claim of many customers
    // arriving) says how many are coming too, so the browser shows progress rather than
    // nothing for the while it takes.
    else if (more && !valid?.k)
      response.total = deletes.length + (await countChanged(tx, user, from.v, upTo));
    return response;
  }, 'repeatable read');
}

async function changedRows(
  tx: Sql,
  user: User,
  from: { v: number; k: string; i: string },
  upTo: number,
  limit: number,
  skipDeleted: boolean,
): Promise<Row[]> {
  const live = skipDeleted ? 'and not deleted' : '';
  if (isManager(user.role))
    return tx.query<Row>(
      `select kind, id, data, deleted, version from records
        where team_id = $1 and (version, kind, id) > ($2, $3, $4) and version <= $5 ${live}
        order by version, kind, id limit $6`,
      [user.teamId, from.v, from.k, from.i, upTo, limit],
    );
  // One index range per scope (records_scope_version), merged in version order.
  return tx.query<Row>(
    `select * from (
       (select kind, id, data, deleted, version from records
         where team_id = $1 and scope = $2 and (version, kind, id) > ($4, $5, $6) and version <= $7 ${live}
         order by version, kind, id limit $8)
       union all
       (select kind, id, data, deleted, version from records
         where team_id = $1 and scope = $3 and (version, kind, id) > ($4, $5, $6) and version <= $7 ${live}
         order by version, kind, id limit $8)
     ) r order by version, kind, id limit $8`,
    [user.teamId, user.id, TEAM_SCOPE, from.v, from.k, from.i, upTo, limit],
  );
}

/** Records in the user's view changed after version `after`, up to `upTo`: what a pull from there brings. */
async function countChanged(tx: Sql, user: User, after: number, upTo: number): Promise<number> {
  const [row] = isManager(user.role)
    ? await tx.query<{ n: number }>(
        'select count(*)::int as n from records where team_id = $1 and version > $2 and version <= $3',
        [user.teamId, after, upTo],
      )
    : await tx.query<{ n: number }>(
        `select count(*)::int as n from records
          where team_id = $1 and scope in ($2, $3) and version > $4 and version <= $5`,
        [user.teamId, user.id, TEAM_SCOPE, after, upTo],
      );
  return row!.n;
}

async function countVisible(tx: Sql, user: User): Promise<number> {
  const [row] = isManager(user.role)
    ? await tx.query<{ n: number }>(
        'select count(*)::int as n from records where team_id = $1 and not deleted',
        [user.teamId],
      )
    : await tx.query<{ n: number }>(
        'select count(*)::int as n from records where team_id = $1 and scope in ($2, $3) and not deleted',
        [user.teamId, user.id, TEAM_SCOPE],
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
