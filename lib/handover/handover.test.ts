import { afterEach, describe, expect, it } from 'vitest';
import type { CrmDb } from '../db/db';
import { HandoverError } from './errors';
import { exportBook, exportBookStream } from './export';
import { importBundle, previewImport, restoreBook } from './import';
import { backupBook } from './backup';
import { reassignRep } from './reassign';
import { currentRep } from '../db/book';
import { VALUE_BOOK_STATS_KEY } from '../value/recompute';
import { DERIVED_SETTING_KEYS } from './format';
import { feedHead, readFeed, trimFeed } from '../db/feed';
import { WHOLE_BOOK } from '../db/dirty';
import { valueChangeOf } from '../value/changes';

import {
  alice,
  bob,
  collectText,
  company,
  craftBundle,
  contact,
  emptyBook,
  fillSampleBook,
  interaction,
  maria,
  order,
  reminder,
  snapshot,
  T0,
  template,
} from '../../test/support/handover-book';

const opened: CrmDb[] = [];
function book(): CrmDb {
  const db = emptyBook();
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

/**
 * From now on the disk is full: writes to `table` fail (`write`), or every
 * read-write transaction fails as it commits (`commit`), the way IndexedDB
 * reports a quota it only notices when flushing to disk.
 */
async function fillDisk(db: CrmDb, when: 'write' | 'commit', table: string): Promise<void> {
  // Middleware applies from the next open on.
  db.close({ disableAutoOpen: false });
  const quota = () => new DOMException('The disk is full', 'QuotaExceededError');
  db.use({
    stack: 'dbcore',
    name: `full-disk-${when}`,
    create: (down) => ({
      ...down,
      transaction: (stores, mode, options) => {
        const tx = down.transaction(stores, mode, options) as IDBTransaction;
        if (when === 'commit' && mode === 'readwrite') {
          // Where the browser would fire "complete", it rolls back and fires "abort" with a
          // QuotaExceededError (what Chromium does when the commit cannot be written to disk).
          // fake-indexeddb's own abort steps do exactly that.
          const fake = tx as IDBTransaction & { _abort(errorName: string): void };
          const dispatch = fake.dispatchEvent.bind(fake);
          fake.dispatchEvent = (event) => {
            if (event.type !== 'complete') return dispatch(event);
            fake._abort('QuotaExceededError');
            return true;
          };
        }
        return tx;
      },
      table: (name) => {
        const inner = down.table(name);
        if (when !== 'write' || name !== table) return inner;
        return { ...inner, mutate: () => Promise.reject(quota()) };
      },
    }),
  });
  await db.open();
}

async function sampleBook(): Promise<CrmDb> {
  const db = book();
  await fillSampleBook(db);
  return db;
}

const records = (text: string) =>
  text
    .trim()
    .split('\n')
    .slice(1, -1)
    .map((line) => JSON.parse(line) as { t: string; r: Record<string, unknown> });

describe('export', () => {
  it('writes a header, every record of the book and a checksummed trailer', async () => {
    const db = await sampleBook();
    const text = await collectText(exportBook(db, { now: T0, exportedBy: alice.id }));
    const lines = text.trim().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: 'trade-inbox-crm/book', version: 1, exportedBy: alice.id });
    expect(header.counts).toEqual({
      reps: 3,
      companies: 3,
      contacts: 3,
      interactions: 4,
      orders: 2,
      reminders: 3,
      knowledge: 1,
      settings: 1,
    });
    expect(JSON.parse(lines.at(-1)!).end.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The browser's own identity does not travel with a handover bundle.
    expect(
      records(text)
        .filter((l) => l.t === 'settings')
        .map((l) => l.r.key),
    ).toEqual(['valueModel']);
  });

  it("exports one rep's share: only their companies and what hangs off them", async () => {
    const db = await sampleBook();
    const text = await collectText(exportBook(db, { scope: { kind: 'rep', repId: bob.id } }));
    const ids = (t: string) =>
      records(text)
        .filter((l) => l.t === t)
        .map((l) => l.r.id);
    expect(ids('companies')).toEqual(['initech']);
    expect(ids('contacts')).toEqual(['peter']);
    expect(ids('interactions')).toEqual(['i4']);
    expect(ids('orders')).toEqual(['o2']);
    expect(ids('reminders')).toEqual(['r3']);
    expect(ids('reps')).toEqual([bob.id]);
    const target = book();
    const report = await importBundle(target, text);
    expect(report.tables.companies.added).toBe(1);
  });

  it("takes the rep's free-mail contacts (no company) and their history along with the rep's share", async () => {
    const db = await sampleBook();
    const freeMail = (id: string, over: Parameters<typeof contact>[2] = {}) =>
      contact(id, undefined, { emails: [`${id}@gmail.com`], ...over });
    const noCompany = { companyId: undefined };
    await db.contacts.bulkPut([
      freeMail('wei'), // Alice wrote the contact, Bob handled the inquiry
      freeMail('sam', { authorRepId: bob.id }), // Bob wrote it, nothing logged yet
      freeMail('zoe'), // only a reminder of Bob's names her
      freeMail('ann'), // logged against Bob's company
      freeMail('kim'), // Alice's alone
    ]);
    await db.interactions.bulkPut([
      interaction('iw1', 'x', 'wei', { ...noCompany, repId: bob.id, authorRepId: bob.id }),
      interaction('iw2', 'x', 'wei', { ...noCompany }), // Alice's, but the contact travels
      interaction('ia1', 'initech', 'ann'),
      interaction('ik1', 'x', 'kim', { ...noCompany }),
    ]);
    await db.reminders.bulkPut([
      reminder('rz', 'x', { ...noCompany, contactId: 'zoe', ownerRepId: bob.id }),
      reminder('rk', 'x', { ...noCompany, contactId: 'kim' }),
    ]);
    const text = await collectText(exportBook(db, { scope: { kind: 'rep', repId: bob.id } }));
    const ids = (t: string) =>
      records(text)
        .filter((l) => l.t === t)
        .map((l) => l.r.id);
    expect(ids('contacts')).toEqual(['ann', 'peter', 'sam', 'wei', 'zoe']);
    expect(ids('interactions')).toEqual(['i4', 'ia1', 'iw1', 'iw2']);
    expect(ids('reminders')).toEqual(['r3', 'rz']);
    expect(ids('reps')).toEqual([alice.id, bob.id]);

    // The successor sees the free-mail contact's history and owns the reminder.
    const target = book();
    await importBundle(target, text, { newOwnerRepId: maria.id });
    const wei = await target.contacts.where('emails').equals('wei@gmail.com').first();
    expect(
      (
        await target.interactions.where('[contactId+at]').between([wei!.id, 0], [wei!.id, Infinity]).toArray()
      ).map((i) => [i.id, i.authorRepId]),
    ).toEqual([
      ['iw1', bob.id],
      ['iw2', alice.id],
    ]);
    expect(await target.reminders.get('rz')).toMatchObject({ contactId: 'zoe', ownerRepId: maria.id });
  });

  it("leaves out of a rep's share what would point at a record outside it", async () => {
    const db = await sampleBook();
    // Bob's reminder on Alice's customer, and a contact of Alice's customer logged on Bob's.
    await db.reminders.put(reminder('r-acme', 'acme', { ownerRepId: bob.id }));
    await db.interactions.put(interaction('i-mixed', 'initech', 'hans', { repId: bob.id }));
    await db.reminders.put(reminder('r-mixed', 'initech', { interactionId: 'i-mixed', ownerRepId: bob.id }));
    const text = await collectText(exportBook(db, { scope: { kind: 'rep', repId: bob.id } }));
    const lines = records(text);
    expect(lines.filter((l) => l.t === 'reminders').map((l) => l.r.id)).toEqual(['r3']);
    expect(lines.filter((l) => l.t === 'interactions').map((l) => l.r.id)).toEqual(['i4']);
    // Imported alone, every reference of the share resolves.
    const target = book();
    await importBundle(target, text);
    const companies = new Set(await target.companies.toCollection().primaryKeys());
    const contacts = new Set(await target.contacts.toCollection().primaryKeys());
    const interactions = new Set(await target.interactions.toCollection().primaryKeys());
    for (const r of [
      ...(await target.contacts.toArray()),
      ...(await target.interactions.toArray()),
      ...(await target.orders.toArray()),
      ...(await target.reminders.toArray()),
    ] as { companyId?: string; contactId?: string; interactionId?: string }[]) {
      if (r.companyId) expect(companies.has(r.companyId)).toBe(true);
      if (r.contactId) expect(contacts.has(r.contactId)).toBe(true);
      if (r.interactionId) expect(interactions.has(r.interactionId)).toBe(true);
    }
  });

  it('streams in pages, not one string', async () => {
    const db = book();
    await db.reps.put(alice);
    await db.companies.bulkPut(
      Array.from({ length: 50 }, (_, i) => company(`c${String(i).padStart(3, '0')}`)),
    );
    const chunks: Uint8Array[] = [];
    for await (const chunk of exportBook(db, { pageSize: 10 })) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(7); // header, reps, 5 pages of companies, trailer
    const viaStream = await new Response(exportBookStream(db, { pageSize: 10, now: 1 })).text();
    expect(records(viaStream)).toHaveLength(51);
  });

  it('refuses to finish a bundle when records were deleted while it was written', async () => {
    const db = await sampleBook();
    const chunks = exportBook(db, { pageSize: 1 });
    await chunks.next(); // the header, with its counts, is out
    await db.interactions.delete('i4');
    const error = await (async () => {
      for await (const _ of chunks);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandoverError);
    expect(error).toMatchObject({ code: 'book-changed', params: { table: 'interactions' } });
  });
});

describe('derived figures', () => {
  it('never travel: value statistics are left out of every bundle and ignored in an old one', async () => {
    expect(DERIVED_SETTING_KEYS).toEqual([VALUE_BOOK_STATS_KEY]);
    const db = await sampleBook();
    await db.settings.put({ key: VALUE_BOOK_STATS_KEY, value: { companies: 3, computedAt: 1 } });
    for (const chunks of [exportBook(db), backupBook(db)]) {
      const keys = records(await collectText(chunks))
        .filter((l) => l.t === 'settings')
        .map((l) => l.r.key);
      expect(keys).not.toContain(VALUE_BOOK_STATS_KEY);
      expect(keys).toContain('valueModel');
    }
    // A file written before this rule still carries them: neither import nor restore takes them.
    const old = craftBundle([{ t: 'settings', r: { key: VALUE_BOOK_STATS_KEY, value: { stale: true } } }]);
    const target = book();
    const report = await importBundle(target, old);
    expect(report.tables.settings).toEqual({ incoming: 0, added: 0, merged: 0 });
    await restoreBook(target, old);
    expect(await target.settings.get(VALUE_BOOK_STATS_KEY)).toBeUndefined();
  });
});

describe('value marks', () => {
  it('a merged order that now names another company marks the company it left, for the value model', async () => {
    const target = book();
    await target.companies.bulkAdd([company('c1'), company('c2')]);
    await target.orders.add(order('o1', 'c1'));
    await target.valueDirty.clear();
    // The bundle's copy of o1 is newer and belongs to c2: the merge moves it.
    const bundle = craftBundle([{ t: 'orders', r: order('o1', 'c2', { updatedAt: T0 + 20 * 86_400_000 }) }]);
    await importBundle(target, bundle);
    expect((await target.orders.get('o1'))?.companyId).toBe('c2');
    // Both companies, beside the whole-book mark every import leaves.
    expect((await target.valueDirty.toArray()).map((m) => m.companyId).sort()).toEqual([
      WHOLE_BOOK,
      'c1',
      'c2',
    ]);
  });
});

describe('value after an import', () => {
  /** A book with one valued customer, its feed read and its marks cleared, as the background leaves it. */
  async function settledBook(): Promise<CrmDb> {
    const target = book();
    await target.companies.add(company('c1'));
    await target.orders.add(order('o1', 'c1'));
    await trimFeed(target, await feedHead(target));
    await target.valueDirty.clear();
    return target;
  }

  it('a small bundle merged into a book has the whole book valued again, not only its companies', async () => {
    const target = await settledBook();
    const bundle = craftBundle([
      { t: 'companies', r: company('c2') },
      { t: 'orders', r: order('o2', 'c2') },
    ]);
    await importBundle(target, bundle);
    // Ranks are across the book: a new customer moves everyone's tier, so the value model ranks all.
    expect(valueChangeOf(await readFeed(target))).toEqual({ companyIds: [], all: true });
    expect((await target.valueDirty.toArray()).map((m) => m.companyId)).toContain(WHOLE_BOOK);
  });

  it('a restore has the whole book valued again', async () => {
    const source = await sampleBook();
    const backup = await collectText(backupBook(source));
    const target = await settledBook();
    await restoreBook(target, backup);
    expect(valueChangeOf(await readFeed(target))).toEqual({ companyIds: [], all: true });
  });

  it('a preview writes nothing to the change feed', async () => {
    const target = await settledBook();
    await previewImport(target, craftBundle([{ t: 'companies', r: company('c2') }]));
    expect(await readFeed(target)).toEqual([]);
  });
});

describe('round trip', () => {
  it('export, import into an empty book, export again gives the same records', async () => {
    const source = await sampleBook();
    const first = await collectText(exportBook(source, { now: T0 }));
    const target = book();
    const report = await importBundle(target, first);
    expect(report.tables.interactions).toEqual({ incoming: 4, added: 4, merged: 0 });
    const second = await collectText(exportBook(target, { now: T0 }));
    expect(records(second)).toEqual(records(first));
    expect(second.split('\n')[0]).toBe(first.split('\n')[0]);
    // And from then on byte for byte (field order is the schema's after one import).
    const third = book();
    await importBundle(third, second);
    expect(await collectText(exportBook(third, { now: T0 }))).toBe(second);
  });

  it('a backup restores the whole database, local settings included, replacing what was there', async () => {
    const db = await sampleBook();
    const before = await snapshot(db);
    const backup = await collectText(backupBook(db));
    await db.companies.delete('acme');
    await db.companies.put(company('stray'));
    await db.companyValues.put({ companyId: 'acme', computedAt: 1 });
    const report = await restoreBook(db, backup);
    expect(report.tables.settings.added).toBe(2);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('restore keeps who uses this browser', () => {
  const newHire = { id: 'rep-new', name: 'New Hire', role: 'rep' as const, createdAt: T0 };

  it('a whole-book export carries no local settings: this browser keeps its rep', async () => {
    const wholeBook = await collectText(exportBook(await sampleBook()));
    const db = book();
    await db.reps.put(newHire);
    await db.settings.put({ key: 'currentRepId', value: newHire.id });
    await db.companies.put(company('stray', { ownerRepId: newHire.id }));
    await restoreBook(db, wholeBook);
    expect(await db.settings.get('currentRepId')).toEqual({ key: 'currentRepId', value: newHire.id });
    expect(await db.reps.get(newHire.id)).toEqual(newHire);
    // The rep keeps working as themselves: no new "Me" rep is made on the next log.
    expect(await currentRep(db)).toEqual(newHire);
    expect(await db.reps.count()).toBe(4);
    expect(await db.companies.get('stray')).toBeUndefined();
    expect(await db.settings.get('valueModel')).toBeDefined();
  });

  it('a backup carries them: its rep comes back with it', async () => {
    const backup = await collectText(backupBook(await sampleBook()));
    const db = book();
    await db.reps.put(newHire); // e.g. a new browser that made a rep on first use
    await db.settings.put({ key: 'currentRepId', value: newHire.id });
    await restoreBook(db, backup);
    expect(await db.settings.get('currentRepId')).toEqual({ key: 'currentRepId', value: alice.id });
    expect(await db.reps.get(newHire.id)).toBeUndefined();
  });
});

describe('handover import', () => {
  it('makes the receiving rep the owner, keeps every author, adds the departing rep, and shows the history', async () => {
    const source = await sampleBook();
    const bundle = await collectText(exportBook(source, { scope: { kind: 'rep', repId: alice.id } }));
    const target = book();
    const newHire = { id: 'rep-new', name: 'New Hire', role: 'rep' as const, createdAt: T0 };
    await target.reps.put(newHire);
    const progress: number[] = [];
    await importBundle(target, bundle, {
      newOwnerRepId: newHire.id,
      onProgress: (p) => progress.push(p.done),
    });
    expect(progress.at(-1)).toBe(12);
    const companies = await target.companies.toArray();
    expect(companies.map((c) => [c.id, c.ownerRepId, c.authorRepId])).toEqual([
      ['acme', newHire.id, alice.id],
      ['globex', newHire.id, alice.id],
    ]);
    expect((await target.reminders.toArray()).every((r) => r.ownerRepId === newHire.id)).toBe(true);
    expect(await target.reps.get(alice.id)).toEqual(alice);
    const history = await target.interactions
      .where('[companyId+at]')
      .between(['acme', 0], ['acme', Infinity])
      .toArray();
    expect(history.map((i) => [i.id, i.authorRepId])).toEqual([
      ['i1', alice.id],
      ['i2', alice.id],
    ]);
  });

  it('merges duplicates: same domain and same address are one record, nothing is lost', async () => {
    const target = book();
    await target.reps.bulkPut([bob]);
    await target.companies.put(
      company('mine-acme', {
        name: 'ACME',
        domains: ['acme.example'],
        notes: 'Pays by L/C',
        tags: ['germany'],
        ownerRepId: bob.id,
        authorRepId: bob.id,
        createdAt: T0 - 1000,
        updatedAt: T0,
      }),
    );
    await target.contacts.put(
      contact('mine-hans', 'mine-acme', {
        emails: ['hans@acme.example'],
        phones: ['+49 1'],
        authorRepId: bob.id,
      }),
    );
    await target.interactions.put(
      interaction('i1', 'mine-acme', 'mine-hans', { summary: 'Called about samples' }),
    );

    const source = book();
    await source.reps.put(alice);
    await source.companies.put(
      company('acme', {
        name: 'Acme GmbH',
        domains: ['acme.example', 'acme.de'],
        notes: 'Met at Canton Fair',
        tags: ['vip'],
        updatedAt: T0 + 5000,
      }),
    );
    await source.contacts.put(
      contact('hans', 'acme', { emails: ['hans@acme.example', 'h.m@acme.de'], updatedAt: T0 + 5000 }),
    );
    await source.interactions.bulkPut([
      interaction('i1', 'acme', 'hans', { summary: 'Asked for FOB price', updatedAt: T0 + 9 * 86_400_000 }),
      interaction('i9', 'acme', 'hans'),
    ]);
    await source.reminders.put(reminder('r1', 'acme'));
    const bundle = await collectText(exportBook(source));

    const before = await snapshot(target);
    const preview = await previewImport(target, bundle, { newOwnerRepId: bob.id });
    expect(await snapshot(target)).toEqual(before);
    expect(preview.tables.companies).toEqual({ incoming: 1, added: 0, merged: 1 });
    expect(preview.tables.contacts).toEqual({ incoming: 1, added: 0, merged: 1 });
    expect(preview.tables.interactions).toEqual({ incoming: 2, added: 1, merged: 1 });
    expect(preview.conflicts.find((c) => c.table === 'companies')).toMatchObject({
      incomingId: 'acme',
      existingId: 'mine-acme',
      matchedBy: 'domain',
      fields: expect.arrayContaining(['name', 'notes']),
    });
    expect(preview.conflicts.find((c) => c.table === 'contacts')).toMatchObject({ matchedBy: 'email' });

    const report = await importBundle(target, bundle, { newOwnerRepId: bob.id });
    expect(report.tables).toEqual(preview.tables);
    const acme = (await target.companies.toArray())[0]!;
    expect(await target.companies.count()).toBe(1);
    expect(acme).toMatchObject({
      id: 'mine-acme',
      name: 'Acme GmbH', // the newer name
      domains: ['acme.example', 'acme.de'],
      tags: ['germany', 'vip'],
      ownerRepId: bob.id,
      authorRepId: bob.id, // Bob wrote it first
      createdAt: T0 - 1000,
      updatedAt: T0 + 5000,
    });
    expect(acme.notes).toContain('Pays by L/C');
    expect(acme.notes).toContain('Met at Canton Fair');
    const hans = await target.contacts.get('mine-hans');
    expect(hans?.emails).toEqual(['hans@acme.example', 'h.m@acme.de']);
    expect(hans?.phones).toEqual(['+49 1']);
    expect(await target.contacts.count()).toBe(1);
    // The imported history hangs off the book's own company and contact.
    const i1 = await target.interactions.get('i1');
    expect(i1).toMatchObject({ companyId: 'mine-acme', contactId: 'mine-hans' });
    expect(i1?.summary).toContain('Asked for FOB price');
    expect(i1?.summary).toContain('Called about samples');
    expect(await target.interactions.get('i9')).toMatchObject({
      companyId: 'mine-acme',
      contactId: 'mine-hans',
    });
    expect(await target.reminders.get('r1')).toMatchObject({ companyId: 'mine-acme', ownerRepId: bob.id });
    expect(await target.reps.get(alice.id)).toEqual(alice);
  });

  it('merges the same way whatever the batch size', async () => {
    const bundle = await collectText(exportBook(await sampleBook()));
    const results = [];
    for (const batchSize of [1, 3, 2000]) {
      const target = book();
      await target.companies.put(
        company('mine', { domains: ['acme.example', 'mine.example'], notes: 'Own note' }),
      );
      await target.contacts.put(contact('mine-hans', 'mine', { emails: ['hans@acme.example'] }));
      await importBundle(target, bundle, { batchSize, newOwnerRepId: bob.id });
      results.push(await snapshot(target));
    }
    expect(results[0]).toEqual(results[2]);
    expect(results[1]).toEqual(results[2]);
    expect(results[2]!.companies).toHaveLength(3);
    expect(
      results[2]!.interactions.filter((i) => (i as { companyId: string }).companyId === 'mine'),
    ).toHaveLength(2);
  });

  it('keeps the receiving book settings and never takes over who uses this browser', async () => {
    const target = book();
    await target.settings.bulkPut([
      { key: 'currentRepId', value: bob.id },
      { key: 'valueModel', value: { discountRate: 0.08 } },
    ]);
    const source = await sampleBook();
    const report = await importBundle(target, await collectText(backupBook(source)));
    expect(await target.settings.get('currentRepId')).toEqual({ key: 'currentRepId', value: bob.id });
    expect(await target.settings.get('valueModel')).toEqual({
      key: 'valueModel',
      value: { discountRate: 0.08 },
    });
    expect(report.conflicts.find((c) => c.table === 'settings')?.label).toBe('valueModel');
  });

  it('importing the same bundle twice changes nothing the second time', async () => {
    const bundle = await collectText(exportBook(await sampleBook()));
    const target = book();
    await importBundle(target, bundle);
    const once = await snapshot(target);
    const report = await importBundle(target, bundle);
    expect(report.tables.companies).toEqual({ incoming: 3, added: 0, merged: 3 });
    expect(report.conflictCount).toBe(0);
    expect(await snapshot(target)).toEqual(once);
  });

  it('stores script in text fields as plain text', async () => {
    const source = book();
    const script = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';
    await source.companies.put(company('x', { name: script, notes: script }));
    await source.knowledge.put({
      ...template,
      fields: { link: 'javascript:alert(1)', moq: '500 < 1000 pcs' },
    });
    await source.contacts.put(contact('y', 'x', { name: 'Hans Müller <hans@x.example>' }));
    const bundle = await collectText(exportBook(source));
    const target = book();
    // The preview says how many text fields hold markup; all of them go in as text.
    expect((await previewImport(target, bundle)).markupFields).toBe(3);
    const report = await importBundle(target, bundle);
    expect(report.markupFields).toBe(3);
    expect(await target.companies.get('x')).toMatchObject({ name: script, notes: script });
    expect((await target.knowledge.get(template.id))?.fields.link).toBe('javascript:alert(1)');
    expect(
      (await previewImport(target, await collectText(exportBook(await sampleBook())))).markupFields,
    ).toBe(0);
  });
});

describe('preview of a big file', () => {
  it('tells how many bytes it has read, and stops when cancelled', async () => {
    const source = await sampleBook();
    await source.companies.bulkPut(
      Array.from({ length: 300 }, (_, i) => company(`big${i}`, { notes: 'n'.repeat(10_000) })),
    );
    const file = new Blob([await collectText(exportBook(source))]);
    expect(file.size).toBeGreaterThan(2.5 * 1024 * 1024);
    const target = book();
    const read: number[] = [];
    await previewImport(target, file, { onRead: (bytes) => read.push(bytes) });
    expect(read).toEqual([1, 2, 3].map((mb) => Math.min(mb * 1024 * 1024, file.size)));

    const controller = new AbortController();
    const cancelled: number[] = [];
    const run = previewImport(target, file, {
      signal: controller.signal,
      onRead: (bytes) => {
        cancelled.push(bytes);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(cancelled).toEqual([1024 * 1024]);
  });
});

describe('atomic import', () => {
  it('a cancel halfway leaves the book exactly as before', async () => {
    const target = await sampleBook();
    const before = await snapshot(target);
    const source = book();
    await source.companies.bulkPut(Array.from({ length: 40 }, (_, i) => company(`new${i}`)));
    const bundle = await collectText(exportBook(source));
    const controller = new AbortController();
    const seen: number[] = [];
    const run = importBundle(target, bundle, {
      batchSize: 5,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done >= 10) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen[0]).toBe(5);
    expect(await snapshot(target)).toEqual(before);
  });

  it('a full disk gives a clear error and writes nothing', async () => {
    const target = book();
    await fillDisk(target, 'write', 'interactions');
    await target.reps.put(bob);
    const before = await snapshot(target);
    const bundle = await collectText(exportBook(await sampleBook()));
    const error = await importBundle(target, bundle).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandoverError);
    expect((error as HandoverError).code).toBe('quota-exceeded');
    expect((error as HandoverError).messageKey).toBe('handover.error.quota-exceeded');
    expect(await snapshot(target)).toEqual(before);
  });

  it('a cancelled restore leaves the old book exactly as it was, value figures included', async () => {
    const db = await sampleBook();
    await db.companyValues.put({ companyId: 'acme', computedAt: 1 });
    const before = await snapshot(db);
    const source = await sampleBook();
    await source.companies.bulkPut(Array.from({ length: 40 }, (_, i) => company(`new${i}`)));
    const backup = await collectText(backupBook(source));
    const controller = new AbortController();
    const seen: number[] = [];
    const run = restoreBook(db, backup, {
      batchSize: 5,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done >= 20) controller.abort(); // the old book is cleared and 20 records are in
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen.at(-1)).toBeGreaterThanOrEqual(20);
    expect(await snapshot(db)).toEqual(before);
  });

  for (const when of ['write', 'commit'] as const) {
    it(`a full disk during a restore (${when}) says so and leaves the old book`, async () => {
      const backup = await collectText(backupBook(await sampleBook()));
      const db = book();
      await fillSampleBook(db);
      await db.companies.put(company('mine'));
      await db.companyValues.put({ companyId: 'mine', computedAt: 1 });
      const before = await snapshot(db);
      await fillDisk(db, when, 'reminders');
      const error = await restoreBook(db, backup).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'quota-exceeded', messageKey: 'handover.error.quota-exceeded' });
      expect(await snapshot(db)).toEqual(before);
    });

    it(`a full disk during a reassign (${when}) says so and moves nothing`, async () => {
      const db = await sampleBook();
      const before = await snapshot(db);
      await fillDisk(db, when, 'reminders');
      const error = await reassignRep(db, alice.id, maria.id).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'quota-exceeded' });
      expect(await snapshot(db)).toEqual(before);
    });
  }

  it('restore refuses a rep share and leaves the book', async () => {
    const db = await sampleBook();
    const before = await snapshot(db);
    const share = await collectText(exportBook(db, { scope: { kind: 'rep', repId: bob.id } }));
    await expect(restoreBook(db, share)).rejects.toMatchObject({ code: 'wrong-scope' });
    const broken = (await collectText(backupBook(db))).replace('Acme GmbH', 'Acme AG');
    await expect(restoreBook(db, broken)).rejects.toMatchObject({ code: 'bad-checksum' });
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('reassignRep', () => {
  it('moves every company of a rep and all their reminders, keeping authors', async () => {
    const db = await sampleBook();
    const result = await reassignRep(db, alice.id, maria.id, T0 + 1);
    expect(result).toEqual({ companies: 2, reminders: 2, open: 1 });
    expect((await db.companies.where('ownerRepId').equals(maria.id).toArray()).map((c) => c.id)).toEqual([
      'acme',
      'globex',
    ]);
    expect(await db.companies.where('ownerRepId').equals(alice.id).count()).toBe(0);
    expect((await db.companies.get('acme'))?.authorRepId).toBe(alice.id);
    expect((await db.reminders.get('r1'))?.ownerRepId).toBe(maria.id);
    // A done reminder moves too, as on import; who wrote it stays.
    expect(await db.reminders.get('r2')).toMatchObject({ ownerRepId: maria.id, authorRepId: alice.id });
    expect((await db.reminders.get('r3'))?.ownerRepId).toBe(bob.id);
    expect((await db.companies.get('initech'))?.ownerRepId).toBe(bob.id);
  });

  it('refuses an unknown target rep and changes nothing', async () => {
    const db = await sampleBook();
    const before = await snapshot(db);
    await expect(reassignRep(db, alice.id, 'rep-ghost')).rejects.toMatchObject({ code: 'unknown-rep' });
    await expect(reassignRep(db, alice.id, alice.id)).rejects.toMatchObject({ code: 'same-rep' });
    expect(await snapshot(db)).toEqual(before);
  });
});
