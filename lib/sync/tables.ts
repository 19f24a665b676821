import type { EntityTable } from 'dexie';
import type { DuplicateMatch } from '../team/protocol';
import type { RejectCode, SyncedKind } from './protocol';

// The two IndexedDB tables of team mode (schema v4 in lib/db/db.ts).

declare module '../db/db' {
  interface RoomTables {
    syncOutbox: EntityTable<OutboxEntry, 'id'>;
    syncMeta: EntityTable<SyncMetaRecord, 'key'>;
  }
}

/** One change waiting for the server. Its auto-increment id is the mutation id. */
export interface OutboxEntry {
  id?: number;
  op: 'put' | 'delete';
  kind: SyncedKind;
  key: string;
  /** put: the record after the change. */
  value?: Record<string, unknown>;
  /** put: the record before it (null: new here). */
  base?: Record<string, unknown> | null;
  at: number;
}

export interface RejectedChange {
  id: number;
  kind: SyncedKind;
  key: string;
  op: 'put' | 'delete';
  code: RejectCode;
  reason: string;
  /** A `duplicate`: whose customer it is (absent when a retried push got only the stored reason). */
  duplicate?: DuplicateMatch;
  /** What the rep tried to write, kept so nothing they typed is lost. */
  value?: Record<string, unknown>;
  at: number;
}

export interface SyncMetaRecord {
  key: string;
  value: unknown;
}

/** syncMeta keys. */
export const META = {
  /** { enabled, clientId, userId }: team mode is on for this book. */
  state: 'state',
  /** The last pull's cookie. */
  cookie: 'cookie',
  /** RejectedChange[], newest first. An entry leaves only when the rep clears it (what they typed is never dropped). */
  rejected: 'rejected',
  /** ConnectionStatus: online, last sync, last error, first-sync progress. */
  connection: 'connection',
  /** { at, count }: the last pull that brought colleagues' changes (pages that show figures reload on it). */
  received: 'received',
} as const;

export interface SyncState {
  enabled: boolean;
  clientId: string;
  userId: string;
  role: string;
}

export interface ConnectionStatus {
  online: boolean;
  lastSyncAt?: number;
  lastError?: string;
  /** A first sync under way: records received of the total. */
  progress?: { done: number; total: number };
}
