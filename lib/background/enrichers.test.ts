import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb } from '../db/db';
import type { ValueChange } from '../value/changes';
import { forgetValueCache, recomputeAll } from '../value/recompute';
import { company } from '../../test/support/value-book';
import { EmailInquirySchema } from '../email';
import type { IpDatabase } from '../origin/ipdb';
import { inquiry } from '../../test/support/cards';
import { realEnrichers, storedValueFirst, VALUE_INLINE_MAX_COMPANIES } from './enrichers';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const db = openCrmDb(`enrichers-${Date.now()}`);

afterEach(async () => {
  forgetValueCache(db);
  await db.delete();
});

const acme = (id: string) =>
  company(id, {
    name: `Acme ${id}`,
    domains: [`${id}.de`],
    createdAt: NOW - 400 * DAY,
    updatedAt: NOW - 400 * DAY,
  });

describe("the card's value slot", () => {
  it('shows stored figures at once and hands an old row to the value scheduler, never recomputing itself', async () => {
    await db.open();
    await db.companies.put(acme('acme'));
    await recomputeAll(db, NOW - 3 * DAY);
    const changes: ValueChange[] = [];
    const revalue = (change: ValueChange) => void changes.push(change);
    // The first card after a full recompute computes its row (the full recompute stores no rows).
    expect((await storedValueFirst(db, 'acme', NOW - 3 * DAY, revalue))?.tier).toBe('small');
    expect((await db.companyValues.get('acme'))?.computedAt).toBe(NOW - 3 * DAY);
    expect(changes).toEqual([]);

    const value = await storedValueFirst(db, 'acme', NOW, revalue);
    expect(value?.tier).toBe('small');
    expect(changes).toEqual([{ companyIds: ['acme'], all: false }]);
    // The row is as it was: the refresh is the scheduler's job, not the card's.
    expect((await db.companyValues.get('acme'))?.computedAt).toBe(NOW - 3 * DAY);

    changes.length = 0;
    await storedValueFirst(db, 'acme', NOW - 3 * DAY + 1000, revalue);
    expect(changes).toEqual([]);
  });

  it('recomputes a row older than the last full recompute before showing it', async () => {
    await db.open();
    await db.companies.put(acme('acme'));
    await recomputeAll(db, NOW - 3 * DAY);
    await storedValueFirst(db, 'acme', NOW - 3 * DAY);
    // An order lands and the next full recompute runs (the daily one); the card's old row predates it.
    await db.orders.put({
      id: 'o1',
      companyId: 'acme',
      date: NOW - 10 * DAY,
      amount: 50_000,
      currency: 'USD',
      cost: 30_000,
      status: 'paid',
      authorRepId: 'rep',
      createdAt: NOW - 10 * DAY,
      updatedAt: NOW - 10 * DAY,
    });
    await recomputeAll(db, NOW - DAY);
    const value = await storedValueFirst(db, 'acme', NOW - DAY + 1000);
    expect(value?.currentValue).toBeGreaterThan(0);
    expect((await db.companyValues.get('acme'))?.computedAt).toBe(NOW - DAY + 1000);
  });

  it('values a small book never valued on its first card, and leaves a big one to the scheduler', async () => {
    await db.open();
    await db.companies.put(acme('acme'));
    const changes: ValueChange[] = [];
    const revalue = (change: ValueChange) => void changes.push(change);
    expect((await storedValueFirst(db, 'acme', NOW, revalue))?.stage).toBe('exploration');
    expect(changes).toEqual([]);

    forgetValueCache(db);
    await db.settings.clear();
    await db.companies.bulkPut(Array.from({ length: VALUE_INLINE_MAX_COMPANIES }, (_, i) => acme(`c${i}`)));
    expect(await storedValueFirst(db, 'acme', NOW, revalue)).toBeNull();
    expect(changes).toEqual([{ companyIds: ['acme'], all: false }]);
  });
});

describe("the card's analyses", () => {
  it('never wait for the IP database when the message has no headers yet, and use it once they came', async () => {
    let loaded: (db: IpDatabase) => void = () => undefined;
    let loads = 0;
    const ipdb = () => {
      loads++;
      return new Promise<IpDatabase>((resolve) => (loaded = resolve));
    };
    const enrichers = realEnrichers(ipdb);
    const email = EmailInquirySchema.parse(inquiry('Please quote 500 pcs.'));
    const pending = Symbol('pending');
    const settled = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<typeof pending>((resolve) => setTimeout(() => resolve(pending), 20))]);

    // The first opening of a message: its headers are not in yet, and the database is still loading.
    const first = await settled(enrichers(email, null));
    expect(first).not.toBe(pending);

    // With headers the client address is looked up: that card waits for the database.
    const headers = [{ name: 'received', value: 'from mail.acme.de ([203.0.113.9]) by mx.google.com' }];
    const withHeaders = enrichers(email, headers);
    expect(await settled(withHeaders)).toBe(pending);
    loaded({ lookupParsed: () => ({ country: 'DE' }) } as unknown as IpDatabase);
    expect(await settled(withHeaders)).not.toBe(pending);
    expect(loads).toBe(1);
  });
});
