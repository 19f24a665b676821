import type { CrmDb } from '../db/db';
import { DAYS_TABLE, readDaysState } from './aggregates/maintain';
import type { DashboardSnapshot } from './snapshot';

// Whether a kept first paint (snapshot.ts) was measured on the book as it is: apart from
// snapshot.ts so the page's first chunk, which paints the kept figures, reads no database.

/** The stamp a snapshot measured now carries. */
export async function currentStamp(db: CrmDb): Promise<string | null> {
  return (await readDaysState(db))?.stamp ?? null;
}

/**
 * Whether a snapshot was measured on the book as it is: no bulk write or restore since
 * (small writes leave the stamp alone; the snapshot is dated, and today's figures follow).
 */
export async function snapshotIsCurrent(db: CrmDb, snapshot: DashboardSnapshot): Promise<boolean> {
  return (await currentStamp(db)) === snapshot.stamp;
}

/** The snapshots kept in IndexedDB by earlier versions of the page: derived, removed when seen. */
export async function dropStoredSnapshots(db: CrmDb, periods: readonly string[]): Promise<void> {
  await db.table(DAYS_TABLE).bulkDelete(periods.map((p) => `snapshot:${p}`));
}
