import { Dexie, liveQuery, type DBCore, type DBCoreTransaction } from 'dexie';
import { registerFeedReader } from '../db/feed';
import { sameValue } from './merge';
import { KEY_FIELD, SYNCED_KINDS, type SyncedKind } from './protocol';
import { fromServer, isTeamSetting } from './store';
import { META, type OutboxEntry, type SyncState } from './tables';

// The team outbox is a reader of the change feed (lib/db/feed.ts): every write to
// a synced table, from any context, leaves its mutation in `syncOutbox` in the same
// IndexedDB transaction as the write, so nothing can change the book without a
// change to push. It records nothing while team mode is off, nor for what a pull
// writes (the server's own changes).

/** The change the feed hands its readers (its FeedChange), as far as the outbox reads it. */
export interface OutboxChange {
  table: string;
  op: 'put' | 'delete';
  keys: readonly unknown[];
  values: readonly unknown[];
  old?: readonly unknown[];
  all: boolean;
}

const isSynced = (table: string): table is SyncedKind => (SYNCED_KINDS as readonly string[]).includes(table);

/** The mutations one write leaves in the outbox (pure: tested on its own). */
export function outboxEntries(change: OutboxChange, at: number): OutboxEntry[] {
  if (!isSynced(change.table)) return [];
  const kind = change.table;
  const entries: OutboxEntry[] = [];
  if (change.op === 'delete') {
    change.keys.forEach((key, i) => {
      if (kind === 'settings' && !isTeamSetting(key)) return;
      const old = change.old?.[i];
      if (change.old && old === undefined) return; // nothing was there
      entries.push({ op: 'delete', kind, key: String(key), at });
    });
    return entries;
  }
  change.values.forEach((value, i) => {
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    const key = record[KEY_FIELD[kind]] ?? change.keys[i];
    if (kind === 'settings' && !isTeamSetting(key)) return;
    const old = change.old?.[i] as Record<string, unknown> | undefined;
    if (old && sameValue(old, record)) return; // written again unchanged
    entries.push({ op: 'put', kind, key: String(key), value: record, base: old ?? null, at });
  });
  return entries;
}

/** The outbox's feed reader: register it with registerFeedReader. */
export const outboxReader = {
  name: 'team-outbox',
  tables: SYNCED_KINDS,
  stores: ['syncOutbox', 'syncMeta'],
  // The records before the write are each change's base, except in a pull's transaction: what the
  // server sent is not queued, so a page of thousands of records is written without reading them.
  oldValues: (_records: number, tx: DBCoreTransaction) => !fromServer.has(tx),
  onChange(tx: DBCoreTransaction, change: OutboxChange, down: DBCore): PromiseLike<unknown> | undefined {
    if (fromServer.has(tx)) return undefined;
    const entries = outboxEntries(change, Date.now());
    if (!entries.length) return undefined;
    return Dexie.Promise.resolve(down.table('syncMeta').get({ trans: tx, key: META.state })).then((row) => {
      const state = (row as { value?: SyncState } | undefined)?.value;
      if (!state?.enabled) return undefined;
      return Dexie.Promise.resolve(
        down.table('syncOutbox').mutate({ type: 'add', trans: tx, values: entries }),
      ).then((res) => {
        // A change that cannot be queued must not be written unsent: fail the write instead.
        if (res.numFailures > 0) throw Object.values(res.failures)[0];
      });
    });
  },
};

let unregister: (() => void) | null = null;

/**
 * Makes the outbox read the feed in this context. Only while team mode is on: a solo
 * book's writes then pay nothing for it (no read of the old records, no wider
 * transaction). Idempotent.
 */
export function startOutbox(): void {
  unregister ??= registerFeedReader(outboxReader);
}

export function stopOutbox(): void {
  unregister?.();
  unregister = null;
}

/**
 * Follows team mode in this context (a page, the background): the outbox reads the
 * feed from the moment any context turns team mode on until it is turned off.
 */
export function followTeamMode(db: Dexie): void {
  liveQuery(() => db.table('syncMeta').get(META.state)).subscribe({
    next: (row) =>
      (row as { value?: SyncState } | undefined)?.value?.enabled ? startOutbox() : stopOutbox(),
    error: () => undefined,
  });
}
