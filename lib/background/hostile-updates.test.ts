import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createContact } from '../db/book';
import { openCrmDb, type CrmDb } from '../db/db';
import { EMAIL_LIMITS } from '../email-limits';
import { computeRisk } from '../risk/risk';
import { computeOrigin } from '../origin/origin';
import { PanelViewSchema, type PanelView } from '../messages';
import { type BackgroundService, type ServiceDeps } from './service';
import { testService, gmailSender, panelSender } from '@/test/support/background-service';

// Issue 16, part 1: the card never lies. An update from a webmail page that the background cannot
// accept replaces the card with a could-not-read notice naming the field, and never leaves the
// previous email's card up; evidence quoted from the mail is cut to fit the card, not refused; the
// card carries no markup. Each test failed before: the update was dropped (the known customer's
// card stayed up), or the view failed the panel's schema.

const NOW = Date.UTC(2026, 5, 16);
const gmailTab = gmailSender();
const panel = panelSender();

/** The demo's known customer asking for a quote. */
const customerState = {
  kind: 'inquiry',
  inquiry: {
    webmail: 'gmail',
    account: 'lily.chen@brightway-lighting.com',
    threadId: '19762c81f6d4e3a2',
    messageId: '19762c81f6d4e3a2',
    url: 'https://mail.google.com/mail/u/0/#inbox/19762c81f6d4e3a2',
    from: { name: 'Ingrid Berg', email: 'ingrid.berg@nordlys-belysning.no' },
    subject: 'Inquiry: LED panels',
    date: NOW,
    bodyText: 'Please quote 3,500 panels.',
  },
};

/** A scam asking to change bank details, from a stranger, with one field the page gave too long. */
function scamState(change: (inquiry: Record<string, unknown>) => void) {
  const inquiry: Record<string, unknown> = {
    webmail: 'gmail',
    account: 'lily.chen@brightway-lighting.com',
    threadId: '19762c81f6d4e3b7',
    messageId: '19762c81f6d4e3b7',
    url: 'https://mail.google.com/mail/u/0/#inbox/19762c81f6d4e3b7',
    from: { name: 'Accounts Dept', email: 'accounts@nordlys-be1ysning.com' },
    subject: 'URGENT: our bank account has changed',
    date: NOW,
    bodyText: 'Please pay the open invoice to our new bank account, IBAN GB29 NWBK 6016 1331 9268 19.',
  };
  change(inquiry);
  return { kind: 'inquiry', inquiry };
}

let db: CrmDb;
let service: BackgroundService;
let broadcasts: PanelView[];
let n = 0;

function serviceWith(enrichers: ServiceDeps['enrichers']): BackgroundService {
  return testService({
    db,
    enrichers,
    now: () => NOW,
  });
}

beforeEach(async () => {
  fakeBrowser.reset();
  broadcasts = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const m = message as { type?: string; view?: PanelView };
    if (m.type === 'panel/changed' && m.view) broadcasts.push(m.view);
  });
  db = openCrmDb(`hostile-updates-${n++}`);
  await createContact(db, { name: 'Ingrid Berg', email: 'ingrid.berg@nordlys-belysning.no' });
  service = serviceWith(() => ({}));
});
afterEach(async () => {
  await db.delete();
});

const panelView = async () => PanelViewSchema.parse(await service.handle({ type: 'panel/get' }, panel));

/** What the book holds: a hostile page must leave it as it was. */
const bookRows = async () => ({
  contacts: await db.contacts.count(),
  companies: await db.companies.count(),
  interactions: await db.interactions.count(),
  reminders: await db.reminders.count(),
});

