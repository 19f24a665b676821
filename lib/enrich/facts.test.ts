import { afterEach, beforeEach, expect, it } from 'vitest';
import { createContact } from '../db/book';
import { openCrmDb, type CrmDb } from '../db/db';
import { BookIndex } from './facts';

let db: CrmDb;
let index: BookIndex;
let n = 0;
beforeEach(async () => {
  const name = `facts-test-${n++}`;
  db = openCrmDb(name);
  await db.open();
  index = new BookIndex(db, name);
});
afterEach(async () => {
  index.dispose();
  await db.delete();
});

it('knows a company or contact added after it first read the book', async () => {
  await createContact(db, { name: 'Hans', email: 'hans@mueller-bau.de' });
  expect(await index.companyDomains()).toEqual(['mueller-bau.de']);
  expect(await index.hasContactOn('acme.co.uk')).toBe(false);

  await createContact(db, { name: 'Buyer', email: 'buyer@mail.acme.co.uk', companyName: '' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await index.companyDomains()).toEqual(['acme.co.uk', 'mueller-bau.de']);
  expect(await index.hasContactOn('acme.co.uk')).toBe(true);
});
