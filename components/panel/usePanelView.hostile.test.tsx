// @vitest-environment happy-dom
import { act, useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createContact } from '@/lib/db/book';
import { openCrmDb, type CrmDb } from '@/lib/db/db';
import { createBackgroundService, type ServiceDeps } from '@/lib/background/service';
import { PanelViewSchema, type PanelView } from '@/lib/messages';
import { cleanup, render, settle } from '@/test/support/render';
import { UnreadableNotice } from './UnreadableNotice';
import { usePanelView } from './usePanelView';

// Issue 16, part 1, the panel's side: a view the panel cannot accept (a broadcast or the answer to
// the panel's question) replaces the card with a could-not-read notice naming the field, and an over-long
// evidence string is cut, not refused. Before, the broadcast was ignored (the previous email's
// card stayed up) and the answer threw.

let shown: PanelView | undefined;
function Probe() {
  const panel = usePanelView();
  useEffect(() => {
    shown = panel.view;
  }, [panel.view]);
  return null;
}

let db: CrmDb;
let n = 0;

/** The view of the demo's known customer, as the background builds it. */
async function customerView(): Promise<PanelView> {
  await createContact(db, { name: 'Ingrid Berg', email: 'ingrid.berg@nordlys-belysning.no' });
  const service = createBackgroundService({
    db,
    browser: fakeBrowser as unknown as ServiceDeps['browser'],
    enrichers: () => ({}),
    noReplyDays: async () => 2,
    notified: { get: async () => [], set: async () => undefined },
    log: () => undefined,
  });
  const tab = {
    id: fakeBrowser.runtime.id,
    url: 'https://mail.google.com/mail/u/0/#inbox/1',
    tab: { id: 7 },
  };
  await service.handle(
    {
      type: 'page/state',
      state: {
        kind: 'inquiry',
        inquiry: {
          webmail: 'gmail',
          messageId: '19762c81f6d4e3a2',
          from: { name: 'Ingrid Berg', email: 'ingrid.berg@nordlys-belysning.no' },
          subject: 'Inquiry: LED panels',
          bodyText: 'Please quote 3,500 panels.',
        },
      },
    },
    tab,
  );
  const panel = {
    id: fakeBrowser.runtime.id,
    url: `chrome-extension://${fakeBrowser.runtime.id}/sidepanel.html`,
  };
  return PanelViewSchema.parse(await service.handle({ type: 'panel/get' }, panel));
}

const broadcast = async (view: unknown) => {
  await act(async () => {
    await Promise.all(await fakeBrowser.runtime.onMessage.trigger({ type: 'panel/changed', view }, {}));
  });
};

beforeEach(() => {
  fakeBrowser.reset();
  shown = undefined;
  db = openCrmDb(`panel-hostile-${n++}`);
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await db.delete();
});

describe('a view the panel cannot accept', () => {
  it("replaces the known customer's card with a notice naming the sender, never keeps it", async () => {
    const customer = await customerView();
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(customer as never);
    render(<Probe />);
    await settle();
    expect(shown?.card?.contact?.name).toBe('Ingrid Berg');

    // A scam whose sender name is over the limit, as an older background might still send it.
    const scam = structuredClone(customer);
    scam.card!.contact = null;
    scam.card!.inquiry.from = { name: 'A'.repeat(301), email: 'accounts@nordlys-be1ysning.com' };
    await broadcast(scam);
    expect(shown?.card).toBeNull();
    expect(shown?.state).toMatchObject({ kind: 'unreadable', field: 'sender', reason: 'refused-update' });
    expect(shown?.tabId).toBe(customer.tabId);
  });

  it('an answer with an over-long evidence string shows the card, the evidence cut', async () => {
    const customer = await customerView();
    const withEvidence = structuredClone(customer);
    withEvidence.card!.origin = {
      confidence: 'high',
      country: 'NG',
      evidence: [
        {
          source: 'received-ip',
          country: 'NG',
          detail: `105.112.0.1 (from ${'relay.'.repeat(120)}example.ng)`,
          confidence: 'high',
        },
      ],
      mismatch: false,
      providerHidesIp: false,
      headersAvailable: true,
    };
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(withEvidence as never);
    render(<Probe />);
    await settle();
    expect(shown?.card?.contact?.name).toBe('Ingrid Berg');
    const detail = shown?.card?.origin?.evidence[0]?.detail ?? '';
    expect(detail.length).toBe(500);
    expect(detail.startsWith('105.112.0.1 (from relay.')).toBe(true);
  });

  it('an answer with a view that cannot be shown names the field instead of throwing', async () => {
    const customer = await customerView();
    const broken = structuredClone(customer);
    broken.card!.inquiry.subject = 'x'.repeat(40_000);
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(broken as never);
    render(<Probe />);
    await settle();
    expect(shown?.card).toBeNull();
    expect(shown?.state).toMatchObject({ kind: 'unreadable', field: 'subject' });
  });
});

describe('the notice for a refused update', () => {
  it('names the field in English and Chinese, and offers no sender to pick', () => {
    const en = render(<UnreadableNotice webmail="gmail" reason="refused-update" field="sender" tabId={7} />);
    expect(en.q('unreadable-field')?.textContent).toBe('Could not read the sender of this email.');
    expect(en.q('unreadable-reason')?.textContent).toContain("rather than the previous email's");
    expect(en.q('pick-sender')).toBeNull();
    const zh = render(<UnreadableNotice webmail="gmail" reason="refused-update" field="subject" />, {
      lang: 'zh-CN',
    });
    expect(zh.q('unreadable-field')?.textContent).toBe('无法读取这封邮件的主题。');
    expect(zh.q('unreadable-reason')?.textContent).toContain('上一封邮件的卡片');
  });
});