describe("an update the background cannot accept replaces the previous email's card", () => {
  it('a sender name of 301 characters: the notice names the sender, the customer card goes', async () => {
    await service.handle({ type: 'page/state', state: customerState }, gmailTab);
    expect((await panelView()).card?.contact?.name).toBe('Ingrid Berg');
    const before = await bookRows();

    const name = 'A'.repeat(EMAIL_LIMITS.name + 1);
    await service.handle(
      {
        type: 'page/state',
        state: scamState((i) => (i.from = { name, email: 'accounts@nordlys-be1ysning.com' })),
      },
      gmailTab,
    );
    const view = await panelView();
    expect(view.card).toBeNull();
    expect(view.state).toMatchObject({ kind: 'unreadable', field: 'sender', reason: 'refused-update' });
    // The open panel was told at once, not left on the customer's card until it asks.
    expect(broadcasts.at(-1)?.card).toBeNull();
    expect(broadcasts.at(-1)?.state).toMatchObject({ kind: 'unreadable', field: 'sender' });
    expect(await bookRows()).toEqual(before);
  });

  it('names the field for each part a page may give too long', async () => {
    const cases: [string, (inquiry: Record<string, unknown>) => void][] = [
      ['subject', (i) => (i.subject = 'x'.repeat(40_000))],
      ['body', (i) => (i.bodyText = 'x'.repeat(EMAIL_LIMITS.body + 1))],
      [
        'recipients',
        (i) =>
          (i.to = Array.from({ length: EMAIL_LIMITS.recipients + 1 }, (_, k) => ({ email: `r${k}@x.com` }))),
      ],
      ['thread', (i) => (i.thread = [{ from: 'x'.repeat(400), date: NOW }])],
      ['message', (i) => (i.messageId = 'm'.repeat(EMAIL_LIMITS.id + 1))],
    ];
    for (const [field, change] of cases) {
      await service.handle({ type: 'page/state', state: customerState }, gmailTab);
      expect((await panelView()).card, field).not.toBeNull();
      await service.handle({ type: 'page/state', state: scamState(change) }, gmailTab);
      const view = await panelView();
      expect(view.card, field).toBeNull();
      expect(view.state, field).toMatchObject({ kind: 'unreadable', field });
    }
  });

  it('still drops an update from a page that is no webmail, or from another extension', async () => {
    await service.handle({ type: 'page/state', state: customerState }, gmailTab);
    const bad = { type: 'page/state', state: scamState((i) => (i.subject = 'x'.repeat(40_000))) };
    expect(await service.handle(bad, { ...gmailTab, url: 'https://evil.example/x' })).toBeUndefined();
    expect(await service.handle(bad, { ...gmailTab, id: 'other-extension' })).toBeUndefined();
    expect((await panelView()).card?.contact?.name).toBe('Ingrid Berg');
  });
});

describe('evidence quoted from the mail is cut, not refused', () => {
  it('a Received line over 500 characters: the card is shown, its origin evidence cut', async () => {
    const host = `relay-${'x'.repeat(700)}.nordlys-be1ysning.com`;
    const raw = [
      `Received: from ${host} (${host} [185.220.101.4]) by mx-${'y'.repeat(600)}.brightway-lighting.com with ESMTPS; Tue, 16 Jun 2026 09:12:01 +0100`,
      'From: Accounts Dept <accounts@nordlys-be1ysning.com>',
      '',
    ].join('\r\n');
    service = serviceWith((inquiry, headers) => ({
      origin: (message) => computeOrigin({ headers, inquiry: message, ipdb: null }),
      risk: (message, origin, facts) => computeRisk({ inquiry: message, origin, ...facts }),
    }));
    await service.handle({ type: 'page/state', state: scamState(() => undefined) }, gmailTab);
    await service.handle({ type: 'page/raw', messageId: '19762c81f6d4e3b7', raw }, gmailTab);
    const view = await panelView();
    expect(view.state?.kind).toBe('inquiry');
    const evidence = view.card?.origin?.evidence ?? [];
    expect(evidence.some((e) => e.source === 'received-ip' && e.detail.includes('185.220.101.4'))).toBe(true);
    for (const e of evidence) expect(e.detail.length).toBeLessThanOrEqual(500);
    expect(broadcasts.at(-1)?.card?.origin?.evidence).toEqual(evidence);
  });
});

describe('the card carries no markup', () => {
  it("strips tags from the sender's name, the subject and the risk's quoted parameters", async () => {
    service = serviceWith(() => ({
      risk: (message, origin, facts) => computeRisk({ inquiry: message, origin, ...facts }),
    }));
    await service.handle(
      {
        type: 'page/state',
        state: scamState((i) => {
          i.from = {
            name: '<script>alert(1)</script>Accounts <b>Dept</b>',
            email: 'accounts@nordlys-be1ysning.com',
          };
          i.subject = 'URGENT <img src=x onerror=alert(1)>bank account changed';
        }),
      },
      gmailTab,
    );
    const view = await panelView();
    expect(view.card?.inquiry.from.name).toBe('alert(1)Accounts Dept');
    expect(view.card?.inquiry.subject).toBe('URGENT bank account changed');
    expect(view.state?.kind === 'inquiry' && view.state.inquiry.from.name).toBe('alert(1)Accounts Dept');
    const params = (view.card?.risk?.signals ?? []).flatMap((s) => Object.values(s.params));
    expect(view.card?.risk?.signals.length).toBeGreaterThan(0);
    for (const p of params) expect(String(p)).not.toMatch(/<[A-Za-z/!?]/);
    // The counterpart the card names (and the book would store) is plain text too.
    expect(view.card?.counterpart.name ?? '').not.toMatch(/<[A-Za-z/!?]/);
  });
});
