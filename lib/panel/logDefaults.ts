import type { Intent } from '../db/types';
import { readInquiry } from '../reading/reading';

// Sensible defaults for the log form, so logging is one click for most emails.

/** The email's main intent as the drafts and risk read it (lib/reading); 'other' when nothing fits. */
export function guessIntent(subject: string, body = ''): Intent {
  return readInquiry(subject, body).primary;
}

/** Default follow-up: three working days later at 09:00 local time. */
export function defaultFollowUp(now: number): number {
  const date = new Date(now);
  let added = 0;
  while (added < 3) {
    date.setDate(date.getDate() + 1);
    const day = date.getDay();
    if (day !== 0 && day !== 6) added += 1;
  }
  date.setHours(9, 0, 0, 0);
  return date.getTime();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → the value of an <input type="datetime-local">, in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> → epoch ms; undefined when it is not a date. */
export function fromLocalInput(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi);
  return date.getMonth() === mo - 1 ? date.getTime() : undefined;
}
