import { describe, expect, it } from 'vitest';
import {
  dayRowsOf,
  interactionsOfPacked,
  ordersOfPacked,
  packDayRow,
  unpackDayRow,
  type DayInteraction,
  type DayOrder,
  type DayRow,
} from './days';

// A period reads its records straight from the packed columns: they must be the records the
// column-by-column unpacking gives, field for field (missing ones missing, empty ones empty), in
// index order, cut to the period.

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 2);

function recordsOfColumns<T>(columns: Record<string, unknown[]>): T[] {
  const fields = Object.keys(columns);
  const n = columns[fields[0]!]!.length;
  return Array.from({ length: n }, (_, i) => {
    const record: Record<string, unknown> = {};
    for (const f of fields) if (columns[f]![i] !== undefined) record[f] = columns[f]![i];
    return record as T;
  });
}

describe('records read from packed day rows', () => {
  const interactions: DayInteraction[] = Array.from({ length: 60 }, (_, k) => ({
    id: `x${String(k).padStart(3, '0')}`,
    direction: k % 2 ? 'in' : 'out',
    channel: k % 5 ? 'email' : 'phone',
    at: T0 + Math.floor(k / 20) * DAY + (k % 7) * 3_600_000,
    subject: k % 9 === 0 ? '' : `Re: 价格 ${k % 4}`,
    intent: k % 3 ? 'price-inquiry' : 'order',
    repId: `rep-${k % 2}`,
    ...(k % 4 ? { companyId: `c${k % 6}` } : {}),
    ...(k % 3 ? { contactId: `p${k % 5}` } : {}),
    ...(k % 2 ? { threadId: `t${k % 8}` } : {}),
    ...(k % 11 === 0 ? { lostReason: 'price' } : {}),
    ...(k % 13 === 0 ? { url: 'https://mail.google.com/mail/u/0/#inbox/abc' } : {}),
  }));
  const orders: DayOrder[] = Array.from({ length: 25 }, (_, k) => ({
    id: `o${k}`,
    companyId: `c${k % 6}`,
    date: T0 + (k % 3) * DAY + k * 60_000,
    amount: k * 100.5,
    currency: k % 2 ? 'USD' : 'EUR',
    status: k % 4 ? 'paid' : 'quote',
    updatedAt: T0 + k,
    ...(k % 3 ? { cost: k * 50 } : {}),
  }));
  const rows: DayRow[] = [...dayRowsOf(interactions, orders).values()].sort((a, b) => a.day - b.day);
  const packed = rows.map(packDayRow);

  it('give the records the generic unpacking gives, for a whole window and a cut one', () => {
    const unpacked = packed.map(unpackDayRow);
    const allX = unpacked.flatMap((r) => recordsOfColumns<DayInteraction>(r.x));
    const allO = unpacked.flatMap((r) => recordsOfColumns<DayOrder>(r.o));
    expect(interactionsOfPacked(packed, -Infinity, Infinity)).toEqual(allX);
    expect(ordersOfPacked(packed, -Infinity, Infinity)).toEqual(allO);
    const from = T0 + DAY + 2 * 3_600_000;
    const to = T0 + 2 * DAY + 3_600_000;
    expect(interactionsOfPacked(packed, from, to)).toEqual(allX.filter((x) => x.at >= from && x.at < to));
    expect(ordersOfPacked(packed, from, to)).toEqual(allO.filter((o) => o.date >= from && o.date < to));
  });

  it('give back every record as it was put in, in index order', () => {
    const byIndex =
      <T extends { id: string }>(time: (r: T) => number) =>
      (a: T, b: T) =>
        time(a) - time(b) || (a.id < b.id ? -1 : 1);
    const read = interactionsOfPacked(packed, -Infinity, Infinity);
    expect(read).toEqual([...interactions].sort(byIndex((x) => x.at)));
    // Missing fields stay missing (not undefined keys the figures would see).
    expect(Object.keys(read.find((x) => x.id === 'x000')!)).not.toContain('companyId');
    expect(read.find((x) => x.id === 'x009')!.subject).toBe('');
    expect(ordersOfPacked(packed, -Infinity, Infinity)).toEqual([...orders].sort(byIndex((o) => o.date)));
    expect(
      Object.keys(ordersOfPacked(packed, -Infinity, Infinity).find((o) => o.id === 'o0')!),
    ).not.toContain('cost');
  });
});
