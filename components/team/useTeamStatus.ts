import { useLiveQuery } from 'dexie-react-hooks';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { readTeamStatus } from '@/lib/sync/status';

export function useTeamStatus(db: CrmDb = defaultDb) {
  return useLiveQuery(() => readTeamStatus(db), [db]);
}
