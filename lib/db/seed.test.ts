import { afterEach, describe, expect, it } from 'vitest';
import { demoBook } from '../demo/book';
import { valueChangeOf } from '../value/changes';
import { openCrmDb, type CrmDb } from './db';
import { readFeed } from './feed';
import { seedEmptyBook } from './seed';

const opened: CrmDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('seedEmptyBook', () => {
  it('the demo book is valued as a whole as soon as it is written', async () => {
    const db = openCrmDb(`seed-test-${Date.now()}`);
    opened.push(db);
    const book = demoBook(Date.UTC(2026, 0, 15));
    await seedEmptyBook(db, book, book.reps[0]!.id);
    expect(await db.companies.count()).toBe(book.companies.length);
    // A first book ranks every customer at once: its tiers exist before any card asks.
    expect(valueChangeOf(await readFeed(db))).toEqual({ companyIds: [], all: true });
  });
});
