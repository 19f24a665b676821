import { browser } from 'wxt/browser';
import { askBackground } from '@/lib/messages';

/**
 * After an import, a restore or a reassign: the background schedules the alarms
 * of the reminders that came in (or changed owner) and revalues the whole book,
 * as tiers rank every customer, then refreshes an open side panel. Through the
 * background rather than in this page (the CSV import recomputes in the page) so
 * that the worker's ranking kept for incremental updates is rebuilt too.
 * Never fails the action that already succeeded: a worker that does not answer
 * catches up at its next start, which schedules reminders and revalues daily.
 */
export async function announceBookChange(runtime: Parameters<typeof askBackground>[0] = browser.runtime) {
  await askBackground(runtime, { type: 'reminders/changed' }).catch(() => undefined);
  await askBackground(runtime, { type: 'value/recompute' }).catch(() => undefined);
}
