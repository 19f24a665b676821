import { DEMO_THREADS } from '../../lib/demo/mailbox';
import { expect, openDemoThread as openThread, readStore, test } from './harness';

// Every demo inquiry as a rep sees it at a glance: what the summary line says
// it is and what to do, the risk level's colour, the first draft's aim and
// greeting; a double click on "Log this contact" writes one log. The Chinese
// panel is walked with every other page in chinese-ui.spec.ts.

interface Expected {
  intent: string;
  greeting: string;
  aim?: 'answer' | 'verify';
  risk?: 'low' | 'medium' | 'high';
  /** Lines the first draft must hold: one for each thing the email asked. */
  answers?: string[];
}

/** By thread subject: what a rep who read the email would say. */
const EXPECTED: Record<string, Expected> = {
  'Repeat order: PO HL-26-044 panels and high bays': {
    intent: 'order',
    greeting: 'Dear Klaus,',
    risk: 'low',
  },
  'Complaint: failing drivers on BW-HB150, PO OR-2291': { intent: 'complaint', greeting: 'Dear Megan,' },
  'Price request: BW-FL100 flood lights for a stadium car park': {
    intent: 'price-inquiry',
    greeting: 'Dear Javier,',
  },
  // A counter-offer, not an order; the battery and warranty he asked about get a line each.
  'Re: Quotation Q-26-118 solar street lights': {
    intent: 'price-inquiry',
    greeting: 'Dear Faisal,',
    answers: ['USD 79.00 → [unit price', '- Battery: LiFePO4 30 Ah battery', '- Warranty: [to confirm'],
  },
  'Reorder T8 tubes - same as PO SS-0311': {
    intent: 'order',
    greeting: 'Dear Agnieszka,',
    answers: ['- Stock: [to confirm: the 6500K version is in stock?]'],
  },
  // Written in Chinese: answered in Chinese, by the name he signs with.
  '询价：太阳能路灯 BW-SSL60 定制logo': { intent: 'price-inquiry', greeting: '王军，您好！' },
  // "flicker-free" and "order two samples first" beside a price request: a buyer, not a complaint or a sample hunt.
  'Inquiry: LED panel lights for 14 schools (Bergen)': {
    intent: 'price-inquiry',
    greeting: 'Dear Ingrid,',
    aim: 'answer',
  },
  'Sample request: BW-HB150 and BW-FL100': { intent: 'sample-request', greeting: 'Dear Tom,', aim: 'answer' },
  'Best price for 10,000 pcs T8 tube 18W': { intent: 'price-inquiry', greeting: 'Dear Lucas,' },
  'URGENT: Walmart vendor sample request - all models': {
    intent: 'sample-request',
    greeting: 'Dear James,',
    aim: 'verify',
    risk: 'high',
  },
  'Change of accounts contact - open invoices': { intent: 'other', greeting: 'Dear Klaus,', risk: 'high' },
  'Vessel booking for PO HL-26-031': { intent: 'follow-up', greeting: 'Dear Petra,' },
};

/** The badge colours of styles.css (light scheme): green, amber, red. */
const LEVEL_COLOUR = { low: 'rgb(6, 118, 71)', medium: 'rgb(181, 71, 8)', high: 'rgb(180, 35, 24)' };

test('every demo inquiry: summary line, risk colour, first draft’s aim and greeting', async ({
  openDemo,
}) => {
  test.setTimeout(120_000);
  const { panel, mail } = await openDemo();
  expect(Object.keys(EXPECTED).sort()).toEqual(DEMO_THREADS.map((t) => t.subject).sort());
  for (const thread of DEMO_THREADS) {
    const expected = EXPECTED[thread.subject]!;
    await test.step(thread.subject, async () => {
      await openThread(mail, panel, thread);
      const summary = panel.getByTestId('card-summary');
      await expect(summary).toHaveAttribute('data-intent', expected.intent);
      await expect(summary.getByTestId('summary-next')).toHaveText(/^Next: \S/);

      const level = panel.getByTestId('risk-level');
      const shown = (await level.getAttribute('data-level')) as keyof typeof LEVEL_COLOUR;
      if (expected.risk) expect(shown).toBe(expected.risk);
      await expect(level).toHaveCSS('color', LEVEL_COLOUR[shown]);
      // Low risk is one folded line; medium and high open with their signals.
      await expect(panel.getByTestId('risk')).toHaveJSProperty('open', shown !== 'low');
      if (shown === 'high') await expect(summary.getByTestId('summary-waiting')).toHaveCount(0);

      const first = panel.getByTestId('reply-draft').first();
      await expect(first).toHaveAttribute(
        'data-aim',
        expected.aim ?? (shown === 'high' ? 'verify' : 'answer'),
      );
      const text = await first.getByTestId('reply-text').inputValue();
      expect(text.split('\n')[0]).toBe(expected.greeting);
      // Drafts answer what was asked, each thing on its line; no spec sheet pasted in.
      for (const line of expected.answers ?? []) expect(text).toContain(line);
      expect(text).not.toMatch(/Specifications:|规格：/);
    });
  }
  // The look-alike sender's "create contact" borrows nothing from the customer it imitates.
  await openThread(mail, panel, DEMO_THREADS.find((t) => t.subject.startsWith('Change of accounts'))!);
  await expect(panel.getByTestId('new-contact-lookalike')).toBeVisible();
  await expect(panel.getByTestId('new-contact-company')).toHaveValue('');
  await expect(panel.getByTestId('new-contact-name')).toHaveValue('');
});

test('a double click on "Log this contact" writes one log and one reminder, then the form says logged', async ({
  context,
  extensionId,
  openDemo,
}) => {
  const { panel, mail } = await openDemo();
  const thread = DEMO_THREADS.find((t) => t.subject.startsWith('Price request: BW-FL100'))!;
  await openThread(mail, panel, thread);
  await panel.getByTestId('log-summary').fill('Tender, 180 pcs BW-FL100, CIF Valencia');
  await panel.getByTestId('log-submit').dblclick();
  await expect(panel.getByTestId('log-done')).toBeVisible();
  await expect(panel.getByTestId('logged-badge')).toBeVisible();
  await expect(panel.getByTestId('log-submit')).toHaveCount(0);
  const logged = (await readStore<{ id: string; summary: string }>(panel, 'interactions')).filter(
    (i) => i.summary === 'Tender, 180 pcs BW-FL100, CIF Valencia',
  );
  expect(logged).toHaveLength(1);
  const reminders = await readStore<{ interactionId?: string }>(panel, 'reminders');
  expect(reminders.filter((r) => r.interactionId === logged[0]!.id)).toHaveLength(1);
  // Logged is about the open message: Al Noor's thread has the rep's logged quote, and an unanswered counter-offer.
  await openThread(mail, panel, DEMO_THREADS.find((t) => t.subject.startsWith('Re: Quotation Q-26-118'))!);
  await expect(panel.getByTestId('logged-badge')).toHaveCount(0);
  await expect(panel.getByTestId('summary-waiting')).toBeVisible();
  // …and the manager dashboard says so too: the thread awaits a reply, though its newest log is ours.
  const dashboard = await context.newPage();
  await dashboard.goto(`chrome-extension://${extensionId}/dashboard.html`);
  await expect(dashboard.getByTestId('dashboard-ready')).toBeVisible();
  await dashboard.getByTestId('filter-search').fill('Q-26-118');
  const row = dashboard.getByTestId('thread-row');
  await expect(row).toHaveCount(1);
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'awaiting');
  await expect(row.locator('[data-status]')).toHaveText('Awaiting reply');
});
