import { describe, expect, it } from 'vitest';
import { computeBook, computeCompany, type ValueFigures } from './book';
import { DEFAULT_VALUE_SETTINGS, ValueSettingsSchema } from './settings';
import { NOW, cadence, company, daysAgo, interaction, order } from '../../test/support/value-book';

const settings = DEFAULT_VALUE_SETTINGS;

describe('computeBook, one company worked by hand', () => {
  // Defaults: 12-month window, quarters (91.3125 days), r = 2.5%, 20% default margin,
  // 5 per interaction, book churn 20% and book gap 90 days (too little history to measure).
  // Company A: three orders of 1000 with cost 600 (margin 400) 80, 50 and 20 days ago,
  // four interactions this year, acquisition cost 100.
  const book = {
    companies: [company('A', { acquisitionCost: 100 })],
    orders: [80, 50, 20].map((d) => order('A', daysAgo(d), 1000, { cost: 600 })),
    interactions: [10, 30, 60, 90].map((d) => interaction('A', daysAgo(d))),
  };
  const [row] = computeBook(book, settings, NOW).rows;

  it('computes current value: 3 × 400 − 4 × 5 = 1180', () => {
    expect(row!.currentValue).toBeCloseTo(1180);
  });

  it('computes CLV from cadence, churn and discounting', () => {
    // gap: own 60/2 = 30 → (2 × 90 + 2 × 30) / 4 = 60 days.
    // P(alive), Δ = 20: λ+μ = 0.016667 + 0.000611 = 0.017278; e^0.34556 − 1 = 0.41279;
    //   μ/(λ+μ) = 0.035359 → 1 / (1 + 0.014596) = 0.98561.
    // churn = 1 − 0.98561 × 0.8 = 0.21151 → lifetime 4.728 years = 18.91 quarters.
    // M·P = 0.98561 × 400 × 91.3125/60 = 599.99; serve cost a quarter 20 × 3/12 = 5 → 594.99.
    // Σ: annuity(18, 2.5%) = 14.3534 + 0.9118 / 1.025^19 = 0.5703 → 14.9237.
    // CLV = 594.99 × 14.9237 − 100 = 8779.5.
    const f = row!.figures as { gapDays: number; aliveProbability: number; lifetimeYears: number };
    expect(f.gapDays).toBeCloseTo(60);
    expect(f.aliveProbability).toBeCloseTo(0.98561, 4);
    expect(f.lifetimeYears).toBeCloseTo(4.728, 3);
    expect(row!.clv).toBeCloseTo(8779.5, 0);
  });

  it('puts a young three-order customer in development with a retain task', () => {
    expect(row!.stage).toBe('development');
    expect(row!.stageSignals.map((s) => s.id)).toContain('value.signal.firstOrders');
    expect(row!.task).toBe('retain');
    expect(row!.rank).toBe(1);
    expect(row!.tier).toBe('vip');
  });
});

