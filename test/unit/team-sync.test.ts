import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/app';
import {
  freshPostgres,
  PASSWORD,
  POSTGRES_URL,
  seedTeam,
  type Team,
  type TestDb,
} from '../../server/test-support';
import { emptyBook, fillSampleBook, alice, company, contact, interaction } from '../support/handover-book';
import type { CrmDb } from '../../lib/db/db';
import { SyncClient } from '../../lib/sync/client';
import { joinTeam, pendingCount, readState } from '../../lib/sync/store';
import { META, type ConnectionStatus, type RejectedChange } from '../../lib/sync/tables';
import type { User } from '../../server/rules/people';

// Browsers' books (fake-indexeddb) syncing through the real server on PostgreSQL:
// joining with a solo book, a new browser of the same rep, and the manager's view.
describe.skipIf(!POSTGRES_URL)('team sync between books', () => {
  let t: TestDb;
  let app: App;
  let team: Team;
  let url: string;

  beforeAll(async () => {
    t = await freshPostgres();
    team = await seedTeam(t.db);
    app = await buildApp(t.db);
    url = await app.http.listen({ host: '127.0.0.1', port: 0 });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  async function browser(user: User, book: CrmDb = emptyBook(), soloRepId?: string) {
    const res = await fetch(`${url}/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    const { token } = (await res.json()) as { token: string };
    const statuses: ConnectionStatus[] = [];
    await joinTeam(
      book,
      { enabled: true, clientId: `test-${crypto.randomUUID()}`, userId: user.id, role: user.role },
      soloRepId,
    );
    const client = new SyncClient({
      db: book,
      session: async () => ({ serverUrl: url, token }),
      onStatus: (s) => statuses.push(s),
      pageSize: 3,
    });
    return { book, client, statuses };
  }

  it('a rep joins with a solo book: all of it reaches the team, nothing doubled, and a new browser gets it all', async () => {
    const solo = emptyBook();
    await fillSampleBook(solo);
    const a = await browser(team.repA, solo, alice.id);
    expect(await pendingCount(solo)).toBeGreaterThan(10);
    const run = await a.client.sync();
    expect(run.rejected).toBe(0);
    expect(await pendingCount(solo)).toBe(0);
    expect((await solo.companies.toArray()).map((c) => c.ownerRepId)).toEqual([
      team.repA.id,
      team.repA.id,
      team.repA.id,
    ]);
    // Joining twice (a second sign-in) doubles nothing.
    await joinTeam(solo, (await readState(solo))!, undefined);
    await a.client.sync();
    const [{ n }] = (await t.db.query<{ n: number }>(
      `select count(*)::int as n from records where kind = 'companies' and scope = $1`,
      [team.repA.id],
    )) as [{ n: number }];
    expect(n).toBe(3);

    const fresh = await browser(team.repA);
    await fresh.client.sync();
    expect(await fresh.book.interactions.count()).toBe(await solo.interactions.count());
    expect((await fresh.book.companies.get('acme'))?.notes).toBe('Met at Canton Fair 2024');
    expect(fresh.statuses.some((s) => s.progress && s.progress.total >= 10)).toBe(true);
    expect(fresh.statuses.at(-1)).toMatchObject({ online: true });

    const m = await browser(team.manager);
    await m.client.sync();
    expect(await m.book.interactions.where('companyId').equals('acme').count()).toBe(2);
    const b = await browser(team.repB);
    await b.client.sync();
    expect(await b.book.companies.count()).toBe(0);
    expect((await b.book.reps.get(team.repA.id))?.name).toBe('Li Wei');
  });

  it("a rep's own writes reach the server through the change feed; what a pull writes is not sent back", async () => {
    const a = await browser(team.repA);
    await a.client.sync();
    expect(await pendingCount(a.book)).toBe(0); // the pull's writes queued nothing
    // A plain write to the book, as any page makes it: the outbox has it in the same transaction.
    await a.book.companies.update('acme', { notes: 'Wants 2,000 pcs in March' });
    await a.book.interactions.add({
      id: 'feed-i1',
      companyId: 'acme',
      direction: 'in',
      channel: 'email',
      at: Date.now(),
      subject: 'March order',
      summary: 'Asked about 2,000 pcs',
      intent: 'order',
      outcome: '',
      repId: team.repA.id,
      authorRepId: team.repA.id,
      createdAt: Date.now(),
      updatedAt: Date.now(),
    });
    const queued = await a.book.syncOutbox.toArray();
    expect(queued.map((e) => [e.op, e.kind, e.key])).toEqual([
      ['put', 'companies', 'acme'],
      ['put', 'interactions', 'feed-i1'],
    ]);
    expect(queued[0]!.base).toMatchObject({ notes: 'Met at Canton Fair 2024' });
    // Local-only settings and derived tables queue nothing.
    await a.book.settings.put({ key: 'currentRepId', value: team.repA.id });
    expect(await pendingCount(a.book)).toBe(2);
    const run = await a.client.sync();
    expect(run).toMatchObject({ pushed: 2, rejected: 0 });
    expect(await pendingCount(a.book)).toBe(0);

    const m = await browser(team.manager);
    await m.client.sync();
    expect((await m.book.companies.get('acme'))?.notes).toBe('Wants 2,000 pcs in March');
    expect(await m.book.interactions.get('feed-i1')).toMatchObject({ summary: 'Asked about 2,000 pcs' });
    expect(await pendingCount(m.book)).toBe(0);

    // The manager's book notes when colleagues' changes arrived (the dashboard reloads on it),
    // and a pull that brings nothing leaves that mark alone.
    const received = async () =>
      (await m.book.syncMeta.get(META.received))?.value as { at: number; count: number };
    const first = await received();
    expect(first.count).toBeGreaterThan(0);
    await m.client.sync();
    expect(await received()).toEqual(first);
    await a.book.companies.update('acme', { notes: 'Wants 2,500 pcs in March' });
    await a.client.sync();
    await new Promise((r) => setTimeout(r, 5));
    await m.client.sync();
    expect(await received()).toMatchObject({ count: 1 });
    expect((await received()).at).toBeGreaterThan(first.at);
  });

  it('a change refused by the server is kept with its reason; the server unreachable means offline', async () => {
    const b = await browser(team.repB);
    await b.book.syncOutbox.add({
      op: 'put',
      kind: 'companies',
      key: 'acme',
      value: { ...company('acme'), ownerRepId: team.repB.id, notes: 'mine!' },
      base: null,
      at: Date.now(),
    });
    await b.client.sync();
    const rejected = (await b.book.syncMeta.get(META.rejected))?.value as RejectedChange[];
    expect(rejected[0]).toMatchObject({ key: 'acme', code: 'not-yours', value: { notes: 'mine!' } });
    expect(await pendingCount(b.book)).toBe(0);

    const offline = new SyncClient({
      db: b.book,
      session: async () => ({ serverUrl: 'http://127.0.0.1:9', token: 'x' }),
    });
    await expect(offline.sync()).rejects.toThrow();
    expect((await b.book.syncMeta.get(META.connection))?.value).toMatchObject({ online: false });
  });

  it('a customer written offline that the team already has leaves this book whole, what was logged under it kept in the refused list', async () => {
    const b = await browser(team.repB);
    await b.client.sync();
    // Offline, B adds Acme again under a new id (same domain as A's Acme), its buyer and a logged contact.
    const copy = company('acme-again', {
      name: 'ACME GmbH',
      domains: ['acme.example'],
      ownerRepId: team.repB.id,
      authorRepId: team.repB.id,
    });
    await b.book.companies.add(copy);
    await b.book.contacts.add(contact('klaus', 'acme-again', { authorRepId: team.repB.id }));
    await b.book.interactions.add(
      interaction('call-1', 'acme-again', 'klaus', {
        repId: team.repB.id,
        authorRepId: team.repB.id,
        summary: 'Asked for 500 valves, quote by Friday',
      }),
    );
    expect(await pendingCount(b.book)).toBe(3);
    const run = await b.client.sync();
    expect(run.rejected).toBe(3);
    // No half of it stays: no copy of A's customer, no contact or logged call pointing at nothing.
    expect(await b.book.companies.get('acme-again')).toBeUndefined();
    expect(await b.book.contacts.get('klaus')).toBeUndefined();
    expect(await b.book.interactions.get('call-1')).toBeUndefined();
    // What B typed is all in the refused list, the customer's refusal naming whose it is.
    const rejected = (await b.book.syncMeta.get(META.rejected))?.value as RejectedChange[];
    expect(rejected.map((r) => [r.kind, r.key, r.code])).toEqual(
      expect.arrayContaining([
        ['companies', 'acme-again', 'duplicate'],
        ['interactions', 'call-1', 'unknown-company'],
      ]),
    );
    expect(rejected.find((r) => r.key === 'acme-again')?.duplicate?.owner).toMatchObject({ kind: 'rep' });
    expect(rejected.find((r) => r.key === 'call-1')?.value).toMatchObject({
      summary: 'Asked for 500 valves, quote by Friday',
    });
    expect(rejected.find((r) => r.key === 'klaus')?.value).toMatchObject({ name: 'Contact klaus' });
    expect(await pendingCount(b.book)).toBe(0);
  });
});
