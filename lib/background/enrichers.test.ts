import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb } from '../db/db';
import { routeValueChanges, type ValueChange } from '../value/changes';
import { recomputeAll } from '../value/recompute';
import { storedValueFirst } from './enrichers';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const db = openCrmDb(`enrichers-${Date.now()}`);

afterEach(async () => {
  routeValueChanges(db, null);
  await db.delete();
});

describe("the card's value slot", () => {
  it('shows stored figures at once and hands an old row to the value scheduler, never recomputing itself', async () => {
    await db.open();
    await db.companies.put({
      id: 'acme',
      name: 'Acme',
      domains: ['acme.de'],
      source: 'website',
      ownerRepId: 'rep',
      authorRepId: 'rep',
      tags: [],
      notes: '',
      createdAt: NOW - 400 * DAY,
      updatedAt: NOW - 400 * DAY,
    });
    await recomputeAll(db, NOW - 3 * DAY);
    const changes: ValueChange[] = [];
    routeValueChanges(db, (change) => void changes.push(change));

    const value = await storedValueFirst(db, 'acme', NOW);
    expect(value?.tier).toBe('small');
    expect(changes).toEqual([{ companyIds: ['acme'], all: false }]);
    // The row is as it was: the refresh is the scheduler's job, not the card's.
    expect((await db.companyValues.get('acme'))?.computedAt).toBe(NOW - 3 * DAY);

    changes.length = 0;
    await storedValueFirst(db, 'acme', NOW - 3 * DAY + 1000);
    expect(changes).toEqual([]);
  });
});
