import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '../db/db';
import {
  createReminderAlarms,
  DUE_GROUP,
  NOTIFY_EACH_UP_TO,
  notifiedKey,
  type ReminderAlarmDeps,
} from './alarms';
import { completeReminder, followUpReminder, snoozeReminder } from './reminders';
import { createI18n } from '../i18n';
import { reminderText } from './text';

const DAY = 86_400_000;
const NOW = 100 * DAY;
const texts = { title: 'Follow-up due', noReply: 'No reply yet' };

let db: CrmDb;
let n = 0;
beforeEach(() => {
  fakeBrowser.reset();
  db = openCrmDb(`alarms-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

/** The alarms as the background starts them, on the fake browser, remembering what was shown in `notified`. */
function alarmsOf(
  notified: ReminderAlarmDeps['notified'] = { get: async () => [], set: async () => undefined },
  now = () => NOW,
) {
  return createReminderAlarms({
    db,
    browser: fakeBrowser as unknown as ReminderAlarmDeps['browser'],
    notified,
    now,
  });
}

/** A follow-up as logging a contact sets one (lib/interactions/log.ts). */
async function followUp(_at: number, dueAt: number, title = 'Send the sample invoice') {
  const reminder = followUpReminder(
    { dueAt, title, threadId: 'thread-1', url: 'https://mail.google.com/mail/u/0/#inbox/thread-1' },
    'interaction-1',
    'rep-1',
    NOW,
  );
  await db.reminders.add(reminder);
  return { reminder };
}

describe('reminder alarms', () => {
  it('shows a burst of overdue reminders as one notification, once, and a later one on its own', async () => {
    let notified: string[] = [];
    const alarms = createReminderAlarms({
      db,
      browser: fakeBrowser as unknown as ReminderAlarmDeps['browser'],
      notified: { get: async () => notified, set: async (ids) => void (notified = ids) },
      now: () => NOW,
    });
    // An imported book: forty reminders already overdue, one due tomorrow.
    for (let i = 0; i < 40; i++) await followUp(NOW, NOW - (i + 1) * DAY, `Overdue ${i}`);
    const { reminder: tomorrow } = await followUp(NOW, NOW + DAY, 'Tomorrow');
    await alarms.scheduleReminders();
    const names = (await fakeBrowser.alarms.getAll()).map((a) => a.name).sort();
    expect(names).toEqual([DUE_GROUP, `reminder:${tomorrow.id}`].sort());
    const many = (count: number) => `${count} reminders are due`;
    await alarms.onAlarm(DUE_GROUP, { ...texts, many });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([DUE_GROUP]);
    expect((await fakeBrowser.notifications.getAll())[DUE_GROUP]).toMatchObject({
      message: '40 reminders are due',
    });
    // Shown once: the next scheduling (any write to the reminders) raises no second one.
    await alarms.scheduleReminders();
    expect((await fakeBrowser.alarms.getAll()).map((a) => a.name)).toEqual([`reminder:${tomorrow.id}`]);
    expect(notified).toHaveLength(40);
    // A few overdue at once are still shown one by one.
    const few = [];
    for (let i = 0; i < NOTIFY_EACH_UP_TO; i++)
      few.push((await followUp(NOW, NOW - DAY, `Late ${i}`)).reminder);
    await alarms.scheduleReminders();
    expect((await fakeBrowser.alarms.getAll()).map((a) => a.name).sort()).toEqual(
      [...few.map((r) => `reminder:${r.id}`), `reminder:${tomorrow.id}`].sort(),
    );
  });

  it('schedules a follow-up at its time, shows it once, and opens its thread from the notification', async () => {
    let notified: string[] = [];
    const alarms = alarmsOf({ get: async () => notified, set: async (ids) => void (notified = ids) });
    const { reminder } = await followUp(NOW, NOW + 2 * DAY, 'Samples');
    await alarms.scheduleReminders();
    const name = `reminder:${reminder!.id}`;
    expect((await fakeBrowser.alarms.get(name))?.scheduledTime).toBe(NOW + 2 * DAY);
    await alarms.onAlarm(name, texts);
    expect((await fakeBrowser.notifications.getAll())[reminder!.id]).toMatchObject({
      title: 'Follow-up due',
      message: 'Samples',
    });
    expect(notified).toEqual([notifiedKey(reminder!.id, NOW + 2 * DAY)]);
    await alarms.onNotificationClicked(reminder!.id);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain('https://mail.google.com/mail/u/0/#inbox/thread-1');
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('notifies the team server’s pool warning in the rep’s language', async () => {
    const alarms = alarmsOf();
    const { reminder } = await followUp(NOW, NOW, 'Log a contact with Hansen GmbH by 2026-04-09, or …');
    await db.reminders.update(reminder.id, {
      notice: { code: 'pool-return', company: 'Hansen GmbH', returnsOn: '2026-04-09' },
    });
    const zh = createI18n('zh-CN');
    await alarms.onAlarm(`reminder:${reminder.id}`, {
      ...texts,
      text: (r) => reminderText(r, zh.t, 'zh-CN'),
    });
    expect((await fakeBrowser.notifications.getAll())[reminder.id]?.message).toBe(
      '请在 2026年4月9日 前记录一次与 Hansen GmbH 的联系，否则该客户将退回公海。',
    );
  });

  it('clears the alarm of a reminder done, and shows nothing for it', async () => {
    const alarms = alarmsOf();
    const { reminder } = await followUp(NOW, NOW + DAY);
    await alarms.scheduleReminders();
    const name = `reminder:${reminder!.id}`;
    expect(await fakeBrowser.alarms.get(name)).toBeDefined();
    await completeReminder(db, reminder!.id, NOW);
    await alarms.onAlarm(name, texts);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    await alarms.scheduleReminders();
    expect(await fakeBrowser.alarms.get(name)).toBeUndefined();
  });

  it('never opens a link that is not a supported webmail', async () => {
    const alarms = alarmsOf();
    const { reminder } = await followUp(NOW, NOW + DAY);
    const before = (await fakeBrowser.tabs.query({})).length;
    await db.reminders.update(reminder!.id, { url: 'javascript:alert(1)' });
    await alarms.onNotificationClicked(reminder!.id);
    expect(await fakeBrowser.tabs.query({})).toHaveLength(before);
  });
});

describe('a snoozed reminder', () => {
  it('is shown again when its new time passed while the browser was closed', async () => {
    let clock = NOW;
    let notified: string[] = [];
    const start = () =>
      alarmsOf({ get: async () => notified, set: async (ids) => void (notified = ids) }, () => clock);
    const { reminder } = await followUp(NOW - DAY, NOW - 60_000);
    const alarm = `reminder:${reminder!.id}`;
    let background = start();
    await background.scheduleReminders();
    await background.onAlarm(alarm, texts);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([reminder!.id]);
    await fakeBrowser.notifications.clear(reminder!.id);
    // Shown once: a restart does not show it again.
    background = start();
    await background.scheduleReminders();
    expect(await fakeBrowser.alarms.get(alarm)).toBeUndefined();

    // Snoozed to tomorrow; the browser is closed until the day after.
    await snoozeReminder(db, reminder!.id, NOW + DAY, NOW);
    await fakeBrowser.alarms.clearAll();
    clock = NOW + 2 * DAY;
    background = start();
    await background.scheduleReminders();
    expect((await fakeBrowser.alarms.get(alarm))?.scheduledTime).toBe(clock + 1000);
    await background.onAlarm(alarm, texts);
    expect(await fakeBrowser.notifications.getAll()).toHaveProperty(reminder!.id);
    expect(notified).toEqual([`${reminder!.id}@${NOW + DAY}`]);
  });
});
