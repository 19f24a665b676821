import type { CrmDb } from '../db/db';
import { askBackground } from '../messages';

// The one place a write that moves a customer's value reports it (no value model
// here: the pages import this, the computing lives in the worker). Pages (the
// side panel, the options page) write to the book and then call valueChanged or
// bookChanged; the background revalues off their threads (lib/value/scheduler.ts)
// and the card redraws when the new companyValues row lands. Nothing here waits
// for a recompute: the background acknowledges the message at once.

/** What moved: some companies' orders, interactions or records, or (all) the whole book. */
export interface ValueChange {
  companyIds: string[];
  all: boolean;
}

/** Where a context's value changes go. */
export type ValueSink = (change: ValueChange) => Promise<void> | void;

/** More companies than this in one change re-rank the whole book instead. */
export const MAX_CHANGED_COMPANIES = 1000;

interface Runtime {
  id?: string;
  sendMessage(message: unknown): Promise<unknown>;
}

/** The extension's runtime in a page, or undefined in Node (scripts, tests) and outside an extension. */
function extensionRuntime(): Runtime | undefined {
  const g = globalThis as { browser?: { runtime?: Runtime }; chrome?: { runtime?: Runtime } };
  const runtime = g.browser?.runtime?.id ? g.browser.runtime : g.chrome?.runtime;
  return runtime?.id ? runtime : undefined;
}

/** The default: a message to the background. Without one (Node, a test) nothing happens. */
async function toBackground(change: ValueChange): Promise<void> {
  const runtime = extensionRuntime();
  if (!runtime) return;
  // A background that cannot be reached (restarting) still revalues: on its first-minute alarm.
  await askBackground(runtime, { type: 'value/changed', ...change }).catch(() => undefined);
}

const sinks = new WeakMap<CrmDb, ValueSink>();

/**
 * Sends this database's value changes somewhere else than the background: the
 * background itself hands them to its scheduler (a worker cannot message
 * itself), tests and scripts to recomputeHere or a spy. null restores the default.
 */
export function routeValueChanges(db: CrmDb, sink: ValueSink | null): void {
  if (sink) sinks.set(db, sink);
  else sinks.delete(db);
}

async function report(db: CrmDb, change: ValueChange): Promise<void> {
  await (sinks.get(db) ?? toBackground)(change);
}

/** These companies' orders, interactions or records were written or deleted: revalue them. */
export async function valueChanged(
  db: CrmDb,
  companyIds: Iterable<string | null | undefined>,
): Promise<void> {
  const ids = [...new Set([...companyIds].filter((id): id is string => !!id))];
  if (!ids.length) return;
  await report(
    db,
    ids.length > MAX_CHANGED_COMPANIES ? { companyIds: [], all: true } : { companyIds: ids, all: false },
  );
}

/**
 * The book changed wholesale (a CSV import, a handover merge, a restore): every
 * rank may have moved. Asks for a full recompute; whoever runs it first drops the
 * ranking it holds (the worker's scheduler, recomputeHere).
 */
export async function bookChanged(db: CrmDb): Promise<void> {
  await report(db, { companyIds: [], all: true });
}
