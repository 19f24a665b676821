import type { Reminder } from '../db/types';

// What a reminder says, in the rep's language. A rep's own reminders say what the rep
// typed; the team server's (the public pool's warning) carry a code and its values, so
// each browser words them in its own language. Their English `title` is only a fallback.

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function reminderText(
  reminder: Pick<Reminder, 'title' | 'notice'>,
  t: Translate,
  language: string,
): string {
  const notice = reminder.notice;
  if (!notice) return reminder.title;
  const date = new Date(`${notice.returnsOn}T00:00:00Z`).toLocaleDateString(language, {
    timeZone: 'UTC',
    dateStyle: 'medium',
  });
  return t(`pool.notice.${notice.code}`, {
    company: notice.company,
    date,
    interpolation: { escapeValue: false },
  });
}
