import type { WxtBrowser } from 'wxt/browser';
import type { CrmDb } from '../db/db';
import type { Reminder } from '../db/types';
import { safeUrl } from '../webmail/safeUrl';
import { openReminders } from './reminders';

// Every open reminder has a browser alarm; a due one shows a notification once,
// and clicking it opens the conversation it belongs to.

export const REMINDER_ALARM_PREFIX = 'reminder:';

/**
 * More overdue reminders than this, never shown, are shown as one notification ("12 reminders
 * are due"), from one alarm: an imported book or a week away can leave hundreds overdue, and a
 * notification each would bury the rep and hold the background for its icon each time.
 */
export const NOTIFY_EACH_UP_TO = 3;
/** The alarm, and the notification, of a burst of overdue reminders. */
export const DUE_GROUP = 'reminders:due';
/** Notifications remembered as shown (their keys are kept in extension storage). */
const NOTIFIED_KEPT = 5000;

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
  /** The one notification of a burst of overdue reminders: "12 reminders are due". */
  many?: (count: number) => string;
}

export function createReminderAlarms(deps: ReminderAlarmDeps) {
  const { db, browser } = deps;
  const now = deps.now ?? Date.now;

  /** Open reminders overdue and never shown. */
  function unshown(open: readonly Reminder[], notified: ReadonlySet<string>, at: number): Reminder[] {
    return open.filter((r) => r.dueAt <= at && !notified.has(notifiedKey(r.id, r.dueAt)));
  }

  /**
   * One alarm per open reminder; overdue ones not yet shown fire at once, or, when there are
   * more than NOTIFY_EACH_UP_TO of them, one alarm shows them together.
   */
  async function scheduleReminders(): Promise<void> {
    const open = await openReminders(db);
    const notified = new Set(await deps.notified.get());
    const wanted = new Set<string>();
    const soon = now() + 1000;
    const overdue = unshown(open, notified, now());
    const grouped = overdue.length > NOTIFY_EACH_UP_TO ? new Set(overdue.map((r) => r.id)) : null;
    // One read of every alarm rather than one call per reminder: a big book has hundreds open.
    const existing = new Map((await browser.alarms.getAll()).map((alarm) => [alarm.name, alarm]));
    if (grouped) {
      wanted.add(DUE_GROUP);
      if (!existing.has(DUE_GROUP)) await browser.alarms.create(DUE_GROUP, { when: soon });
    }
    for (const reminder of open) {
      if (reminder.dueAt <= now() && notified.has(notifiedKey(reminder.id, reminder.dueAt))) continue;
      if (grouped?.has(reminder.id)) continue;
      const name = REMINDER_ALARM_PREFIX + reminder.id;
      wanted.add(name);
      const when = Math.max(reminder.dueAt, soon);
      const alarm = existing.get(name);
      if (!alarm || Math.abs(alarm.scheduledTime - when) > 1000) await browser.alarms.create(name, { when });
    }
    for (const name of existing.keys()) {
      if ((name.startsWith(REMINDER_ALARM_PREFIX) || name === DUE_GROUP) && !wanted.has(name))
        await browser.alarms.clear(name);
    }
  }

  /** Remembers notifications as shown, for the due time each was shown for. */
  async function remember(shown: readonly Reminder[]): Promise<void> {
    const ids = new Set(shown.map((r) => r.id));
    const notified = await deps.notified.get();
    // An older showing of a reminder (before a snooze) is of no more use.
    const others = notified.filter((n) => !ids.has(n.includes('@') ? n.slice(0, n.lastIndexOf('@')) : n));
    await deps.notified.set(
      [...others, ...shown.map((r) => notifiedKey(r.id, r.dueAt))].slice(-NOTIFIED_KEPT),
    );
  }

  /** The overdue reminders never shown, together: one notification, or one each when they are few. */
  async function showDue(texts: ReminderTexts): Promise<void> {
    const due = unshown(await openReminders(db), new Set(await deps.notified.get()), now());
    if (due.length === 0) return;
    if (due.length <= NOTIFY_EACH_UP_TO) {
      for (const reminder of due) await show(reminder, texts);
      return;
    }
    await browser.notifications.create(DUE_GROUP, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icons/128.png'),
      title: texts.title,
      message: texts.many?.(due.length) ?? `${due.length}`,
      requireInteraction: true,
    });
    await remember(due);
  }

  async function show(reminder: Reminder, texts: ReminderTexts): Promise<void> {
    await browser.notifications.create(reminder.id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icons/128.png'),
      title: reminder.kind === 'no-reply' ? texts.noReply : texts.title,
      message: (texts.text ? texts.text(reminder) : reminder.title) || ' ',
      requireInteraction: true,
    });
    await remember([reminder]);
  }

  async function onAlarm(name: string, texts: ReminderTexts): Promise<void> {
    if (name === DUE_GROUP) return showDue(texts);
    if (!name.startsWith(REMINDER_ALARM_PREFIX)) return;
    const id = name.slice(REMINDER_ALARM_PREFIX.length);
    const reminder = await db.reminders.get(id);
    if (!reminder || reminder.done) return;
    await show(reminder, texts);
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
