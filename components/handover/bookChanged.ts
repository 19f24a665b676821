import { browser } from 'wxt/browser';
import type { CrmDb } from '@/lib/db/db';
import { askBackground } from '@/lib/messages';
import { bookChanged } from '@/lib/value/changes';

type Runtime = Parameters<typeof askBackground>[0];

/**
 * After a reassign: the background reschedules reminder alarms (their owner
 * changed). Values do not move: no value figure depends on who owns a customer.
 * Never fails the action that already succeeded: a worker that does not answer
 * schedules every reminder at its next start.
 */
export async function announceRemindersChanged(runtime: Runtime = browser.runtime): Promise<void> {
  await askBackground(runtime, { type: 'reminders/changed' }).catch(() => undefined);
}

/**
 * After an import or a restore: the reminders that came in get their alarms, and
 * the whole book is revalued (tiers rank every customer) the way a CSV import
 * asks for it, through lib/value's bookChanged.
 */
export async function announceBookChange(db: CrmDb, runtime: Runtime = browser.runtime): Promise<void> {
  await announceRemindersChanged(runtime);
  await bookChanged(db);
}
