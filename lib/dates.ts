import { z } from 'zod';

// The one range of times the book accepts, wherever a time comes in (a bundle, a
// CSV file, a form, a message between contexts). Code that shows or computes with a
// time assumes it: `new Date(9e15).toISOString()` throws, Intl cannot format it, and
// a year of 275,000 breaks every period and gap. 1970 to 2200 holds every real
// contact, order and reminder with centuries to spare; 0 still means "unknown".

/** The earliest time the book holds: 1970-01-01T00:00:00Z (epoch ms 0). */
export const EARLIEST_TIME = 0;
/** The latest time the book holds (exclusive): 2200-01-01T00:00:00Z. */
export const LATEST_TIME = Date.UTC(2200, 0, 1);

/** Whether a time (epoch ms) is one the book can hold. */
export function isBookTime(time: number): boolean {
  return Number.isFinite(time) && time >= EARLIEST_TIME && time < LATEST_TIME;
}

/** A time (epoch ms) within the book's range: the schema every record's dates use. */
export const bookTime = z.number().finite().min(EARLIEST_TIME).lt(LATEST_TIME);
