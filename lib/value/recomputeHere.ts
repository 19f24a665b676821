import type { CrmDb } from '../db/db';
import { readFeed, trimFeed } from '../db/feed';
import { valueChangeOf, type ValueSink } from './changes';
import { forgetValueCache, recomputeAll, recomputeCompany } from './recompute';

// Kept apart from changes.ts so that what the pages import does not carry the value model.

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

/**
 * Does here what the background does with the change feed, for values only: reads every entry
 * written so far, revalues what they moved and deletes them. For Node scripts and tests, where
 * no background follows the feed. Returns the change it applied (null: nothing moved a value).
 */
export async function revalueFromFeed(db: CrmDb, now: () => number = Date.now) {
  const entries = await readFeed(db);
  if (!entries.length) return null;
  await trimFeed(db, entries.at(-1)!.seq);
  const change = valueChangeOf(entries);
  if (change) await recomputeHere(db, now)(change);
  return change;
}
