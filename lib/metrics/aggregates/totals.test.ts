import { describe, expect, it } from 'vitest';
import type { Company, Interaction, Order } from '../../db/types';
import { DAY_MS } from '../types';
import { addRows, changeDelta, totalsOf, TotalsDelta, type CompanyLookup, type TotalsRow } from './totals';

// The maintained totals must always equal a recompute from the raw records: a
// random book, then random writes (new records, edits that move a record in time,
// to another company or status, deletes, a customer's owner or source changing,
// a company deleted or created after its records), each applied as the change
// feed hands it over (the record before and after), compared at every step.

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type C = Pick<Company, 'id' | 'ownerRepId' | 'source'>;
type I = Pick<Interaction, 'id' | 'at' | 'direction' | 'intent' | 'repId'> & { companyId?: string };
type O = Pick<Order, 'id' | 'companyId' | 'date' | 'amount' | 'currency' | 'status'> & { cost?: number };

const REPS = ['ann', 'bob', 'cai'];
const SOURCES = ['alibaba', 'website', 'trade-show'] as const;
const INTENTS = ['price-inquiry', 'sample-request', 'order', 'complaint', 'follow-up', 'other'] as const;
const STATUSES = ['quote', 'confirmed', 'shipped', 'paid', 'cancelled'] as const;

function apply(rows: Map<string, TotalsRow>, delta: TotalsDelta) {
  for (const [key, d] of delta.rows) {
    const next = addRows(rows.get(key), d);
    if (next) rows.set(key, next);
    else rows.delete(key);
  }
}

function normalise(rows: Map<string, TotalsRow>) {
  const round = (m: Record<string, number>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
  return [...rows.values()]
    .map((r) => ({ ...r, costed: round(r.costed), uncosted: round(r.uncosted) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

describe('the maintained totals', () => {
  for (const seed of [1, 2, 3]) {
    it(`equal a recompute from the records after random writes and deletes (seed ${seed})`, () => {
      const r = rng(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
      const companies = new Map<string, C>();
      const interactions = new Map<string, I>();
      const orders = new Map<string, O>();
      let n = 0;
      const newCompany = (): C => ({ id: `c${n++}`, ownerRepId: pick(REPS), source: pick(SOURCES) });
      const companyIds = () => [...companies.keys(), 'ghost'];
      const newInteraction = (): I => ({
        id: `i${n++}`,
        at: Math.floor(r() * 60 * DAY_MS),
        direction: r() < 0.6 ? 'in' : 'out',
        intent: pick(INTENTS),
        repId: pick(REPS),
        ...(r() < 0.9 ? { companyId: pick(companyIds()) } : {}),
      });
      const newOrder = (): O => ({
        id: `o${n++}`,
        companyId: pick(companyIds()),
        date: Math.floor(r() * 60 * DAY_MS),
        amount: Math.round(r() * 10_000) / 100,
        currency: pick(['USD', 'EUR']),
        status: pick(STATUSES),
        ...(r() < 0.5 ? { cost: Math.round(r() * 5000) / 100 } : {}),
      });
      for (let k = 0; k < 20; k++) {
        const c = newCompany();
        companies.set(c.id, c);
      }
      for (let k = 0; k < 150; k++) {
        const x = newInteraction();
        interactions.set(x.id, x);
        const o = newOrder();
        orders.set(o.id, o);
      }
      const maintained = totalsOf({
        companies: [...companies.values()],
        interactions: [...interactions.values()],
        orders: [...orders.values()],
      });
      const lookup: CompanyLookup = (id) => companies.get(id);

      for (let step = 0; step < 400; step++) {
        const delta = new TotalsDelta();
        const roll = r();
        if (roll < 0.25) {
          // A new interaction, or one edited (time, direction, intent, company) or deleted.
          const old = r() < 0.6 && interactions.size ? pick([...interactions.values()]) : undefined;
          const next = r() < 0.8 ? { ...newInteraction(), ...(old ? { id: old.id } : {}) } : undefined;
          changeDelta(delta, { table: 'interactions', old, next }, lookup);
          if (old) interactions.delete(old.id);
          if (next) interactions.set(next.id, next);
        } else if (roll < 0.5) {
          const old = r() < 0.6 && orders.size ? pick([...orders.values()]) : undefined;
          const next = r() < 0.8 ? { ...newOrder(), ...(old ? { id: old.id } : {}) } : undefined;
          changeDelta(delta, { table: 'orders', old, next }, lookup);
          if (old) orders.delete(old.id);
          if (next) orders.set(next.id, next);
        } else {
          // A company handed over, re-sourced, deleted, or created (possibly after its records: 'ghost').
          const kind = r();
          const id = kind < 0.1 ? 'ghost' : pick([...companies.keys(), 'ghost']);
          const old = companies.get(id);
          const next =
            kind > 0.85 && old
              ? undefined
              : {
                  id,
                  ownerRepId: r() < 0.5 ? pick(REPS) : (old?.ownerRepId ?? 'ann'),
                  source: r() < 0.5 ? pick(SOURCES) : (old?.source ?? 'website'),
                };
          const records = {
            interactions: [...interactions.values()].filter((x) => x.companyId === id),
            orders: [...orders.values()].filter((o) => o.companyId === id),
          };
          changeDelta(delta, { table: 'companies', old, next, records }, lookup);
          if (next) companies.set(id, next);
          else companies.delete(id);
        }
        apply(maintained, delta);
        if (step % 20 === 19) {
          const fresh = totalsOf({
            companies: [...companies.values()],
            interactions: [...interactions.values()],
            orders: [...orders.values()],
          });
          expect(normalise(maintained)).toEqual(normalise(fresh));
        }
      }
      expect(maintained.size).toBeGreaterThan(10);
    });
  }

  it('counts one day of one rep and source by the definitions', () => {
    const rows = totalsOf({
      companies: [{ id: 'a', ownerRepId: 'ann', source: 'website' }],
      interactions: [
        { at: DAY_MS + 5, direction: 'in', intent: 'price-inquiry', repId: 'bob', companyId: 'a' },
        { at: DAY_MS + 6, direction: 'in', intent: 'complaint', repId: 'bob', companyId: 'a' },
        { at: DAY_MS + 7, direction: 'out', intent: 'other', repId: 'bob', companyId: 'a' },
        { at: DAY_MS + 8, direction: 'in', intent: 'other', repId: 'bob' },
      ],
      orders: [
        { companyId: 'a', date: DAY_MS, amount: 100, cost: 70, currency: 'USD', status: 'paid' },
        { companyId: 'a', date: DAY_MS, amount: 50, currency: 'EUR', status: 'confirmed' },
        { companyId: 'a', date: DAY_MS, amount: 999, currency: 'USD', status: 'quote' },
      ],
    });
    // Counted for the customer's owner (ann), not the rep who logged (bob); the company-less one for bob.
    expect(rows.get('1|ann|website')).toMatchObject({
      contactsIn: 2,
      contactsOut: 1,
      inquiries: 1,
      complaints: 1,
      orders: 2,
      costed: { USD: 30 },
      uncosted: { EUR: 50 },
    });
    expect(rows.get('1|bob|none')).toMatchObject({ contactsIn: 1, inquiries: 0 });
  });
});
