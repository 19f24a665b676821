import { Dexie, type Table } from 'dexie';
import type { CrmDb } from '../db/db';
import type { Rep } from '../db/types';
import { mergeRecord } from './merge';
import { startOutbox } from './outbox';
import {
  KEY_FIELD,
  SYNCED_KINDS,
  TEAM_SETTING_KEYS,
  type MutationResult,
  type PullResponse,
  type SyncedKind,
} from './protocol';
import { META, type OutboxEntry, type RejectedChange, type SyncState } from './tables';

// Team mode's side of IndexedDB: the outbox (changes waiting for the server),
// the pull's cookie, and applying what a pull brings.

type Rec = Record<string, unknown>;

/**
 * Transactions that write what the server sent: the outbox does not record them
 * (they are the server's changes, not this browser's). Keyed by the IndexedDB
 * transaction, which is what the change feed hands its readers.
 */
export const fromServer = new WeakSet<object>();

export const syncedTables = (db: CrmDb) => SYNCED_KINDS.map((kind) => db.table(kind));

export async function readState(db: CrmDb): Promise<SyncState | undefined> {
  return (await db.syncMeta.get(META.state))?.value as SyncState | undefined;
}

/** Whether a book setting travels to the team (the rest stay in this browser). */
export const isTeamSetting = (key: unknown) => (TEAM_SETTING_KEYS as readonly unknown[]).includes(key);

/** Changes waiting for the server, oldest first. */
export async function readOutbox(db: CrmDb, limit: number): Promise<OutboxEntry[]> {
  return db.syncOutbox.limit(limit).toArray();
}

export async function pendingCount(db: CrmDb): Promise<number> {
  return db.syncOutbox.count();
}

/**
 * Turns team mode on for this book and queues every record of it for upload, in one
 * transaction: the first push merges the whole solo book into the team's (joining).
 * As in a handover merge, the person joining becomes the owner of every customer and
 * reminder of the book; what the solo rep of this browser wrote is marked as written
 * by the signed-in person; every other author stays.
 */
export async function joinTeam(db: CrmDb, state: SyncState, soloRepId: string | undefined): Promise<number> {
  let queued = 0;
  startOutbox(); // from now on every write in this context is queued too
  await db.transaction('rw', [...syncedTables(db), db.syncOutbox, db.syncMeta, db.reps], async () => {
    fromServer.add(Dexie.currentTransaction.idbtrans);
    await db.syncMeta.put({ key: META.state, value: state });
    await db.syncMeta.delete(META.cookie);
    const at = Date.now();
    for (const kind of SYNCED_KINDS) {
      const table = db.table(kind) as Table<Rec, string>;
      const records = await table.toArray();
      const rewritten = records
        .filter((r) => kind !== 'settings' || isTeamSetting(r.key))
        .map((r) => rewriteRep(r, soloRepId, state.userId));
      await table.bulkPut(rewritten.filter((r, i) => r !== records[i]));
      const entries: OutboxEntry[] = rewritten.map((value) => ({
        op: 'put',
        kind,
        key: String(value[KEY_FIELD[kind]]),
        value,
        base: null,
        at,
      }));
      await db.syncOutbox.bulkAdd(entries);
      queued += entries.length;
    }
  });
  return queued;
}

function rewriteRep(record: Rec, solo: string | undefined, to: string): Rec {
  let out = record;
  if ('ownerRepId' in record && record.ownerRepId !== to) out = { ...out, ownerRepId: to };
  for (const field of ['authorRepId', 'repId'])
    if (solo && record[field] === solo) out = { ...out, [field]: to };
  return out;
}

