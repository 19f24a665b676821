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

/** How many refused changes the options page lists; the file holds them all. */
export const SHOWN_REJECTED = 50;

const rejectedId = (r: RejectedChange) => `${r.id}/${r.at}`;

/**
 * Drops the refused changes the rep was shown and agreed to clear. One refused while
 * they read stays: clearing never takes what they have not seen.
 */
export async function clearRejected(db: CrmDb, seen: readonly RejectedChange[]): Promise<void> {
  const drop = new Set(seen.map(rejectedId));
  await db.transaction('rw', db.syncMeta, async () => {
    const now = ((await db.syncMeta.get(META.rejected))?.value as RejectedChange[] | undefined) ?? [];
    const left = now.filter((r) => !drop.has(rejectedId(r)));
    if (left.length) await db.syncMeta.put({ key: META.rejected, value: left });
    else await db.syncMeta.delete(META.rejected);
  });
}
