import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createContact } from '../db/book';
import { logInteraction } from '../interactions/log';
import { trackReply } from '../reminders/noReply';
import { defineSchema, openCrmDb, type CrmDb } from '../db/db';
import { changeFeedMiddleware } from '../db/feed';
import { companyRecords, contactRecords, findSubjects, forgetContact, forgetExport } from './kept';

const DAY = 86_400_000;
let db: CrmDb;
let n = 0;
afterEach(async () => {
  await db.delete();
});

/** Every record of every table, as text: what "no record of it anywhere" is checked against. */
async function everything(): Promise<string> {
  const parts = await Promise.all(db.tables.map(async (t) => JSON.stringify([t.name, await t.toArray()])));
  return parts.join('\n');
}

/** Two people at one company, each with logged contacts and reminders; a no-reply reminder on Anna's thread. */
async function book() {
  const anna = await createContact(db, {
    name: 'Anna Schulz',
    email: 'anna@hansen.example',
    companyName: 'Hansen',
  });
  const ben = await createContact(db, { name: 'Ben Vogel', email: 'ben@hansen.example' });
  const log = (contactId: string, threadId: string, at: number, followUpAt?: number) =>
    logInteraction(db, {
      companyId: anna.company!.id,
      contactId,
      threadId,
      direction: 'in',
      channel: 'email',
      at,
      subject: `Subject ${threadId}`,
      summary: 's',
      intent: 'price-inquiry',
      outcome: '',
      followUpAt,
    });
  await log(anna.contact.id, 'th-anna-1', DAY, 5 * DAY);
  await log(anna.contact.id, 'th-anna-2', 2 * DAY);
  await log(ben.contact.id, 'th-ben', 3 * DAY, 6 * DAY);
  // Raised before Anna was in the book: no contact, no company, only her thread.
  await trackReply(
    db,
    {
      threadId: 'th-anna-2',
      url: '',
      subject: 'Subject th-anna-2',
      account: 'rep@brightway.example',
      messages: [{ from: 'anna@hansen.example', date: Date.now() - DAY }],
    },
    2,
  );
  await db.orders.add({
    id: 'o1',
    companyId: anna.company!.id,
    date: DAY,
    amount: 100,
    currency: 'USD',
    status: 'confirmed',
    authorRepId: 'r',
    createdAt: DAY,
    updatedAt: DAY,
  });
  return { anna, ben, companyId: anna.company!.id };
}

describe('what is kept', () => {
  it('finds people and companies by name, address or domain', async () => {
    db = openCrmDb(`kept-${n++}`);
    const { anna, companyId } = await book();
    expect((await findSubjects(db, 'ANNA')).map((s) => s.id)).toEqual([anna.contact.id]);
    expect((await findSubjects(db, 'anna@')).map((s) => s.id)).toEqual([anna.contact.id]);
    expect((await findSubjects(db, 'hansen.ex')).map((s) => `${s.kind}:${s.id}`)).toEqual([
      `company:${companyId}`,
    ]);
    expect(await findSubjects(db, '  ')).toEqual([]);
  });

  it('lists a contact’s and a company’s records by kind, with their dates', async () => {
    db = openCrmDb(`kept-${n++}`);
    const { anna, companyId } = await book();
    const mine = (await contactRecords(db, anna.contact.id))!;
    expect(mine.interactions.map((i) => i.at)).toEqual([DAY, 2 * DAY]);
    expect(mine.reminders.map((r) => r.kind).sort()).toEqual(['follow-up', 'no-reply']);
    expect(mine.company?.id).toBe(companyId);
    const company = (await companyRecords(db, companyId))!;
    expect(company.contacts).toHaveLength(2);
    expect(company.interactions).toHaveLength(3);
    expect(company.orders.map((o) => o.id)).toEqual(['o1']);
  });
});

describe('forgetting a contact', () => {
  it('deletes them and everything only theirs, and nothing of anyone else', async () => {
    db = openCrmDb(`kept-${n++}`);
    const { anna, ben, companyId } = await book();
    const exported = JSON.parse(forgetExport((await contactRecords(db, anna.contact.id))!));
    expect(exported.contact.emails).toEqual(['anna@hansen.example']);
    expect(exported.interactions).toHaveLength(2);

    const done = await forgetContact(db, anna.contact.id);
    expect(done?.counts).toEqual({ contacts: 1, interactions: 2, reminders: 2, other: {} });
    expect(done?.companyIds).toEqual([companyId]);
    // The change feed keeps keys only (no contents): its newest word on Anna is her deletion, which
    // is what team sync carries to every browser. No other table names her.
    const all = await everything();
    const feed = db.tables.some((t) => t.name === 'changeFeed') ? await db.table('changeFeed').toArray() : [];
    const naming = feed.filter((e: { keys: string[] }) => e.keys.includes(anna.contact.id));
    if (naming.length) expect(naming.at(-1)).toMatchObject({ table: 'contacts', op: 'delete' });
    expect(
      all
        .split('\n')
        .filter((line) => !line.startsWith('["changeFeed"'))
        .join('\n'),
    ).not.toContain(anna.contact.id);
    expect(all).not.toContain('anna@hansen.example');
    expect(all).not.toContain('th-anna');
    // Ben, the company and its orders stay.
    expect((await contactRecords(db, ben.contact.id))?.interactions).toHaveLength(1);
    expect((await contactRecords(db, ben.contact.id))?.reminders).toHaveLength(1);
    expect(await db.orders.count()).toBe(1);
    expect(await db.companies.get(companyId)).toBeDefined();
    // Forgetting twice finds nothing.
    expect(await forgetContact(db, anna.contact.id)).toBeNull();
  });

  it('also deletes records of tables added later that name the contact (drafts, say)', async () => {
    const name = `kept-${n++}`;
    const withDrafts = new Dexie(name) as CrmDb;
    defineSchema(withDrafts);
    withDrafts.version(100).stores({ drafts: 'id, [contactId+at]' });
    withDrafts.use(changeFeedMiddleware);
    db = withDrafts;
    const { anna, ben } = await book();
    const drafts = db.table('drafts');
    await drafts.bulkAdd([
      { id: 'd1', contactId: anna.contact.id, at: 1, text: 'Dear Anna' },
      { id: 'd2', contactId: ben.contact.id, at: 1, text: 'Dear Ben' },
    ]);
    const done = await forgetContact(db, anna.contact.id);
    expect(done?.counts.other).toEqual({ drafts: 1 });
    expect((await drafts.toArray()).map((d) => d.id)).toEqual(['d2']);
  });

  it('leaves a value mark for the company whose contacts it deleted', async () => {
    db = openCrmDb(`kept-${n++}`);
    const { anna, companyId } = await book();
    await db.valueDirty.clear();
    await forgetContact(db, anna.contact.id);
    expect((await db.valueDirty.toArray()).map((m) => m.companyId)).toContain(companyId);
  });
});
