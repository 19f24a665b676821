import type { WxtBrowser } from 'wxt/browser';
import type { CrmDb } from '../db/db';
import type { Reminder } from '../db/types';
import { safeUrl } from '../webmail/safeUrl';
import { openReminders } from './reminders';

// Every open reminder has a browser alarm; a due one shows a notification once,
// and clicking it opens the conversation it belongs to.

export const REMINDER_ALARM_PREFIX = 'reminder:';

/**
 * A shown notification is remembered with the due time it was shown for: a reminder snoozed
 * (or moved) to a later time is due again, even when that time passes while the browser is closed.
 */
export function notifiedKey(reminderId: string, dueAt: number): string {
  return `${reminderId}@${dueAt}`;
}

export interface ReminderAlarmDeps {
  db: CrmDb;
  browser: Pick<WxtBrowser, 'runtime' | 'tabs' | 'alarms' | 'notifications'>;
  /** The notifications already shown, as `notifiedKey`s (kept in storage across restarts). */
  notified: { get(): Promise<string[]>; set(ids: string[]): Promise<void> };
  now?: () => number;
}

/** The notification texts, in the rep's language. */
export interface ReminderTexts {
  title: string;
  noReply: string;
  /** What the reminder says, in the rep's language (a server notice's code worded); default its title. */
  text?: (reminder: Reminder) => string;
}

export function createReminderAlarms(deps: ReminderAlarmDeps) {
  const { db, browser } = deps;
  const now = deps.now ?? Date.now;

  /** One alarm per open reminder; overdue ones not yet shown fire at once. */
  async function scheduleReminders(): Promise<void> {
    const open = await openReminders(db);
    const notified = new Set(await deps.notified.get());
    const wanted = new Set<string>();
    const soon = now() + 1000;
    // One read of every alarm rather than one call per reminder: a big book has hundreds open.
    const existing = new Map((await browser.alarms.getAll()).map((alarm) => [alarm.name, alarm]));
    for (const reminder of open) {
      if (reminder.dueAt <= now() && notified.has(notifiedKey(reminder.id, reminder.dueAt))) continue;
      const name = REMINDER_ALARM_PREFIX + reminder.id;
      wanted.add(name);
      const when = Math.max(reminder.dueAt, soon);
      const alarm = existing.get(name);
      if (!alarm || Math.abs(alarm.scheduledTime - when) > 1000) await browser.alarms.create(name, { when });
    }
    for (const name of existing.keys()) {
      if (name.startsWith(REMINDER_ALARM_PREFIX) && !wanted.has(name)) await browser.alarms.clear(name);
    }
  }

  async function onAlarm(name: string, texts: ReminderTexts): Promise<void> {
    if (!name.startsWith(REMINDER_ALARM_PREFIX)) return;
    const id = name.slice(REMINDER_ALARM_PREFIX.length);
    const reminder = await db.reminders.get(id);
    if (!reminder || reminder.done) return;
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icons/128.png'),
      title: reminder.kind === 'no-reply' ? texts.noReply : texts.title,
      message: (texts.text ? texts.text(reminder) : reminder.title) || ' ',
      requireInteraction: true,
    });
    const key = notifiedKey(id, reminder.dueAt);
    const notified = await deps.notified.get();
    // An older showing of this reminder (before a snooze) is of no more use.
    const others = notified.filter((n) => n !== id && !n.startsWith(`${id}@`));
    await deps.notified.set([...others, key].slice(-500));
  }

  /** Opens the thread a reminder belongs to. */
  async function onNotificationClicked(id: string): Promise<void> {
    const reminder = await db.reminders.get(id);
    const url = safeUrl(reminder?.url);
    if (url) await browser.tabs.create({ url });
    await browser.notifications.clear(id);
  }

  return { scheduleReminders, onAlarm, onNotificationClicked };
}

export type ReminderAlarms = ReturnType<typeof createReminderAlarms>;
