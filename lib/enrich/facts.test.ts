import { afterEach, beforeEach, expect, it, vi } from 'vitest';
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

it('kept warm, has the lookups built again after a write, before any card asks', async () => {
  await createContact(db, { name: 'Hans', email: 'hans@mueller-bau.de' });
  await index.keepWarm(10);
  await createContact(db, { name: 'Buyer', email: 'buyer@mail.acme.co.uk', companyName: '' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  // Built already: asking reads nothing from the book.
  const companies = vi.spyOn(db.companies, 'orderBy');
  const contacts = vi.spyOn(db.contacts, 'orderBy');
  expect(await index.companyDomains()).toEqual(['acme.co.uk', 'mueller-bau.de']);
  expect(await index.hasContactOn('acme.co.uk')).toBe(true);
  expect(companies).not.toHaveBeenCalled();
  expect(contacts).not.toHaveBeenCalled();
});
