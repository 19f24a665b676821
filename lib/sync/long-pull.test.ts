import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CrmDb } from '../db/db';
import { findCompanyByDomain } from '../enrich/enrich';
import { ensureDays, readDayInteractions } from '../metrics/aggregates/maintain';
import { eachSummary } from '../value/digest';
import { forgetValueCache, recomputeAll } from '../value/recompute';
import { createValueScheduler, type ValueScheduler } from '../value/scheduler';
import { company, emptyBook, interaction } from '../../test/support/handover-book';
import { SyncClient } from './client';
import type { PullResponse } from './protocol';
import { joinTeam, pendingCount } from './store';
import { stopOutbox } from './outbox';
import { testService } from '@/test/support/background-service';

// A handed-over book arriving in a browser, as the background lives it: the sync client pulls it
// in pages of thousands of records, the change feed's readers (value marks, the dashboard's rows,
// the team outbox) run in each page's transaction, and the background follows the feed as the
// pages commit. The book, the card's lookups and the dashboard must end right, and the book be
// valued once, after the last page, not after every page.

const LEAVER = 'rep-leaver';
const COMPANIES = 1200;
const INTERACTIONS = 3000;
const PAGE = 1000;

type Put = PullResponse['puts'][number];
type Delete = PullResponse['deletes'][number];

/** The team server's pull, for one browser: the records it is sent, page by page. */
function fakeServer(userId: string) {
  let changes: (Put | Delete)[] = [];
  let served = 0;
  let failAt: number | null = null;
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = new URL(String(url)).pathname;
    if (path === '/api/push') return Response.json({ results: [] });
    const body = JSON.parse(String(init?.body)) as { cookie: { v: number } | null; limit?: number };
    const from = body.cookie?.v ?? 0;
    if (from === failAt) return Response.json({ error: 'unavailable' }, { status: 503 });
    const limit = body.limit ?? 1000;
    const page = changes.slice(from, from + limit);
    served++;
    const answer: PullResponse = {
      cookie: { v: from + page.length, u: userId, r: 'rep' },
      lastMutationId: 0,
      reset: body.cookie === null,
      puts: page.filter((c): c is Put => 'value' in c),
      deletes: page.filter((c): c is Delete => !('value' in c)),
      members: [],
      more: from + limit < changes.length,
      ...(from === 0 || from + limit < changes.length ? { total: changes.length - from } : {}),
    };
    return Response.json(answer);
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    /** What the next pulls bring (from the start of the list). */
    send(next: (Put | Delete)[]) {
      changes = next;
    },
    pages: () => served,
    /** The page starting at record `at` fails (null: none does). */
    failFrom(at: number | null) {
      failAt = at;
    },
  };
}

const handedOver = (): Put[] => [
  ...Array.from({ length: COMPANIES }, (_, i) => {
    const value = company(`h${i}`, { ownerRepId: 'rep-successor', authorRepId: LEAVER });
    return { kind: 'companies' as const, key: value.id, value };
  }),
  ...Array.from({ length: INTERACTIONS }, (_, i) => {
    const value = interaction(`hi${i}`, `h${i % COMPANIES}`, `p${i % COMPANIES}`, {
      repId: LEAVER,
      authorRepId: LEAVER,
      at: Date.UTC(2026, 0, 1 + (i % 300)),
    });
    return { kind: 'interactions' as const, key: value.id, value };
  }),
];

let db: CrmDb;
let scheduler: ValueScheduler;
/** The number of interactions the book held at each whole-book valuation. */
let valuations: number[];
let unsubscribe: () => void;
let logs: string[];

beforeEach(async () => {
  fakeBrowser.reset();
  db = emptyBook();
  valuations = [];
  logs = [];
  scheduler = createValueScheduler(db, {
    debounceMs: 5,
    log: (message) => logs.push(message),
    valueBook: async (book, now) => {
      valuations.push(await book.interactions.count());
      return recomputeAll(book, now);
    },
  });
  const service = testService({
    db,
    valueChanged: (change) => scheduler.apply(change),
  });
  // As the background worker does: every committed write to the feed is followed.
  const follow = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((part) => part.includes('/changeFeed/'))) void service.followFeed();
  };
  Dexie.on('storagemutated', follow);
  unsubscribe = () => Dexie.on.storagemutated.unsubscribe(follow);
});

