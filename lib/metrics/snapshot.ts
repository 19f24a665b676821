import type { DashboardView } from './dashboard';
import type { CustomerPicture } from './picture';

// The dashboard's first paint: the last view measured for a period, kept as one
// small entry, so the page shows the figures at once on the next visit and fills
// in the fresh ones when they are measured (dimmed, saying when they are from,
// until then). Cut to what paints the page: the scorecard, the customer
// picture's counts, the trends and the sources; the thread list and the at-risk
// list are read fresh.
//
// Kept in the page's localStorage, not in IndexedDB: opening a book of a million
// interactions takes the browser most of a second before its first read, and the
// snapshot is read synchronously, so the page's very first render holds it.
// Derived and never exported or synced. It names the dashboard rows' state stamp
// it was measured on: a bulk write or a restore changes the stamp (the rows are
// dropped for a rebuild), and the page then takes the snapshot down as soon as
// the database answers (snapshotIsCurrent, in snapshotStamp.ts: this file reads no database, so
// the page's small first chunk, which paints the kept figures, holds no database code).

export interface DashboardSnapshot {
  /** When the view was measured. */
  savedAt: number;
  /** The day rows' state stamp when it was measured (lib/metrics/aggregates/maintain DaysState). */
  stamp: string | null;
  view: DashboardView;
}

/** Where snapshots are kept: the page's localStorage, or any storage with the same three calls (tests). */
export type SnapshotStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Changing this only loses the next visit's quick first paint. */
const keyOf = (period: string) => `dashboard-snapshot:${period}`;

function defaultStore(): SnapshotStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // a context without it (a worker) or with storage blocked
  }
}

// JSON has no Infinity, -Infinity or NaN, and the view holds them (all time starts at -Infinity; a
// figure with nothing to measure is NaN): they are written as {"$number": "..."} and read back.
const NUMBER_TAG = '$number';
function writeNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { [NUMBER_TAG]: String(value) } : value;
}
function readNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const tagged = (value as Record<string, unknown>)[NUMBER_TAG];
  if (typeof tagged !== 'string' || Object.keys(value).length !== 1) return value;
  return tagged === 'Infinity' ? Infinity : tagged === '-Infinity' ? -Infinity : NaN;
}

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

/**
 * Keeps the view as the next visit's first paint of `period` (a preset name). A full store
 * drops the entry instead: the next visit then waits for its figures, nothing else is lost.
 */
export function saveSnapshot(
  period: string,
  view: DashboardView,
  stamp: string | null,
  savedAt = Date.now(),
  store: SnapshotStore | null = defaultStore(),
): void {
  if (!store) return;
  const entry: DashboardSnapshot = { savedAt, stamp, view: snapshotOf(view) };
  try {
    store.setItem(keyOf(period), JSON.stringify(entry, writeNumbers));
  } catch {
    store.removeItem(keyOf(period));
  }
}

/** The last view kept for `period`, if any (synchronous: the page's first render uses it). */
export function readSnapshot(
  period: string,
  store: SnapshotStore | null = defaultStore(),
): DashboardSnapshot | undefined {
  const text = store?.getItem(keyOf(period));
  if (!text) return undefined;
  try {
    const entry = JSON.parse(text, readNumbers) as Partial<DashboardSnapshot> | null;
    const view = entry?.view as Partial<DashboardView> | undefined;
    if (
      typeof entry?.savedAt !== 'number' ||
      (entry.stamp !== null && typeof entry.stamp !== 'string') ||
      typeof view !== 'object' ||
      view === null ||
      !Array.isArray(view.scorecard?.team) ||
      !Array.isArray(view.reps) ||
      typeof view.picture?.team !== 'object' ||
      typeof view.sources?.scope !== 'object' ||
      typeof view.period?.from !== 'number'
    )
      return undefined;
    return entry as DashboardSnapshot;
  } catch {
    return undefined;
  }
}

/** Forgets a period's snapshot (measured before a bulk write or a restore). */
export function dropSnapshot(period: string, store: SnapshotStore | null = defaultStore()): void {
  store?.removeItem(keyOf(period));
}

/** Whether a view is kept for `period`, without reading it (the page's first chunk asks). */
export function hasSnapshot(period: string, store: SnapshotStore | null = defaultStore()): boolean {
  try {
    return !!store?.getItem(keyOf(period));
  } catch {
    return false;
  }
}