describe('computeBook, money rules', () => {
  it('leaves out quotes and cancelled orders', () => {
    const { rows } = computeBook(
      {
        companies: [company('A')],
        orders: [
          order('A', daysAgo(10), 1000, { cost: 500 }),
          order('A', daysAgo(5), 90_000, { status: 'quote' }),
          order('A', daysAgo(5), 90_000, { status: 'cancelled' }),
        ],
        interactions: [],
      },
      settings,
      NOW,
    );
    expect(rows[0]!.currentValue).toBe(500);
  });

  it('converts currencies and reports orders it cannot convert', () => {
    const s = ValueSettingsSchema.parse({ baseCurrency: 'USD', rates: { EUR: 1.1 } });
    const { rows } = computeBook(
      {
        companies: [company('A')],
        orders: [
          order('A', daysAgo(10), 1000, { currency: 'EUR', cost: 800 }), // margin 200 EUR = 220 USD
          order('A', daysAgo(10), 1000, { currency: 'BRL' }),
        ],
        interactions: [],
      },
      s,
      NOW,
    );
    expect(rows[0]!.currentValue).toBeCloseTo(220);
    expect(rows[0]!.drivers).toContainEqual({
      id: 'value.driver.missingRate',
      params: { currencies: 'BRL' },
    });
  });

  it('adds the broad terms only when switched on', () => {
    const book = {
      companies: [company('A'), company('B', { tags: ['referred-by:a.example'] })],
      orders: [order('A', daysAgo(10), 1000, { status: 'shipped' })],
      interactions: [interaction('A', daysAgo(5), { intent: 'complaint' }), interaction('A', daysAgo(6))],
    };
    const off = computeBook(book, settings, NOW).rows[0]!;
    const on = computeBook(
      book,
      ValueSettingsSchema.parse({ broad: { informationValue: true, referral: true, expectedLoss: true } }),
      NOW,
    ).rows[0]!;
    // + 1 feedback × 50 + 1 referral × 500 × satisfaction (1 − 1/2) − 1000 unpaid × 2% = 50 + 250 − 20 = 280.
    expect(on.clv - off.clv).toBeCloseTo(280);
    expect(on.drivers.map((d) => d.id)).toEqual(
      expect.arrayContaining([
        'value.driver.information',
        'value.driver.referral',
        'value.driver.expectedLoss',
      ]),
    );
  });
});