/** Drops what the server answered for (accepted or rejected); keeps the rejected ones to show. */
export async function settlePush(
  db: CrmDb,
  sent: readonly OutboxEntry[],
  results: readonly MutationResult[],
  now = Date.now(),
): Promise<RejectedChange[]> {
  const byId = new Map(sent.map((e) => [e.id!, e]));
  const rejected: RejectedChange[] = results
    .filter((r) => r.status === 'rejected')
    .map((r) => {
      const entry = byId.get(r.id)!;
      return {
        id: r.id,
        kind: entry.kind,
        key: entry.key,
        op: entry.op,
        code: r.code ?? 'invalid',
        reason: r.reason ?? '',
        ...(r.duplicate && { duplicate: r.duplicate }),
        value: entry.value,
        at: now,
      };
    });
  // A new customer or contact the team already has (another rep's, or the pool's) does not stay
  // in this book as a second copy: the refusal names the owner. What was written under it here
  // (its contacts, the contacts logged, orders, reminders) is refused as belonging to a company the
  // team does not have, and goes with it rather than stay behind unseen. Their values stay in
  // the refused list, to read and to save as a file.
  const dropped = rejected.filter(
    (r) =>
      (r.code === 'duplicate' || r.code === 'unknown-company') &&
      r.op === 'put' &&
      byId.get(r.id)?.base == null,
  );
  await db.transaction('rw', [db.syncOutbox, db.syncMeta, ...syncedTables(db)], async () => {
    if (dropped.length) {
      fromServer.add(Dexie.currentTransaction.idbtrans);
      for (const d of dropped) await db.table(d.kind).delete(d.key);
    }
    await db.syncOutbox.bulkDelete(results.map((r) => r.id));
    if (rejected.length) {
      const before = ((await db.syncMeta.get(META.rejected))?.value as RejectedChange[] | undefined) ?? [];
      await db.syncMeta.put({
        key: META.rejected,
        value: [...rejected.reverse(), ...before],
      });
    }
  });
  return rejected;
}

/**
 * Writes one pulled page into the book in one transaction, with its cookie. A record
 * this browser changed and has not yet sent keeps those changes on top of the
 * server's copy (the same field-by-field merge the server applies), so a pull never
 * undoes what the rep just typed; the push that follows sends it.
 */
export async function applyPull(db: CrmDb, page: PullResponse): Promise<void> {
  await db.transaction('rw', [...syncedTables(db), db.syncOutbox, db.syncMeta, db.reps], async () => {
    fromServer.add(Dexie.currentTransaction.idbtrans);
    const pending = await db.syncOutbox.toArray();
    const pendingOf = groupBy(pending, (e) => `${e.kind}/${e.key}`);
    if (page.reset) {
      // A first pull (or a new person or role): the server's view replaces the book, except
      // records with changes still waiting to be sent. Local-only settings stay.
      for (const kind of SYNCED_KINDS) {
        const table = db.table(kind) as Table<Rec, string>;
        const keys = (await table.toCollection().primaryKeys()) as string[];
        const drop = keys.filter(
          (k) => !pendingOf.has(`${kind}/${k}`) && (kind !== 'settings' || isTeamSetting(k)),
        );
        await table.bulkDelete(drop);
      }
    }
    // One bulk write per kind: the change feed and its readers then see a page as a few writes.
    for (const [kind, deleted] of groupBy(page.deletes, (d) => d.kind))
      await db.table(kind).bulkDelete(deleted.map((d) => d.key));
    const puts = new Map<SyncedKind, Rec[]>();
    for (const p of page.puts) {
      const mine = pendingOf.get(`${p.kind}/${p.key}`) ?? [];
      if (mine.some((e) => e.op === 'delete')) continue;
      let value = p.value;
      for (const e of mine) value = mergeRecord(value, e.base ?? null, e.value ?? {}).merged;
      const ofKind = puts.get(p.kind);
      if (ofKind) ofKind.push(value);
      else puts.set(p.kind, [value]);
    }
    for (const [kind, values] of puts) await db.table(kind).bulkPut(values);
    if (page.members.length) {
      const reps: Rep[] = page.members.map((m) => ({
        id: m.id,
        name: m.name,
        email: m.email,
        role: m.role,
        createdAt: 0,
      }));
      await db.reps.bulkPut(reps);
    }
    await db.syncMeta.put({ key: META.cookie, value: page.cookie });
    const count = page.puts.length + page.deletes.length;
    if (count) await db.syncMeta.put({ key: META.received, value: { at: Date.now(), count } });
  });
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Team mode off: the book stays as it is (a solo book again); nothing more is queued. */
export async function leaveTeam(db: CrmDb): Promise<void> {
  await db.transaction('rw', db.syncOutbox, db.syncMeta, async () => {
    await db.syncOutbox.clear();
    await db.syncMeta.bulkDelete([META.state, META.cookie, META.connection]);
  });
}
