import type { CrmDb } from '../db/db';
import type { ValueSink } from './changes';
import { forgetValueCache, recomputeAll, recomputeCompany } from './recompute';

// Kept apart from changes.ts so that the pages, which only report changes, do not
// carry the value model in their bundles.

/** A sink that revalues in this very context and waits for it: for Node scripts and tests. */
export function recomputeHere(db: CrmDb, now: () => number = Date.now): ValueSink {
  return async (change) => {
    if (change.all) {
      forgetValueCache(db);
      await recomputeAll(db, now());
      return;
    }
    for (const id of change.companyIds) await recomputeCompany(db, id, now());
  };
}
