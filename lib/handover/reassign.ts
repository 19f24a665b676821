import type { CrmDb } from '../db/db';
import { HandoverError, toHandoverError } from './errors';

export interface ReassignResult {
  companies: number;
  /** Every reminder moved, done ones included. */
  reminders: number;
  /** Of those, the ones still open (they ring for the new owner from now on). */
  open: number;
}

/**
 * Hands every company of one rep, and every reminder of theirs, to another rep
 * of the same book, in one transaction. Done reminders move too, as they do on
 * import: a customer's whole follow-up history stays with whoever looks after
 * the customer, and `authorRepId` still says who wrote each one.
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
      let open = 0;
      const reminders = await db.reminders
        .where('ownerRepId')
        .equals(fromRepId)
        .modify((reminder) => {
          if (reminder.done === 0) open++;
          reminder.ownerRepId = toRepId;
          reminder.updatedAt = now;
        });
      return { companies, reminders, open };
    });
  } catch (error) {
    throw toHandoverError(error);
  }
}
