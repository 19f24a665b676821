import { describe, expect, it } from 'vitest';
import { goldenOf } from './golden';
import { customerPicture, customerPictures, paretoCurve } from './picture';
import type { MetricCompany, MetricCompanyValue } from './types';

const company = (id: string, ownerRepId = 'ann'): MetricCompany => ({
  id,
  name: id.toUpperCase(),
  source: 'website',
  ownerRepId,
});
const value = (companyId: string, v: Partial<MetricCompanyValue>): MetricCompanyValue => ({
  companyId,
  computedAt: 1000,
  orderCount: 3,
  lastOrderAt: 500,
  currentValue: 100,
  potentialValue: 10,
  ...v,
});

describe('customerPicture', () => {
  const companies = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => company(id, id < 'd' ? 'ann' : 'bob'));
  const values = [
    value('a', { tier: 'vip', stage: 'stable', clv: 9000, currentValue: 900, potentialValue: 50 }),
    value('b', { tier: 'key', stage: 'decline', clv: 5000, currentValue: 500, potentialValue: 5 }),
    value('c', { tier: 'ordinary', stage: 'decline', clv: 7000, currentValue: 20, potentialValue: 80 }),
    value('d', { tier: 'small', stage: 'decline', clv: 10, currentValue: 5 }),
    value('e', { tier: 'small', stage: 'development', clv: -40, currentValue: -60 }),
    value('f', { tier: 'small', stage: 'exploration', clv: -5, orderCount: 0, currentValue: -5 }),
  ];
  const margins = new Map([
    ['a', 800],
    ['b', 300],
    ['c', 100],
    ['e', -200],
  ]);
  const picture = customerPicture({
    companies,
    values,
    margins,
    medians: { current: 100, potential: 20 },
  });

  it('counts customers and the period profit per tier, with the negative-value group apart', () => {
    const byKey = Object.fromEntries(picture.pyramid.map((r) => [r.key, r]));
    expect(picture.customers).toBe(6);
    expect(byKey.vip).toMatchObject({ customers: 1, profit: 800 });
    expect(byKey.key).toMatchObject({ customers: 1, profit: 300 });
    expect(byKey.ordinary).toMatchObject({ customers: 1, profit: 100 });
    // f never ordered: a negative CLV without an order is only Small, not the negative group.
    expect(byKey.small).toMatchObject({ customers: 2, profit: 0 });
    expect(byKey.negative).toMatchObject({ customers: 1, profit: -200 });
    expect(picture.totalProfit).toBe(1000);
    expect(byKey.vip!.profitShare).toBeCloseTo(0.8, 12);
  });

  it('counts stages and quadrants; never-ordered customers have no quadrant', () => {
    const stage = Object.fromEntries(picture.stages.map((r) => [r.key, r.customers]));
    expect(stage).toEqual({ exploration: 1, development: 1, stable: 1, decline: 3 });
    const quadrant = Object.fromEntries(picture.quadrants.map((r) => [r.key, r.customers]));
    // a: 900 ≥ 100 and 50 ≥ 20; b: high current, low potential; c: low current, high potential.
    expect(quadrant).toEqual({
      matureSoon: 1,
      declineAhead: 1,
      earlyDevelopment: 1,
      exploration: 2,
      noOrder: 1,
    });
  });

  it('lists declining VIP, Key and Ordinary customers by value at stake', () => {
    expect(picture.atRisk.map((r) => r.companyId)).toEqual(['c', 'b']);
    expect(picture.atRisk[0]).toMatchObject({ name: 'C', ownerRepId: 'ann', clv: 7000, periodProfit: 100 });
  });

  it("marks the Pareto curve's 20% point at the scorecard's golden share", () => {
    // Four buyers: the top ⌈0.8⌉ = 1 brings 800 of 1000.
    expect(picture.pareto).toMatchObject({ buyers: 4, golden: 1, goldenShare: 0.8 });
    expect(picture.pareto.goldenShare).toBe(goldenOf(margins.values()).share);
    expect(picture.pareto.points.at(0)).toEqual({ customers: 0, profit: 0 });
    expect(picture.pareto.points).toContainEqual({ customers: 0.25, profit: 0.8 });
    expect(picture.pareto.points.at(-1)).toEqual({ customers: 1, profit: 1 });
  });

  it("filters every part to one rep's customers", () => {
    const bob = customerPicture({ companies, values, margins, medians: null, repId: 'bob' });
    expect(bob.customers).toBe(3);
    expect(bob.atRisk).toEqual([]);
    expect(bob.totalProfit).toBe(-200);
    expect(bob.pareto.goldenShare).toBeNull();
    expect(bob.quadrants.find((r) => r.key === 'noOrder')!.customers).toBe(3);
  });
});

describe('customerPictures', () => {
  it("gives each rep the picture of that rep's customers alone, from one pass", () => {
    const random = (() => {
      let a = 7;
      return () => ((a = (a * 16807) % 2147483647) - 1) / 2147483646;
    })();
    const reps = ['ann', 'bob', 'cho'];
    const companies = Array.from({ length: 300 }, (_, i) => company(`c${i}`, reps[i % 3]));
    const values = companies.map((c) =>
      value(c.id, {
        tier: (['vip', 'key', 'ordinary', 'small'] as const)[Math.floor(random() * 4)],
        stage: (['exploration', 'development', 'stable', 'decline'] as const)[Math.floor(random() * 4)],
        clv: Math.round((random() - 0.2) * 10_000),
        currentValue: Math.round(random() * 1000),
        potentialValue: Math.round(random() * 100),
        orderCount: Math.floor(random() * 3),
        rank: Math.floor(random() * 300),
      }),
    );
    const margins = new Map(
      companies.filter(() => random() < 0.6).map((c) => [c.id, (random() - 0.3) * 500]),
    );
    const medians = { current: 500, potential: 50 };
    const all = customerPictures({ companies, values, margins, medians }, reps);
    // The team's picture computed on one rep's companies only: an independent way to the rep's picture.
    for (const rep of reps)
      expect(all.reps.get(rep)).toEqual(
        customerPicture({
          companies: companies.filter((c) => c.ownerRepId === rep),
          values,
          margins,
          medians,
        }),
      );
    expect(all.team).toEqual(customerPicture({ companies, values, margins, medians }));
    expect(all.team.customers).toBe(300);
  });
});

describe('paretoCurve', () => {
  it('passes 100% when the tail loses money, and keeps about 100 points on a big book', () => {
    const curve = paretoCurve([...new Array<number>(999).fill(1), 2000, -1500]);
    expect(curve.buyers).toBe(1001);
    expect(curve.golden).toBe(201);
    // 2000 + 200 of a 1499 total.
    expect(curve.goldenShare).toBeCloseTo(2200 / 1499, 12);
    expect(curve.points.length).toBeLessThanOrEqual(102);
    expect(Math.max(...curve.points.map((p) => p.profit))).toBeGreaterThan(1);
    expect(curve.points.at(-1)!.profit).toBeCloseTo(1, 12);
  });
});
