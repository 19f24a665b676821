import type { FeedEntry } from '../db/feed';
import { VALUE_INPUT_TABLES } from '../db/dirty';
import { VALUE_SETTINGS_KEY } from './settings';

// What a run of book changes means for customer value. Nobody reports value changes by hand:
// every write to the book leaves an entry in the change feed (lib/db/feed.ts), and the
// background turns the entries it reads into one ValueChange for its scheduler
// (lib/value/scheduler.ts), which revalues off the pages' threads; the card redraws when the
// new companyValues row lands (that write is in the feed too).

/** What moved: some companies' orders, interactions or records, or (all) the whole book. */
export interface ValueChange {
  companyIds: string[];
  all: boolean;
}

/** Where value changes go: the background's scheduler, or recomputeHere in Node scripts and tests. */
export type ValueSink = (change: ValueChange) => Promise<void> | void;

/** More companies than this in one run of changes re-rank the whole book instead. */
export const MAX_CHANGED_COMPANIES = 1000;

const VALUE_TABLES: ReadonlySet<string> = new Set(VALUE_INPUT_TABLES);

/**
 * The value change a run of feed entries asks for, or null when none moved a value: the
 * companies whose orders, interactions or records were written, deleted or moved; the whole
 * book after a clear, a range delete, a write too big to list, or new value settings (tiers
 * are ranks across the book: new parameters re-rank everyone).
 */
export function valueChangeOf(entries: readonly Pick<FeedEntry, 'table' | 'keys' | 'companyIds' | 'all'>[]) {
  const ids = new Set<string>();
  let all = false;
  for (const entry of entries) {
    if (entry.table === 'settings') {
      if (entry.all || entry.keys.includes(VALUE_SETTINGS_KEY)) all = true;
      continue;
    }
    if (!VALUE_TABLES.has(entry.table)) continue;
    if (entry.all) all = true;
    for (const id of entry.companyIds) ids.add(id);
  }
  if (all || ids.size > MAX_CHANGED_COMPANIES) return { companyIds: [], all: true } satisfies ValueChange;
  return ids.size ? ({ companyIds: [...ids], all: false } satisfies ValueChange) : null;
}
