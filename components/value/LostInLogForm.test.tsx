// @vitest-environment happy-dom
import { act } from 'react';
import { readFeed } from '@/lib/db/feed';
import { valueChangeOf } from '@/lib/value/changes';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LogForm } from '@/components/panel/LogForm';
import { db } from '@/lib/db/db';
import { EmailInquirySchema } from '@/lib/email';
import { enrichInquiry } from '@/lib/enrich/enrich';
import { company } from '@/test/support/value-book';
import { cleanup, render, settle, type Rendered } from '@/test/support/render';

// The log form's "customer lost or leaving" choice: it asks why (the select the
// form really uses, LostReasonPicker), refuses to log without a reason, and logs
// the reason with the contact, which the background then revalues.

let view: Rendered;
let told: unknown[];

const inquiry = EmailInquirySchema.parse({
  webmail: 'gmail',
  account: 'rep@exporter.cn',
  threadId: 'thread-lost',
  messageId: 'msg-lost',
  from: { name: 'Hans Müller', email: 'hans@mueller-bau.de' },
  subject: 'Re: your offer',
  date: Date.UTC(2025, 4, 20),
  bodyText: 'Thank you, we have decided to buy elsewhere for now.',
});

beforeEach(async () => {
  fakeBrowser.reset();
  told = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    told.push(message);
    return Promise.resolve({ ok: true });
  });
  await db.companies.add(company('mueller', { name: 'Mueller Bau', domains: ['mueller-bau.de'] }));
  const card = await enrichInquiry(db, inquiry);
  view = render(<LogForm card={card} onLogged={async () => undefined} />);
  await settle();
});
afterEach(async () => {
  cleanup();
  await Promise.all(db.tables.map((table) => table.clear()));
});

const byTestId = <T extends HTMLElement>(id: string) => view.q<T>(id);

async function click(id: string) {
  await act(async () => byTestId(id)!.click());
}

/** The logged contacts, once the form's write has landed (it runs after the click returns). */
async function loggedOnce() {
  await vi.waitFor(async () => expect(await db.interactions.count()).toBe(1));
  await vi.waitFor(() => expect(byTestId<HTMLButtonElement>('log-submit')!.disabled).toBe(false));
  return db.interactions.toArray();
}

async function choose(id: string, value: string) {
  await act(async () => view.type(id, value));
}

describe('the log form, for a customer who is lost or leaving', () => {
  it('asks why only once the rep says so (a price inquiry of a stable customer is not asked)', async () => {
    await choose('log-intent', 'price-inquiry');
    expect(byTestId('lost-reason')).toBeNull();
    await click('log-lost');
    const select = byTestId<HTMLSelectElement>('lost-reason')!;
    expect(select.closest('label')!.textContent).toContain('Why are they leaving?');
    expect([...select.options].map((o) => o.value)).toEqual([
      '',
      'price',
      'product',
      'service',
      'competitor',
      'dropped',
      'involuntary',
    ]);
  });

  it('will not log a lost customer without a reason, and logs the reason chosen', async () => {
    await choose('log-intent', 'follow-up');
    await click('log-lost');
    await click('log-submit');
    expect(byTestId('lost-reason-missing')!.textContent).toBe(
      'Choose why they are leaving: the win-back starts from the reason.',
    );
    expect(await db.interactions.count()).toBe(0);

    await choose('lost-reason', 'competitor');
    expect(byTestId('lost-reason-missing')).toBeNull();
    await click('log-submit');
    const [logged] = await loggedOnce();
    expect(logged).toMatchObject({ companyId: 'mueller', intent: 'follow-up', lostReason: 'competitor' });
    // The write itself tells the background to revalue the company (a logged lost reason is a
    // decline signal): the page sends nothing but a wake-up, the change feed names the company.
    expect(told.every((m) => (m as { type: string }).type === 'feed/written')).toBe(true);
    expect(valueChangeOf(await readFeed(db))?.companyIds).toContain('mueller');
  });

  it('drops a reason chosen and then taken back with the box', async () => {
    await choose('log-intent', 'follow-up');
    await click('log-lost');
    await choose('lost-reason', 'price');
    await click('log-lost');
    expect(byTestId('lost-reason')).toBeNull();
    await click('log-submit');
    const [logged] = await loggedOnce();
    expect(logged!.lostReason).toBeUndefined();
  });
});
