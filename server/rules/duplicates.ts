import type { Sql } from '../db/client';
import {
  companyKeys,
  contactKeys,
  probeKeys,
  type DuplicateKey,
  type DuplicateKeyKind,
  type DuplicateProbe,
} from '../../lib/team/duplicateKeys';
import type { DuplicateMatch } from '../../lib/team/protocol';
import { TEAM_SCOPE } from './access';
import { POOL_SCOPE } from './pool-scope';

// The duplicate check (查重) over the whole team: exact keys (address, registrable
// domain, phone) through a b-tree, similar company names through pg_trgm's GIN
// index. Answers say whose customer it is and since when, never more of their data.

type Rec = Record<string, unknown>;
export type KeyedKind = 'companies' | 'contacts';
export const isKeyed = (kind: string): kind is KeyedKind => kind === 'companies' || kind === 'contacts';

export function keysOf(kind: KeyedKind, data: Rec, country?: string): DuplicateKey[] {
  return kind === 'companies'
    ? companyKeys(data)
    : contactKeys(data, country ?? (typeof data.country === 'string' ? data.country : undefined));
}

/** Replaces a record's keys with `keys` (none: the record was deleted). */
export async function writeKeys(
  tx: Sql,
  teamId: number,
  kind: KeyedKind,
  id: string,
  keys: readonly DuplicateKey[],
): Promise<void> {
  await tx.query('delete from duplicate_keys where team_id = $1 and kind = $2 and id = $3', [
    teamId,
    kind,
    id,
  ]);
  if (!keys.length) return;
  await tx.query(
    `insert into duplicate_keys (team_id, kind, id, key_kind, value)
     select $1, $2, $3, k, v from unnest($4::text[], $5::text[]) as t(k, v) on conflict do nothing`,
    [teamId, kind, id, keys.map((k) => k.kind), keys.map((k) => k.value)],
  );
}

export async function storedKeys(
  tx: Sql,
  teamId: number,
  kind: KeyedKind,
  id: string,
): Promise<DuplicateKey[]> {
  return tx.query<DuplicateKey>(
    'select key_kind as kind, value from duplicate_keys where team_id = $1 and kind = $2 and id = $3',
    [teamId, kind, id],
  );
}

interface Hit {
  kind: KeyedKind;
  id: string;
  keyKind: DuplicateKeyKind;
  score: number | null;
}

/**
 * Records holding any of `keys`; names by similarity at or above `threshold`. Two round trips
 * at most (the check runs for every inquiry the card shows): the exact keys through the
 * b-tree, in the same statement as the threshold for this transaction; then the name through
 * the GIN trigram index, whose `%` reads that threshold, so only the index's candidates are
 * compared and never the whole book.
 */
async function hits(
  tx: Sql,
  teamId: number,
  keys: readonly DuplicateKey[],
  threshold: number,
): Promise<Hit[]> {
  const exact = keys.filter((k) => k.kind !== 'name');
  const name = keys.find((k) => k.kind === 'name')?.value;
  const found: Hit[] = [];
  if (exact.length || name) {
    const [row] = await tx.query<{ threshold: string; exact: Hit[] | null }>(
      `select set_config('pg_trgm.similarity_threshold', $4, true) as threshold,
              (select json_agg(x) from (
                 select k.kind, k.id, k.key_kind as "keyKind", null::real as score
                   from duplicate_keys k
                   join unnest($2::text[], $3::text[]) as p(key_kind, value)
                     on k.key_kind = p.key_kind and k.value = p.value
                  where k.team_id = $1
                  limit 50) x) as exact`,
      [teamId, exact.map((k) => k.kind), exact.map((k) => k.value), String(threshold)],
    );
    found.push(...(row?.exact ?? []));
  }
  if (name)
    found.push(
      ...(await tx.query<Hit>(
        `select kind, id, 'name' as "keyKind", similarity(value, $2) as score
           from duplicate_keys
          where team_id = $1 and key_kind = 'name' and value % $2
          order by score desc limit 10`,
        [teamId, name],
      )),
    );
  return found;
}

interface Owned {
  companyId: string;
  companyName: string;
  scope: string;
  ownerName: string | null;
  since: string;
  /** A transfer request of the asker's waits for it. */
  requested: boolean;
}

/**
 * The companies behind hits (a contact's company; a contact without one stands for itself),
 * and whether `askerId` already asked for each.
 */
