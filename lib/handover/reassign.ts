import type { CrmDb } from '../db/db';
import { HandoverError, toHandoverError } from './errors';

export interface ReassignResult {
  companies: number;
  reminders: number;
}

/**
 * Hands every company of one rep, and every open reminder of theirs, to
 * another rep of the same book, in one transaction. Authorship never changes.
 */
export async function reassignRep(
  db: CrmDb,
  fromRepId: string,
  toRepId: string,
  now = Date.now(),
): Promise<ReassignResult> {
  if (fromRepId === toRepId) throw new HandoverError('same-rep');
  try {
    return await db.transaction('rw', db.reps, db.companies, db.reminders, async () => {
      if (!(await db.reps.get(toRepId))) throw new HandoverError('unknown-rep', { repId: toRepId });
      const companies = await db.companies
        .where('ownerRepId')
        .equals(fromRepId)
        .modify({ ownerRepId: toRepId, updatedAt: now });
      const reminders = await db.reminders
        .where('ownerRepId')
        .equals(fromRepId)
        .and((r) => r.done === 0)
        .modify({ ownerRepId: toRepId, updatedAt: now });
      return { companies, reminders };
    });
  } catch (error) {
    throw toHandoverError(error);
  }
}
