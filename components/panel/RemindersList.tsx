import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { completeReminder, openReminders, snoozeReminder } from '@/lib/reminders/reminders';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { safeUrl } from '@/lib/webmail/safeUrl';
import { reminderText } from '@/lib/reminders/text';
import { useAction } from './useAction';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** The time now, moved on every `everyMs`: a panel left open keeps judging "overdue" right. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * The rep's open reminders, soonest first, with done and snooze. Drawn again only when they
 * change (or the language or minute does), never with each card: a big book has hundreds open.
 */
export const RemindersList = memo(function RemindersList({ db = defaultDb }: { db?: CrmDb }) {
  const { t, i18n } = useTranslation();
  // One formatter for every row (toLocaleString builds one per call).
  const when = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }),
    [i18n.language],
  );
  const reminders = useLiveQuery(() => openReminders(db), [db]);
  // One instant for the whole list, not one per row; the minute is as fine as reminders go.
  const now = useNow(MINUTE);
  const { error, run } = useAction();

  // The background reschedules its alarms from the change feed.
  const act = (action: () => Promise<void>) => run(action);

  if (reminders === undefined) return <p className="loading">{t('common.loading')}</p>;
  return (
    <section className="reminders" aria-labelledby="reminders-title">
      <h3 id="reminders-title">{t('panel.reminders.title')}</h3>
      {reminders.length === 0 ? (
        <p className="empty">{t('panel.reminders.empty')}</p>
      ) : (
        <ul data-testid="reminders">
          {reminders.map((reminder) => (
            <li key={reminder.id} className={reminder.dueAt < now ? 'overdue' : ''} data-testid="reminder">
              <span className="when">{when.format(reminder.dueAt)}</span>
              <span className="kind">{t(`panel.reminders.kind.${reminder.kind}`)}</span>
              {safeUrl(reminder.url) ? (
                <a href={safeUrl(reminder.url)} target="_blank" rel="noreferrer">
                  {reminderText(reminder, t, i18n.language) || t('panel.reminders.open')}
                </a>
              ) : (
                <span>{reminderText(reminder, t, i18n.language)}</span>
              )}
              <span className="actions">
                <button
                  type="button"
                  className="link"
                  onClick={() => void act(() => completeReminder(db, reminder.id))}
                >
                  {t('panel.reminders.done')}
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() => void act(() => snoozeReminder(db, reminder.id, Date.now() + DAY))}
                >
                  {t('panel.reminders.snooze')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
});
