import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '../db/db';
import { createHeaderCache, HEADER_CACHE_SIZE, type SessionArea } from './header-cache';
import { testService } from '@/test/support/background-service';

// Issue 15, part 4: a message's raw headers stay with it for the session, so reopening it in the
// same tab (a new page state with no headers sent again), or a worker restart, gives the card the
// same headers, hence the same origin and risk.

const gmailTab = {
  id: fakeBrowser.runtime.id,
  url: 'https://mail.google.com/mail/u/0/#inbox',
  tab: { id: 7 },
};
const RAW =
  'Received: from pc (unknown [105.112.37.142]) by smtp.gmail.com with ESMTPSA id x; Sat, 13 Jun 2026 07:00:00 +0100\r\nFrom: a@gmail.com\r\nSubject: hi';

function sessionArea(): SessionArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    async get(keys) {
      const list = typeof keys === 'string' ? [keys] : keys;
      return Object.fromEntries(list.filter((k) => data.has(k)).map((k) => [k, data.get(k)]));
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data.set(k, v);
    },
    async remove(keys) {
      for (const k of typeof keys === 'string' ? [keys] : keys) data.delete(k);
    },
  };
}

const inquiry = (messageId: string) => ({
  kind: 'inquiry',
  inquiry: {
    webmail: 'gmail',
    account: 'rep@exporter.cn',
    threadId: messageId,
    messageId,
    from: { name: 'James', email: 'a@gmail.com' },
    subject: 'hi',
  },
});
const listPage = { kind: 'none', webmail: 'gmail' };

let db: CrmDb;
let n = 0;
beforeEach(() => {
  fakeBrowser.reset();
  db = openCrmDb(`header-cache-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

function service(session: SessionArea, seen: (string | null)[]) {
  return testService({
    db,
    enrichers: (_inquiry, headers) => {
      seen.push(headers ? (headers.find((h) => h.name === 'received')?.value ?? '') : null);
      return {};
    },
    headerCache: createHeaderCache(session),
  });
}

describe('headers kept with their message', () => {
  it('gives a message reopened in the same tab the headers its first opening fetched', async () => {
    const seen: (string | null)[] = [];
    const background = service(sessionArea(), seen);
    await background.handle({ type: 'page/state', state: inquiry('197625b9c8e2d170') }, gmailTab);
    await background.handle({ type: 'page/raw', messageId: '197625b9c8e2d170', raw: RAW }, gmailTab);
    await background.handle({ type: 'page/state', state: listPage }, gmailTab);
    seen.length = 0;
    // Reopened: the content script does not fetch "Show original" again.
    await background.handle({ type: 'page/state', state: inquiry('197625b9c8e2d170') }, gmailTab);
    expect(seen.at(-1)).toContain('105.112.37.142');
    // Another message has none of them.
    await background.handle({ type: 'page/state', state: inquiry('19762c81f6d4e3a2') }, gmailTab);
    expect(seen.at(-1)).toBeNull();
  });

  it('keeps them across a worker restart through the session storage', async () => {
    const session = sessionArea();
    const first = service(session, []);
    await first.handle({ type: 'page/state', state: inquiry('197625b9c8e2d170') }, gmailTab);
    await first.handle({ type: 'page/raw', messageId: '197625b9c8e2d170', raw: RAW }, gmailTab);
    await new Promise((r) => setTimeout(r, 10)); // the session write follows the parse
    const seen: (string | null)[] = [];
    const restarted = service(session, seen);
    await restarted.handle({ type: 'page/state', state: inquiry('197625b9c8e2d170') }, gmailTab);
    expect(seen.at(-1)).toContain('105.112.37.142');
  });

  it('keeps the newest messages only, in memory and in the session area', async () => {
    const session = sessionArea();
    const cache = createHeaderCache(session, async (raw) => [{ name: 'x', value: raw }]);
    for (let i = 0; i < HEADER_CACHE_SIZE + 5; i++) await cache.put(`m${i}`, `raw ${i}`);
    await new Promise((r) => setTimeout(r, 10));
    expect(await cache.get('m0')).toBeUndefined();
    expect(await cache.get(`m${HEADER_CACHE_SIZE + 4}`)).toEqual([
      { name: 'x', value: `raw ${HEADER_CACHE_SIZE + 4}` },
    ]);
    expect([...session.data.keys()].filter((k) => k.startsWith('raw-headers:')).length).toBe(
      HEADER_CACHE_SIZE,
    );
  });
});
