import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { BackgroundService } from '../background/service';
import { openCrmDb, type CrmDb } from '../db/db';
import { PanelViewSchema } from '../messages';
import { PrivacySettingsSchema, quietReason } from '../privacy/neverLog';
import { fromSource } from './intake';
import { testService, gmailSender, panelSender } from '@/test/support/background-service';

// The background's side of issue 18, through its router: a dropped email's card comes from the
// same enrichers with the same headers, pasted headers reach the open message, and quiet mail
// writes nothing at all.

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-15T09:00:00Z');
const gmailTab = gmailSender();
const panel = panelSender();
const inquiry = {
  webmail: 'outlook' as const,
  account: 'lily.chen@brightway-lighting.com',
  threadId: 'thread-1',
  messageId: 'msg-1',
  url: 'https://outlook.live.com/mail/0/inbox/id/1',
  from: { name: 'Ingrid Berg', email: 'ingrid.berg@nordlys-belysning.no' },
  subject: 'Inquiry',
  date: NOW - DAY,
  bodyText: 'Please quote.',
  thread: [{ from: 'ingrid.berg@nordlys-belysning.no', date: NOW - DAY }],
};

let db: CrmDb;
let service: BackgroundService;
let seen: { subject: string; headers: string[] | null }[];
let neverLog: string[];
let n = 0;

beforeEach(() => {
  fakeBrowser.reset();
  db = openCrmDb(`anymail-service-${n++}`);
  seen = [];
  neverLog = [];
  service = testService({
    db,
    enrichers: (i, headers) => {
      seen.push({ subject: i.subject, headers: headers ? headers.map((h) => h.name) : null });
      return {};
    },
    quietReason: async (i) => quietReason(i, PrivacySettingsSchema.parse({ neverLog })),
    now: () => NOW,
  });
});
afterEach(async () => {
  await db.delete();
});

async function tables(): Promise<Record<string, unknown[]>> {
  return Object.fromEntries(
    await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const)),
  );
}

describe('the background for any email', () => {
  it('builds a dropped email’s card with its parsed headers, and tracks nothing for it', async () => {
    const source = await readFile(path.resolve('test/fixtures/gmail/raw/197625b9c8e2d170.eml'), 'utf8');
    const dropped = await fromSource(source, 'paste');
    if (!dropped.ok) throw new Error(dropped.error);
    const view = PanelViewSchema.parse(
      await service.handle(
        { type: 'anymail/card', inquiry: dropped.mail.state.inquiry, raw: dropped.mail.raw },
        panel,
      ),
    );
    expect(view.card?.counterpart.email).toBe('james.whitaker.purchasing@gmail.com');
    expect(seen.at(-1)?.headers?.filter((h) => h === 'received')).toHaveLength(3);
    expect(await db.reminders.count()).toBe(0);
    // A content script may not ask for it: only the extension's own pages.
    expect(
      await service.handle({ type: 'anymail/card', inquiry: dropped.mail.state.inquiry, raw: '' }, gmailTab),
    ).toBe(undefined);
  });

  it('puts pasted headers on the open message only', async () => {
    await service.handle({ type: 'page/state', state: { kind: 'inquiry', inquiry } }, gmailTab);
    expect(seen.at(-1)?.headers).toBeNull();
    const raw =
      'Received: from mail.nordlys.no ([84.208.1.1]) by mx; Mon, 15 Jun 2026 08:00:00 +0000\r\nFrom: ingrid.berg@nordlys-belysning.no';
    expect(await service.handle({ type: 'anymail/headers', messageId: 'other', raw }, panel)).toEqual({
      ok: false,
      reason: 'not-open',
    });
    expect(await service.handle({ type: 'anymail/headers', messageId: 'msg-1', raw }, panel)).toEqual({
      ok: true,
    });
    await service.view();
    expect(seen.at(-1)?.headers).toEqual(['received', 'from']);
  });

  it('shows never-log mail quietly and writes nothing; the same mail off the list is tracked', async () => {
    neverLog = ['nordlys-belysning.no'];
    const before = await tables();
    await service.handle({ type: 'page/state', state: { kind: 'inquiry', inquiry } }, gmailTab);
    await service.handle(
      { type: 'page/raw', messageId: 'msg-1', raw: 'List-Id: <x>\r\nFrom: a@b.c' },
      gmailTab,
    );
    const view = await service.view();
    expect(view.quiet).toEqual({ kind: 'never-log', entry: 'nordlys-belysning.no' });
    expect(view.card).toBeNull();
    expect(seen).toEqual([]);
    expect(await tables()).toEqual(before);

    neverLog = [];
    await service.handle(
      { type: 'page/state', state: { kind: 'inquiry', inquiry: { ...inquiry, messageId: 'msg-2' } } },
      gmailTab,
    );
    expect((await service.view()).card).not.toBeNull();
    expect(await db.reminders.count()).toBe(1);
  });
});