async function owners(
  tx: Sql,
  teamId: number,
  askerId: string,
  found: readonly Hit[],
): Promise<Map<string, Owned>> {
  const rows = await tx.query<Owned & { kind: string; id: string }>(
    `select h.kind, h.id, c.id as "companyId", coalesce(c.data->>'name', ct.data->>'name') as "companyName",
            c.scope, u.name as "ownerName",
            to_char(coalesce(case when cu.owner_id is null then cu.pool_since else cu.owner_since end,
                             to_timestamp((c.data->>'createdAt')::float8 / 1000)) at time zone 'UTC', 'YYYY-MM') as since,
            exists (select 1 from transfer_requests t
                     where t.team_id = $1 and t.company_id = c.id and t.requested_by = $4 and t.status = 'pending')
              as requested
       from unnest($2::text[], $3::text[]) as h(kind, id)
       left join records ct on h.kind = 'contacts' and ct.team_id = $1 and ct.kind = 'contacts' and ct.id = h.id
       join records c on c.team_id = $1 and c.kind = case when h.kind = 'contacts' and ct.company_id is not null
                                                          then 'companies' else h.kind end
                     and c.id = case when h.kind = 'contacts' then coalesce(ct.company_id, h.id) else h.id end
                     and not c.deleted
       left join customers cu on cu.team_id = $1 and cu.company_id = c.id
       left join users u on u.id = c.scope`,
    [teamId, found.map((h) => h.kind), found.map((h) => h.id), askerId],
  );
  return new Map(rows.map((r) => [`${r.kind}/${r.id}`, r]));
}

export interface CheckOptions {
  /** Companies (or company-less contacts) that are the record itself. */
  exclude?: readonly string[];
  threshold: number;
}

/** The customers the keys point at, grouped per company, strongest first. */
export async function findDuplicates(
  tx: Sql,
  user: { id: string; teamId: number; role: string },
  keys: readonly DuplicateKey[],
  options: CheckOptions,
): Promise<DuplicateMatch[]> {
  if (!keys.length) return [];
  const found = await hits(tx, user.teamId, keys, options.threshold);
  if (!found.length) return [];
  const owned = await owners(tx, user.teamId, user.id, found);
  const byCompany = new Map<string, DuplicateMatch>();
  for (const hit of found) {
    const o = owned.get(`${hit.kind}/${hit.id}`);
    if (!o || options.exclude?.includes(o.companyId)) continue;
    let match = byCompany.get(o.companyId);
    if (!match) {
      const owner: DuplicateMatch['owner'] =
        o.scope === POOL_SCOPE
          ? { kind: 'pool' }
          : o.scope === user.id
            ? { kind: 'you' }
            : { kind: 'rep', id: o.scope, name: o.ownerName ?? o.scope };
      match = { companyId: o.companyId, companyName: o.companyName, matchedBy: [], owner, since: o.since };
      if (o.requested) match.requested = true;
      byCompany.set(o.companyId, match);
    }
    if (!match.matchedBy.includes(hit.keyKind)) match.matchedBy.push(hit.keyKind);
    if (hit.score !== null)
      match.similarity = Math.max(match.similarity ?? 0, Math.round(hit.score * 100) / 100);
  }
  const strength = (m: DuplicateMatch) =>
    (m.matchedBy.includes('email') ? 8 : 0) +
    (m.matchedBy.includes('domain') ? 4 : 0) +
    (m.matchedBy.includes('phone') ? 2 : 0) +
    (m.similarity ?? 0);
  return [...byCompany.values()].sort((a, b) => strength(b) - strength(a)).slice(0, 20);
}

export async function checkProbe(
  tx: Sql,
  user: { id: string; teamId: number; role: string },
  probe: DuplicateProbe,
  threshold: number,
): Promise<DuplicateMatch[]> {
  return findDuplicates(tx, user, probeKeys(probe), { threshold });
}

/** The refusal of a duplicate create, naming the owner (shown to the rep as the rejected change's reason). */
export function duplicateReason(match: DuplicateMatch): string {
  const by = match.matchedBy.join(', ');
  if (match.owner.kind === 'pool')
    return `${match.companyName} is in the public pool (since ${match.since}; same ${by}): claim it from the pool instead.`;
  const owner = match.owner.kind === 'rep' ? match.owner.name : 'you';
  return `${match.companyName} is already ${owner === 'you' ? 'your' : `${owner}'s`} customer (since ${match.since}; same ${by}): ask ${owner === 'you' ? 'a manager' : `${owner} or a manager`} for a transfer.`;
}

/**
 * Whether a write creates a customer the team already has: the keys the record gains,
 * checked against every other company and contact. A match with the record's own company,
 * or with a customer of the record's own owner, is no duplicate of someone else's.
 */
export async function duplicateOfWrite(
  tx: Sql,
  user: { id: string; teamId: number; role: string },
  write: {
    kind: KeyedKind;
    id: string;
    data: Rec;
    scope: string;
    companyId: string | null;
    country?: string;
  },
  threshold: number,
): Promise<DuplicateMatch | null> {
  const keys = keysOf(write.kind, write.data, write.country);
  const before = await storedKeys(tx, user.teamId, write.kind, write.id);
  const had = new Set(before.map((k) => `${k.kind}:${k.value}`));
  const gained = keys.filter((k) => !had.has(`${k.kind}:${k.value}`));
  if (!gained.length) return null;
  const self = write.kind === 'companies' ? write.id : (write.companyId ?? write.id);
  const matches = await findDuplicates(tx, { ...user, id: write.scope }, gained, {
    threshold,
    exclude: [self],
  });
  // The owner's own customers and the team's shared records are not someone else's.
  return (
    matches.find((m) => m.owner.kind !== 'you' && !(m.owner.kind === 'rep' && m.owner.id === TEAM_SCOPE)) ??
    null
  );
}