describe('computeBook, a book of 40', () => {
  // A VIP who has bought 10 000 (cost 7000) every month for three years; a big
  // customer who bought monthly for two years, then stopped 150 days ago after
  // complaints; 38 small one-order customers.
  const companies = [
    company('vip'),
    company('fading'),
    ...Array.from({ length: 38 }, (_, i) => company(`s${i}`)),
  ];
  const orders = [
    ...cadence('vip', 1080, 5, 30, 10_000, { cost: 7000 }),
    ...cadence('fading', 870, 150, 30, 8000, { cost: 5600 }),
    ...Array.from({ length: 38 }, (_, i) => order(`s${i}`, daysAgo(20 + i * 5), 300 + i * 10)),
  ];
  const interactions = [
    interaction('fading', daysAgo(20), { intent: 'complaint' }),
    interaction('fading', daysAgo(40), { intent: 'complaint' }),
    interaction('fading', daysAgo(60), { intent: 'complaint' }),
  ];
  const rows = computeBook({ companies, orders, interactions }, settings, NOW).rows;
  const byId = new Map(rows.map((r) => [r.companyId, r]));

  it('shows the monthly buyer as a stable VIP to retain', () => {
    const vip = byId.get('vip')!;
    expect(vip.tier).toBe('vip');
    expect(vip.rank).toBe(1);
    expect(vip.stage).toBe('stable');
    expect(vip.task).toBe('retain');
    expect(vip.nextAction.id).toBe('value.action.retain.vip');
    expect(vip.stageSignals.map((s) => s.id)).toContain('value.signal.steadyCadence');
  });

  it('shows the silent complainer as a declining Key customer to win back, with its signals', () => {
    const fading = byId.get('fading')!;
    expect(fading.tier).toBe('key');
    expect(fading.stage).toBe('decline');
    expect(fading.task).toBe('win-back');
    expect(fading.nextAction.id).toBe('value.action.winBack.findReasonNow');
    expect(fading.stageSignals.map((s) => s.id)).toEqual(
      expect.arrayContaining(['value.signal.overdue', 'value.signal.risingComplaints']),
    );
  });

  it('ranks everyone once, with percentiles', () => {
    expect(rows.map((r) => r.rank).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(byId.get('vip')!.percentile).toBe(2.5); // 1 / 40
  });

  it('asks a new contact with no order to be acquired', () => {
    const { rows: prospects } = computeBook(
      { companies: [company('new')], orders: [], interactions: [interaction('new', daysAgo(1))] },
      settings,
      NOW,
    );
    expect(prospects[0]!.stage).toBe('exploration');
    expect(prospects[0]!.task).toBe('acquire');
    expect(prospects[0]!.nextAction.id).toBe('value.action.acquire');
    expect(prospects[0]!.tier).toBe('small');
    expect(prospects[0]!.negative).toBe(false);
  });
});

describe("the customer's reply delay", () => {
  const HOUR = 3_600_000;
  const at = (days: number, hours = 0) => daysAgo(days) + hours * HOUR;
  const out = (id: string, when: number, threadId?: string) =>
    interaction(id, when, { direction: 'out', threadId });
  const inbound = (id: string, when: number, threadId?: string) =>
    interaction(id, when, { direction: 'in', threadId });
  // A steady buyer, so the stage rules read its behaviour (a prospect is exploration whatever it does).
  const orders = [...cadence('A', 360, 10, 30, 1000), ...cadence('B', 360, 10, 30, 1000)];
  const interactions = [
    // A, 90 to 180 days ago: answered in 24 h and in 12 h in the same thread → 18 h.
    out('A', at(150), 'a1'),
    inbound('A', at(149), 'a1'),
    out('A', at(120), 'a2'),
    inbound('A', at(120, 12), 'a2'),
    // A, the last 90 days: 96 h in the thread; 72 h answered in a new thread (the company's
    // earliest waiting message); in its own thread (24 h) rather than the older one waiting elsewhere,
    // which a later answer in a new thread takes (15 days = 360 h) → (96 + 72 + 24 + 360) / 4 = 138 h.
    out('A', at(60), 'a3'),
    inbound('A', at(56), 'a3'),
    out('A', at(30), 'a4'),
    inbound('A', at(27), 'a5'),
    out('A', at(25), 'a6'),
    out('A', at(20), 'a7'),
    inbound('A', at(19), 'a7'),
    inbound('A', at(10), 'a8'),
    // A new inquiry with nothing of ours waiting, and our last message still unanswered: not counted.
    inbound('A', at(8), 'a9'),
    out('A', at(5), 'a9'),
    // B writes in a thread that shares A's id: it answers only B's own message, in 2 h.
    out('B', at(50), 'a1'),
    inbound('B', at(50, 2), 'a1'),
  ];
  // Out of order, as the table's primary key returns them.
  const shuffled = [...interactions].reverse();
  const { rows, stats } = computeBook(
    { companies: [company('A'), company('B')], orders, interactions: shuffled },
    settings,
    NOW,
  );
  const figures = (id: string) => rows.find((r) => r.companyId === id)!.figures as ValueFigures;

  it('pairs each answer with our message it answers, per company', () => {
    expect(figures('A').customerReplyHours).toBeCloseTo(138);
    expect(figures('A').customerReplyHoursBefore).toBeCloseTo(18);
    expect(figures('B').customerReplyHours).toBeCloseTo(2);
    expect(figures('B').customerReplyHoursBefore).toBe(0);
  });

  it('reads a customer answering ever more slowly as a decline signal', () => {
    const a = rows.find((r) => r.companyId === 'A')!;
    expect(a.stageSignals).toContainEqual({
      id: 'value.signal.slowerCustomerReplies',
      params: { recentHours: 138, beforeHours: 18 },
    });
    expect(rows.find((r) => r.companyId === 'B')!.stageSignals.map((r) => r.id)).not.toContain(
      'value.signal.slowerCustomerReplies',
    );
  });

  it('gives the same delays when one company is revalued on its own', () => {
    const row = computeCompany(
      company('A'),
      orders.filter((o) => o.companyId === 'A'),
      shuffled.filter((x) => x.companyId === 'A'),
      stats,
      settings,
      NOW,
      () => ({ rank: 1, count: 2 }),
    );
    expect((row.figures as ValueFigures).customerReplyHours).toBeCloseTo(138);
    expect((row.figures as ValueFigures).customerReplyHoursBefore).toBeCloseTo(18);
  });
});
