import type { CrmDb } from '../db/db';
import { DAYS_TABLE } from './aggregates/maintain';
import type { DashboardView } from './dashboard';
import type { CustomerPicture } from './picture';

// The dashboard's first paint: the last view measured for a period, kept as one
// small row, so the page shows the figures at once on the next visit and fills
// in the fresh ones when they are measured (dimmed, saying when they are from,
// until then). Cut to what paints the page: the scorecard, the customer
// picture's counts, the trends and the sources; the thread list and the at-risk
// list are read fresh. Derived like the day rows, in their table: never exported
// or synced, and dropped with them by a bulk write or a restore.

export interface DashboardSnapshot {
  day: string;
  /** When the view was measured. */
  savedAt: number;
  view: DashboardView;
}

const keyOf = (period: string) => `snapshot:${period}`;

/** The view cut to what the first paint shows (no thread list, no at-risk rows). */
export function snapshotOf(view: DashboardView): DashboardView {
  const cut = (picture: CustomerPicture): CustomerPicture => ({ ...picture, atRisk: [] });
  return {
    ...view,
    threads: [],
    picture: {
      team: cut(view.picture.team),
      reps: view.picture.reps.map((r) => ({ repId: r.repId, picture: cut(r.picture) })),
    },
  };
}

/** Keeps the view as the next visit's first paint of `period` (a preset name). */
export async function saveSnapshot(
  db: CrmDb,
  period: string,
  view: DashboardView,
  savedAt = Date.now(),
): Promise<void> {
  const row: DashboardSnapshot = { day: keyOf(period), savedAt, view: snapshotOf(view) };
  await db.table(DAYS_TABLE).put(row);
}

/** The last view kept for `period`, if any. */
export async function readSnapshot(db: CrmDb, period: string): Promise<DashboardSnapshot | undefined> {
  const row = (await db.table(DAYS_TABLE).get(keyOf(period))) as Partial<DashboardSnapshot> | undefined;
  if (!row || typeof row.savedAt !== 'number' || typeof row.view !== 'object' || row.view === null)
    return undefined;
  return row as DashboardSnapshot;
}
