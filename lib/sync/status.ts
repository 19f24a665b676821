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

/** What the team server refused, with what the rep wrote, as a file to keep (JSON). */
export function refusedFile(rejected: readonly RejectedChange[], now = Date.now()): string {
  const file = {
    format: 'trade-inbox-refused-changes',
    version: 1,
    savedAt: new Date(now).toISOString(),
    changes: rejected,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The refused file's name, dated. */
export const refusedFileName = (now = Date.now()) =>
  `refused-changes-${new Date(now).toISOString().slice(0, 10)}.json`;

/** Drops the list of refused changes once the rep has read it. */
export async function clearRejected(db: CrmDb): Promise<void> {
  await db.syncMeta.delete(META.rejected);
}
