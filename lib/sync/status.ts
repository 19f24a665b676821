import type { CrmDb } from '../db/db';
import { readSignedIn } from './background';
import { META, type ConnectionStatus, type RejectedChange } from './tables';

// What the panel's team line and the options page show, read in one live query.

export interface TeamStatus {
  user?: Awaited<ReturnType<typeof readSignedIn>>;
  connection?: ConnectionStatus;
  pending: number;
  rejected: RejectedChange[];
}

export async function readTeamStatus(db: CrmDb): Promise<TeamStatus> {
  return db.transaction('r', db.syncMeta, db.syncOutbox, async () => ({
    user: await readSignedIn(db),
    connection: (await db.syncMeta.get(META.connection))?.value as ConnectionStatus | undefined,
    pending: await db.syncOutbox.count(),
    rejected: ((await db.syncMeta.get(META.rejected))?.value as RejectedChange[] | undefined) ?? [],
  }));
}

/** Drops the list of refused changes once the rep has read it. */
export async function clearRejected(db: CrmDb): Promise<void> {
  await db.syncMeta.delete(META.rejected);
}