afterEach(async () => {
  unsubscribe();
  stopOutbox();
  await scheduler.flush();
  expect(logs).toEqual([]);
  forgetValueCache(db);
  await db.delete();
});

/** Signs this book in as `userId` and pulls what the server has, as the background's sync does. */
async function signedIn(userId: string, server: ReturnType<typeof fakeServer>) {
  await joinTeam(db, { enabled: true, clientId: `client-${userId}`, userId, role: 'rep' }, undefined);
  return new SyncClient({
    db,
    session: async () => ({ serverUrl: 'http://127.0.0.1:4299', token: 't' }),
    fetch: server.fetch,
    pageSize: PAGE,
    onLongPull: (done) => scheduler.holdUntil(done),
  });
}

/** Waits for the background to have read every page's feed entries and valued what they asked. */
async function settled(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    await scheduler.flush();
  }
}

describe('a handed-over book pulled in pages of thousands', () => {
  it("the successor's book, card lookups and dashboard hold every record; the book is valued once, after the last page", async () => {
    const server = fakeServer('rep-successor');
    server.send(handedOver());
    const client = await signedIn('rep-successor', server);
    const run = await client.sync();
    await settled();

    expect(run.pulled).toBe(COMPANIES + INTERACTIONS);
    expect(server.pages()).toBe(Math.ceil((COMPANIES + INTERACTIONS) / PAGE));
    expect(await db.companies.count()).toBe(COMPANIES);
    expect(await db.interactions.count()).toBe(INTERACTIONS);
    // Each record keeps its original author, and nothing the server sent goes back to it.
    expect((await db.interactions.get('hi2999'))?.authorRepId).toBe(LEAVER);
    expect(await pendingCount(db)).toBe(0);
    // The card finds a handed-over customer by its sender's domain, with its whole timeline.
    const found = await findCompanyByDomain(db, 'h7.example');
    expect(found?.id).toBe('h7');
    expect(
      await db.interactions
        .where('[companyId+at]')
        .between(['h7', Dexie.minKey], ['h7', Dexie.maxKey])
        .count(),
    ).toBe(handedOver().filter((p) => p.kind === 'interactions' && p.value.companyId === 'h7').length);
    // One valuation, with every record in: every customer has its value, and no mark is left.
    expect(valuations).toEqual([INTERACTIONS]);
    const valued = new Set<string>();
    await eachSummary(db, (s) => valued.add(s.companyId));
    expect(valued.size).toBe(COMPANIES);
    expect(await db.valueDirty.count()).toBe(0);
    // The dashboard counts every logged contact.
    await ensureDays(db);
    expect(await readDayInteractions(db, -Infinity, Infinity)).toHaveLength(INTERACTIONS);
  }, 120_000);

  it('a page that fails mid-pull loses nothing: the next sync goes on from the last page written', async () => {
    const server = fakeServer('rep-successor');
    server.send(handedOver());
    server.failFrom(2 * PAGE);
    const client = await signedIn('rep-successor', server);
    await expect(client.sync()).rejects.toThrow();
    expect(await db.companies.count()).toBe(COMPANIES);
    expect(await db.interactions.count()).toBe(2 * PAGE - COMPANIES);
    server.failFrom(null);
    await client.sync();
    await settled();
    expect(await db.interactions.count()).toBe(INTERACTIONS);
    expect(valuations.at(-1)).toBe(INTERACTIONS);
  }, 120_000);

  it("the leaving rep's browser drops the whole book, its dashboard with it, and values what is left once", async () => {
    const server = fakeServer(LEAVER);
    const book = handedOver();
    server.send(book);
    const client = await signedIn(LEAVER, server);
    await client.sync();
    await settled();
    expect(await db.interactions.count()).toBe(INTERACTIONS);
    expect(valuations).toHaveLength(1);

    // The manager hands it over: the next pulls take every record out of this browser's view.
    server.send([...book, ...book.map(({ kind, key }): Delete => ({ kind, key }))]);
    await client.sync();
    await settled();

    expect(await db.companies.count()).toBe(0);
    expect(await db.interactions.count()).toBe(0);
    expect(await pendingCount(db)).toBe(0);
    expect(valuations).toEqual([INTERACTIONS, 0]);
    await ensureDays(db);
    expect(await readDayInteractions(db, -Infinity, Infinity)).toHaveLength(0);
  }, 120_000);
});
