import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from './db';
import { createContact, currentRep, noteRepMailbox } from './book';

let db: CrmDb;
let n = 0;
beforeEach(async () => {
  db = openCrmDb(`book-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('book writes', () => {
  it('creates one rep for this browser and reuses it', async () => {
    const a = await currentRep(db);
    const b = await currentRep(db);
    expect(b.id).toBe(a.id);
    expect(await db.reps.count()).toBe(1);
  });

  it('stores no English default name, and names the rep after the mailbox once seen', async () => {
    expect((await currentRep(db)).name).toBe('');
    await noteRepMailbox(db, 'Li.Wei@Exporter.cn');
    expect(await currentRep(db)).toMatchObject({ name: 'li.wei', email: 'li.wei@exporter.cn' });
  });

  it('adds the second address of a known contact to nobody else', async () => {
    const first = await createContact(db, { name: 'Hans', email: 'hans@mueller-bau.de' });
    const again = await createContact(db, { name: 'Hans M', email: 'HANS@mueller-bau.de' });
    expect(again.contact.id).toBe(first.contact.id);
    expect(await db.contacts.count()).toBe(1);
  });

  it('rejects an invalid address', async () => {
    await expect(createContact(db, { name: 'x', email: 'nope' })).rejects.toThrow('invalid-email');
  });
});
