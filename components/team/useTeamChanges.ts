import { useLiveQuery } from 'dexie-react-hooks';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { META } from '@/lib/sync/tables';

/**
 * When the team's changes last arrived in this book (0: never, or no team; undefined while reading):
 * a page that is not a live query (the dashboard) reloads when it moves, so a
 * manager sees what reps log without pressing Refresh.
 */
export function useTeamChanges(db: CrmDb = defaultDb): number | undefined {
  const at = useLiveQuery(async () => {
    const value = (await db.syncMeta.get(META.received))?.value as { at?: unknown } | undefined;
    return typeof value?.at === 'number' ? value.at : 0;
  }, [db]);
  return at;
}
